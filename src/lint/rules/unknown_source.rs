//! KB005 `unknown-source`: every cited source id is defined in `content/sources.yaml`.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, procedures};
use crate::lint::{Context, Reporter};

/// A procedure cites a source id that is not in `content/sources.yaml`.
pub static UNKNOWN_SOURCE: Rule = Rule {
    code: "KB005",
    name: "unknown-source",
    default: Severity::Error,
    summary: "A procedure cites a source id that is not in `content/sources.yaml`.",
    explain: "Source ids must match an entry of `content/sources.yaml` exactly. Add the source (with its verification) or fix the id.",
    check: Some(check),
};

/// Reports every citation of an id that `content/sources.yaml` does not define. When that file
/// exists but does not parse, the finding is a cascade of the parse error.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let corpus = cx.corpus;
    for (t, p) in procedures(corpus) {
        for s in &p.sources {
            if corpus.source(&s.value).is_some() {
                continue;
            }
            if let Some(d) = r.report(
                &UNKNOWN_SOURCE,
                t.path(),
                at(s),
                format!(
                    "procedure `{}` cites unknown source `{}`",
                    p.id.value, s.value
                ),
            ) {
                d.help = Some("add it to content/sources.yaml or fix the id".into());
                d.len = s.value.chars().count() as u32;
            }
            r.follows_from(
                corpus
                    .sources_file
                    .as_ref()
                    .map_or_else(|| "content/sources.yaml".into(), |f| f.path.clone()),
            );
        }
    }
}
