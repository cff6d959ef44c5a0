//! KB020 `unused-source`: every source in `content/sources.yaml` is cited by a procedure.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, procedures, sources};
use crate::lint::{Context, Reporter};
use std::collections::HashSet;

/// A source in `content/sources.yaml` is not cited by any procedure.
pub static UNUSED_SOURCE: Rule = Rule {
    code: "KB020",
    name: "unused-source",
    default: Severity::Warning,
    summary: "A source in `content/sources.yaml` is not cited by any procedure.",
    explain: "An uncited source is unchecked weight; cite it or remove it.",
    check: Some(check),
};

/// Reports every source that no procedure of any language cites.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let Some((path, sources)) = sources(cx.corpus) else {
        return;
    };
    let cited: HashSet<&str> = procedures(cx.corpus)
        .flat_map(|(_, p)| p.sources.iter().map(|s| s.value.as_str()))
        .collect();
    for s in sources {
        let sid = &s.id.value;
        if !cited.contains(sid.as_str()) {
            if let Some(d) = r.report(
                &UNUSED_SOURCE,
                path,
                at(&s.id),
                format!("source `{sid}` is not cited by any procedure"),
            ) {
                d.len = sid.chars().count() as u32;
            }
        }
    }
}
