//! Where each page lives in the output and how pages link to each other. Every link is
//! relative and names a file, so one build works at `/`, under a sub-path and on `file://`.

/// Output path of the stylesheet of highlighted code (generated, not copied from `static/`).
pub const HIGHLIGHT_CSS: &str = "static/highlight.css";

/// Output path of a file copied from the project's `static/` folder (`rel` is relative to it).
pub fn static_file(rel: &str) -> String {
    format!("static/{rel}")
}

/// Output path of a language's home.
pub fn home(lang: &str) -> String {
    format!("{lang}/index.html")
}

/// Output path of a language's search page.
pub fn search(lang: &str) -> String {
    format!("{lang}/search.html")
}

/// Output path of a language's 404 page (the site root also has `404.html`, in the default
/// language, for servers that need one error page).
pub fn not_found(lang: &str) -> String {
    format!("{lang}/404.html")
}

/// Output folder of a language's search index (`meta.js`, term and document shards).
pub fn search_index_dir(lang: &str) -> String {
    format!("{lang}/search")
}

/// Output path of a topic page.
pub fn topic(lang: &str, id: &str) -> String {
    format!("{lang}/{id}.html")
}

/// Output path of a category page.
pub fn category(lang: &str, id: &str) -> String {
    format!("{lang}/categories/{id}.html")
}

/// Output path of the page listing the topics of one tag or edition (`folder` is
/// [`crate::render::terms::Facet::folder`], `slug` the term's [`crate::render::terms::slug`]).
pub fn term(lang: &str, folder: &str, slug: &str) -> String {
    format!("{lang}/{folder}/{slug}.html")
}

/// Output path of the page listing every tag (or every edition) of a language.
pub fn terms(lang: &str, folder: &str) -> String {
    format!("{lang}/{folder}/index.html")
}

/// `text` percent-encoded as a URL component (as JavaScript's `encodeURIComponent`): for
/// filling a template such as `[feedback] url`.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A URL as a person reads it: percent-escapes that spell non-ASCII UTF-8 text decoded
/// (`%E3%83%A9` → `ラ`), every ASCII escape (`%20`, `%2F`, `%3F`) kept so the text still means
/// the same address. For printing and showing source URLs; never for `href`.
pub fn readable(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // A run of escapes of non-ASCII bytes, decoded when it is valid UTF-8.
        let mut run = Vec::new();
        let mut j = i;
        while j + 2 < bytes.len() && bytes[j] == b'%' {
            let Some(b) = std::str::from_utf8(&bytes[j + 1..j + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .filter(|b| *b >= 0x80)
            else {
                break;
            };
            run.push(b);
            j += 3;
        }
        if !run.is_empty() {
            match std::str::from_utf8(&run) {
                Ok(text) if !text.chars().any(|c| c.is_control() || c.is_whitespace()) => {
                    out.extend_from_slice(text.as_bytes());
                }
                _ => out.extend_from_slice(&bytes[i..j]),
            }
            i = j;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| url.to_string())
}

pub use crate::content::model::RESERVED_TOPIC_IDS;

/// The placeholder for a language code in [`UrlLayout`] patterns.
pub const LANG: &str = "{lang}";

/// Where a page finds every language's folder, search index and search page: URL patterns
/// relative to the page with [`LANG`] for the language code. Pages carry them (on the search
/// form) so `search.js` learns the layout from here instead of assuming it.
#[derive(Debug, Clone, serde::Serialize, Hash)]
pub struct UrlLayout {
    /// A language's folder (its home, topics and categories are below it).
    pub lang_url: String,
    /// A language's search index folder.
    pub index_url: String,
    /// A language's search page.
    pub search_page_url: String,
}

/// The [`UrlLayout`] as seen from the page at `from`.
pub fn layout_from(from: &str) -> UrlLayout {
    let folder = |file: String| {
        file.rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"))
    };
    UrlLayout {
        lang_url: folder(relative(from, &home(LANG))),
        index_url: folder(relative(
            from,
            &format!("{}/meta.js", search_index_dir(LANG)),
        )),
        search_page_url: relative(from, &search(LANG)),
    }
}

/// The prefix from `page` back to the site root: `""`, `"../"`, `"../../"`.
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The relative URL from the page at `from` to the file at `to` (both root-relative paths).
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

pub use crate::url_policy::allowed;

/// Every `href`, `src`, `action`, `formaction`, `poster` and `srcset` value of an HTML page,
/// entity-decoded as a browser would, that [`allowed`] refuses. A last check on the pages
/// themselves, so no template, raw HTML or future code path can emit such a URL.
pub fn refused_in_page(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut in_tag = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !in_tag {
            if b == b'<' {
                in_tag = true;
            }
            i += 1;
            continue;
        }
        match b {
            b'>' => {
                in_tag = false;
                i += 1;
            }
            b'"' | b'\'' => {
                // A quoted value of an attribute we do not check.
                i = html[i + 1..]
                    .find(b as char)
                    .map_or(bytes.len(), |j| i + j + 2);
            }
            _ if b.is_ascii_whitespace() => {
                let start = i + 1;
                let Some(name) = ATTRS.iter().find(|a| {
                    lower[start..].starts_with(**a)
                        && lower[start + a.len()..].trim_start().starts_with('=')
                }) else {
                    i += 1;
                    continue;
                };
                let mut j = start + name.len();
                j += lower[j..].len() - lower[j..].trim_start().len() + 1;
                j += lower[j..].len() - lower[j..].trim_start().len();
                let (value, end) = match bytes.get(j) {
                    Some(q @ (b'"' | b'\'')) => {
                        let close = html[j + 1..]
                            .find(*q as char)
                            .map_or(bytes.len(), |k| j + 1 + k);
                        (&html[j + 1..close], close + 1)
                    }
                    _ => {
                        let close = html[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(bytes.len(), |k| j + k);
                        (&html[j..close], close)
                    }
                };
                if refused_value(name, value) {
                    out.push(format!("{name}=\"{value}\""));
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// The attributes whose values are URLs.
const ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "srcset",
    "xlink:href",
];

/// Whether an attribute value, entity-decoded, holds a URL [`allowed`] refuses (`srcset`
/// holds several).
fn refused_value(name: &str, value: &str) -> bool {
    let decoded = decode_entities(value);
    if name == "srcset" {
        decoded
            .split(',')
            .filter_map(|c| c.split_whitespace().next())
            .any(|c| !allowed(c))
    } else {
        !allowed(&decoded)
    }
}

/// Decodes numeric character references and the named ones that can spell a scheme.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .map_or(rest.len(), |(k, _)| k);
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "sol" => Some('/'),
                "num" => Some('#'),
                "quest" => Some('?'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_is_relative_to_the_page() {
        let l = layout_from("ja/check.html");
        assert_eq!(l.lang_url, "../{lang}/");
        assert_eq!(l.index_url, "../{lang}/search/");
        assert_eq!(l.search_page_url, "../{lang}/search.html");
        let root = layout_from("index.html");
        assert_eq!(root.lang_url, "{lang}/");
        let deep = layout_from("en/categories/keys.html");
        assert_eq!(deep.index_url, "../../{lang}/search/");
    }

    #[test]
    fn url_policy_allows_relative_http_https_mailto_only() {
        for good in [
            "a.html",
            "../ja/a.html#x",
            "#top",
            "?q=a:b",
            "static/a:b.png",
            "https://learn.microsoft.com/x",
            "HTTP://a",
            "mailto:help@example.com",
            "",
            ":x",
            // Found by fuzzing (markdown target): not a scheme, so a relative URL.
            "supp%5B^t-preparationxlink:href.html",
        ] {
            assert!(allowed(good), "{good:?}");
        }
        for bad in [
            "javascript:alert(1)//support.microsoft.com/x",
            "JAVASCRIPT:x",
            "  javascript:x",
            "\u{1}javascript:x",
            "java\nscript:x",
            "jav\tascript:x",
            "data:text/html;base64,x",
            "vbscript:x",
            "file:///etc/passwd",
            "ms-settings:activation",
            "a:b",
        ] {
            assert!(!allowed(bad), "{bad:?}");
        }
    }

    #[test]
    fn pages_are_scanned_for_refused_urls_in_any_spelling() {
        let ok = r#"<a href="a.html">x</a><img src='https://a/b.png' alt="javascript:x"><p title="href=javascript:x">"#;
        assert!(refused_in_page(ok).is_empty(), "{:?}", refused_in_page(ok));
        for bad in [
            r#"<a href="javascript:alert(1)">"#,
            r#"<a class="x" HREF = 'JavaScript:alert(1)'>"#,
            r#"<a href=javascript:alert(1)>"#,
            r#"<a href="javascript&#58;alert(1)">"#,
            r#"<a href="javascript&#x3A;alert(1)">"#,
            r#"<a href="javascript&colon;alert(1)">"#,
            r#"<a href="java&Tab;script:alert(1)">"#,
            r#"<img src="data:image/svg+xml,x">"#,
            r#"<img srcset="a.png 1x, javascript:x 2x">"#,
            "<form action=\"javascript:x\">",
            "<a\nhref=\"vbscript:x\">",
        ] {
            assert_eq!(refused_in_page(bad).len(), 1, "{bad}");
        }
    }

    #[test]
    fn urls_read_as_text_keep_their_meaning() {
        assert_eq!(
            readable("https://learn.microsoft.com/ja-jp/a/%E3%83%A9%E3%82%A4%E3%82%BB%E3%83%B3%E3%82%B9?x=%20y#%E3%81%82"),
            "https://learn.microsoft.com/ja-jp/a/ライセンス?x=%20y#あ"
        );
        // Not UTF-8, or not an escape: left as written.
        assert_eq!(readable("https://a/%E3%83"), "https://a/%E3%83");
        assert_eq!(readable("https://a/%zz%"), "https://a/%zz%");
        assert_eq!(readable("https://a/%2F%E3%80%80"), "https://a/%2F%E3%80%80");
        assert_eq!(encode_component("a b/ラ&"), "a%20b%2F%E3%83%A9%26");
    }

    #[test]
    fn relative_urls_point_to_files() {
        assert_eq!(relative("ja/a.html", "ja/b.html"), "b.html");
        assert_eq!(relative("ja/a.html", "en/a.html"), "../en/a.html");
        assert_eq!(relative("index.html", "ja/index.html"), "ja/index.html");
        assert_eq!(
            relative("ja/categories/keys.html", "ja/a.html"),
            "../a.html"
        );
        assert_eq!(
            relative("ja/categories/keys.html", "static/kbgen.css"),
            "../../static/kbgen.css"
        );
        assert_eq!(root_of("ja/categories/keys.html"), "../../");
        assert_eq!(root_of("404.html"), "");
    }
}
