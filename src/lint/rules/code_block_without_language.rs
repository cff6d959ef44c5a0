//! KB021 `code-block-without-language`: every code block of a body names its language.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::body_pos;
use crate::lint::{Context, Reporter};

/// A code block does not name its language.
pub static CODE_WITHOUT_LANGUAGE: Rule = Rule {
    code: "KB021",
    name: "code-block-without-language",
    default: Severity::Error,
    summary: "A code block does not name its language.",
    explain: "Name the language after the fence (```powershell, ```cmd, ```text) so it is highlighted and labelled correctly.",
    check: Some(check),
};

/// Reports every code block of a body without a language after its fence.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for t in &cx.corpus.topics {
        for f in t.outline.fences.iter().filter(|f| f.lang.is_none()) {
            if let Some(d) = r.report(
                &CODE_WITHOUT_LANGUAGE,
                t.path(),
                body_pos(t, f.offset),
                "this code block does not name its language",
            ) {
                d.help = Some(
                    "write the language after the fence, e.g. ```powershell, ```cmd or ```text"
                        .into(),
                );
                d.len = 3;
            }
        }
    }
}
