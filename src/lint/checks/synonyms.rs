//! `[search.synonyms]` groups none of whose words occur in a topic of their language. A group
//! exists to bridge a word people type (`キーファインダー`) to the word the pages use
//! (`キー表示ツール`), so one absent word is normal; a group with no word in the content helps
//! nobody and is usually a misspelling.

use crate::config::Config;
use crate::content::Corpus;
use crate::lint::{rules, Reporter};
use crate::text_norm::{is_word_char, normalize};
use std::path::Path;

/// Warns on every synonym group that no topic of its language contains a word of (after search
/// normalisation).
pub fn check(config: &Config, corpus: &Corpus, r: &mut Reporter) {
    for (lang, groups) in &config.search.synonyms {
        let texts: Vec<String> = corpus
            .topics_in(lang)
            .map(|t| normalize(&t.file.text))
            .collect();
        for group in groups {
            let used = group.words.iter().any(|(word, _)| {
                let needle = normalize(word);
                texts.iter().any(|t| contains_word(t, &needle))
            });
            if let (false, Some((_, pos))) = (used, group.words.first()) {
                let words: Vec<&str> = group.words.iter().map(|(w, _)| w.as_str()).collect();
                if let Some(d) = r.report(
                    &rules::UNUSED_SYNONYM,
                    Path::new("book.toml"),
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

/// Whether `needle` occurs in `text`, starting a word when it starts with a Latin letter.
pub fn contains_word(text: &str, needle: &str) -> bool {
    let latin = needle.chars().next().is_some_and(is_word_char);
    text.match_indices(needle)
        .any(|(at, _)| !latin || !text[..at].chars().next_back().is_some_and(is_word_char))
}

#[cfg(test)]
mod tests {
    use super::contains_word;

    #[test]
    fn latin_words_match_at_a_word_start() {
        assert!(contains_word("中古 pc を買う", "pc"));
        assert!(!contains_word("upcoming", "pc"));
        assert!(contains_word("キー表示ツール", "キー表示"));
    }
}
