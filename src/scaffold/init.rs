//! `kbgen init [DIR]`: a new knowledge base that passes `kbgen check --deny-warnings` and
//! builds at once: `book.toml`, `content/sources.yaml` with one example source, one example
//! topic per language with a procedure citing it, and a `.gitignore` for the output folder.
//! The look comes from the built-in theme, so nothing else is written (except the UI strings
//! of a language kbgen does not ship, as English text to translate).

use super::{write_new, Written};
use crate::date::Date;
use crate::error::Error;
use crate::input::builtin;
use crate::source_text::SourceText;
use std::path::{Path, PathBuf};

/// The id of the example topic.
pub const EXAMPLE_TOPIC: &str = "writing-a-procedure";
/// The output folder a new project builds into.
const OUTPUT: &str = "book";
/// The one category of a new project.
const CATEGORY: &str = "getting-started";

/// What `kbgen init` writes, besides the folder.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// Language codes in display order; the first is the default language.
    pub languages: Vec<String>,
    /// The site title (every language), or a default per language.
    pub title: Option<String>,
    /// Add the missing files to a folder that is not empty (never overwrites a file).
    pub force: bool,
}

impl Default for InitOptions {
    fn default() -> Self {
        InitOptions {
            languages: vec!["ja".into(), "en".into()],
            title: None,
            force: false,
        }
    }
}

/// Creates a new project in `dir` (created if missing). Refuses, writing nothing, when the
/// languages are not valid or `dir` holds anything but a `.git` folder, unless `force`.
pub fn init(dir: &Path, options: &InitOptions, today: Date) -> Result<Written, Error> {
    // Checked before the text is made: a repeated code would be a repeated TOML key.
    for (i, lang) in options.languages.iter().enumerate() {
        if options.languages[..i].contains(lang) {
            return Err(Error::Usage(format!(
                "language `{lang}` is listed twice in --languages"
            )));
        }
    }
    let config = book_toml(options);
    check_config(&config)?;
    refuse_non_empty(dir, options.force)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<(PathBuf, String)> = vec![
        (PathBuf::from(crate::layout::CONFIG_FILE), config),
        (PathBuf::from(".gitignore"), format!("/{OUTPUT}/\n")),
        (
            PathBuf::from(crate::layout::SOURCES_FILE),
            stamp(include_str!("starter/sources.yaml"), today),
        ),
    ];
    for lang in &options.languages {
        files.push((
            crate::layout::topic_file(lang, EXAMPLE_TOPIC),
            example_topic(lang, today),
        ));
        if !builtin::languages().contains(&lang.as_str()) {
            files.push((
                crate::layout::strings_file(lang),
                strings_to_translate(lang),
            ));
        }
    }
    let mut written = Written::default();
    for (rel, text) in files {
        if write_new(dir, &rel, text.as_bytes())? {
            written.created.push(rel);
        } else {
            written.kept.push(rel);
        }
    }
    Ok(written)
}

/// `kbgen init` starts projects; it adds to an existing folder only when asked to.
fn refuse_non_empty(dir: &Path, force: bool) -> Result<(), Error> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "{} exists and is not a folder",
            dir.display()
        )));
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let occupied = entries.any(|e| e.map_or(true, |e| e.file_name() != ".git"));
    if occupied && !force {
        return Err(Error::Usage(format!(
            "{} is not empty; kbgen init starts a new knowledge base in an empty folder \
             (--force adds only the files that are missing and overwrites nothing)",
            dir.display()
        )));
    }
    Ok(())
}

/// The configuration must be one `kbgen check` accepts: languages and title are validated by
/// the same parser, before anything is written.
fn check_config(text: &str) -> Result<(), Error> {
    let source = SourceText::new(crate::layout::CONFIG_FILE, text);
    crate::config::parse(&source, crate::lint::rules::is_configurable).map_err(|problems| {
        let messages: Vec<String> = problems.into_iter().map(|d| d.message).collect();
        Error::Usage(format!(
            "cannot start a project with these settings: {}",
            messages.join("; ")
        ))
    })?;
    Ok(())
}

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn site_title(lang: &str) -> &'static str {
    if lang == "ja" {
        "ナレッジベース"
    } else {
        "Knowledge base"
    }
}

fn category_title(lang: &str) -> &'static str {
    if lang == "ja" {
        "はじめに"
    } else {
        "Getting started"
    }
}

/// `book.toml` for the options, commented for the people who will edit it.
fn book_toml(options: &InitOptions) -> String {
    let langs = &options.languages;
    let list: Vec<String> = langs.iter().map(|l| quoted(l)).collect();
    let key = |l: &str| {
        if l.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            l.to_string()
        } else {
            quoted(l)
        }
    };
    let titles: String = langs
        .iter()
        .map(|l| {
            let title = options.title.as_deref().unwrap_or(site_title(l));
            format!("{} = {}\n", key(l), quoted(title))
        })
        .collect();
    let category: Vec<String> = langs
        .iter()
        .map(|l| format!("{} = {}", key(l), quoted(category_title(l))))
        .collect();
    let default = langs.first().map_or(String::new(), |l| quoted(l));
    format!(
        include_str!("starter/book.toml"),
        languages = list.join(", "),
        default = default,
        output = quoted(OUTPUT),
        titles = titles,
        category_id = quoted(CATEGORY),
        category_titles = category.join(", "),
    )
}

/// Replaces `@TODAY@` in a starter file.
fn stamp(text: &str, today: Date) -> String {
    text.replace("@TODAY@", &today.to_string())
}

/// The example topic in `lang`: written for ja and en; other languages get the English text
/// with a note asking for a translation.
fn example_topic(lang: &str, today: Date) -> String {
    if lang == "ja" {
        return stamp(include_str!("starter/topic.ja.md"), today);
    }
    let en = stamp(include_str!("starter/topic.en.md"), today);
    if lang == "en" {
        return en;
    }
    match en.split_once("\n---\n") {
        Some((front, body)) => format!(
            "{front}\n---\n> This example is in English: translate it into `{lang}` (or replace it).\n\n{body}"
        ),
        None => en,
    }
}

/// The UI strings of a language kbgen does not ship: the English ones, to translate, with the
/// language's own code as its name until it is translated.
fn strings_to_translate(lang: &str) -> String {
    let english = builtin::file("i18n/en.toml")
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    let mut out = format!(
        "# kbgen UI strings for `{lang}`, written by `kbgen init`. kbgen ships UI strings for\n\
         # {} only, so these are the English ones: translate every value (keep the {{placeholders}}).\n\
         # A key left out is reported by `kbgen check` with the English text to translate.\n",
        builtin::languages().join(" and ")
    );
    for line in english.lines().skip_while(|l| l.starts_with('#')) {
        if line.starts_with("language_name =") {
            out.push_str(&format!("language_name = {}\n", quoted(lang)));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configuration_parses_for_any_valid_languages() {
        for langs in [vec!["ja", "en"], vec!["en"], vec!["zh-Hans", "ko", "en"]] {
            let options = InitOptions {
                languages: langs.iter().map(|s| s.to_string()).collect(),
                title: Some("Help \"desk\" KB".into()),
                force: false,
            };
            check_config(&book_toml(&options)).expect("valid");
        }
    }

    #[test]
    fn an_invalid_language_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let options = InitOptions {
            languages: vec!["EN GB".into()],
            ..InitOptions::default()
        };
        let today = Date::parse("2026-12-01").expect("date");
        let e = init(&dir.path().join("kb"), &options, today).expect_err("refused");
        assert!(e.to_string().contains("not a language code"), "{e}");
        let twice = InitOptions {
            languages: vec!["ja".into(), "ja".into()],
            ..InitOptions::default()
        };
        let e = init(&dir.path().join("kb"), &twice, today).expect_err("refused");
        assert!(e.to_string().contains("listed twice"), "{e}");
        assert!(!dir.path().join("kb").exists());
    }

    #[test]
    fn strings_to_translate_name_the_language_and_keep_every_key() {
        let text = strings_to_translate("de");
        let table: toml::Table = toml::from_str(&text).expect("toml");
        let en: toml::Table = toml::from_str(
            std::str::from_utf8(builtin::file("i18n/en.toml").expect("en")).expect("utf8"),
        )
        .expect("toml");
        assert_eq!(table.len(), en.len());
        assert_eq!(table["language_name"].as_str(), Some("de"));
    }
}
