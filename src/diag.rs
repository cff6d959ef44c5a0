//! Content problems as data.
//!
//! A [`Diagnostic`] is a value, not an `Err`: the loader and the linter collect every problem
//! in one pass so a writer sees all of them at once, and the CLI decides how to print them
//! (rustc-style text or JSON) and which exit code they map to.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is; `Off` exists so `book.toml` can silence a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rule is disabled.
    Off,
    /// Reported; fails only under `--deny-warnings`.
    Warning,
    /// Reported; the site is not written.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Off => "off",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A 1-based position counted from the top of the file (never from the front-matter block),
/// with the column counted in characters as editors show it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub col: u32,
}

impl Pos {
    /// A position; `(0, 0)` means "the whole file".
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// One problem found in the content, the configuration or the templates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Severity after `book.toml` overrides.
    pub severity: Severity,
    /// Stable rule code, e.g. `KB001`.
    pub code: &'static str,
    /// Stable rule name, e.g. `procedure-without-command`.
    pub rule: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Path relative to the project root, with `/` separators.
    pub file: PathBuf,
    /// Where in the file; line 0 means the whole file.
    pub pos: Pos,
    /// How many characters the caret should underline (at least 1).
    pub len: u32,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `file:pos` with the default underline of one token.
    pub fn new(
        severity: Severity,
        code: &'static str,
        rule: &'static str,
        file: &Path,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            rule,
            message: message.into(),
            file: file.to_path_buf(),
            pos,
            len: 1,
            help: None,
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets how many characters to underline.
    pub fn with_len(mut self, len: usize) -> Self {
        self.len = u32::try_from(len.max(1)).unwrap_or(u32::MAX);
        self
    }

    /// `path:line:col` as editors and CI annotations understand it.
    pub fn location(&self) -> String {
        let file = self.file.to_string_lossy().replace('\\', "/");
        if self.pos.line == 0 {
            file
        } else {
            format!("{file}:{}:{}", self.pos.line, self.pos.col)
        }
    }

    /// The one-line form: `path:line:col: error[KB001]: message`.
    pub fn headline(&self) -> String {
        format!(
            "{}: {}[{}]: {}",
            self.location(),
            self.severity,
            self.code,
            self.message
        )
    }
}

/// Counts used for the closing summary and the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Diagnostics at error level.
    pub errors: usize,
    /// Diagnostics at warning level.
    pub warnings: usize,
}

impl Tally {
    /// Counts the diagnostics that are not switched off.
    pub fn of(diags: &[Diagnostic]) -> Self {
        let mut t = Tally::default();
        for d in diags {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Off => {}
            }
        }
        t
    }
}

/// Diagnostics left out because they only follow from a file that does not parse.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hidden {
    /// `(file that does not parse, how many findings depending on it were hidden)`.
    pub by_root: Vec<(PathBuf, usize)>,
}

impl Hidden {
    /// Total number of hidden diagnostics.
    pub fn total(&self) -> usize {
        self.by_root.iter().map(|(_, n)| n).sum()
    }

    /// "126 dependent errors hidden (they follow from content/sources.yaml)", or `None`.
    pub fn note(&self) -> Option<String> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let roots: Vec<String> = self
            .by_root
            .iter()
            .map(|(f, _)| f.to_string_lossy().replace('\\', "/"))
            .collect();
        Some(format!(
            "{total} dependent problem{} hidden: {} follow{} from {}, which does not parse; fix that first",
            if total == 1 { "" } else { "s" },
            if total == 1 { "it" } else { "they" },
            if total == 1 { "s" } else { "" },
            roots.join(", ")
        ))
    }
}

/// Drops the findings that only follow from a file with a `root_code` (parse) error among
/// `diags`, adds the rest to `diags`, and puts the root causes first, so one typo reads as one
/// problem and not as a hundred.
pub fn suppress_cascades(
    diags: &mut Vec<Diagnostic>,
    findings: Vec<(Diagnostic, Option<PathBuf>)>,
    root_code: &str,
) -> Hidden {
    let failed: std::collections::BTreeSet<PathBuf> = diags
        .iter()
        .filter(|d| d.code == root_code && d.severity == Severity::Error)
        .map(|d| d.file.clone())
        .collect();
    let mut counts: std::collections::BTreeMap<PathBuf, usize> = Default::default();
    for (d, cause) in findings {
        match cause.filter(|f| failed.contains(f)) {
            Some(root) if d.severity != Severity::Off => *counts.entry(root).or_default() += 1,
            _ => diags.push(d),
        }
    }
    sort(diags);
    // Stable: within each group the file/position order is kept.
    diags.sort_by_key(|d| d.code != root_code);
    Hidden {
        by_root: counts.into_iter().collect(),
    }
}

/// Orders diagnostics by file and position so output is stable across parallel runs.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.pos, a.code, &a.message).cmp(&(&b.file, b.pos, b.code, &b.message))
    });
}

#[cfg(test)]
mod cascade_tests {
    use super::*;

    #[test]
    fn findings_that_follow_from_a_broken_file_are_hidden_and_counted() {
        let d = |code: &'static str, file: &str, dep: Option<&str>| {
            let d = Diagnostic::new(
                Severity::Error,
                code,
                "r",
                Path::new(file),
                Pos::new(1, 1),
                "m",
            );
            (d, dep.map(PathBuf::from))
        };
        let mut diags = vec![d("KB000", "content/sources.yaml", None).0];
        let findings = vec![
            d("KB005", "content/en/a.md", Some("content/sources.yaml")),
            d("KB005", "content/ja/a.md", Some("content/sources.yaml")),
            d("KB015", "content/ja/a.md", Some("content/ja/b.md")),
            d("KB001", "content/en/a.md", None),
        ];
        let hidden = suppress_cascades(&mut diags, findings, "KB000");
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["KB000", "KB001", "KB015"]);
        assert_eq!(hidden.by_root, [(PathBuf::from("content/sources.yaml"), 2)]);
        assert!(hidden
            .note()
            .is_some_and(|n| n.starts_with("2 dependent problems hidden")));
    }
}
