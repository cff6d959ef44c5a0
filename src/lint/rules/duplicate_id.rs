//! KB017 `duplicate-id`: topic ids (per language), procedure and heading ids (per page) and source
//! ids are unique.

use super::Rule;
use crate::content::body::RESERVED_IDS;
use crate::content::Topic;
use crate::diag::Severity;
use crate::lint::shared::{at, body_pos, sources};
use crate::lint::{Context, Reporter};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Two things share an id (topics, procedures, headings or sources).
pub static DUPLICATE_ID: Rule = Rule {
    code: "KB017",
    name: "duplicate-id",
    default: Severity::Error,
    summary: "Two things share an id (topics, procedures, headings or sources).",
    explain:
        "Ids identify topics, procedures, anchors and sources; each must be unique in its scope.",
    check: Some(check),
};

/// Checks topic ids across the corpus, procedure and heading ids within each page, and source
/// ids within `content/sources.yaml`.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let mut seen: HashMap<(&str, &str), &Path> = HashMap::new();
    for t in &cx.corpus.topics {
        let (id, path) = (t.id(), t.path());
        if let Some(first) = seen.insert((t.lang.as_str(), id), path) {
            if let Some(d) = r.report(
                &DUPLICATE_ID,
                path,
                at(&t.meta.id),
                format!("topic id `{id}` is also used by {}", first.display()),
            ) {
                d.len = id.chars().count() as u32;
            }
        }
        page_ids(t, r);
    }
    let Some((path, sources)) = sources(cx.corpus) else {
        return;
    };
    let mut source_ids: HashSet<&str> = HashSet::new();
    for s in sources {
        let sid = s.id.value.as_str();
        if !source_ids.insert(sid) {
            r.report(
                &DUPLICATE_ID,
                path,
                at(&s.id),
                format!("source id `{sid}` is defined twice"),
            );
        }
    }
}

/// Procedure ids used twice, and explicit heading ids that repeat an earlier heading's id, a
/// procedure id or an id the page template uses.
fn page_ids(t: &Topic, r: &mut Reporter) {
    let path = t.path();
    let mut proc_ids: HashSet<&str> = HashSet::new();
    for p in &t.meta.procedures {
        let pid = p.id.value.as_str();
        if !proc_ids.insert(pid) {
            r.report(
                &DUPLICATE_ID,
                path,
                at(&p.id),
                format!("procedure id `{pid}` is used twice in this topic"),
            );
        }
    }
    let mut used: HashSet<&str> = HashSet::new();
    for h in &t.outline.headings {
        let taken = !used.insert(h.id.as_str());
        let clash = proc_ids.contains(h.id.as_str()) || RESERVED_IDS.contains(&h.id.as_str());
        if h.explicit && (taken || clash) {
            r.report(
                &DUPLICATE_ID,
                path,
                body_pos(t, h.offset),
                format!("heading id `{}` is already used on this page", h.id),
            );
        }
    }
}
