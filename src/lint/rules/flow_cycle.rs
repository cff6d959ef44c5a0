//! KB033 `flow-cycle`: a decision flow never leads back to a node already on the path.

use super::Rule;
use crate::content::flow::flows;
use crate::diag::Severity;
use crate::lint::shared::at;
use crate::lint::{Context, Reporter};

/// An answer of a decision flow leads back to a node on its own path (a cycle).
pub static FLOW_CYCLE: Rule = Rule {
    code: "KB033",
    name: "flow-cycle",
    default: Severity::Error,
    summary: "An answer of a decision flow leads back to a node on its own path (a cycle).",
    explain: "Every path through a flow must end in an outcome: a reader who answers honestly must never be sent round in a circle, and the printed outline must be finite. To offer \"try again\", make it an outcome that points at the procedure, or use the page's \"start again\" control.",
    check: Some(check),
};

/// Reports each answer that closes a cycle, at its `next`.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, f) in flows(cx.corpus) {
        for (node, answer) in f.back_edges() {
            let n = &f.nodes[node];
            let a = &n.answers[answer];
            let to = a.next.as_ref().map_or("", |x| x.value.as_str());
            if let Some(d) = r.report(
                &FLOW_CYCLE,
                t.path(),
                a.next.as_ref().map_or(at(&a.answer), at),
                format!(
                    "answer `{}` of flow node `{}` leads back to `{to}`, which is already on its path",
                    a.answer.value, n.id.value
                ),
            ) {
                d.len = to.chars().count() as u32;
                d.help = Some("lead it to a later node or to an outcome".into());
            }
        }
    }
}
