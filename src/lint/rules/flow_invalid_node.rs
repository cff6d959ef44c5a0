//! KB037 `flow-invalid-node`: each node of a decision flow is well formed — a kebab-case id
//! unique on its page, and either a question (with answers) or an outcome (with a target or an
//! escalation), never both or neither.

use super::Rule;
use crate::config::is_id;
use crate::content::body::RESERVED_IDS;
use crate::content::flow::{flows, Flow, FlowNode, NodeKind};
use crate::content::Topic;
use crate::diag::{Pos, Severity};
use crate::lint::shared::at;
use crate::lint::{Context, Reporter};
use std::collections::HashSet;

/// A node of a decision flow is malformed (id, kind or fields).
pub static FLOW_INVALID_NODE: Rule = Rule {
    code: "KB037",
    name: "flow-invalid-node",
    default: Severity::Error,
    summary: "A node of a decision flow is malformed (id, kind or fields).",
    explain: "A flow has at least one node. Each node has a kebab-case `id`, unique on its page (it is the node's anchor: no procedure, heading or other node may use it). A node is either a question (`question:` and `answers:`) or an outcome (`outcome:` with `target:` and/or `escalate: true`); `target`, `escalate` and `collect` belong to outcomes only, and `collect` to escalations. An escalating outcome links the flow's `checklist:`, so the flow must name one.",
    check: Some(check),
};

/// Checks every flow and node.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, f) in flows(cx.corpus) {
        if f.nodes.is_empty() {
            report(r, t, at(&t.meta.id), "the topic's flow has no nodes".into());
            continue;
        }
        ids(t, f, r);
        for n in &f.nodes {
            node(t, f, n, r);
        }
    }
}

/// Node ids: kebab-case, not repeated, not another anchor of the page.
fn ids(t: &Topic, f: &Flow, r: &mut Reporter) {
    let procedures: HashSet<&str> = t
        .meta
        .procedures
        .iter()
        .map(|p| p.id.value.as_str())
        .collect();
    let headings: HashSet<&str> = t
        .outline
        .headings
        .iter()
        .filter(|h| h.explicit)
        .map(|h| h.id.as_str())
        .collect();
    let mut seen: HashSet<&str> = HashSet::new();
    for n in &f.nodes {
        let id = n.id.value.as_str();
        let problem = if !is_id(id) {
            Some(format!("flow node id `{id}` is not kebab-case"))
        } else if !seen.insert(id) {
            Some(format!("flow node id `{id}` is used twice in this flow"))
        } else if procedures.contains(id) {
            Some(format!(
                "flow node id `{id}` is also a procedure id of this topic"
            ))
        } else if headings.contains(id) {
            Some(format!(
                "flow node id `{id}` is also a heading id of this topic"
            ))
        } else if RESERVED_IDS.contains(&id) {
            Some(format!(
                "flow node id `{id}` is reserved by the page template"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            if let Some(d) = r.report(&FLOW_INVALID_NODE, t.path(), at(&n.id), message) {
                d.len = id.chars().count() as u32;
                d.help = Some(
                    "node ids are lowercase letters, digits and `-`, unique on the page".into(),
                );
            }
        }
    }
}

/// The node's kind and the fields that go with it.
fn node(t: &Topic, f: &Flow, n: &FlowNode, r: &mut Reporter) {
    let id = &n.id.value;
    match n.kind() {
        NodeKind::Invalid => {
            let (pos, message) = match &n.outcome {
                Some(o) => (
                    at(o),
                    format!("flow node `{id}` has both `question` and `outcome`"),
                ),
                None => (
                    at(&n.id),
                    format!("flow node `{id}` has neither `question` nor `outcome`"),
                ),
            };
            report(r, t, pos, message);
        }
        NodeKind::Question => {
            let misplaced = [
                ("target", n.target.as_ref().map(at)),
                ("escalate", n.escalate.as_ref().map(at)),
                ("collect", n.collect.first().map(at)),
            ];
            for (field, pos) in misplaced {
                if let Some(pos) = pos {
                    let msg =
                        format!("flow question `{id}` has `{field}`, which only outcomes have");
                    report(r, t, pos, msg);
                }
            }
        }
        NodeKind::Outcome => {
            let outcome = n.outcome.as_ref().map_or(at(&n.id), at);
            if let Some(a) = n.answers.first() {
                let msg = format!("flow outcome `{id}` has `answers`, which only questions have");
                report(r, t, at(&a.answer), msg);
            }
            if n.target.is_none() && !n.escalates() {
                let msg = format!(
                    "flow outcome `{id}` neither points at a procedure (`target`) nor escalates"
                );
                report(r, t, outcome, msg);
            }
            if let (Some(c), false) = (n.collect.first(), n.escalates()) {
                let msg = format!("flow outcome `{id}` lists `collect` but does not escalate");
                report(r, t, at(c), msg);
            }
            if let (Some(e), true, None) = (&n.escalate, n.escalates(), &f.checklist) {
                let msg = format!(
                    "flow outcome `{id}` escalates, but the flow names no `checklist` to link"
                );
                report(r, t, at(e), msg);
            }
        }
    }
}

fn report(r: &mut Reporter, t: &Topic, pos: Pos, message: String) {
    if let Some(d) = r.report(&FLOW_INVALID_NODE, t.path(), pos, message) {
        d.help = Some(
            "a node is a question (`question`, `answers`) or an outcome (`outcome`, `target` and/or `escalate`)"
                .into(),
        );
    }
}
