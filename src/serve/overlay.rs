//! What the browser shows when a rebuild fails: the payload of the `problems` event and the two
//! files under [`super::PREFIX`] that draw it.
//!
//! Pages carry a strict CSP (`script-src 'self'`, `style-src 'self'`, no inline code), so the
//! overlay is built by an external script with DOM APIs (`textContent` only, never `innerHTML`:
//! messages quote the writer's text) and styled by an external stylesheet.

use crate::diag::{Diagnostic, Severity, Tally};
use crate::error::Error;
use crate::report;
use crate::source_text::SourceMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// The live-reload client: connects to the event stream, reloads on `reload`, draws the overlay
/// on `problems` and removes it on `clear`.
pub const RELOAD_JS: &str = include_str!("assets/reload.js");

/// The overlay's stylesheet, loaded by [`RELOAD_JS`] next to itself.
pub const OVERLAY_CSS: &str = include_str!("assets/overlay.css");

/// One problem as the overlay lists it: the location first, since that is what the writer needs
/// to jump to the mistake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `file:line:col` (or just `file` when the whole file is at fault), root-relative.
    pub location: String,
    /// `error` or `warning`.
    pub severity: String,
    /// Rule code such as `KB000`, or `template` / `config` / `io` for fatal build errors.
    pub code: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
}

/// The whole `problems` event: a headline, the list, and the terminal's text (with source
/// snippets and carets) for those who want the detail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problems {
    /// One line, e.g. "2 errors, 0 warnings in 40 topics" (English; the overlay words it in
    /// the page's language from `counts` and `labels` when the project's UI strings have the
    /// `overlay_*` keys).
    pub summary: String,
    /// The errors, root causes first (a file that does not parse before what follows from it);
    /// warnings do not stop a build, so they stay in the terminal.
    pub problems: Vec<Problem>,
    /// The same report the terminal printed, without colours.
    pub text: String,
    /// The numbers behind `summary`.
    pub counts: Counts,
    /// Files that do not parse and hide dependent findings (see [`crate::diag::Hidden`]).
    pub hidden_roots: Vec<String>,
    /// The overlay's words per language: the project's `overlay_*` UI strings.
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
}

/// Counts for the overlay's headline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Topics loaded.
    pub topics: usize,
    /// Dependent findings hidden behind files that do not parse.
    pub hidden: usize,
}

/// The `overlay_*` strings of every language, for [`Problems::labels`].
pub fn labels_from(
    strings: &BTreeMap<String, crate::i18n::Strings>,
) -> BTreeMap<String, BTreeMap<String, String>> {
    strings
        .iter()
        .map(|(lang, s)| {
            let own = s
                .iter()
                .filter(|(k, _)| k.starts_with("overlay_"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (lang.clone(), own)
        })
        .collect()
}

impl Problems {
    /// The payload for a build that stopped on content errors.
    pub fn from_diagnostics(diags: &[Diagnostic], files: &SourceMap, topics: usize) -> Problems {
        let errors: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        let tally = Tally::of(diags);
        Problems {
            summary: report::summary(tally, topics),
            problems: errors.iter().map(problem_of).collect(),
            text: report::human(&errors, files, false),
            counts: Counts {
                errors: tally.errors,
                warnings: tally.warnings,
                topics,
                hidden: 0,
            },
            hidden_roots: Vec::new(),
            labels: BTreeMap::new(),
        }
    }

    /// The payload for a build that could not run at all (invalid `book.toml` or UI strings, a
    /// template that does not parse or render, unreadable files).
    pub fn from_error(e: &Error) -> Problems {
        match e {
            Error::Invalid { files, diagnostics } => {
                let mut p = Problems::from_diagnostics(diagnostics, files, 0);
                p.summary = "the configuration is invalid".into();
                p
            }
            Error::Io { path, source } => Problems {
                summary: "a file could not be read".into(),
                problems: vec![Problem {
                    location: path.to_string_lossy().replace('\\', "/"),
                    severity: "error".into(),
                    code: "io".into(),
                    message: source.to_string(),
                    help: None,
                }],
                text: e.to_string(),
                counts: Counts {
                    errors: 1,
                    ..Counts::default()
                },
                hidden_roots: Vec::new(),
                labels: BTreeMap::new(),
            },
            other => Problems {
                summary: "the build failed".into(),
                problems: vec![Problem {
                    location: String::new(),
                    severity: "error".into(),
                    code: "build".into(),
                    message: other.to_string(),
                    help: None,
                }],
                text: other.to_string(),
                counts: Counts {
                    errors: 1,
                    ..Counts::default()
                },
                hidden_roots: Vec::new(),
                labels: BTreeMap::new(),
            },
        }
    }

    /// The JSON sent as the event's data.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

fn problem_of(d: &Diagnostic) -> Problem {
    Problem {
        location: d.location(),
        severity: d.severity.to_string(),
        code: d.code.to_string(),
        message: d.message.clone(),
        help: d.help.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use crate::source_text::SourceText;
    use std::path::Path;
    use std::sync::Arc;

    #[test]
    fn template_errors_point_into_templates() {
        let files = crate::render::templates::REQUIRED.iter().map(|n| {
            let text = if *n == "base.html" {
                "ok\n{{ x | nosuchfilter }}"
            } else {
                "ok"
            };
            (Path::new("templates").join(n), text.as_bytes().to_vec())
        });
        let inputs = crate::input::Inputs::from_memory(Path::new("/p"), files);
        let e = crate::render::templates::load(&inputs).expect_err("unknown filter");
        let p = Problems::from_error(&e);
        assert_eq!(p.problems.len(), 1, "{p:?}");
        assert!(
            p.problems[0].location.starts_with("templates/base.html:2:"),
            "{:?}",
            p.problems[0]
        );
        assert!(
            p.problems[0].message.contains("nosuchfilter"),
            "{:?}",
            p.problems[0]
        );
    }

    #[test]
    fn content_errors_keep_location_and_drop_warnings() {
        let mut files = SourceMap::default();
        files.insert(Arc::new(SourceText::new(
            "content/en/a.md",
            "---\nid: a\ntitle: [x\n---\n",
        )));
        let at = |sev, line| {
            Diagnostic::new(
                sev,
                "KB000",
                "front-matter",
                Path::new("content/en/a.md"),
                Pos::new(line, 8),
                "expected string scalar",
            )
        };
        let p = Problems::from_diagnostics(
            &[at(Severity::Error, 3), at(Severity::Warning, 2)],
            &files,
            1,
        );
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].location, "content/en/a.md:3:8");
        assert_eq!(p.summary, "1 error, 1 warning in 1 topic");
        assert!(p.text.contains("title: [x"), "{}", p.text);
        assert!(p.to_json().contains("\"location\":\"content/en/a.md:3:8\""));
    }
}
