//! KB030 `flow-unreachable-node`: every node of a decision flow can be reached from its start.

use super::Rule;
use crate::content::flow::{flows, Next, NodeKind};
use crate::diag::Severity;
use crate::lint::shared::at;
use crate::lint::{Context, Reporter};

/// A node of a decision flow that no path from the start reaches.
pub static FLOW_UNREACHABLE_NODE: Rule = Rule {
    code: "KB030",
    name: "flow-unreachable-node",
    default: Severity::Error,
    summary: "A node of a decision flow that no path from the start reaches.",
    explain: "A flow starts at its `start` node (the first node when `start` is absent) and moves on through answers (`next: node-id`). A node that no answer leads to can never be shown to a reader who follows the flow: lead an answer to it, or remove it.",
    check: Some(check),
};

/// Reports each node the start does not reach. Nothing while an answer leads nowhere (KB032)
/// or a question has no answers (KB031): the node left out may be the one they meant. Nothing
/// for a repeated id (KB037).
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, f) in flows(cx.corpus) {
        let Some(start) = f.start() else { continue };
        let unanswered = f
            .nodes
            .iter()
            .any(|n| n.kind() == NodeKind::Question && n.answers.is_empty());
        let dangling = f
            .nodes
            .iter()
            .flat_map(|n| &n.answers)
            .any(|a| matches!(f.next_of(a), Next::Missing | Next::Unknown(_)));
        if unanswered || dangling {
            continue;
        }

        let reachable = f.reachable();
        for (i, n) in f.nodes.iter().enumerate() {
            if reachable[i] || f.index_of(&n.id.value) != Some(i) {
                continue;
            }
            if let Some(d) = r.report(
                &FLOW_UNREACHABLE_NODE,
                t.path(),
                at(&n.id),
                format!(
                    "flow node `{}` cannot be reached from the start node `{}`",
                    n.id.value, f.nodes[start].id.value
                ),
            ) {
                d.len = n.id.value.chars().count() as u32;
                d.help = Some(format!(
                    "lead an answer to it (`next: {}`) or remove the node",
                    n.id.value
                ));
            }
        }
    }
}
