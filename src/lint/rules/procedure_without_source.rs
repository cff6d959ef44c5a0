//! KB004 `procedure-without-source`: every procedure cites at least one source.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, procedures};
use crate::lint::{Context, Reporter};

/// A procedure cites no source.
pub static MISSING_SOURCE: Rule = Rule {
    code: "KB004",
    name: "procedure-without-source",
    default: Severity::Error,
    summary: "A procedure cites no source.",
    explain: "Every procedure must be backed by at least one verified source: add `sources: [id]` with an id from `content/sources.yaml`.",
    check: Some(check),
};

/// Reports every procedure with an empty `sources:` list.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, p) in procedures(cx.corpus) {
        let pid = &p.id.value;
        if p.sources.is_empty() {
            if let Some(d) = r.report(
                &MISSING_SOURCE,
                t.path(),
                at(&p.id),
                format!("procedure `{pid}` cites no source"),
            ) {
                d.help = Some("add `sources: [id]` with an id from content/sources.yaml".into());
                d.len = pid.chars().count() as u32;
            }
        }
    }
}
