//! KB034 `flow-broken-target`: what a flow points at — outcome targets, answers that lead to a
//! topic, the escalation checklist — resolves to a topic (and anchor) of the same language.

use super::Rule;
use crate::content::flow::{flows, resolve, Next, TargetProblem};
use crate::content::Topic;
use crate::diag::Severity;
use crate::lint::shared::{at, topic_file};
use crate::lint::{Context, Reporter};
use serde_saphyr::Spanned;

/// An outcome target, a topic an answer leads to, or a flow's checklist does not resolve.
pub static FLOW_BROKEN_TARGET: Rule = Rule {
    code: "KB034",
    name: "flow-broken-target",
    default: Severity::Error,
    summary: "An outcome target, a topic an answer leads to, or a flow's checklist does not resolve.",
    explain: "Flows point at procedures and headings instead of repeating them: an outcome's `target:`, an answer's `next: @/topic#anchor` and the flow's `checklist:` are written `@/topic-id#anchor` (or `#anchor` on the same page, or `@/topic-id` for the whole page). The topic must exist in the same language and offer the anchor (a procedure id, a heading id or a flow node id).",
    check: Some(check),
};

/// Resolves every target of every flow.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, f) in flows(cx.corpus) {
        if let Some(c) = &f.checklist {
            report(cx, t, "the flow's `checklist`", c, r);
        }
        for n in &f.nodes {
            if let Some(target) = &n.target {
                let what = format!("the target of flow outcome `{}`", n.id.value);
                report(cx, t, &what, target, r);
            }
            for a in &n.answers {
                if let (Next::Link { .. }, Some(next)) = (f.next_of(a), &a.next) {
                    let what = format!("answer `{}` of flow node `{}`", a.answer.value, n.id.value);
                    report(cx, t, &what, next, r);
                }
            }
        }
    }
}

fn report(cx: &Context<'_>, t: &Topic, what: &str, written: &Spanned<String>, r: &mut Reporter) {
    let w = written.value.trim();
    let (message, help, cause) = match resolve(cx.corpus, t, w) {
        Ok(_) => return,
        Err(TargetProblem::NotALink) => (
            format!("{what}: `{w}` is not a topic link"),
            "write it as `@/topic-id#anchor` (or `#anchor` on this page)".to_string(),
            None,
        ),
        Err(TargetProblem::NoTopic(id)) => (
            format!("{what}: topic `{id}` does not exist in `{}`", t.lang),
            "link to a topic of the same language".to_string(),
            Some(topic_file(&t.lang, &id)),
        ),
        Err(TargetProblem::NoAnchor(id, anchor)) => {
            let sample: Vec<String> = cx
                .corpus
                .topic(&t.lang, &id)
                .map(crate::lint::anchors_of)
                .unwrap_or_default()
                .into_iter()
                .take(8)
                .collect();
            (
                format!("{what}: `#{anchor}` is not an anchor of topic `{id}`"),
                format!("anchors of `{id}`: {}", sample.join(", ")),
                None,
            )
        }
    };
    if let Some(d) = r.report(&FLOW_BROKEN_TARGET, t.path(), at(written), message) {
        d.help = Some(help);
        d.len = w.chars().count() as u32;
    }
    if let Some(file) = cause {
        r.follows_from(file);
    }
}
