//! KB023 `unused-synonym`: `[search.synonyms]` groups none of whose words occur in a topic of their
//! language. A group exists to bridge a word people type (`キーファインダー`) to the word the pages use
//! (`キー表示ツール`), so one absent word is normal; a group with no word in the content helps nobody and
//! is usually a misspelling.

use super::Rule;
use crate::config::SynonymGroup;
use crate::diag::Severity;
use crate::lint::shared::contains_word;
use crate::lint::{Context, Reporter};
use crate::text_norm::normalize;
use rayon::prelude::*;
use std::path::Path;

/// No topic of its language contains any word of a `[search.synonyms]` group.
pub static UNUSED_SYNONYM: Rule = Rule {
    code: "KB023",
    name: "unused-synonym",
    default: Severity::Warning,
    summary: "No topic of its language contains any word of a `[search.synonyms]` group.",
    explain: "Synonyms let a search for one word find pages that write another (`キーファインダー` finds `キー表示ツール`), so a group needs at least one word the pages use. A group none of whose words any topic contains is usually misspelt, or the pages were rewritten; fix the spelling or remove the group. Matching uses the search normalisation (case, width, kana, spaces between Japanese words).",
    check: Some(check),
};

/// Which groups some topic of `lang` contains a word of. Each topic is normalised once, in
/// parallel, and only the groups not yet seen are looked for.
fn groups_used(cx: &Context<'_>, lang: &str, groups: &[SynonymGroup]) -> Vec<bool> {
    let needles: Vec<Vec<String>> = groups
        .iter()
        .map(|g| g.words.iter().map(|(w, _)| normalize(w)).collect())
        .collect();
    let topics: Vec<_> = cx.corpus.topics_in(lang).collect();
    topics
        .par_iter()
        .fold(
            || vec![false; needles.len()],
            |mut seen, t| {
                if seen.iter().all(|s| *s) {
                    return seen;
                }
                let text = t.normalized_text();
                for (s, words) in seen.iter_mut().zip(&needles) {
                    *s = *s || words.iter().any(|w| contains_word(&text, w));
                }
                seen
            },
        )
        .reduce(
            || vec![false; needles.len()],
            |a, b| a.iter().zip(&b).map(|(x, y)| *x || *y).collect(),
        )
}

/// Warns on every synonym group that no topic of its language contains a word of (after search
/// normalisation).
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (lang, groups) in &cx.config.search.synonyms {
        let used = groups_used(cx, lang, groups);
        for (group, used) in groups.iter().zip(used) {
            if let (false, Some((_, pos))) = (used, group.words.first()) {
                let words: Vec<&str> = group.words.iter().map(|(w, _)| w.as_str()).collect();
                if let Some(d) = r.report(
                    &UNUSED_SYNONYM,
                    Path::new(crate::layout::CONFIG_FILE),
                    *pos,
                    format!("no `{lang}` topic contains any word of the synonym group {words:?}"),
                ) {
                    d.help = Some(
                        "a group links words people search for to a word the pages use; \
                         check the spelling, or remove the group if no page needs it"
                            .into(),
                    );
                }
            }
        }
    }
}
