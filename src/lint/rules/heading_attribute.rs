//! KB024 `heading-attribute`: headings carry no attribute but a valid `{#id}`, in bodies and in the
//! Markdown of steps, command notes and warnings.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::body_pos;
use crate::lint::{Context, Reporter};

/// A Markdown heading carries an attribute other than `{#id}`, or an id that is not valid.
pub static HEADING_ATTRIBUTE: Rule = Rule {
    code: "KB024",
    name: "heading-attribute",
    default: Severity::Error,
    summary: "A Markdown heading carries an attribute other than `{#id}`, or an id that is not valid.",
    explain: "Only `## Title {#id}` is honoured, with an id of letters, digits, `-` and `_`. Classes (`{.x}`) and other attributes (`{onfocus=...}`, `{id=...}`) are never emitted: they could add script handlers or a second id. Remove them.",
    check: Some(check),
};

/// Reports body headings at their position, and headings inside steps, notes and warnings at
/// the field's value.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for t in &cx.corpus.topics {
        for h in &t.outline.headings {
            if let Some(problem) = &h.bad_attributes {
                if let Some(d) =
                    r.report(&HEADING_ATTRIBUTE, t.path(), body_pos(t, h.offset), problem)
                {
                    d.help = Some("write `## Title {#id}` or no attribute block at all".into());
                }
            }
        }
    }
    for (t, fields) in cx.corpus.topics.iter().zip(cx.field_outlines()) {
        for (pos, o) in fields {
            for h in o.headings.iter().filter(|h| h.bad_attributes.is_some()) {
                r.report(
                    &HEADING_ATTRIBUTE,
                    t.path(),
                    *pos,
                    h.bad_attributes.clone().unwrap_or_default(),
                );
            }
        }
    }
}
