//! The search tokenizer, specified once: Rust uses it to build the index, the browser client
//! implements the same rules for queries, and `tests/fixtures/search/tokenizer-vectors.json`
//! (checked by both) keeps them identical.
//!
//! Rules:
//! 1. Unicode NFKC (full-width `ＰｏｗｅｒＳｈｅｌｌ` becomes `PowerShell`, half-width katakana
//!    becomes full-width), then lowercase.
//! 2. Japanese/CJK runs (Han, Hiragana, Katakana, `ー`, `々`) become overlapping character bigrams;
//!    a run of one character becomes that character. Words are found inside compounds because
//!    every bigram of the query must be present (and the client then checks the exact string).
//! 3. Other text splits into words of letters and digits; a word may carry inner `-`, `_` or `.`
//!    and a leading `/` (command switches like `/dli`), so `0xC004F213`, `OA3xOriginalProductKey`,
//!    `Get-CimInstance` and `/dli` stay whole. A hyphenated word also yields its parts. Digits are
//!    never dropped.

use unicode_normalization::UnicodeNormalization;

/// A token and the character offset (in the normalised text) where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised token text.
    pub text: String,
    /// Whether it came from a CJK run (bigram or single character).
    pub cjk: bool,
    /// Character position of the token in the normalised text, for adjacency scoring.
    pub pos: u32,
}

/// NFKC + lowercase: the form both the index and the query use.
pub fn normalize(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

/// Whether `c` belongs to a CJK run.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F   // Hiragana
        | 0x30A0..=0x30FF // Katakana (incl. ー)
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x3005          // 々
        | 0xAC00..=0xD7AF // Hangul syllables
    )
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Splits text into search tokens (see the module rules).
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = normalize(text).chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            push_cjk(&chars[start..i], start, &mut out);
        } else if is_word_char(c)
            || (c == '/'
                && chars.get(i + 1).is_some_and(|&n| is_word_char(n))
                && (i == 0 || !is_word_char(chars[i - 1])))
        {
            let start = i;
            i += 1;
            while i < chars.len() {
                let ch = chars[i];
                let joiner = matches!(ch, '-' | '_' | '.')
                    && chars.get(i + 1).is_some_and(|&n| is_word_char(n));
                if is_word_char(ch) || joiner {
                    i += 1;
                } else {
                    break;
                }
            }
            push_word(&chars[start..i], start, &mut out);
        } else {
            i += 1;
        }
    }
    out
}

fn pos(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn push_cjk(run: &[char], start: usize, out: &mut Vec<Token>) {
    if run.len() == 1 {
        out.push(Token {
            text: run[0].to_string(),
            cjk: true,
            pos: pos(start),
        });
        return;
    }
    for (k, pair) in run.windows(2).enumerate() {
        out.push(Token {
            text: pair.iter().collect(),
            cjk: true,
            pos: pos(start + k),
        });
    }
}

fn push_word(word: &[char], start: usize, out: &mut Vec<Token>) {
    let text: String = word.iter().collect();
    out.push(Token {
        text: text.clone(),
        cjk: false,
        pos: pos(start),
    });
    let body = text.strip_prefix('/').unwrap_or(&text);
    if body.contains(['-', '_', '.']) {
        let mut offset = start + usize::from(text.starts_with('/'));
        for part in body.split(['-', '_', '.']) {
            if !part.is_empty() {
                out.push(Token {
                    text: part.to_string(),
                    cjk: false,
                    pos: pos(offset),
                });
            }
            offset += part.chars().count() + 1;
        }
    }
}

/// The distinct characters of every CJK run in `text` (single-character index entries, so a
/// one-character query such as `鍵` finds pages).
pub fn cjk_unigrams(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = normalize(text)
        .chars()
        .filter(|&c| is_cjk(c))
        .map(String::from)
        .collect();
    seen.sort();
    seen.dedup();
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn japanese_runs_become_bigrams() {
        assert_eq!(
            texts("プロダクトキー"),
            ["プロ", "ロダ", "ダク", "クト", "トキ", "キー"]
        );
        assert_eq!(texts("鍵"), ["鍵"]);
        assert_eq!(texts("認証の確認"), ["認証", "証の", "の確", "確認"]);
    }

    #[test]
    fn full_width_and_case_fold_to_the_same_tokens() {
        assert_eq!(texts("ＰｏｗｅｒＳｈｅｌｌ"), texts("PowerShell"));
        assert_eq!(texts("PowerShell"), ["powershell"]);
        assert_eq!(texts("ﾌﾟﾛﾀﾞｸﾄ"), texts("プロダクト"));
    }

    #[test]
    fn command_tokens_and_numbers_stay_whole() {
        assert_eq!(texts("slmgr /dli"), ["slmgr", "/dli"]);
        assert_eq!(texts("0x800CCC0E"), ["0x800ccc0e"]);
        assert_ne!(texts("0x800CCC0E"), texts("0x800CCC0F"));
        assert_eq!(
            texts("(Get-CimInstance).OA3xOriginalProductKey"),
            [
                "get-ciminstance",
                "get",
                "ciminstance",
                "oa3xoriginalproductkey"
            ]
        );
        assert_eq!(texts("a/b"), ["a", "b"]);
    }

    #[test]
    fn mixed_text_splits_at_script_changes() {
        assert_eq!(texts("Windows11のキー"), ["windows11", "のキ", "キー"]);
    }

    #[derive(Deserialize)]
    struct Vector {
        input: String,
        tokens: Vec<String>,
    }

    #[test]
    fn shared_test_vectors_hold() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/search/tokenizer-vectors.json"
        );
        let text = std::fs::read_to_string(path).expect("test vectors");
        let vectors: Vec<Vector> = serde_json::from_str(&text).expect("valid JSON");
        assert!(vectors.len() >= 10);
        for v in vectors {
            assert_eq!(texts(&v.input), v.tokens, "input {:?}", v.input);
        }
    }
}
