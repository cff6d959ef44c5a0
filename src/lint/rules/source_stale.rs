//! KB009 `source-stale`: sources are re-read within `[lint] max_source_age_days`.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, verification_dates};
use crate::lint::{Context, Reporter};

/// A source was verified longer ago than `[lint] max_source_age_days`.
pub static SOURCE_STALE: Rule = Rule {
    code: "KB009",
    name: "source-stale",
    default: Severity::Warning,
    summary: "A source was verified longer ago than `[lint] max_source_age_days`.",
    explain: "Vendor documentation changes. Re-read the page and update `verified.on` (or run `kbgen sources verify`). The age limit is `[lint] max_source_age_days` in book.toml (default 365).",
    check: Some(check),
};

/// Reports every source verified (not in the future) longer ago than the configured limit.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let limit = cx.config.lint.max_source_age_days;
    for (path, s, on, date) in verification_dates(cx.corpus) {
        if date > cx.today {
            continue; // KB007's finding
        }
        let age = cx.today.days_since(date);
        if age > limit {
            if let Some(d) = r.report(
                &SOURCE_STALE,
                path,
                at(on),
                format!("source `{}` was verified {age} days ago", s.id.value),
            ) {
                d.help = Some(format!(
                    "re-read the page and update the date (limit: {limit} days)"
                ));
            }
        }
    }
}
