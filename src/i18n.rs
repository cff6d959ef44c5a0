//! UI strings: `i18n/<lang>.toml`, flat `key = "text"` tables. Templates read them as `t.key`;
//! every language must define the same keys so no page silently shows a missing label.

use crate::diag::{Diagnostic, Pos, Severity};
use crate::input::{set::Entry, Inputs};
use crate::layout;
use crate::source_text::SourceText;
use std::collections::BTreeMap;
use std::path::Path;

/// UI strings of one language.
pub type Strings = BTreeMap<String, String>;

/// Rule code for UI-string problems.
pub const I18N_CODE: &str = "KB101";

/// Loads `i18n/<lang>.toml` for every language from the project's inputs; all problems are
/// returned together.
pub fn load(
    inputs: &Inputs,
    languages: &[String],
) -> Result<BTreeMap<String, Strings>, (Vec<SourceText>, Vec<Diagnostic>)> {
    let mut all = BTreeMap::new();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let diag = |path: &Path, pos: Pos, msg: String| {
        Diagnostic::new(
            Severity::Error,
            I18N_CODE,
            "invalid-ui-strings",
            path,
            pos,
            msg,
        )
    };
    for lang in languages {
        let rel = layout::strings_file(lang);
        let read = match inputs.get(&rel) {
            Some(Entry::File(f)) => {
                std::str::from_utf8(&f.bytes).map_err(|_| "it is not valid UTF-8".to_string())
            }
            Some(Entry::Unreadable(u)) => Err(u.message.clone()),
            None => Err(format!(
                "cannot read: {}",
                std::io::Error::from(std::io::ErrorKind::NotFound)
            )),
        };
        let text = match read {
            Ok(t) => t,
            Err(e) => {
                problems.push(diag(
                    &rel,
                    Pos::default(),
                    format!("cannot read the UI strings for `{lang}`: {e}"),
                ));
                continue;
            }
        };
        let source = SourceText::new(&rel, text);
        match toml::from_str::<Strings>(&source.text) {
            Ok(strings) => {
                all.insert(lang.clone(), strings);
            }
            Err(e) => {
                let pos = e.span().map_or(Pos::new(1, 1), |s| source.pos(s.start));
                problems.push(diag(&rel, pos, e.message().trim().to_string()));
            }
        }
        files.push(source);
    }
    if let Some((first_lang, first)) = all.iter().next() {
        for (lang, strings) in &all {
            let rel = layout::strings_file(lang);
            for key in first.keys().filter(|k| !strings.contains_key(*k)) {
                problems.push(diag(
                    &rel,
                    Pos::default(),
                    format!("key `{key}` is missing (it is in i18n/{first_lang}.toml)"),
                ));
            }
            for key in strings.keys().filter(|k| !first.contains_key(*k)) {
                problems.push(diag(
                    &layout::strings_file(first_lang),
                    Pos::default(),
                    format!("key `{key}` is missing (it is in i18n/{lang}.toml)"),
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(all)
    } else {
        Err((files, problems))
    }
}
