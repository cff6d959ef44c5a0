//! The one URL policy, at the bottom of the module graph because both the linter (KB025, which
//! reports a refused URL at its position in a topic) and the renderer (which refuses to write a
//! page containing one) apply it.

/// The one URL policy for every `href` and `src` kbgen emits, whatever the lint levels:
/// relative URLs and `https:`, `http:` and `mailto:` only. The scheme is read the way a
/// browser reads it (leading spaces and controls ignored, tabs and newlines removed, any case).
pub fn allowed(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    // As the URL standard's parser: text before the colon that is not a scheme (`a/b:c`,
    // `?x:y`, `a%5B:b`, `:x`) makes the URL relative.
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        return true;
    }
    ["https", "http", "mailto"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::allowed;

    #[test]
    fn relative_and_web_urls_only() {
        for ok in [
            "a.html",
            "../x",
            "#a",
            "https://x",
            "HTTP://x",
            "mailto:a@b",
            "a/b:c",
            "?x:y",
        ] {
            assert!(allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:x",
            " JavaScript:x",
            "java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!allowed(bad), "{bad}");
        }
    }
}
