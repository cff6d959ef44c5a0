//! Comparing a recorded quote with page text.
//!
//! A quote is copied by a person, often from a rendered page, into YAML; the page is HTML
//! that another person edits. The comparison must ignore everything that changes without the
//! words changing: full-width versus half-width forms (`ＰｏｗｅｒＳｈｅｌｌ`), curly versus
//! straight quotes, dash styles, ASCII case, and whitespace. Japanese pages put spaces
//! irregularly (`プロダクト キー`, `デジタル ライセンス`), so *all* whitespace is dropped on both
//! sides rather than collapsed.

use unicode_normalization::UnicodeNormalization;

/// The comparable form of a text: NFKC, typographic quotes and dashes as ASCII, ASCII
/// lower-case, and no whitespace or invisible format characters at all.
pub fn normalize(text: &str) -> String {
    text.nfkc()
        .filter_map(|c| {
            let c = match c {
                '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{2035}' => '\'',
                '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{2036}' => '"',
                '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' => '-',
                c => c,
            };
            (!c.is_whitespace() && !is_invisible(c)).then(|| c.to_ascii_lowercase())
        })
        .collect()
}

/// Characters that render as nothing and may sit anywhere in page text: soft hyphen,
/// zero-width space/joiners, word joiner and a stray byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Drops Markdown strong-emphasis markers: writers sometimes keep the `**bold**` of a UI label
/// when pasting a quote, while the page shows plain text.
pub fn strip_emphasis(quote: &str) -> String {
    quote.replace("**", "").replace("__", "")
}

/// Whether `quote` (as recorded in `sources.yaml`) occurs in `page_text` (already stripped of
/// HTML). An empty quote never matches: it would prove nothing.
pub fn contains_quote(page_text: &str, quote: &str) -> bool {
    let needle = normalize(&strip_emphasis(quote));
    !needle.is_empty() && normalize(page_text).contains(&needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_letters_match_ascii() {
        assert!(contains_quote(
            "Open ＰｏｗｅｒＳｈｅｌｌ now",
            "PowerShell"
        ));
        assert!(contains_quote("Windows　１１", "Windows 11"));
    }

    #[test]
    fn typographic_quotes_and_dashes_match_ascii() {
        assert!(contains_quote("It doesn\u{2019}t work", "doesn't"));
        assert!(contains_quote(
            "say \u{201c}yes\u{201d} \u{2014} or no",
            "say \"yes\" - or no"
        ));
        assert!(contains_quote("2019\u{2013}2024", "2019-2024"));
        assert!(contains_quote("Wait\u{2026}", "Wait..."));
    }

    #[test]
    fn ascii_case_is_ignored() {
        assert!(contains_quote("Run SLMGR /DLV", "run slmgr /dlv"));
    }

    #[test]
    fn japanese_matches_with_or_without_spaces() {
        let page = "プロダクトキーまたはデジタル ライセンスは、相互の代用とすることはできません。";
        let quote =
            "プロダクト キーまたはデジタル ライセンスは、相互の代用とすることはできません。";
        assert!(contains_quote(page, quote));
        assert!(contains_quote("プロダクト　キー", "プロダクトキー"));
        // Half-width katakana and full-width brackets normalise too.
        assert!(contains_quote("［ｽﾀｰﾄ］ ボタン", "[スタート]ボタン"));
    }

    #[test]
    fn whitespace_of_every_kind_is_ignored() {
        assert!(contains_quote("a\u{a0}b\n\tc\u{200b}d\u{ad}e", "a b c d e"));
    }

    #[test]
    fn markdown_emphasis_in_the_quote_is_ignored() {
        assert!(contains_quote(
            "Select Settings > System",
            "Select **Settings** > __System__"
        ));
    }

    #[test]
    fn different_words_do_not_match() {
        assert!(!contains_quote("doesn't require a key", "requires a key"));
        assert!(!contains_quote("anything", ""));
        assert!(!contains_quote("anything", " ** "));
    }

    #[test]
    fn non_ascii_case_is_kept() {
        // Only ASCII is case-folded; other scripts compare as written (after NFKC).
        assert_eq!(normalize("ÄB"), "Äb");
    }
}
