//! The search normaliser (used by the index, and by `kbgen check` to find synonyms that occur
//! in no topic), specified once (`docs/search-index.md`, "Normalisation") and
//! implemented twice: here for the index, in `static/search.js` for queries and for checking
//! matches in a page's text. `tests/search_vectors.rs` generates vectors from this file and runs
//! the JavaScript copy against them under `node`, so the two cannot drift apart.
//!
//! Steps, in order (each works on the output of the one before):
//! 1. Unicode NFKC (full-width Latin and half-width katakana become ordinary characters).
//! 2. Lowercase, one code point at a time.
//! 3. Gaps between CJK characters vanish: a run of white space, punctuation or middle dots with
//!    a CJK character on both sides is removed, so `コマンド プロンプト`, `コマンド・プロンプト`
//!    and `コマンドプロンプト` are one word.
//! 4. A long-vowel mark `ー` that ends a kana word is dropped when at least three characters
//!    remain (`サーバー` = `サーバ`, `コンピューター` = `コンピュータ`, `ぷろだくときー` too); short
//!    words keep it (`キー`). A kana word is a run of one script's letters and `ー`.
//! 5. Hiragana becomes katakana (`ぷろだくと` = `プロダクト`).
//! 6. A hexadecimal number written `0x…` loses its prefix (`0x803F7001` = `803f7001`).

use unicode_normalization::UnicodeNormalization;

/// The long-vowel mark.
const CHOONPU: char = '\u{30FC}';

/// Normalises text for indexing and matching (see the module rules).
pub fn normalize(text: &str) -> String {
    // Most text (ASCII, kana, common kanji) is already NFKC: the quick check avoids
    // decomposing and recomposing every character.
    if unicode_normalization::is_nfkc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        return normalize_nfkc(text);
    }
    let nfkc: String = text.nfkc().collect();
    normalize_nfkc(&nfkc)
}

/// [`normalize`] for text that is already NFKC (the index's document text): steps 2 to 6.
pub fn normalize_nfkc(text: &str) -> String {
    let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let chars = drop_cjk_gaps(&chars);
    let chars = drop_trailing_long_vowels(&chars);
    let chars: Vec<char> = chars.into_iter().map(hiragana_to_katakana).collect();
    drop_hex_prefixes(&chars).into_iter().collect()
}

/// Characters that separate words but vanish between two CJK characters: white space, ASCII
/// punctuation, general punctuation (dashes, quotes, ellipsis), CJK symbols and punctuation
/// (`、。「」` …, but not the letters `々〆〇`) and the katakana middle dot.
pub fn is_gap(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(c as u32,
            0x2010..=0x2027 | 0x2030..=0x205E | 0x3000..=0x3004 | 0x3008..=0x3020 | 0x3030 | 0x30FB)
}

fn drop_cjk_gaps(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_gap(c) && out.last().is_some_and(|&p| is_cjk(p)) {
            let end = (i..chars.len())
                .find(|&k| !is_gap(chars[k]))
                .unwrap_or(chars.len());
            if chars.get(end).is_some_and(|&n| is_cjk(n)) {
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The kana script of a letter (the long-vowel mark belongs to the word it is in).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kana {
    Hiragana,
    Katakana,
}

fn kana_of(c: char) -> Option<Kana> {
    match c as u32 {
        0x3041..=0x3096 | 0x309D..=0x309E => Some(Kana::Hiragana),
        0x30A1..=0x30FA | 0x30FD..=0x30FE | 0x31F0..=0x31FF => Some(Kana::Katakana),
        _ => None,
    }
}

/// Step 4. A kana word is a run of letters of one script (hiragana or katakana) and long-vowel
/// marks; a mark ends it when the next character is neither a mark nor a letter of that script.
fn drop_trailing_long_vowels(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut script: Option<Kana> = None;
    let mut word_len = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        if c == CHOONPU {
            let next = chars.get(i + 1).copied();
            let continues =
                next == Some(CHOONPU) || (script.is_some() && next.and_then(kana_of) == script);
            if script.is_some() && word_len >= 3 && !continues {
                script = None;
                word_len = 0;
                continue;
            }
            word_len += usize::from(script.is_some());
        } else {
            match kana_of(c) {
                Some(s) if Some(s) == script => word_len += 1,
                Some(s) => (script, word_len) = (Some(s), 1),
                None => (script, word_len) = (None, 0),
            }
        }
        out.push(c);
    }
    out
}

fn hiragana_to_katakana(c: char) -> char {
    match c as u32 {
        cp @ (0x3041..=0x3096 | 0x309D..=0x309E) => char::from_u32(cp + 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Whether `c` belongs to a CJK run (Han, kana, `ー`, `々`, Hangul, Bopomofo): the scripts
/// written without spaces between words (or, for Korean, with spaces that do not separate
/// every word), which are searched by bigrams. Chinese and Korean are handled as Japanese is.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF     // Hangul jamo (NFKC turns compatibility jamo into these)
        | 0x2E80..=0x2FDF   // CJK radicals (NFKC turns most into unified ideographs)
        | 0x3040..=0x309F   // Hiragana
        | 0x30A0..=0x30FA   // Katakana (the middle dot U+30FB is a gap, not a letter)
        | 0x30FC..=0x30FF   // ー and the iteration marks
        | 0x3100..=0x312F   // Bopomofo
        | 0x3130..=0x318F   // Hangul compatibility jamo
        | 0x31A0..=0x31BF   // Bopomofo extended
        | 0x31F0..=0x31FF   // Katakana phonetic extensions
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xA960..=0xA97F   // Hangul jamo extended-A
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xD7B0..=0xD7FF   // Hangul jamo extended-B
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0x3005..=0x3007   // 々 〆 〇
        | 0x20000..=0x2FA1F // CJK extensions B to F, compatibility supplement (𠮷)
        | 0x30000..=0x323AF // CJK extensions G and H
    )
}

/// Letters and digits outside CJK runs: what a Latin word is made of.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

fn drop_hex_prefixes(chars: &[char]) -> Vec<char> {
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !is_word_char(chars[i - 1]);
        if starts_word && chars[i] == '0' && chars.get(i + 1) == Some(&'x') {
            let digits = chars[i + 2..]
                .iter()
                .take_while(|c| c.is_ascii_hexdigit())
                .count();
            let end = i + 2 + digits;
            if digits > 0 && !chars.get(end).is_some_and(|&c| is_word_char(c)) {
                i += 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn spaces_dots_and_punctuation_between_cjk_vanish() {
        let one = normalize("コマンドプロンプト");
        assert_eq!(normalize("コマンド プロンプト"), one);
        assert_eq!(normalize("コマンド・プロンプト"), one);
        assert_eq!(normalize("コマンド　プロンプト"), one);
        assert_eq!(normalize("ｺﾏﾝﾄﾞ･ﾌﾟﾛﾝﾌﾟﾄ"), one);
        // Between Latin words, or Latin and CJK, spaces stay.
        assert_eq!(normalize("slmgr /dli"), "slmgr /dli");
        assert_eq!(normalize("中古 PC"), "中古 pc");
        // Letters that look like punctuation stay.
        assert_eq!(normalize("人々 〇"), "人々〇");
    }

    #[test]
    fn trailing_long_vowel_is_optional_for_longer_katakana_words() {
        assert_eq!(normalize("サーバー"), normalize("サーバ"));
        assert_eq!(normalize("インストールID"), "インストールid");
        assert_eq!(normalize("コンピューター"), normalize("コンピュータ"));
        assert_eq!(normalize("キー"), "キー");
        assert_eq!(normalize("キーボード"), "キーボード");
        assert_eq!(normalize("ユーザーの"), "ユーザノ");
        // Inside a word the mark stays.
        assert_eq!(normalize("サーバーソフト"), "サーバーソフト");
    }

    #[test]
    fn hiragana_folds_to_katakana() {
        assert_eq!(normalize("ぷろだくときー"), normalize("プロダクトキー"));
        assert_eq!(normalize("ゝ"), "ヽ");
        assert_eq!(normalize("プロダクトキーを"), "プロダクトキヲ");
    }

    #[test]
    fn hex_prefix_is_optional() {
        assert_eq!(normalize("0x803F7001"), "803f7001");
        assert_eq!(normalize("803F7001"), "803f7001");
        assert_eq!(normalize("エラー0xC004C003。"), "エラーc004c003。");
        // Not a hex number: stays.
        assert_eq!(normalize("0xg1"), "0xg1");
        assert_eq!(normalize("a0x12"), "a0x12");
        assert_eq!(normalize("0x"), "0x");
    }

    #[test]
    fn full_width_and_case() {
        assert_eq!(normalize("ＰｏｗｅｒＳｈｅｌｌ"), "powershell");
    }
}
