//! Compact encodings of the search index's two bulky parts, both plain ASCII inside the JSON of
//! a shard (see `docs/search-index.md`, "Encodings"): posting lists as base64 varints, and each
//! page's searchable text deflated (zlib) then base64-encoded. A query downloads a few term
//! shards and the text of the pages it checks; these encodings cut both (postings to about 40 %
//! of JSON number arrays, page text to about 60 % of its UTF-8) and put the index on disk below
//! Pagefind's, whose files are gzipped too.

use base64::Engine as _;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::io::Write as _;

/// The 64 digits of a varint, in value order: the URL-safe base64 alphabet, so a posting string
/// never needs escaping in JSON or a script.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends `n` as a little-endian base-32 varint, one digit per 5 bits; a digit of 32 or more
/// means "more digits follow". Numbers below 32 (most doc-id gaps and weights) take one byte.
pub fn push_varint(out: &mut String, mut n: u32) {
    while n >= 32 {
        out.push(char::from(DIGITS[(32 | (n & 31)) as usize]));
        n >>= 5;
    }
    out.push(char::from(DIGITS[n as usize]));
}

/// `numbers` as one varint string (see [`push_varint`]).
pub fn varints(numbers: &[u32]) -> String {
    let mut out = String::with_capacity(numbers.len() * 2);
    for &n in numbers {
        push_varint(&mut out, n);
    }
    out
}

/// `text` deflated (zlib, fast level: the build compresses every page and the ratio differs
/// from the default level by about 2 %) and base64-encoded with padding, the format the
/// browser's `DecompressionStream("deflate")` reads after `atob`.
pub fn packed_text(text: &str) -> String {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(text.len() / 2), Compression::fast());
    // Writing into a Vec cannot fail.
    let bytes = match encoder.write_all(text.as_bytes()) {
        Ok(()) => encoder.finish().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use std::io::Read as _;

    /// The decoder the client implements, in Rust, to check the encoder against.
    fn decode_varints(s: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let (mut n, mut shift) = (0u32, 0);
        for b in s.bytes() {
            let d = DIGITS.iter().position(|&x| x == b).expect("digit") as u32;
            n |= (d & 31) << shift;
            if d >= 32 {
                shift += 5;
            } else {
                out.push(n);
                n = 0;
                shift = 0;
            }
        }
        out
    }

    #[test]
    fn varints_round_trip_and_small_numbers_take_one_digit() {
        let numbers = [0, 1, 31, 32, 1023, 1024, 40_000, u32::MAX];
        assert_eq!(decode_varints(&varints(&numbers)), numbers);
        assert_eq!(varints(&[0, 5, 31]), "AFf");
        assert_eq!(varints(&[32]).len(), 2);
        assert!(varints(&[u32::MAX])
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn packed_text_inflates_to_the_text() {
        let text = "プロダクトキー\nslmgr /dli\n".repeat(20);
        let packed = packed_text(&text);
        assert!(packed.len() < text.len(), "repetitive text shrinks");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(packed)
            .expect("base64");
        let mut back = String::new();
        ZlibDecoder::new(&bytes[..])
            .read_to_string(&mut back)
            .expect("zlib");
        assert_eq!(back, text);
    }
}
