//! The 404 page at any depth: `kbgen serve` answers a missing URL with the 404 page of the
//! URL's language, in place (status 404, the address bar keeps the typo). Its links are written
//! relative to where the page lives (`en/404.html`), so when the missing URL sits at another
//! depth (`/en/a/b/typo.html`) they are rebased to it: every page-relative URL attribute
//! (`href`, `src`, `action`, `data-*-url`) is resolved against the page's own path and made
//! relative to the requested one.

use crate::render::urls;

/// The output path of the 404 page for a missing `key`: the one of the URL's language folder
/// when the site has it (`en/typo.html` → `en/404.html`), else the site's `404.html`.
pub fn page_for(key: &str, exists: impl Fn(&str) -> bool) -> String {
    key.split_once('/')
        .map(|(first, _)| format!("{first}/404.html"))
        .filter(|p| exists(p))
        .unwrap_or_else(|| "404.html".to_string())
}

/// `html` (the page at `page`) with its page-relative URLs rewritten to work from `request`
/// (a root-relative path such as `en/a/b/typo.html`). Unchanged when both are in one folder.
pub fn rebase(html: &str, page: &str, request: &str) -> String {
    if folder(page) == folder(request) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some((before, name, value, after)) = next_url_attribute(rest) {
        out.push_str(before);
        out.push_str(name);
        out.push_str(&rebase_url(value, page, request));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The folder part of a root-relative path (`en/a.html` → `en/`).
fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..=i])
}

/// The next `name="value"` of a URL attribute: (text before, `name="`, value, text from the
/// closing quote on).
fn next_url_attribute(html: &str) -> Option<(&str, &str, &str, &str)> {
    let mut from = 0;
    while let Some(i) = html[from..].find("=\"").map(|i| i + from) {
        let name_start = html[..i]
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |s| s + 1);
        let name = &html[name_start..i];
        let value_start = i + 2;
        let len = html[value_start..].find('"')?;
        let is_url = matches!(name, "href" | "src" | "action")
            || (name.starts_with("data-") && name.ends_with("-url"));
        if is_url {
            return Some((
                &html[..name_start],
                &html[name_start..value_start],
                &html[value_start..value_start + len],
                &html[value_start + len..],
            ));
        }
        from = value_start + len;
    }
    None
}

/// One URL value, rebased when it is page-relative.
fn rebase_url(value: &str, page: &str, request: &str) -> String {
    let absolute = value.starts_with(['#', '/', '?'])
        || value.is_empty()
        || value
            .find(':')
            .is_some_and(|c| !value[..c].contains(['/', '?', '#']));
    if absolute {
        return value.to_string();
    }
    let split = value.find(['?', '#']).unwrap_or(value.len());
    let (path, suffix) = value.split_at(split);
    let target = resolve(folder(page), path);
    let mut out = urls::relative(request, &target);
    if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(suffix);
    out
}

/// `path` resolved against the root-relative folder `base` (`..` never climbs above the root).
fn resolve(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            ".." => {
                parts.pop();
                if last {
                    parts.push("");
                }
            }
            "." if last => parts.push(""),
            "." | "" if !last => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_rebased_to_the_requested_depth() {
        let html = r##"<link rel="stylesheet" href="../static/kbgen.css"><a href="index.html">home</a> <a class="x" href="#main">skip</a><form action="search.html" data-lang-url="../{lang}/" data-index-url="../{lang}/search/"><a href="https://example.com/a">e</a><a href="../en/404.html#top">en</a>"##;
        let out = rebase(html, "ja/404.html", "ja/a/b/typo.html");
        assert!(out.contains(r#"href="../../../static/kbgen.css""#), "{out}");
        assert!(out.contains(r#"href="../../index.html""#), "{out}");
        assert!(out.contains(r##"href="#main""##), "{out}");
        assert!(out.contains(r#"class="x""#), "{out}");
        assert!(out.contains(r#"action="../../search.html""#), "{out}");
        assert!(out.contains(r#"data-lang-url="../../../{lang}/""#), "{out}");
        assert!(
            out.contains(r#"data-index-url="../../../{lang}/search/""#),
            "{out}"
        );
        assert!(out.contains(r#"href="https://example.com/a""#), "{out}");
        assert!(
            out.contains(r##"href="../../../en/404.html#top""##),
            "{out}"
        );
    }

    #[test]
    fn same_folder_is_unchanged_and_the_root_page_rebases_down() {
        let html = r#"<a href="../static/x.css">"#;
        assert_eq!(rebase(html, "ja/404.html", "ja/typo.html"), html);
        let out = rebase(r#"<a href="ja/index.html">"#, "404.html", "xx/y/z.html");
        assert_eq!(out, r#"<a href="../../ja/index.html">"#);
    }

    #[test]
    fn the_language_folder_picks_the_page() {
        let exists = |p: &str| p == "en/404.html" || p == "ja/404.html";
        assert_eq!(page_for("en/a/b.html", exists), "en/404.html");
        assert_eq!(page_for("de/a.html", exists), "404.html");
        assert_eq!(page_for("typo.html", exists), "404.html");
    }
}
