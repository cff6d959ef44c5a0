//! KB010 `untrusted-host`: every https source URL is on a host of `[lint] trusted_hosts` (when the
//! list is set).

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, https_rest, sources};
use crate::lint::{Context, Reporter};

/// A source URL's host is not in `[lint] trusted_hosts`.
pub static UNTRUSTED_HOST: Rule = Rule {
    code: "KB010",
    name: "untrusted-host",
    default: Severity::Error,
    summary: "A source URL's host is not in `[lint] trusted_hosts`.",
    explain: "Only sources from hosts listed in `[lint] trusted_hosts` may back a procedure. Cite the vendor's own page, or add the host to the list if it is trustworthy.",
    check: Some(check),
};

/// Reports every https source URL whose host is not trusted; an empty list trusts every host.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let Some((path, sources)) = sources(cx.corpus) else {
        return;
    };
    let trusted = &cx.config.lint.trusted_hosts;
    for s in sources {
        let url = s.url.value.trim();
        let Some(rest) = https_rest(url) else {
            continue; // KB008's finding
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit('@').next().unwrap_or(host);
        let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
        if !trusted.is_empty() && !trusted.iter().any(|h| h.eq_ignore_ascii_case(&host)) {
            if let Some(d) = r.report(
                &UNTRUSTED_HOST,
                path,
                at(&s.url),
                format!("host `{host}` of source `{}` is not trusted", s.id.value),
            ) {
                d.help = Some(format!(
                    "trusted hosts ([lint] trusted_hosts): {}",
                    trusted.join(", ")
                ));
                d.len = url.chars().count() as u32;
            }
        }
    }
}
