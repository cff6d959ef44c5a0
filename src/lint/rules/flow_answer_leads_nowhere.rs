//! KB032 `flow-answer-leads-nowhere`: every answer (and the flow's `start`) names a node of the
//! flow or a topic link.

use super::Rule;
use crate::content::flow::{flows, Flow, Next};
use crate::content::Topic;
use crate::diag::Severity;
use crate::lint::shared::at;
use crate::lint::{Context, Reporter};

/// An answer of a decision flow (or its `start`) leads to no node.
pub static FLOW_ANSWER_LEADS_NOWHERE: Rule = Rule {
    code: "KB032",
    name: "flow-answer-leads-nowhere",
    default: Severity::Error,
    summary: "An answer of a decision flow (or its `start`) leads to no node.",
    explain: "Each answer's `next:` names the node it leads to (a node id of the same flow), or a topic page written `@/topic#anchor`. A missing `next`, or one that names no node, leaves the reader stranded. `start:`, when given, must name a node too.",
    check: Some(check),
};

/// Reports a `start` that names no node, and answers whose `next` is missing or names no
/// node (a topic link is KB034's to check).
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, f) in flows(cx.corpus) {
        if let Some(s) = &f.start {
            if f.index_of(&s.value).is_none() {
                if let Some(d) = r.report(
                    &FLOW_ANSWER_LEADS_NOWHERE,
                    t.path(),
                    at(s),
                    format!("the flow's `start: {}` names no node", s.value),
                ) {
                    d.help = Some(node_list(f));
                }
            }
        }
        for n in &f.nodes {
            for a in &n.answers {
                report_answer(t, f, &n.id.value, a, r);
            }
        }
    }
}

fn report_answer(
    t: &Topic,
    f: &Flow,
    node: &str,
    a: &crate::content::flow::Answer,
    r: &mut Reporter,
) {
    let (pos, message) = match f.next_of(a) {
        Next::Missing => (
            at(&a.answer),
            format!(
                "answer `{}` of flow node `{node}` has no `next`",
                a.answer.value
            ),
        ),
        Next::Unknown(to) => (
            a.next.as_ref().map_or(at(&a.answer), at),
            format!(
                "answer `{}` of flow node `{node}` leads to `{to}`, which is not a node of this flow",
                a.answer.value
            ),
        ),
        Next::Node(_) | Next::Link { .. } => return,
    };
    if let Some(d) = r.report(&FLOW_ANSWER_LEADS_NOWHERE, t.path(), pos, message) {
        d.help = Some(node_list(f));
    }
}

fn node_list(f: &Flow) -> String {
    let ids: Vec<&str> = f
        .nodes
        .iter()
        .map(|n| n.id.value.as_str())
        .take(12)
        .collect();
    format!(
        "`next` is a node id ({}) or a topic link `@/topic#anchor`",
        ids.join(", ")
    )
}
