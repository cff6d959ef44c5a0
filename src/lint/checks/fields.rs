//! Field-level rules: ids, dates, empty text, categories, duplicates, code-block languages.

use super::{at, body_pos};
use crate::config::{is_id, Config};
use crate::content::body::RESERVED_IDS;
use crate::content::Corpus;
use crate::date::Date;
use crate::lint::rules::{
    CODE_WITHOUT_LANGUAGE, DUPLICATE_ID, EMPTY_FIELD, INVALID_FIELD, UNKNOWN_CATEGORY,
};
use crate::lint::Reporter;
use std::collections::HashMap;

/// Checks every topic's own fields.
pub fn check(config: &Config, corpus: &Corpus, r: &mut Reporter) {
    let mut seen: HashMap<(&str, &str), &std::path::Path> = HashMap::new();
    for t in &corpus.topics {
        let m = &t.meta;
        let path = t.path();
        let id = m.id.value.as_str();
        if !is_id(id) {
            if let Some(d) = r.report(
                &INVALID_FIELD,
                path,
                at(&m.id),
                format!("topic id `{id}` is not kebab-case"),
            ) {
                d.help = Some("use lowercase letters, digits and `-`".into());
            }
        } else if crate::content::model::RESERVED_TOPIC_IDS.contains(&id) {
            if let Some(d) = r.report(
                &INVALID_FIELD,
                path,
                at(&m.id),
                format!("topic id `{id}` is reserved for a generated page"),
            ) {
                d.help = Some(format!(
                    "choose another id (reserved: {})",
                    crate::content::model::RESERVED_TOPIC_IDS.join(", ")
                ));
            }
        } else if let Some(why) = crate::portable::problem(id) {
            if let Some(d) = r.report(
                &INVALID_FIELD,
                path,
                at(&m.id),
                format!("topic id `{id}` {why}"),
            ) {
                d.help = Some(format!(
                    "`{id}.html` could not be created or opened on Windows; choose another id"
                ));
            }
        } else if path.file_stem().and_then(|s| s.to_str()) != Some(id) {
            if let Some(d) = r.report(
                &INVALID_FIELD,
                path,
                at(&m.id),
                format!("topic id `{id}` differs from the file name"),
            ) {
                d.help = Some(format!("rename the file to `{id}.md` or change the id"));
                d.len = id.chars().count() as u32;
            }
        }
        if let Some(first) = seen.insert((t.lang.as_str(), id), path) {
            if let Some(d) = r.report(
                &DUPLICATE_ID,
                path,
                at(&m.id),
                format!("topic id `{id}` is also used by {}", first.display()),
            ) {
                d.len = id.chars().count() as u32;
            }
        }
        for (what, v) in [("title", &m.title), ("summary", &m.summary)] {
            if v.value.trim().is_empty() {
                r.report(
                    &EMPTY_FIELD,
                    path,
                    at(v),
                    format!("the topic's {what} is empty"),
                );
            }
        }
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
        if config.category(&m.category.value).is_none() {
            let known: Vec<&str> = config.categories.iter().map(|c| c.id.as_str()).collect();
            if let Some(d) = r.report(
                &UNKNOWN_CATEGORY,
                path,
                at(&m.category),
                format!(
                    "category `{}` is not defined in book.toml",
                    m.category.value
                ),
            ) {
                d.help = Some(format!("use one of: {}", known.join(", ")));
                d.len = m.category.value.chars().count() as u32;
            }
        }
        let mut proc_ids: HashMap<&str, ()> = HashMap::new();
        for p in &m.procedures {
            let pid = p.id.value.as_str();
            if !is_id(pid) {
                r.report(
                    &INVALID_FIELD,
                    path,
                    at(&p.id),
                    format!("procedure id `{pid}` is not kebab-case"),
                );
            }
            if proc_ids.insert(pid, ()).is_some() {
                r.report(
                    &DUPLICATE_ID,
                    path,
                    at(&p.id),
                    format!("procedure id `{pid}` is used twice in this topic"),
                );
            }
            if p.title.value.trim().is_empty() {
                r.report(
                    &EMPTY_FIELD,
                    path,
                    at(&p.title),
                    format!("procedure `{pid}` has an empty title"),
                );
            }
            for s in &p.steps {
                if s.value.trim().is_empty() {
                    r.report(
                        &EMPTY_FIELD,
                        path,
                        at(s),
                        format!("procedure `{pid}` has an empty step"),
                    );
                }
            }
        }
        let procs: Vec<&str> = m.procedures.iter().map(|p| p.id.value.as_str()).collect();
        let o = &t.outline;
        let mut used: HashMap<&str, ()> = HashMap::new();
        for h in &o.headings {
            let taken = used.insert(h.id.as_str(), ()).is_some();
            let clash = procs.contains(&h.id.as_str()) || RESERVED_IDS.contains(&h.id.as_str());
            if h.explicit && (taken || clash) {
                r.report(
                    &DUPLICATE_ID,
                    path,
                    body_pos(t, h.offset),
                    format!("heading id `{}` is already used on this page", h.id),
                );
            }
        }
        for f in o.fences.iter().filter(|f| f.lang.is_none()) {
            if let Some(d) = r.report(
                &CODE_WITHOUT_LANGUAGE,
                path,
                body_pos(t, f.offset),
                "this code block does not name its language",
            ) {
                d.help = Some(
                    "write the language after the fence, e.g. ```powershell, ```cmd or ```text"
                        .into(),
                );
                d.len = 3;
            }
        }
    }
    let mut source_ids: HashMap<&str, ()> = HashMap::new();
    if let Some(file) = &corpus.sources_file {
        for s in &corpus.sources {
            let sid = s.id.value.as_str();
            if !is_id(sid) {
                r.report(
                    &INVALID_FIELD,
                    &file.path,
                    at(&s.id),
                    format!("source id `{sid}` is not kebab-case"),
                );
            }
            if source_ids.insert(sid, ()).is_some() {
                r.report(
                    &DUPLICATE_ID,
                    &file.path,
                    at(&s.id),
                    format!("source id `{sid}` is defined twice"),
                );
            }
            if s.title.value.trim().is_empty() {
                r.report(
                    &EMPTY_FIELD,
                    &file.path,
                    at(&s.title),
                    format!("source `{sid}` has an empty title"),
                );
            }
        }
    }
}
