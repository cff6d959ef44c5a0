//! HTML to plain text, just well enough to look for a quote on a page.
//!
//! A full HTML parser would be a heavy dependency for one question ("are these words on the
//! page?"). What matters is that markup inside a sentence (`<b>`, `<a>`, entities) does not
//! hide the words, and that text the reader never sees (scripts, styles, comments) cannot make
//! a quote look present. The scanner below never fails: malformed markup degrades to text.

/// Elements whose content is not page text and is dropped with the element.
const RAW_TEXT: &[&str] = &["script", "style", "noscript", "template", "textarea"];

/// Inline elements that may split a word (`Power<b>Shell</b>`): removed without a space.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "tt", "u", "var", "wbr",
];

/// The visible text of an HTML document: tags, comments and script/style/noscript content
/// removed, character references decoded. Block-level tags become a space so words of
/// adjacent paragraphs do not run together; inline tags vanish so a word split by markup
/// stays one word.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            // Doctype, CDATA section or processing instruction: not text.
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        let name: String = rest[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            // A lone `<` in text, e.g. `a < b`.
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let tag_end = tag_end(rest);
        let self_closing = rest[..tag_end].ends_with("/>");
        rest = &rest[tag_end..];
        if !closing && !self_closing && RAW_TEXT.contains(&name.as_str()) {
            rest = skip_raw_text(rest, &name);
        }
        if !INLINE.contains(&name.as_str()) {
            out.push(' ');
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

/// The byte index just after the `>` closing the tag that starts `s`, skipping `>` inside
/// quoted attribute values; the end of `s` when the tag is never closed.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return i + 1,
            None => {}
        }
    }
    s.len()
}

/// What follows the closing tag `</name ...>` (ASCII case-insensitive); nothing when the
/// element is never closed.
fn skip_raw_text<'a>(s: &'a str, name: &str) -> &'a str {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find("</") {
        let start = from + i;
        let after = start + 2;
        let candidate = bytes.get(after..after + name.len());
        let boundary = bytes.get(after + name.len()).copied();
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes()))
            && boundary.is_none_or(|b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
        {
            return &s[start + tag_end(&s[start..])..];
        }
        from = after;
    }
    ""
}

/// Decodes character references: the common named ones and every numeric one. Unknown or
/// unterminated references stay as written, as browsers mostly do.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_one(rest) {
            Some((decoded, used)) => {
                out.push_str(decoded.as_str());
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the reference at the start of `s` (which starts with `&`): the text and the
/// number of bytes consumed.
fn decode_one(s: &str) -> Option<(String, usize)> {
    let semi = s.bytes().take(40).position(|b| b == b';')?;
    let body = &s[1..semi];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        // NUL, surrogates and out-of-range values become U+FFFD as in the HTML spec.
        let c = char::from_u32(code)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{fffd}');
        c.to_string()
    } else {
        named(body)?.to_string()
    };
    Some((decoded, semi + 1))
}

/// The named references a help page realistically uses.
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "shy" => "\u{ad}",
        "zwsp" => "\u{200b}",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "sbquo" => "\u{201a}",
        "ldquo" => "\u{201c}",
        "rdquo" => "\u{201d}",
        "bdquo" => "\u{201e}",
        "laquo" => "\u{ab}",
        "raquo" => "\u{bb}",
        "lsaquo" => "\u{2039}",
        "rsaquo" => "\u{203a}",
        "ndash" => "\u{2013}",
        "mdash" => "\u{2014}",
        "minus" => "\u{2212}",
        "hellip" => "\u{2026}",
        "bull" => "\u{2022}",
        "middot" => "\u{b7}",
        "copy" => "\u{a9}",
        "reg" => "\u{ae}",
        "trade" => "\u{2122}",
        "deg" => "\u{b0}",
        "times" => "\u{d7}",
        "divide" => "\u{f7}",
        "rarr" => "\u{2192}",
        "larr" => "\u{2190}",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_keeps_words_split_by_inline_markup() {
        let t = html_to_text("<p>Run <b>Power</b>Shell</p><p>as admin</p>");
        assert_eq!(
            t.split_whitespace().collect::<Vec<_>>(),
            ["Run", "PowerShell", "as", "admin"]
        );
    }

    #[test]
    fn drops_scripts_styles_noscript_and_comments() {
        let html = "<head><style>p{color:red}</style><script type=\"x\">var q = 'secret';\
                    </SCRIPT ></head><body><!-- hidden words -->visible<noscript>nojs</noscript>\
                    <script>if (a</b) {}</script>end</body>";
        let t = html_to_text(html);
        assert!(
            !t.contains("secret") && !t.contains("hidden") && !t.contains("nojs"),
            "{t}"
        );
        assert!(!t.contains("color"), "{t}");
        assert!(t.contains("visible") && t.contains("end"), "{t}");
    }

    #[test]
    fn quoted_attributes_may_contain_angle_brackets() {
        let t = html_to_text("<a title=\"a > b\" href='x>y'>link</a> text");
        assert_eq!(t.trim(), "link text");
    }

    #[test]
    fn doctype_cdata_and_lone_less_than() {
        let t = html_to_text("<!DOCTYPE html><p>1 < 2 &amp;&amp; 3 <= 4</p>");
        assert_eq!(t.trim(), "1 < 2 && 3 <= 4");
    }

    #[test]
    fn unterminated_markup_does_not_panic() {
        for s in [
            "<p",
            "<!-- x",
            "<script>never closed",
            "</",
            "<",
            "&",
            "&#",
            "&#x;",
            "<a '>",
        ] {
            let _ = html_to_text(s);
        }
        assert_eq!(html_to_text("a<script>b"), "a ");
    }

    #[test]
    fn decodes_named_and_numeric_references() {
        assert_eq!(
            decode_entities("&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39; doesn&rsquo;t"),
            "<b> & \"x\" 'y' doesn\u{2019}t"
        );
        assert_eq!(
            decode_entities("&ldquo;a&rdquo; &ndash; &mdash; &hellip;"),
            "\u{201c}a\u{201d} \u{2013} \u{2014} \u{2026}"
        );
        assert_eq!(decode_entities("a&nbsp;b"), "a\u{a0}b");
        assert_eq!(decode_entities("&#x30AD;&#12540;&#X41;"), "キーA");
        assert_eq!(
            decode_entities("&#0; &#xD800; &#99999999;"),
            "\u{fffd} \u{fffd} \u{fffd}"
        );
    }

    #[test]
    fn references_next_to_multibyte_text_decode() {
        let jp = "&amp;プロダクトキーまたはデジタルライセンス&hellip;";
        assert_eq!(
            decode_entities(jp),
            "&プロダクトキーまたはデジタルライセンス\u{2026}"
        );
        assert_eq!(decode_entities("キー&プロダクト;"), "キー&プロダクト;");
    }

    #[test]
    fn unknown_and_unterminated_references_stay() {
        assert_eq!(decode_entities("AT&T &bogus; &amp"), "AT&T &bogus; &amp");
    }

    #[test]
    fn decoded_markup_is_text_not_tags() {
        let t = html_to_text("<p>&lt;script&gt;kept&lt;/script&gt;</p>");
        assert_eq!(t.trim(), "<script>kept</script>");
    }
}
