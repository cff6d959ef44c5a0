//! Where each page lives in the output and how pages link to each other. Every link is
//! relative and names a file, so one build works at `/`, under a sub-path and on `file://`.

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

/// Output path of a topic page.
pub fn topic(lang: &str, id: &str) -> String {
    format!("{lang}/{id}.html")
}

/// Output path of a category page.
pub fn category(lang: &str, id: &str) -> String {
    format!("{lang}/categories/{id}.html")
}

pub use crate::content::model::RESERVED_TOPIC_IDS;

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

#[cfg(test)]
mod tests {
    use super::*;

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
