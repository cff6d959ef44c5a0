//! Rules that keep markup and URLs from content within what kbgen emits: heading attributes
//! other than `{#id}`, and URLs outside the one URL policy ([`crate::render::urls::allowed`]).

use super::{at, body_pos};
use crate::content::body::outline;
use crate::content::Corpus;
use crate::lint::rules::{HEADING_ATTRIBUTE, UNSAFE_URL};
use crate::lint::Reporter;
use crate::render::urls::allowed;

/// Checks heading attributes and link, image and source URLs.
pub fn check(corpus: &Corpus, r: &mut Reporter) {
    for t in &corpus.topics {
        for h in &t.outline.headings {
            if let Some(problem) = &h.bad_attributes {
                if let Some(d) =
                    r.report(&HEADING_ATTRIBUTE, t.path(), body_pos(t, h.offset), problem)
                {
                    d.help = Some("write `## Title {#id}` or no attribute block at all".into());
                }
            }
        }
        for dest in &t.outline.destinations {
            if !allowed(&dest.written) {
                if let Some(d) = r.report(
                    &UNSAFE_URL,
                    t.path(),
                    body_pos(t, dest.offset),
                    format!("the URL `{}` is not allowed", dest.written.escape_debug()),
                ) {
                    d.help = Some(
                        "use a relative URL, `@/topic-id`, or an https:, http: or mailto: URL"
                            .into(),
                    );
                }
            }
        }
    }
    // Steps, command notes and warnings are Markdown too (positions: the field's value).
    for t in &corpus.topics {
        for p in &t.meta.procedures {
            let notes = p.commands.iter().filter_map(|c| c.note.as_ref());
            for field in p.steps.iter().chain(notes).chain(&p.warnings) {
                let o = outline(&field.value, &[]);
                for h in o.headings.iter().filter(|h| h.bad_attributes.is_some()) {
                    r.report(
                        &HEADING_ATTRIBUTE,
                        t.path(),
                        at(field),
                        h.bad_attributes.clone().unwrap_or_default(),
                    );
                }
                for dest in o.destinations.iter().filter(|d| !allowed(&d.written)) {
                    if let Some(d) = r.report(
                        &UNSAFE_URL,
                        t.path(),
                        at(field),
                        format!("the URL `{}` is not allowed", dest.written.escape_debug()),
                    ) {
                        d.help = Some(
                            "use a relative URL, `@/topic-id`, or an https:, http: or mailto: URL"
                                .into(),
                        );
                    }
                }
            }
        }
    }
    if let Some(file) = &corpus.sources_file {
        for s in &corpus.sources {
            if !allowed(&s.url.value) {
                if let Some(d) = r.report(
                    &UNSAFE_URL,
                    &file.path,
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
    }
}
