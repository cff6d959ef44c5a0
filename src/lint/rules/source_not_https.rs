//! KB008 `source-not-https`: every source URL uses https.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, https_rest, sources};
use crate::lint::{Context, Reporter};

/// A source URL does not use https.
pub static SOURCE_NOT_HTTPS: Rule = Rule {
    code: "KB008",
    name: "source-not-https",
    default: Severity::Error,
    summary: "A source URL does not use https.",
    explain: "Readers follow source links from the intranet; plain http can be altered in transit. Use the page's https address.",
    check: Some(check),
};

/// Reports every source URL that does not start with `https://`.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let Some((path, sources)) = sources(cx.corpus) else {
        return;
    };
    for s in sources {
        let url = s.url.value.trim();
        if https_rest(url).is_none() {
            if let Some(d) = r.report(
                &SOURCE_NOT_HTTPS,
                path,
                at(&s.url),
                format!("source `{}` does not use https", s.id.value),
            ) {
                d.len = url.chars().count() as u32;
            }
        }
    }
}
