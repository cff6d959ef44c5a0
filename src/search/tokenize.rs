//! The search tokenizer, specified once: Rust uses it to build the index, the browser client
//! implements the same rules for queries, and `tests/fixtures/search/tokenizer-vectors.json`
//! (checked by both) keeps them identical.
//!
//! Rules (on text normalised by [`crate::search::normalize`]: NFKC, lowercase, CJK gaps
//! removed, trailing `ー` of long katakana words dropped, hiragana as katakana, `0x` dropped):
//! 1. Japanese/CJK runs (Han, kana, `ー`, `々`, Hangul) become overlapping character bigrams;
//!    a run of one character becomes that character. Words are found inside compounds because
//!    the bigrams of a query word are looked up, and the client then checks the exact string.
//! 2. Other text splits into words of letters and digits; a word may carry inner `-`, `_` or `.`
//!    and a leading `/` (command switches like `/dli`), so `c004f213`, `OA3xOriginalProductKey`,
//!    `Get-CimInstance` and `/dli` stay whole. A hyphenated word also yields its parts, and a
//!    switch its bare word (`/dli` → `/dli`, `dli`). Digits are never dropped.

pub use crate::text_norm::{is_cjk, is_word_char, normalize};

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

/// Splits text into search tokens (see the module rules).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(&normalize(text), |t, cjk, pos| {
        out.push(Token {
            text: t.to_string(),
            cjk,
            pos,
        })
    });
    out
}

/// Calls `f(token, is_cjk, char_position)` for every token of text that is already normalised
/// ([`normalize`]). Tokens are slices of `norm` (bigrams and words are contiguous), so the index
/// builder allocates nothing per token.
pub fn for_each_token(norm: &str, mut f: impl FnMut(&str, bool, u32)) {
    // (byte offset, char) pairs plus a sentinel end offset.
    let chars: Vec<(usize, char)> = norm.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(norm.len(), |&(b, _)| b);
    let slice = |a: usize, b: usize| &norm[byte_at(a)..byte_at(b)];
    let word = |i: usize| chars.get(i).is_some_and(|&(_, c)| is_word_char(c));
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i].1) {
                i += 1;
            }
            if i - start == 1 {
                f(slice(start, i), true, pos(start));
            } else {
                for k in start..i - 1 {
                    f(slice(k, k + 2), true, pos(k));
                }
            }
        } else if is_word_char(c) || (c == '/' && word(i + 1) && (i == 0 || !word(i - 1))) {
            let start = i;
            i += 1;
            while i < chars.len() {
                let ch = chars[i].1;
                if is_word_char(ch) || (matches!(ch, '-' | '_' | '.') && word(i + 1)) {
                    i += 1;
                } else {
                    break;
                }
            }
            let whole = slice(start, i);
            f(whole, false, pos(start));
            let slash = whole.starts_with('/');
            let body_start = start + usize::from(slash);
            let body = slice(body_start, i);
            // A command switch also yields its bare word, so `dli` finds `/dli`.
            if slash || body.contains(['-', '_', '.']) {
                let mut part_start = body_start;
                let joiners = (body_start..i).filter(|&k| matches!(chars[k].1, '-' | '_' | '.'));
                for k in joiners.chain(std::iter::once(i)) {
                    if k > part_start {
                        f(slice(part_start, k), false, pos(part_start));
                    }
                    part_start = k + 1;
                }
            }
        } else {
            i += 1;
        }
    }
}

fn pos(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
            ["プロ", "ロダ", "ダク", "クト", "トキ"]
        );
        assert_eq!(texts("鍵"), ["鍵"]);
        assert_eq!(texts("認証の確認"), ["認証", "証ノ", "ノ確", "確認"]);
    }

    #[test]
    fn full_width_and_case_fold_to_the_same_tokens() {
        assert_eq!(texts("ＰｏｗｅｒＳｈｅｌｌ"), texts("PowerShell"));
        assert_eq!(texts("PowerShell"), ["powershell"]);
        assert_eq!(texts("ﾌﾟﾛﾀﾞｸﾄ"), texts("プロダクト"));
    }

    #[test]
    fn command_tokens_and_numbers_stay_whole() {
        assert_eq!(texts("slmgr /dli"), ["slmgr", "/dli", "dli"]);
        assert_eq!(texts("0x800CCC0E"), ["800ccc0e"]);
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
        assert_eq!(texts("Windows11のキー"), ["windows11", "ノキ", "キー"]);
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
