//! Loading `templates/**/*.html` into tera from the project's inputs, and turning tera's errors
//! into diagnostics that point at `templates/<file>:line:col` with the snippet, like every other
//! problem (the terminal report, `--format json` and the serve overlay all show them the same
//! way). Autoescaping is on for `.html`.

use crate::diag::{Diagnostic, Pos, Severity};
use crate::error::Error;
use crate::input::{set::Entry, Inputs};
use crate::layout;
use crate::source_text::{SourceMap, SourceText};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Templates every site needs.
pub const REQUIRED: &[&str] = &[
    "base.html",
    "home.html",
    "topic.html",
    "category.html",
    "search.html",
    "not_found.html",
    "chooser.html",
    "command.html",
    "term.html",
    "terms.html",
];

/// Rule code of template problems (not a lint rule: a broken template stops the build).
pub const TEMPLATE_CODE: &str = "KB102";
/// Rule name of template problems.
pub const TEMPLATE_RULE: &str = "template-error";

/// The parsed templates with their sources (for snippets in render errors) and a hash of
/// those sources, which every rendered page's cache key includes.
#[derive(Debug)]
pub struct Templates {
    /// The tera instance.
    pub tera: tera::Tera,
    /// Every template file, by project-relative path.
    pub files: SourceMap,
    /// Hash of every template's name and text.
    pub hash: u64,
    /// The templates that come from the built-in theme (the project has no file there).
    pub builtin: BTreeSet<PathBuf>,
}

/// Parses every `.html` file under `templates/` (sub-folders included, named by their path
/// relative to `templates/`). Problems are diagnostics located in the template.
pub fn load(inputs: &Inputs) -> Result<Templates, Error> {
    let dir = Path::new(layout::TEMPLATES_DIR);
    let mut files = SourceMap::default();
    let mut sources = Vec::new();
    let mut problems = Vec::new();
    let mut builtin = BTreeSet::new();
    for (rel, entry) in inputs.under(dir) {
        if inputs.is_builtin(rel) {
            builtin.insert(rel.to_path_buf());
        }
        let name = rel
            .strip_prefix(dir)
            .unwrap_or(rel)
            .to_string_lossy()
            .replace('\\', "/");
        match entry {
            Entry::File(f) => match std::str::from_utf8(&f.bytes) {
                Ok(text) => {
                    files.insert(Arc::new(SourceText::new(rel, text)));
                    sources.push((name, text));
                }
                Err(_) => problems.push(at_file(rel, "the template is not valid UTF-8")),
            },
            Entry::Unreadable(u) => problems.push(at_file(rel, u.message.clone())),
        }
    }
    for required in REQUIRED {
        if !sources.iter().any(|(n, _)| n == required) {
            problems.push(at_file(
                &Path::new(layout::TEMPLATES_DIR).join(required),
                "this template is missing; every site needs it",
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid {
            files,
            diagnostics: problems,
        });
    }
    let hash = crate::memo::hash_of(&sources);
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html"]);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), *t))) {
        let mut diagnostics = reported(&e.to_string());
        if diagnostics.is_empty() {
            diagnostics.push(diagnostic_of(&e, &files, None));
        }
        let diagnostics = diagnostics
            .into_iter()
            .map(|d| in_builtin(d, &builtin))
            .collect();
        return Err(Error::Invalid { files, diagnostics });
    }
    Ok(Templates {
        tera,
        files,
        hash,
        builtin,
    })
}

impl Templates {
    /// Renders `template` for the output page `page`; a failure is a diagnostic in the
    /// template that failed, naming the page.
    pub fn render(
        &self,
        template: &str,
        context: &tera::Context,
        page: &str,
    ) -> Result<String, Error> {
        self.tera
            .render(template, context)
            .map_err(|e| Error::Invalid {
                files: self.files.clone(),
                diagnostics: vec![in_builtin(
                    diagnostic_of(&e, &self.files, Some((template, page))),
                    &self.builtin,
                )],
            })
    }
}

/// A problem located in a built-in template names it as such: the project has no file at that
/// path, and the cause is usually one of its own templates or UI strings that the built-in one
/// relies on.
fn in_builtin(d: Diagnostic, builtin: &BTreeSet<PathBuf>) -> Diagnostic {
    if !builtin.contains(&d.file) {
        return d;
    }
    let name = d
        .file
        .strip_prefix(layout::TEMPLATES_DIR)
        .unwrap_or(&d.file)
        .to_string_lossy()
        .replace('\\', "/");
    let note = format!(
        "{} is a built-in template (`kbgen theme eject --only {name}` copies it into the project)",
        d.file.display()
    );
    let help = match &d.help {
        Some(h) => format!("{h}; {note}"),
        None => note,
    };
    d.with_help(help)
}

fn at_file(rel: &Path, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        TEMPLATE_CODE,
        TEMPLATE_RULE,
        rel,
        Pos::default(),
        message,
    )
}

/// A tera error as a diagnostic: at the span tera reports (syntax and rendering errors carry
/// one), else at the template being rendered; the cause chain becomes the message.
fn diagnostic_of(
    e: &tera::Error,
    files: &SourceMap,
    rendering: Option<(&str, &str)>,
) -> Diagnostic {
    let located = report_of(e);
    let name = located
        .map(|r| r.filename().to_string())
        .or_else(|| rendering.map(|(t, _)| t.to_string()))
        .unwrap_or_default();
    let rel: PathBuf = Path::new(layout::TEMPLATES_DIR).join(&name);
    let pos = located
        .and_then(|r| files.get(&rel).map(|f| f.pos(r.span().range.start)))
        .unwrap_or_default();
    let mut message = located.map_or_else(|| chain(e), |r| r.message().to_string());
    if let Some((_, page)) = rendering {
        message = format!("{message} (while rendering {page})");
    }
    let mut d = Diagnostic::new(
        Severity::Error,
        TEMPLATE_CODE,
        TEMPLATE_RULE,
        &rel,
        pos,
        message,
    );
    if located.is_some() {
        let rest = chain(e);
        if !rest.is_empty() && !rest.contains("\n") {
            d = d.with_help(rest);
        }
    }
    d
}

/// Tera checks filters, tests and functions of all templates at once and reports each unknown
/// one as a rustc-style text (`error: Unknown filter ...` then ` --> base.html:9:52`) inside a
/// plain message, not as a located error; each such report becomes a located diagnostic here,
/// the one place that reads tera's text.
fn reported(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        let line = line.trim_start();
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.trim());
        } else if let (Some(loc), Some(m)) = (line.strip_prefix("--> "), message.take()) {
            let mut parts = loc.trim().rsplitn(3, ':');
            let (col, row, name) = (parts.next(), parts.next(), parts.next());
            let num = |s: Option<&str>| s.and_then(|s| s.parse::<u32>().ok());
            if let (Some(col), Some(row), Some(name)) = (num(col), num(row), name) {
                let rel = Path::new(layout::TEMPLATES_DIR).join(name);
                let d = Diagnostic::new(
                    Severity::Error,
                    TEMPLATE_CODE,
                    TEMPLATE_RULE,
                    &rel,
                    Pos::new(row, col),
                    m,
                );
                out.push(d);
            }
        }
    }
    out
}

/// The first error of the chain that carries a location in a template.
fn report_of(e: &tera::Error) -> Option<&tera::ReportError> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        if let Some(t) = err.downcast_ref::<tera::Error>() {
            match t.kind() {
                tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                    return Some(r)
                }
                _ => {}
            }
        }
        current = err.source();
    }
    None
}

/// A tera error with its cause chain, one line per cause.
fn chain(e: &tera::Error) -> String {
    let mut msg = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.message().to_string()
        }
        _ => e.to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str("; ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(files: &[(&str, &str)]) -> Inputs {
        let mut all: Vec<(PathBuf, Vec<u8>)> = REQUIRED
            .iter()
            .map(|n| (Path::new("templates").join(n), b"ok".to_vec()))
            .collect();
        for (p, t) in files {
            all.push((PathBuf::from(p), t.as_bytes().to_vec()));
        }
        Inputs::from_memory(Path::new("/p"), all)
    }

    fn first(e: Error) -> Diagnostic {
        match e {
            Error::Invalid { diagnostics, .. } => diagnostics.into_iter().next().expect("one"),
            other => panic!("{other}"),
        }
    }

    #[test]
    fn syntax_errors_point_into_the_template() {
        let e = load(&inputs(&[("templates/base.html", "line one\n{{ x | \n")]))
            .expect_err("does not parse");
        let d = first(e);
        assert_eq!(d.file, Path::new("templates/base.html"));
        assert_eq!(d.pos.line, 2, "{d:?}");
        assert_eq!(d.code, TEMPLATE_CODE);
    }

    #[test]
    fn unknown_filters_are_located_one_diagnostic_each() {
        let e = load(&inputs(&[(
            "templates/base.html",
            "ok\n{{ x | nosuchfilter }}\n{{ y | otherfilter }}",
        )]))
        .expect_err("unknown filters");
        let Error::Invalid { diagnostics, .. } = e else {
            panic!("not diagnostics")
        };
        let at: Vec<(u32, bool)> = diagnostics
            .iter()
            .map(|d| (d.pos.line, d.message.contains("filter")))
            .collect();
        assert_eq!(at, [(2, true), (3, true)], "{diagnostics:?}");
        assert_eq!(diagnostics[0].file, Path::new("templates/base.html"));
    }

    #[test]
    fn render_errors_name_the_template_and_the_page() {
        let t = load(&inputs(&[("templates/home.html", "a\n{{ nosuchvar }}")])).expect("parses");
        let d = first(
            t.render("home.html", &tera::Context::new(), "ja/index.html")
                .expect_err("fails"),
        );
        assert_eq!(d.file, Path::new("templates/home.html"));
        assert!(d.message.contains("ja/index.html"), "{}", d.message);
    }

    #[test]
    fn an_error_in_a_built_in_template_says_so() {
        // The project's base.html lacks the block the built-in templates fill.
        let all = Inputs::from_memory(
            Path::new("/p"),
            [(
                PathBuf::from("templates/base.html"),
                b"{% block nosuch %}{% endblock %}".to_vec(),
            )],
        )
        .with_builtin_theme();
        let Err(Error::Invalid { diagnostics, .. }) = load(&all) else {
            panic!("the built-in templates extend a block base.html lacks")
        };
        let topic = diagnostics
            .iter()
            .find(|d| d.file == Path::new("templates/topic.html"))
            .expect("topic.html");
        let help = topic.help.as_deref().unwrap_or("");
        assert!(help.contains("theme eject --only topic.html"), "{topic:?}");
        assert!(diagnostics
            .iter()
            .all(|d| d.file != Path::new("templates/base.html")
                || !d.help.as_deref().unwrap_or("").contains("built-in")));
    }

    #[test]
    fn a_missing_required_template_is_named() {
        let all = Inputs::from_memory(
            Path::new("/p"),
            [(PathBuf::from("templates/base.html"), b"x".to_vec())],
        );
        let d = first(load(&all).expect_err("missing"));
        assert!(d.file.starts_with("templates/"), "{d:?}");
    }
}
