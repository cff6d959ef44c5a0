//! KB016 `broken-anchor`: a link's `#anchor` is a procedure or heading id of its target.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::links_of;
use crate::lint::{Context, Reporter};

/// A link's `#anchor` is not a heading or procedure id of its target.
pub static BROKEN_ANCHOR: Rule = Rule {
    code: "KB016",
    name: "broken-anchor",
    default: Severity::Error,
    summary: "A link's `#anchor` is not a heading or procedure id of its target.",
    explain: "Anchors are procedure ids, explicit heading ids (`## Title {#id}`) or derived heading ids. Fix the anchor or give the heading an explicit id.",
    check: Some(check),
};

/// Reports links to an existing topic whose anchor that topic does not offer (a missing topic
/// is KB015's finding).
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let anchors = cx.anchors();
    for (i, t) in cx.corpus.topics.iter().enumerate() {
        for (link, pos) in links_of(cx, i) {
            let target = link.topic.as_deref().unwrap_or(t.id());
            let Some(ids) = anchors.get(&(t.lang.as_str(), target)) else {
                continue;
            };
            let Some(anchor) = link.anchor.as_deref().filter(|a| !a.is_empty()) else {
                continue;
            };
            if ids.iter().any(|i| i == anchor) {
                continue;
            }
            if let Some(d) = r.report(
                &BROKEN_ANCHOR,
                t.path(),
                pos,
                format!("`#{anchor}` is not an anchor of topic `{target}`"),
            ) {
                let mut sample: Vec<&str> = ids.iter().map(String::as_str).take(8).collect();
                if sample.is_empty() {
                    sample.push("(none)");
                }
                d.help = Some(format!("anchors of `{target}`: {}", sample.join(", ")));
            }
        }
    }
}
