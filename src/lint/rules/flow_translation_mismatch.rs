//! KB035 `flow-translation-mismatch`: translations of a decision flow share its structure —
//! the same node ids in the same order, the same kinds, answers leading to the same places,
//! the same targets and escalations. Only the text is translated.

use super::Rule;
use crate::content::flow::{Flow, FlowNode, NodeKind};
use crate::content::Topic;
use crate::diag::{Pos, Severity};
use crate::lint::shared::{at, translations};
use crate::lint::{Context, Reporter};

/// A translation's decision flow differs from the original's in nodes, edges or targets.
pub static FLOW_TRANSLATION_MISMATCH: Rule = Rule {
    code: "KB035",
    name: "flow-translation-mismatch",
    default: Severity::Error,
    summary: "A translation's decision flow differs from the original's in nodes, edges or targets.",
    explain: "A flow is the same decision in every language: the translation has the same `start`, the same node ids in the same order, each a question or an outcome as in the original, answers in the same order leading to the same `next`, and outcomes with the same `target`, `escalate` and number of `collect` items; the flow's `checklist` is the same too. Only `title`, `question`, `outcome`, `details`, `answer` and `collect` texts are translated.",
    check: Some(check),
};

/// Compares each translation's flow with its original's; reports the first structural
/// difference of each node (or the whole flow when the node ids differ).
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, orig) in translations(cx) {
        match (&t.meta.flow, &orig.meta.flow) {
            (None, None) => {}
            (Some(f), None) => {
                let pos = f.nodes.first().map_or(at(&t.meta.id), |n| at(&n.id));
                mismatch(
                    r,
                    t,
                    orig,
                    pos,
                    "this translation has a flow; the original has none",
                );
            }
            (None, Some(_)) => mismatch(
                r,
                t,
                orig,
                at(&t.meta.id),
                "the original has a flow; this translation has none",
            ),
            (Some(f), Some(of)) => compare(r, t, orig, f, of),
        }
    }
}

fn compare(r: &mut Reporter, t: &Topic, orig: &Topic, f: &Flow, of: &Flow) {
    let ids = |f: &Flow| -> Vec<String> { f.nodes.iter().map(|n| n.id.value.clone()).collect() };
    let first_pos = f.nodes.first().map_or(at(&t.meta.id), |n| at(&n.id));
    if ids(f) != ids(of) {
        let msg = format!(
            "flow node ids {:?} differ from the original's {:?}",
            ids(f),
            ids(of)
        );
        return mismatch(r, t, orig, first_pos, &msg);
    }
    let start = |f: &Flow| f.start().map(|i| f.nodes[i].id.value.clone());
    if start(f) != start(of) {
        let pos = f.start.as_ref().map_or(first_pos, at);
        let msg = format!(
            "the flow starts at {:?}; the original starts at {:?}",
            start(f),
            start(of)
        );
        mismatch(r, t, orig, pos, &msg);
    }
    let written =
        |s: &Option<serde_saphyr::Spanned<String>>| s.as_ref().map(|v| v.value.trim().to_string());
    if written(&f.checklist) != written(&of.checklist) {
        let pos = f.checklist.as_ref().map_or(first_pos, at);
        let msg = format!(
            "the flow's checklist {:?} differs from the original's {:?}",
            written(&f.checklist),
            written(&of.checklist)
        );
        mismatch(r, t, orig, pos, &msg);
    }
    for (n, on) in f.nodes.iter().zip(&of.nodes) {
        if let Some((pos, msg)) = node_difference(n, on) {
            mismatch(r, t, orig, pos, &msg);
        }
    }
}

/// The first structural difference between node `n` and the original's node `on`.
fn node_difference(n: &FlowNode, on: &FlowNode) -> Option<(Pos, String)> {
    let id = &n.id.value;
    if n.kind() != on.kind() {
        let kind = |k: NodeKind| match k {
            NodeKind::Question => "a question",
            NodeKind::Outcome => "an outcome",
            NodeKind::Invalid => "neither a question nor an outcome",
        };
        return Some((
            at(&n.id),
            format!(
                "flow node `{id}` is {}; in the original it is {}",
                kind(n.kind()),
                kind(on.kind())
            ),
        ));
    }
    let nexts = |n: &FlowNode| -> Vec<String> {
        n.answers
            .iter()
            .map(|a| {
                a.next
                    .as_ref()
                    .map_or(String::new(), |x| x.value.trim().to_string())
            })
            .collect()
    };
    if nexts(n) != nexts(on) {
        let pos = n.answers.first().map_or(at(&n.id), |a| at(&a.answer));
        return Some((
            pos,
            format!(
                "the answers of flow node `{id}` lead to {:?}; in the original to {:?}",
                nexts(n),
                nexts(on)
            ),
        ));
    }
    let target = |n: &FlowNode| n.target.as_ref().map(|x| x.value.trim().to_string());
    if target(n) != target(on) {
        let pos = n.target.as_ref().map_or(at(&n.id), at);
        return Some((
            pos,
            format!(
                "flow outcome `{id}` has target {:?}; the original has {:?}",
                target(n),
                target(on)
            ),
        ));
    }
    if n.escalates() != on.escalates() {
        let pos = n.escalate.as_ref().map_or(at(&n.id), at);
        let says = |b: bool| if b { "escalates" } else { "does not escalate" };
        return Some((
            pos,
            format!(
                "flow outcome `{id}` {}; in the original it {}",
                says(n.escalates()),
                says(on.escalates())
            ),
        ));
    }
    if n.collect.len() != on.collect.len() {
        let pos = n.collect.first().map_or(at(&n.id), at);
        return Some((
            pos,
            format!(
                "flow outcome `{id}` asks to collect {} item(s); the original {}",
                n.collect.len(),
                on.collect.len()
            ),
        ));
    }
    None
}

fn mismatch(r: &mut Reporter, t: &Topic, orig: &Topic, pos: Pos, message: &str) {
    if let Some(d) = r.report(&FLOW_TRANSLATION_MISMATCH, t.path(), pos, message) {
        d.help = Some(format!(
            "keep the structure of the flow in {}; translate only its texts",
            orig.path().display()
        ));
    }
}
