//! KB036 `flow-too-deep`: a decision flow asks at most `[lint] max_flow_depth` questions on any
//! path (default 8).

use super::Rule;
use crate::content::flow::{flows, NodeKind};
use crate::diag::Severity;
use crate::lint::shared::at;
use crate::lint::{Context, Reporter};

/// A path through a decision flow asks more questions than `[lint] max_flow_depth`.
pub static FLOW_TOO_DEEP: Rule = Rule {
    code: "KB036",
    name: "flow-too-deep",
    default: Severity::Warning,
    summary: "A path through a decision flow asks more questions than `[lint] max_flow_depth`.",
    explain: "A caller on the phone loses patience, and a printed flow its reader, after a handful of questions. The longest path from the start to an outcome may ask at most `[lint] max_flow_depth` questions (default 8): split the flow into two topics (an outcome of the first can be the start of the second, `target: @/other-topic#start-node`) or ask fewer questions.",
    check: Some(check),
};

/// Reports the first question beyond the limit on the longest path.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let max = cx.config.lint.max_flow_depth;
    for (t, f) in flows(cx.corpus) {
        let path = f.longest_path();
        let questions: Vec<usize> = path
            .iter()
            .copied()
            .filter(|&i| f.nodes[i].kind() == NodeKind::Question)
            .collect();
        let Some(&over) = questions.get(max) else {
            continue;
        };
        let ids: Vec<&str> = path.iter().map(|&i| f.nodes[i].id.value.as_str()).collect();
        let n = &f.nodes[over];
        if let Some(d) = r.report(
            &FLOW_TOO_DEEP,
            t.path(),
            n.question.as_ref().map_or(at(&n.id), at),
            format!(
                "the flow's longest path asks {} questions ({}); at most {max} are allowed",
                questions.len(),
                ids.join(" → ")
            ),
        ) {
            d.help = Some(
                "ask fewer questions, or split the flow (`[lint] max_flow_depth` sets the limit)"
                    .into(),
            );
        }
    }
}
