//! KB012 `missing-translation`: every topic exists in every configured language.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::at;
use crate::lint::{Context, Reporter};
use std::path::PathBuf;

/// A topic does not exist in every configured language.
pub static MISSING_TRANSLATION: Rule = Rule {
    code: "KB012",
    name: "missing-translation",
    default: Severity::Error,
    summary: "A topic does not exist in every configured language.",
    explain: "Every topic must exist in every language of `languages`, as `content/<lang>/<id>.md` with the same `id`. `kbgen new <id>` scaffolds all of them.",
    check: Some(check),
};

/// Reports, on the original (or on a translation whose original is missing too), every
/// language without a version of the topic.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let (config, corpus) = (cx.config, cx.corpus);
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
    }
}
