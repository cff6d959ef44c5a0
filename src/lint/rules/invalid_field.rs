//! KB022 `invalid-field`: ids are kebab-case (a topic's equals its file name, is not reserved and
//! is portable); dates are YYYY-MM-DD.

use super::Rule;
use crate::config::is_id;
use crate::content::model::RESERVED_TOPIC_IDS;
use crate::content::Topic;
use crate::date::Date;
use crate::diag::Severity;
use crate::lint::shared::{at, sources};
use crate::lint::{Context, Reporter};

/// A field has an invalid value (an id that is not kebab-case or differs from the file name, a date
/// that is not YYYY-MM-DD).
pub static INVALID_FIELD: Rule = Rule {
    code: "KB022",
    name: "invalid-field",
    default: Severity::Error,
    summary: "A field has an invalid value (an id that is not kebab-case or differs from the file name, a date that is not YYYY-MM-DD).",
    explain: "Ids are lowercase letters, digits and `-`, and a topic's id equals its file name. Dates are written YYYY-MM-DD.",
    check: Some(check),
};

/// Checks topic ids, `reviewed` dates, procedure ids and source ids.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for t in &cx.corpus.topics {
        let (m, path) = (&t.meta, t.path());
        topic_id(t, r);
        if Date::parse(&m.reviewed.value).is_none() {
            if let Some(d) = r.report(
                &INVALID_FIELD,
                path,
                at(&m.reviewed),
                format!("`reviewed: {}` is not a date", m.reviewed.value),
            ) {
                d.help = Some("write the date as YYYY-MM-DD".into());
            }
        }
        for p in m.procedures.iter().filter(|p| !is_id(&p.id.value)) {
            r.report(
                &INVALID_FIELD,
                path,
                at(&p.id),
                format!("procedure id `{}` is not kebab-case", p.id.value),
            );
        }
    }
    let Some((path, sources)) = sources(cx.corpus) else {
        return;
    };
    for s in sources.iter().filter(|s| !is_id(&s.id.value)) {
        r.report(
            &INVALID_FIELD,
            path,
            at(&s.id),
            format!("source id `{}` is not kebab-case", s.id.value),
        );
    }
}

/// The first problem of a topic's id: not kebab-case, reserved, not portable to Windows, or
/// different from the file name.
fn topic_id(t: &Topic, r: &mut Reporter) {
    let (path, id) = (t.path(), t.meta.id.value.as_str());
    let pos = at(&t.meta.id);
    let (message, help, len) = if !is_id(id) {
        let help = "use lowercase letters, digits and `-`".to_string();
        (format!("topic id `{id}` is not kebab-case"), help, None)
    } else if RESERVED_TOPIC_IDS.contains(&id) {
        let help = format!(
            "choose another id (reserved: {})",
            RESERVED_TOPIC_IDS.join(", ")
        );
        (
            format!("topic id `{id}` is reserved for a generated page"),
            help,
            None,
        )
    } else if let Some(why) = crate::portable::problem(id) {
        let help =
            format!("`{id}.html` could not be created or opened on Windows; choose another id");
        (format!("topic id `{id}` {why}"), help, None)
    } else if path.file_stem().and_then(|s| s.to_str()) != Some(id) {
        let help = format!("rename the file to `{id}.md` or change the id");
        let len = id.chars().count() as u32;
        (
            format!("topic id `{id}` differs from the file name"),
            help,
            Some(len),
        )
    } else {
        return;
    };
    if let Some(d) = r.report(&INVALID_FIELD, path, pos, message) {
        d.help = Some(help);
        if let Some(len) = len {
            d.len = len;
        }
    }
}
