//! UI strings: `i18n/<lang>.toml`, flat `key = "text"` tables. Templates read them as `t.key`.
//!
//! Two layers, merged key by key: the built-in strings of the languages kbgen ships (ja, en)
//! and the project's own `i18n/<lang>.toml`, whose keys replace the built-in ones (a project
//! may change one label and nothing else). Every language must end up with every key the
//! theme or the project uses, so no page silently shows a missing label: a language kbgen
//! does not ship (`de`, `zh-Hans`, `ko`) gets one located error per key it lacks, naming the
//! key and its English text.

use crate::diag::{Diagnostic, Pos, Severity};
use crate::input::{set::Entry, Inputs};
use crate::layout;
use crate::source_text::SourceText;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// UI strings of one language.
pub type Strings = BTreeMap<String, String>;

/// Rule code for UI-string problems.
pub const I18N_CODE: &str = "KB101";
/// Rule name for UI-string problems.
pub const I18N_RULE: &str = "invalid-ui-strings";

/// The language whose text a missing-key message quotes, as the text to translate.
const REFERENCE_LANGUAGE: &str = "en";

/// One language's strings while loading: the merged table and the project's own file, if any.
struct Loaded {
    strings: Strings,
    /// The project's `i18n/<lang>.toml` (where a missing key is to be added).
    own: Option<SourceText>,
    /// The project's file did not parse: its missing keys would only repeat that error.
    broken: bool,
}

/// Loads the UI strings of every language from the project's inputs (built-in strings
/// under the project's); all problems are returned together, with the files they point into.
pub fn load(
    inputs: &Inputs,
    languages: &[String],
) -> Result<BTreeMap<String, Strings>, (Vec<SourceText>, Vec<Diagnostic>)> {
    let mut problems = Vec::new();
    let (mut required, reference) = builtin_keys(inputs, &mut problems);
    let templates = template_texts(inputs);
    let mut loaded = BTreeMap::new();
    for lang in languages {
        let l = load_language(inputs, lang, &templates, &mut required, &mut problems);
        loaded.insert(lang.clone(), l);
    }
    for (lang, l) in loaded.iter().filter(|(_, l)| !l.broken) {
        for key in required.iter().filter(|k| !l.strings.contains_key(*k)) {
            let english = reference
                .get(key)
                .or_else(|| loaded.values().find_map(|o| o.strings.get(key)));
            problems.push(missing_key(lang, l.own.as_ref(), key, english));
        }
    }
    if problems.is_empty() {
        return Ok(loaded.into_iter().map(|(l, s)| (l, s.strings)).collect());
    }
    // Only the project's files are quoted: a message about a built-in language points at
    // the file the project would create, not at text it cannot see.
    let files = loaded.into_values().filter_map(|l| l.own).collect();
    Err((files, problems))
}

/// Every key of the built-in strings (required in every language, even in a project that
/// declares none of the built-in languages) and the English text of each.
fn builtin_keys(inputs: &Inputs, problems: &mut Vec<Diagnostic>) -> (BTreeSet<String>, Strings) {
    let mut required = BTreeSet::new();
    let mut reference = Strings::new();
    for lang in crate::input::builtin::languages() {
        let rel = layout::strings_file(lang);
        if let (Some(strings), _) = layer(inputs.builtin(&rel), &rel, problems) {
            required.extend(strings.keys().cloned());
            if lang == REFERENCE_LANGUAGE {
                reference = strings;
            }
        }
    }
    (required, reference)
}

/// One language: its built-in strings with the project's keys over them. A key the project
/// adds for its own templates joins `required` (every language needs it); one that nothing
/// reads is most likely a typo, reported where it is.
fn load_language(
    inputs: &Inputs,
    lang: &str,
    templates: &[&str],
    required: &mut BTreeSet<String>,
    problems: &mut Vec<Diagnostic>,
) -> Loaded {
    let rel = layout::strings_file(lang);
    let (builtin, _) = layer(inputs.builtin(&rel), &rel, problems);
    let mut strings = builtin.unwrap_or_default();
    let before = problems.len();
    let (own, source) = layer(inputs.project(&rel), &rel, problems);
    let broken = problems.len() > before;
    if let Some(own) = own {
        let known = required.clone();
        for key in own.keys().filter(|k| !known.contains(*k)) {
            match source.as_ref().filter(|_| !known.is_empty()) {
                Some(src) if !templates.iter().any(|t| mentions(t, key)) => {
                    problems.push(unknown_key(src, key, &known));
                }
                _ => {
                    required.insert(key.clone());
                }
            }
        }
        strings.extend(own);
    }
    Loaded {
        strings,
        own: source,
        broken,
    }
}

/// Parses one layer's `i18n/<lang>.toml` into its strings and its text; problems become
/// diagnostics (and no strings).
fn layer(
    entry: Option<&Entry>,
    rel: &Path,
    problems: &mut Vec<Diagnostic>,
) -> (Option<Strings>, Option<SourceText>) {
    let text = match entry {
        None => return (None, None),
        Some(Entry::File(f)) => match std::str::from_utf8(&f.bytes) {
            Ok(t) => t,
            Err(_) => {
                problems.push(diag(rel, Pos::default(), "it is not valid UTF-8".into()));
                return (None, None);
            }
        },
        Some(Entry::Unreadable(u)) => {
            problems.push(diag(
                rel,
                Pos::default(),
                format!("cannot read the UI strings: {}", u.message),
            ));
            return (None, None);
        }
    };
    let source = SourceText::new(rel, text);
    let parsed = toml::from_str::<Strings>(&source.text);
    let strings = match parsed {
        Ok(strings) => Some(strings),
        Err(e) => {
            let pos = e.span().map_or(Pos::new(1, 1), |s| source.pos(s.start));
            problems.push(diag(rel, pos, e.message().trim().to_string()));
            None
        }
    };
    (strings, Some(source))
}

/// The text of every template (the project's and the built-in ones it does not override).
fn template_texts(inputs: &Inputs) -> Vec<&str> {
    inputs
        .under(Path::new(layout::TEMPLATES_DIR))
        .filter_map(|(_, e)| match e {
            Entry::File(f) => std::str::from_utf8(&f.bytes).ok(),
            Entry::Unreadable(_) => None,
        })
        .collect()
}

/// Whether a template reads the UI string `key` (`t.key`, `t["key"]` or `t['key']`).
fn mentions(template: &str, key: &str) -> bool {
    let dotted = format!("t.{key}");
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let whole = template.match_indices(&dotted).any(|(i, _)| {
        let before = template[..i].chars().next_back();
        let after = template[i + dotted.len()..].chars().next();
        !before.is_some_and(|c| ident(c) || c == '.') && !after.is_some_and(ident)
    });
    whole
        || template.contains(&format!("t[\"{key}\"]"))
        || template.contains(&format!("t['{key}']"))
}

/// A key of the project's file that is not a UI string kbgen has and that no template reads.
fn unknown_key(source: &SourceText, key: &str, known: &BTreeSet<String>) -> Diagnostic {
    let line = (1..=source.line_count())
        .find(|&l| {
            let text = source.line_text(l).trim_start();
            text.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .unwrap_or(1);
    let pos = Pos::new(u32::try_from(line).unwrap_or(u32::MAX), 1);
    let help = match closest(key, known) {
        Some(k) => format!("did you mean `{k}`?"),
        None => "a template reads a UI string as `t.KEY`; add one that does, or remove the key"
            .to_string(),
    };
    diag(
        &source.path,
        pos,
        format!("`{key}` is not a UI string of kbgen, and no template reads it"),
    )
    .with_len(key.chars().count())
    .with_help(help)
}

/// The known key nearest to `key` (at most two edits away), for a "did you mean".
fn closest<'a>(key: &str, known: &'a BTreeSet<String>) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, k)| k.as_str())
}

/// Levenshtein distance over characters (keys are short).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// A missing key, located where it is to be added: the end of the project's file for the
/// language, or its first line when the project has no such file yet.
fn missing_key(
    lang: &str,
    own: Option<&SourceText>,
    key: &str,
    english: Option<&String>,
) -> Diagnostic {
    let rel = layout::strings_file(lang);
    // The last line with text: new keys go after it.
    let pos = own.map_or(Pos::new(1, 1), |f| {
        let last = (1..=f.line_count())
            .rev()
            .find(|&l| !f.line_text(l).trim().is_empty())
            .unwrap_or(1);
        Pos::new(u32::try_from(last).unwrap_or(u32::MAX), 1)
    });
    let text = english.map_or_else(String::new, |e| format!(" (in English: {e:?})"));
    let where_ = if own.is_some() {
        format!("add it to {}", rel.display())
    } else {
        format!("create {} with it", rel.display())
    };
    diag(
        &rel,
        pos,
        format!("UI string `{key}` is missing for language `{lang}`"),
    )
    .with_help(format!("{where_}: `{key} = \"…\"`{text}"))
}

fn diag(path: &Path, pos: Pos, msg: String) -> Diagnostic {
    Diagnostic::new(Severity::Error, I18N_CODE, I18N_RULE, path, pos, msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn inputs(files: &[(&str, &str)]) -> Inputs {
        Inputs::from_memory(
            Path::new("/p"),
            files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec())),
        )
        .with_builtin_theme()
    }

    fn langs(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn built_in_languages_need_no_file_and_a_project_overrides_single_keys() {
        let all = load(
            &inputs(&[("i18n/en.toml", "home = \"Start\"\n")]),
            &langs(&["ja", "en"]),
        )
        .expect("complete");
        assert_eq!(all["en"]["home"], "Start");
        assert_eq!(all["en"]["search_title"], "Search");
        assert_eq!(all["ja"].len(), all["en"].len());
    }

    #[test]
    fn another_language_gets_one_located_error_per_missing_key() {
        let (_, problems) = load(
            &inputs(&[("i18n/de.toml", "# Deutsch\nhome = \"Start\"\n")]),
            &langs(&["en", "de"]),
        )
        .expect_err("incomplete");
        let en = load(&inputs(&[]), &langs(&["en"])).expect("built in");
        assert_eq!(problems.len(), en["en"].len() - 1);
        let d = &problems[0];
        assert_eq!(d.file, Path::new("i18n/de.toml"));
        assert_eq!((d.pos.line, d.pos.col), (2, 1));
        assert!(d.message.contains("for language `de`"), "{}", d.message);
        assert!(!problems.iter().any(|d| d.message.contains("`home`")));
    }

    #[test]
    fn a_key_nothing_reads_is_reported_where_it_is_with_the_nearest_key() {
        let (_, problems) = load(
            &inputs(&[(
                "i18n/en.toml",
                "# mine\nhome = \"Start\"\nhomw = \"Start\"\n",
            )]),
            &langs(&["ja", "en"]),
        )
        .expect_err("a typo");
        assert_eq!(problems.len(), 1, "{problems:?}");
        let d = &problems[0];
        assert_eq!(
            (d.file.as_path(), d.pos.line),
            (Path::new("i18n/en.toml"), 3)
        );
        assert!(d.message.contains("`homw`"), "{}", d.message);
        assert_eq!(d.help.as_deref(), Some("did you mean `home`?"));
    }

    #[test]
    fn templates_read_keys_as_t_dot_key_or_by_index() {
        assert!(mentions("{{ t.team }}", "team"));
        assert!(mentions("{{ t[\"team\"] }}", "team"));
        assert!(!mentions("{{ t.teams }}", "team"));
        assert!(!mentions("{{ x.t.team }}", "team"));
        assert!(!mentions("{{ at.team }}", "team"));
        assert_eq!(edit_distance("homw", "home"), 1);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn a_key_the_project_adds_is_required_in_every_language() {
        let (_, problems) = load(
            &inputs(&[
                ("i18n/en.toml", "team = \"Team\"\n"),
                ("templates/topic.html", "{{ t.team }}"),
            ]),
            &langs(&["ja", "en"]),
        )
        .expect_err("ja lacks it");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, Path::new("i18n/ja.toml"));
        assert_eq!((problems[0].pos.line, problems[0].pos.col), (1, 1));
        assert!(problems[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("Team")));
    }
}
