//! KB025 `unsafe-url`: link, image and source URLs stay within the one URL policy
//! ([`crate::url_policy::allowed`]): relative, `https:`, `http:` or `mailto:`.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, body_pos, sources};
use crate::lint::{Context, Reporter};
use crate::url_policy::allowed;

/// A link, image or source URL uses a scheme other than https, http or mailto.
pub static UNSAFE_URL: Rule = Rule {
    code: "KB025",
    name: "unsafe-url",
    default: Severity::Error,
    summary: "A link, image or source URL uses a scheme other than https, http or mailto.",
    explain: "kbgen emits only relative URLs and `https:`, `http:` and `mailto:` URLs, whatever the other rules' levels: `javascript:`, `data:`, `file:` and other schemes could run code or reach the reader's disk. This rule cannot be lowered; such a URL is never emitted.",
    check: Some(check),
};

const HELP: &str = "use a relative URL, `@/topic-id`, or an https:, http: or mailto: URL";

/// Reports disallowed destinations in bodies (at their position), in steps, notes and warnings
/// (at the field's value) and source URLs.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for t in &cx.corpus.topics {
        for dest in t
            .outline
            .destinations
            .iter()
            .filter(|d| !allowed(&d.written))
        {
            if let Some(d) = r.report(
                &UNSAFE_URL,
                t.path(),
                body_pos(t, dest.offset),
                format!("the URL `{}` is not allowed", dest.written.escape_debug()),
            ) {
                d.help = Some(HELP.into());
            }
        }
    }
    for (t, fields) in cx.corpus.topics.iter().zip(cx.field_outlines()) {
        for (pos, o) in fields {
            for dest in o.destinations.iter().filter(|d| !allowed(&d.written)) {
                if let Some(d) = r.report(
                    &UNSAFE_URL,
                    t.path(),
                    *pos,
                    format!("the URL `{}` is not allowed", dest.written.escape_debug()),
                ) {
                    d.help = Some(HELP.into());
                }
            }
        }
    }
    let Some((path, sources)) = sources(cx.corpus) else {
        return;
    };
    for s in sources.iter().filter(|s| !allowed(&s.url.value)) {
        if let Some(d) = r.report(
            &UNSAFE_URL,
            path,
            at(&s.url),
            format!(
                "the URL `{}` of source `{}` is not allowed",
                s.url.value.escape_debug(),
                s.id.value
            ),
        ) {
            d.help = Some("cite the page's https: address".into());
            d.len = s.url.value.chars().count() as u32;
        }
    }
}
