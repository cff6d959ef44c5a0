//! Printing diagnostics: rustc-like text (the `path:line:col: error[CODE]: message` headline,
//! the offending line with a caret under the field, a help line) drawn by codespan-reporting,
//! or one JSON array for CI.

use crate::diag::{Diagnostic, Severity, Tally};
use crate::source_text::SourceMap;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor, Config, StylesWriter};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

/// Renders diagnostics as text; `color` adds ANSI colours (for terminals only).
pub fn human(diags: &[Diagnostic], files: &SourceMap, color: bool) -> String {
    let mut out = String::new();
    let mut db: SimpleFiles<String, Arc<str>> = SimpleFiles::new();
    let mut ids: HashMap<&std::path::Path, usize> = HashMap::new();
    let config = Config::default();
    let styles = term::Styles::default();
    for d in diags.iter().filter(|d| d.severity != Severity::Off) {
        out.push_str(&headline(d, color));
        out.push('\n');
        let snippet = files
            .get(&d.file)
            .filter(|_| d.pos.line > 0)
            .and_then(|src| {
                let id = *ids.entry(d.file.as_path()).or_insert_with(|| {
                    db.add(
                        d.file.to_string_lossy().replace('\\', "/"),
                        src.text.clone(),
                    )
                });
                let start = src.offset(d.pos);
                let line_start = src.offset(crate::diag::Pos::new(d.pos.line, 1));
                let line_end = line_start + src.line_text(d.pos.line as usize).len();
                let want: usize = src
                    .text
                    .get(start..)
                    .unwrap_or("")
                    .chars()
                    .take(d.len as usize)
                    .map(char::len_utf8)
                    .sum();
                let end = (start + want.max(1))
                    .min(line_end.max(start + 1))
                    .min(src.text.len());
                let mut cs = match d.severity {
                    Severity::Error => CsDiagnostic::error(),
                    _ => CsDiagnostic::warning(),
                }
                .with_code(d.code)
                .with_labels(vec![Label::primary(id, start..end.max(start))]);
                if let Some(help) = &d.help {
                    cs = cs.with_notes(vec![format!("help: {help}")]);
                }
                let mut buf = if color {
                    termcolor::Buffer::ansi()
                } else {
                    termcolor::Buffer::no_color()
                };
                let ok = term::emit_to_write_style(
                    &mut StylesWriter::new(&mut buf, &styles),
                    &config,
                    &db,
                    &cs,
                )
                .is_ok();
                ok.then(|| String::from_utf8_lossy(buf.as_slice()).into_owned())
            });
        match snippet {
            // The renderer's own first line repeats the headline without the location.
            Some(s) => out.push_str(s.split_once('\n').map_or("", |(_, rest)| rest)),
            None => {
                if let Some(help) = &d.help {
                    out.push_str(&format!("  = help: {help}\n"));
                }
                out.push('\n');
            }
        }
    }
    out
}

fn headline(d: &Diagnostic, color: bool) -> String {
    if !color {
        return d.headline();
    }
    let sev = match d.severity {
        Severity::Error => "\x1b[1;31merror",
        _ => "\x1b[1;33mwarning",
    };
    format!(
        "\x1b[1m{}:\x1b[0m {sev}[{}]\x1b[0m\x1b[1m: {}\x1b[0m",
        d.location(),
        d.code,
        d.message
    )
}

/// The closing line: "N errors, M warnings in K topics".
pub fn summary(tally: Tally, topics: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {} in {}",
        plural(tally.errors, "error", "errors"),
        plural(tally.warnings, "warning", "warnings"),
        plural(topics, "topic", "topics")
    )
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: u32,
    column: u32,
    severity: Severity,
    code: &'a str,
    rule: &'a str,
    message: &'a str,
    help: Option<&'a str>,
}

/// One JSON array of every diagnostic, for CI.
pub fn json(diags: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic> = diags
        .iter()
        .filter(|d| d.severity != Severity::Off)
        .map(|d| JsonDiagnostic {
            file: d.file.to_string_lossy().replace('\\', "/"),
            line: d.pos.line,
            column: d.pos.col,
            severity: d.severity,
            code: d.code,
            rule: d.rule,
            message: &d.message,
            help: d.help.as_deref(),
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into())
}

/// Writes text to stderr, ignoring a closed pipe.
pub fn eprint(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Pos;
    use crate::source_text::SourceText;
    use std::path::Path;

    #[test]
    fn human_output_has_headline_snippet_caret_and_help() {
        let mut files = SourceMap::default();
        files.insert(Arc::new(SourceText::new(
            "content/ja/a.md",
            "---\nid: a\nprocedures:\n  - id: x\n---\n",
        )));
        let d = Diagnostic::new(
            Severity::Error,
            "KB001",
            "procedure-without-command",
            Path::new("content/ja/a.md"),
            Pos::new(4, 9),
            "procedure `x` has no command",
        )
        .with_len(1)
        .with_help("add `commands:`");
        let text = human(&[d], &files, false);
        assert!(
            text.starts_with("content/ja/a.md:4:9: error[KB001]: procedure `x` has no command\n"),
            "{text}"
        );
        assert!(text.contains("  - id: x"), "{text}");
        assert!(text.contains('^'), "{text}");
        assert!(text.contains("help: add `commands:`"), "{text}");
    }

    #[test]
    fn summary_counts() {
        assert_eq!(
            summary(
                Tally {
                    errors: 1,
                    warnings: 2
                },
                9
            ),
            "1 error, 2 warnings in 9 topics"
        );
    }
}
