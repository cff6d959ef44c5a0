//! KB007 `source-verified-in-future`: no source is verified on a day after today.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, verification_dates};
use crate::lint::{Context, Reporter};

/// A source's `verified.on` date is after today.
pub static SOURCE_FUTURE_DATE: Rule = Rule {
    code: "KB007",
    name: "source-verified-in-future",
    default: Severity::Error,
    summary: "A source's `verified.on` date is after today.",
    explain: "A verification date in the future is a typo or a fabrication; use the day the page was actually checked.",
    check: Some(check),
};

/// Reports every `verified.on` date after [`Context::today`].
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let today = cx.today;
    for (path, s, on, date) in verification_dates(cx.corpus) {
        if date > today {
            r.report(
                &SOURCE_FUTURE_DATE,
                path,
                at(on),
                format!(
                    "source `{}` is verified on {date}, after today ({today})",
                    s.id.value
                ),
            );
        }
    }
}
