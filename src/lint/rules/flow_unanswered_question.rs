//! KB031 `flow-unanswered-question`: every question of a decision flow offers answers.

use super::Rule;
use crate::content::flow::{flows, NodeKind};
use crate::diag::Severity;
use crate::lint::shared::at;
use crate::lint::{Context, Reporter};

/// A question of a decision flow has no answers.
pub static FLOW_UNANSWERED_QUESTION: Rule = Rule {
    code: "KB031",
    name: "flow-unanswered-question",
    default: Severity::Error,
    summary: "A question of a decision flow has no answers.",
    explain: "A reader who reaches a question must be able to go on: give it `answers:`, each with `answer:` (the text) and `next:` (a node id, or `@/topic#anchor`). A node that concludes is an outcome (`outcome:` with `target:` or `escalate: true`), not a question.",
    check: Some(check),
};

/// Reports questions whose `answers` list is missing or empty, at the question.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, f) in flows(cx.corpus) {
        for n in &f.nodes {
            let Some(q) = n.question.as_ref() else {
                continue;
            };
            if n.kind() != NodeKind::Question || !n.answers.is_empty() {
                continue;
            }
            if let Some(d) = r.report(
                &FLOW_UNANSWERED_QUESTION,
                t.path(),
                at(q),
                format!("flow question `{}` has no answers", n.id.value),
            ) {
                d.help = Some(
                    "add `answers:` with `- answer: ...` and `next: <node-id>` for each".into(),
                );
            }
        }
    }
}
