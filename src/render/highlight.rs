//! Server-side syntax highlighting: the only module that knows syntect exists.
//!
//! Output uses CSS classes (`hl-*`), never inline styles, so one stylesheet carries a light and
//! a dark theme and the pages stay CSP-clean. PowerShell comes from two-face's extra grammar set.
//! Results are cached by (language, code) because the same commands recur across translations.
//! Work is bounded: very long inputs are escaped, not highlighted.

use super::shells::Token;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
const MAX_CODE_BYTES: usize = 256 * 1024;
const MAX_LINE_BYTES: usize = 4 * 1024;
/// Highlighted blocks kept (other languages than the shells'); the cache is emptied when full.
const MAX_CACHED: usize = 4096;

/// Highlights code to HTML spans; cheap to share between threads.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    cache: Mutex<HashMap<(String, String), Arc<str>>>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// Loads the grammars (syntect's plus two-face's, which include PowerShell).
    pub fn new() -> Self {
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The canonical syntax name for a fence language or a command shell, if kbgen highlights it.
    pub fn syntax_name(lang: &str) -> Option<&'static str> {
        Some(match lang.to_ascii_lowercase().as_str() {
            "ps1" | "pwsh" | "powershell" | "posh" => "PowerShell",
            "bat" | "cmd" | "batch" | "console" | "dos" => "Batch File",
            "sh" | "bash" | "shell" | "zsh" => "Bourne Again Shell (bash)",
            "toml" => "TOML",
            "yaml" | "yml" => "YAML",
            "json" => "JSON",
            "xml" => "XML",
            "html" => "HTML",
            "reg" | "ini" => "INI",
            _ => return None,
        })
    }

    fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        match Self::syntax_name(lang) {
            Some(name) => self.syntaxes.find_syntax_by_name(name),
            None => self.syntaxes.find_syntax_by_token(lang),
        }
    }

    /// HTML for `code` (escaped, with `hl-*` spans when the language is known). No `<pre>`.
    pub fn highlight(&self, lang: &str, code: &str) -> Arc<str> {
        // PowerShell and the command prompt have their own single-pass lexers (see
        // [`super::shells`]): faster than a cache lookup, so they are not cached.
        if code.len() <= MAX_CODE_BYTES {
            match Self::syntax_name(lang) {
                Some("PowerShell") => return super::shells::powershell(code).into(),
                Some("Batch File") => return super::shells::batch(code).into(),
                _ => {}
            }
        }
        let key = (lang.to_ascii_lowercase(), code.to_string());
        if let Some(hit) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return hit;
        }
        let html: Arc<str> = Arc::from(self.render(lang, code));
        if let Ok(mut c) = self.cache.lock() {
            // Bounded: a site with endless distinct blocks (or a fuzzer) must not grow memory.
            if c.len() >= MAX_CACHED {
                c.clear();
            }
            c.insert(key, html.clone());
        }
        html
    }

    fn render(&self, lang: &str, code: &str) -> String {
        let too_big = code.len() > MAX_CODE_BYTES || code.lines().any(|l| l.len() > MAX_LINE_BYTES);
        let Some(syntax) = self.syntax(lang).filter(|_| !too_big) else {
            return escape_html(code);
        };
        let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, STYLE);
        for line in LinesWithEndings::from(code) {
            if gen
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return escape_html(code);
            }
        }
        gen.finalize()
    }

    /// The stylesheet for both themes: light by default, dark under `data-theme="dark"` or
    /// when the system prefers dark and the reader did not choose light.
    pub fn stylesheet() -> String {
        let themes = ThemeSet::load_defaults();
        let css = |name: &str| {
            themes
                .themes
                .get(name)
                .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
                .unwrap_or_default()
        };
        // Token colours are nudged until they reach WCAG AA (4.5:1) against the code-block
        // backgrounds of static/kbgen.css (--kb-code-bg), so no theme colour fails contrast.
        let light = ensure_contrast(
            &(css("InspiredGitHub") + &shell_css(&LIGHT_TOKENS)),
            LIGHT_CODE_BG,
        );
        let dark = ensure_contrast(
            &(css("base16-ocean.dark") + &shell_css(&DARK_TOKENS)),
            DARK_CODE_BG,
        );
        let mut out = String::from("/* generated by kbgen from syntect themes: InspiredGitHub (light), base16-ocean.dark (dark) */\n");
        out.push_str(&scope(&light, ":root"));
        out.push_str(&scope(&dark, ":root[data-theme=\"dark\"]"));
        out.push_str("@media (prefers-color-scheme: dark) {\n");
        out.push_str(&scope(&dark, ":root:not([data-theme=\"light\"])"));
        out.push_str("}\n");
        out
    }
}

/// Colours of the shell lexers' classes, in [`Token::ALL`] order (GitHub's palettes), light.
const LIGHT_TOKENS: [&str; 11] = [
    "6a737d", "032f62", "d73a49", "e36209", "6f42c1", "005cc5", "005cc5", "d73a49", "22863a",
    "22863a", "005cc5",
];
/// The same, dark.
const DARK_TOKENS: [&str; 11] = [
    "8b949e", "a5d6ff", "ff7b72", "ffa657", "d2a8ff", "79c0ff", "79c0ff", "ff7b72", "7ee787",
    "7ee787", "79c0ff",
];

/// The rules for [`super::shells`]' classes, in the flat format [`scope`] and
/// [`ensure_contrast`] read.
fn shell_css(colours: &[&str; 11]) -> String {
    let mut css = String::new();
    for (token, colour) in Token::ALL.iter().zip(colours) {
        css.push_str(&format!(".{} {{\n color: #{colour};\n", token.class()));
        if *token == Token::Comment {
            css.push_str(" font-style: italic;\n");
        }
        css.push_str("}\n");
    }
    css
}

/// `--kb-code-bg` of the light theme in static/kbgen.css.
const LIGHT_CODE_BG: [u8; 3] = [0xf6, 0xf8, 0xfa];
/// `--kb-code-bg` of the dark theme in static/kbgen.css.
const DARK_CODE_BG: [u8; 3] = [0x15, 0x1b, 0x23];
const MIN_CONTRAST: f64 = 4.6;

fn luminance(c: [u8; 3]) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Rewrites every `color: #rrggbb` so it reaches [`MIN_CONTRAST`] against `bg`, moving it
/// toward black on light backgrounds and toward white on dark ones.
fn ensure_contrast(css: &str, bg: [u8; 3]) -> String {
    let target: f64 = if luminance(bg) > 0.5 { 0.0 } else { 255.0 };
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let t = line.trim();
        let hex = t
            .strip_prefix("color: #")
            .and_then(|r| r.strip_suffix(';'))
            .filter(|h| h.len() == 6);
        let parsed = hex.and_then(|h| {
            let p = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
            Some([p(0)?, p(2)?, p(4)?])
        });
        match parsed {
            Some(mut c) => {
                let mut step = 0;
                while contrast(c, bg) < MIN_CONTRAST && step < 40 {
                    c = c.map(|v| (f64::from(v) + (target - f64::from(v)) * 0.1).round() as u8);
                    step += 1;
                }
                out.push_str(&format!(" color: #{:02x}{:02x}{:02x};\n", c[0], c[1], c[2]));
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Prefixes every selector of a flat stylesheet with `prefix`, and drops background colours
/// (the page stylesheet owns code-block backgrounds).
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::new();
    for line in css.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("/*") || trimmed.is_empty() {
            continue;
        }
        if let Some(selectors) = trimmed.strip_suffix('{') {
            let scoped: Vec<String> = selectors
                .split(',')
                .map(|s| format!("{prefix} {}", s.trim()))
                .collect();
            out.push_str(&scoped.join(", "));
            out.push_str(" {\n");
        } else if trimmed.starts_with("background-color") {
            continue;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values (single- or double-quoted):
/// `&`, `<`, `>`, `"` and `'`, through the maintained `html-escape` crate rather than a copy
/// of our own.
pub fn escape_html(s: &str) -> String {
    html_escape::encode_quoted_attribute(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powershell_and_cmd_are_really_highlighted() {
        let h = Highlighter::new();
        for lang in ["powershell", "ps1", "pwsh"] {
            let html = h.highlight(
                lang,
                "(Get-CimInstance -ClassName SoftwareLicensingService).OA3xOriginalProductKey\n",
            );
            assert!(
                html.contains("<span class=\"hl-fn\">Get-CimInstance</span>")
                    && html.contains("<span class=\"hl-pa\">-ClassName</span>"),
                "{lang}: {html}"
            );
        }
        for lang in ["cmd", "bat", "batch"] {
            let html = h.highlight(
                lang,
                "wmic path softwarelicensingservice get OA3xOriginalProductKey\n",
            );
            assert!(
                html.contains("<span class=\"hl-fn\">wmic</span>"),
                "{lang}: {html}"
            );
        }
    }

    #[test]
    fn unknown_languages_are_escaped_plain_text() {
        let h = Highlighter::new();
        assert_eq!(&*h.highlight("text", "<script>"), "&lt;script&gt;");
    }

    #[test]
    fn stylesheet_has_both_themes_and_no_inline_backgrounds() {
        let css = Highlighter::stylesheet();
        assert!(css.contains(":root[data-theme=\"dark\"] .hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(!css.contains("background-color"));
        assert!(!css.contains("url("));
    }

    #[test]
    fn every_token_colour_meets_wcag_aa_on_its_background() {
        let css = Highlighter::stylesheet();
        let (light, dark) = css
            .split_once(":root[data-theme=\"dark\"]")
            .expect("two themes");
        for (part, bg) in [(light, LIGHT_CODE_BG), (dark, DARK_CODE_BG)] {
            for hex in part
                .lines()
                .filter_map(|l| l.trim().strip_prefix("color: #"))
            {
                let h = hex.trim_end_matches(';');
                let c = [0, 2, 4].map(|i| u8::from_str_radix(&h[i..i + 2], 16).expect("hex"));
                assert!(
                    contrast(c, bg) >= 4.5,
                    "#{h} has contrast {:.2}",
                    contrast(c, bg)
                );
            }
        }
    }
}
