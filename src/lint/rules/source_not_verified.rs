//! KB006 `source-not-verified`: every source records the day it was read and words found on it.

use super::Rule;
use crate::date::Date;
use crate::diag::Severity;
use crate::lint::shared::{at, sources};
use crate::lint::{Context, Reporter};

/// A source has no valid `verified.on` date or no `verified.quote`.
pub static SOURCE_NOT_VERIFIED: Rule = Rule {
    code: "KB006",
    name: "source-not-verified",
    default: Severity::Error,
    summary: "A source has no valid `verified.on` date or no `verified.quote`.",
    explain: "A source counts as verified only when someone recorded the day they read the page (`verified.on: YYYY-MM-DD`) and words found on it (`verified.quote`). `kbgen sources verify` checks the quotes and refreshes the dates.",
    check: Some(check),
};

/// Reports a missing `verified` record, a missing or malformed `verified.on` date and a
/// missing `verified.quote`.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let Some((path, sources)) = sources(cx.corpus) else {
        return;
    };
    for s in sources {
        let sid = &s.id.value;
        let Some(v) = &s.verified else {
            if let Some(d) = r.report(
                &SOURCE_NOT_VERIFIED,
                path,
                at(&s.id),
                format!("source `{sid}` has no `verified` record"),
            ) {
                d.help = Some(
                    "add `verified: {on: YYYY-MM-DD, quote: \"words found on the page\"}`".into(),
                );
            }
            continue;
        };
        match &v.on {
            None => {
                r.report(
                    &SOURCE_NOT_VERIFIED,
                    path,
                    at(&s.id),
                    format!("source `{sid}` has no `verified.on` date"),
                );
            }
            Some(on) if Date::parse(&on.value).is_none() => {
                if let Some(d) = r.report(
                    &SOURCE_NOT_VERIFIED,
                    path,
                    at(on),
                    format!("`verified.on: {}` is not a date", on.value),
                ) {
                    d.help = Some("write the date as YYYY-MM-DD".into());
                }
            }
            Some(_) => {}
        }
        if v.quote.as_deref().is_none_or(|q| q.trim().is_empty()) {
            if let Some(d) = r.report(
                &SOURCE_NOT_VERIFIED,
                path,
                at(&s.id),
                format!("source `{sid}` has no `verified.quote`"),
            ) {
                d.help = Some("copy a sentence from the page into `verified.quote`".into());
            }
        }
    }
}
