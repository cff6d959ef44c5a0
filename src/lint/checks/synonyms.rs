//! `[search.synonyms]` words that occur in no topic of their language: a group whose words are
//! all absent from the content helps nobody, and a misspelt synonym fails silently otherwise.

use crate::config::Config;
use crate::content::Corpus;
use crate::lint::{rules, Reporter};
use crate::text_norm::{is_word_char, normalize};
use std::path::Path;

/// Warns on every synonym that no topic of its language contains (after search normalisation).
pub fn check(config: &Config, corpus: &Corpus, r: &mut Reporter) {
    for (lang, groups) in &config.search.synonyms {
        let texts: Vec<String> = corpus
            .topics_in(lang)
            .map(|t| normalize(&t.file.text))
            .collect();
        for group in groups {
            for (word, pos) in &group.words {
                let needle = normalize(word);
                if needle.is_empty() || texts.iter().any(|t| contains_word(t, &needle)) {
                    continue;
                }
                if let Some(d) = r.report(
                    &rules::UNUSED_SYNONYM,
                    Path::new("book.toml"),
                    *pos,
                    format!("synonym `{word}` occurs in no `{lang}` topic"),
                ) {
                    d.help = Some(
                        "a synonym is for words people search for that the pages write differently; \
                         check its spelling, or remove it if no page needs it"
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
    text.match_indices(needle).any(|(at, _)| {
        !latin || !text[..at].chars().next_back().is_some_and(is_word_char)
    })
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
