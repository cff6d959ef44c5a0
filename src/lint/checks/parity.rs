//! Language parity: every topic exists in every language, translations carry the same
//! procedures and commands as the original (the default language), and are reviewed in step.

use super::at;
use crate::config::Config;
use crate::content::Corpus;
use crate::diag::Pos;
use crate::lint::rules::{MISSING_TRANSLATION, TRANSLATION_LAG, TRANSLATION_MISMATCH};
use crate::lint::Reporter;
use std::path::PathBuf;

/// Compares each translation with its original.
pub fn check(config: &Config, corpus: &Corpus, r: &mut Reporter) {
    let original_lang = config.default_language.as_str();
    for t in &corpus.topics {
        let id = t.id();
        for lang in &config.languages {
            if lang != &t.lang
                && corpus.topic(lang, id).is_none()
                && (t.lang == original_lang || corpus.topic(original_lang, id).is_none())
            {
                let want = PathBuf::from("content").join(lang).join(format!("{id}.md"));
                if let Some(d) = r.report(
                    &MISSING_TRANSLATION,
                    t.path(),
                    at(&t.meta.id),
                    format!("topic `{id}` has no `{lang}` version"),
                ) {
                    d.help = Some(format!("create {}", want.display()));
                    d.len = id.chars().count() as u32;
                }
                r.follows_from(want);
            }
        }
        if t.lang == original_lang {
            continue;
        }
        let Some(orig) = corpus.topic(original_lang, id) else {
            continue;
        };
        let path = t.path();
        let ours: Vec<&str> = t
            .meta
            .procedures
            .iter()
            .map(|p| p.id.value.as_str())
            .collect();
        let theirs: Vec<&str> = orig
            .meta
            .procedures
            .iter()
            .map(|p| p.id.value.as_str())
            .collect();
        if ours != theirs {
            let pos = t
                .meta
                .procedures
                .first()
                .map_or(at(&t.meta.id), |p| at(&p.id));
            if let Some(d) = r.report(
                &TRANSLATION_MISMATCH,
                path,
                pos,
                format!("procedure ids {ours:?} differ from the original's {theirs:?}"),
            ) {
                d.help = Some(format!(
                    "use the same procedure ids, in the same order, as {}",
                    orig.path().display()
                ));
            }
            continue;
        }
        for (p, op) in t.meta.procedures.iter().zip(&orig.meta.procedures) {
            let pid = &p.id.value;
            if p.commands.len() != op.commands.len() {
                if let Some(d) = r.report(
                    &TRANSLATION_MISMATCH,
                    path,
                    at(&p.id),
                    format!(
                        "procedure `{pid}` has {} command(s); the original has {}",
                        p.commands.len(),
                        op.commands.len()
                    ),
                ) {
                    d.help = Some(format!("copy the commands from {}", orig.path().display()));
                }
                continue;
            }
            for (c, oc) in p.commands.iter().zip(&op.commands) {
                if c.run.value != oc.run.value || c.shell.value != oc.shell.value {
                    let opos = at(&oc.run);
                    if let Some(d) = r.report(
                        &TRANSLATION_MISMATCH,
                        path,
                        at(&c.run),
                        format!("command of procedure `{pid}` differs from the original"),
                    ) {
                        d.help = Some(format!(
                            "the original ({}:{}) has `{}: {}`",
                            orig.path().display(),
                            opos.line,
                            oc.shell.value,
                            oc.run.value
                        ));
                        d.len = c.run.value.chars().count() as u32;
                    }
                }
            }
        }
        if let (Some(ours), Some(theirs)) = (t.reviewed(), orig.reviewed()) {
            let lag = theirs.days_since(ours);
            if lag > config.lint.max_translation_lag_days {
                let pos: Pos = at(&t.meta.reviewed);
                if let Some(d) = r.report(
                    &TRANSLATION_LAG,
                    path,
                    pos,
                    format!("reviewed {lag} days before the original ({theirs})"),
                ) {
                    d.help = Some(format!(
                        "review the translation against {} (limit: {} days)",
                        orig.path().display(),
                        config.lint.max_translation_lag_days
                    ));
                }
            }
        }
    }
}
