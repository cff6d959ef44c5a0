//! KB014 `translation-lag`: translations are reviewed in step with their original.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, procedure_ids, translations};
use crate::lint::{Context, Reporter};

/// A translation was reviewed long before its original.
pub static TRANSLATION_LAG: Rule = Rule {
    code: "KB014",
    name: "translation-lag",
    default: Severity::Warning,
    summary: "A translation was reviewed long before its original.",
    explain: "When the original is reviewed, its translations should be too. The allowed lag is `[lint] max_translation_lag_days` (default 30).",
    check: Some(check),
};

/// Reports translations reviewed longer before their original than the configured lag. A
/// translation whose procedure ids differ from the original's is left to KB013 alone.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let limit = cx.config.lint.max_translation_lag_days;
    for (t, orig) in translations(cx) {
        if procedure_ids(t) != procedure_ids(orig) {
            continue;
        }
        let (Some(ours), Some(theirs)) = (t.reviewed(), orig.reviewed()) else {
            continue;
        };
        let lag = theirs.days_since(ours);
        if lag > limit {
            if let Some(d) = r.report(
                &TRANSLATION_LAG,
                t.path(),
                at(&t.meta.reviewed),
                format!("reviewed {lag} days before the original ({theirs})"),
            ) {
                d.help = Some(format!(
                    "review the translation against {} (limit: {limit} days)",
                    orig.path().display()
                ));
            }
        }
    }
}
