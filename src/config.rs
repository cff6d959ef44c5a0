//! `book.toml`: the raw file (serde, unknown keys rejected) becomes a validated [`Config`].
//!
//! Every problem is a [`Diagnostic`] pointing at `book.toml:line:col`, so a typo in a key is
//! reported where it is rather than silently ignored.

use crate::diag::{Diagnostic, Pos, Severity};
use crate::input::{set::Entry, Inputs};
use crate::layout;
use crate::source_text::SourceText;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Rule code shared by every configuration problem.
pub const CONFIG_CODE: &str = "KB100";
/// Rule name shared by every configuration problem.
pub const CONFIG_RULE: &str = "invalid-config";

/// The validated site configuration, passed by reference to every stage.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title per language code.
    pub title: BTreeMap<String, String>,
    /// Language codes in display order; the first pages of the site use `default_language`.
    pub languages: Vec<String>,
    /// The language of `book/index.html`'s redirect and of the 404 page.
    pub default_language: String,
    /// Output folder, relative to the project root unless absolute.
    pub output: PathBuf,
    /// Categories in the order the sidebar shows them.
    pub categories: Vec<Category>,
    /// Linter settings.
    pub lint: LintConfig,
    /// Whether raw HTML in Markdown is passed through (escaped by default).
    pub allow_raw_html: bool,
    /// Entries of a previous output that a build carries over (`[output] keep`), relative to
    /// the output folder: files kbgen did not write but must not delete (`CNAME`, `.git`).
    pub output_keep: Vec<String>,
    /// Search settings.
    pub search: SearchConfig,
    /// `[feedback] url`: a link template every procedure offers ("this did not work"), with
    /// `{title}`, `{url}` and `{procedure}` filled in (URL-encoded); `None` shows no link.
    pub feedback_url: Option<String>,
}

/// The placeholders a `[feedback] url` may use.
pub const FEEDBACK_PLACEHOLDERS: &[&str] = &["{title}", "{url}", "{procedure}"];

/// `[search]` settings.
#[derive(Debug, Clone, Default)]
pub struct SearchConfig {
    /// Synonym groups per language code: a query for any word of a group also finds pages
    /// that use another word of it (`パソコン` finds `PC`).
    pub synonyms: BTreeMap<String, Vec<SynonymGroup>>,
}

/// One `[search.synonyms]` group: words that mean the same thing to the people searching.
#[derive(Debug, Clone)]
pub struct SynonymGroup {
    /// The words as written, each with its position in `book.toml`.
    pub words: Vec<(String, Pos)>,
}

/// A category of topics, with its title per language.
#[derive(Debug, Clone)]
pub struct Category {
    /// Stable id used by topics' `category` field and in URLs.
    pub id: String,
    /// Title per language code.
    pub title: BTreeMap<String, String>,
}

/// `[lint]` settings.
#[derive(Debug, Clone)]
pub struct LintConfig {
    /// A source verified longer ago than this is stale (warning).
    pub max_source_age_days: i64,
    /// A translation reviewed this many days before its original is lagging (warning).
    pub max_translation_lag_days: i64,
    /// Hosts a source URL may point to; empty means any host.
    pub trusted_hosts: Vec<String>,
    /// Tools that must not be the only way a procedure does something.
    pub deprecated_commands: Vec<DeprecatedCommand>,
    /// Level overrides keyed by rule name or code.
    pub levels: BTreeMap<String, Severity>,
    /// A decision flow may ask at most this many questions on one path (KB036).
    pub max_flow_depth: usize,
}

/// One entry of `[[lint.deprecated_commands]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeprecatedCommand {
    /// The deprecated tool as it appears in a command, matched as a whole word, any case.
    pub tool: String,
    /// The supported alternative, matched the same way in the procedure's other commands.
    pub replacement: String,
    /// Why, shown in the diagnostic and on the page.
    #[serde(default)]
    pub reason: Option<String>,
}

impl Config {
    /// The site title in `lang`, falling back to the default language.
    pub fn title_in(&self, lang: &str) -> &str {
        self.title
            .get(lang)
            .or_else(|| self.title.get(&self.default_language))
            .map_or("", String::as_str)
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The `[lint.deprecated_commands]` entry that applies to `command`, if any. It lives with
    /// the configuration because both the linter (KB rule) and the page renderer (the
    /// "deprecated" note beside a command) read it.
    pub fn deprecation_of(&self, command: &str) -> Option<&DeprecatedCommand> {
        self.lint
            .deprecated_commands
            .iter()
            .find(|d| uses_tool(command, &d.tool))
    }
}

/// Whether `command` invokes `tool`: a whole word, any case, with an optional `.exe`.
pub fn uses_tool(command: &str, tool: &str) -> bool {
    command
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .map(|w| w.strip_suffix(".exe").unwrap_or(w))
        .any(|w| w.eq_ignore_ascii_case(tool))
}

impl Category {
    /// The title in `lang`, or the id when the title is missing.
    pub fn title_in(&self, lang: &str) -> &str {
        self.title
            .get(lang)
            .map_or(self.id.as_str(), String::as_str)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<BTreeMap<String, String>>,
    languages: Spanned<Vec<String>>,
    default_language: Option<Spanned<String>>,
    output: Option<RawOutput>,
    #[serde(default)]
    categories: Vec<RawCategory>,
    #[serde(default)]
    lint: RawLint,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    search: RawSearch,
    #[serde(default)]
    feedback: RawFeedback,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFeedback {
    url: Option<Spanned<String>>,
}

/// One group of `[search.synonyms]`, with the position of the group and of each word.
type RawSynonymGroup = Spanned<Vec<Spanned<String>>>;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default)]
    synonyms: BTreeMap<Spanned<String>, Vec<RawSynonymGroup>>,
}

/// `output = "book"`, or an `[output]` table with `dir` and `keep`.
enum RawOutput {
    Dir(String),
    Table(RawOutputTable),
}

impl<'de> Deserialize<'de> for RawOutput {
    // By hand rather than `untagged`, which would lose the positions of `keep` entries and
    // replace every message with "did not match any variant".
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = RawOutput;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a folder name or a table with `dir` and `keep`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawOutput, E> {
                Ok(RawOutput::Dir(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawOutput, A::Error> {
                RawOutputTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawOutput::Table)
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutputTable {
    dir: Option<String>,
    #[serde(default)]
    keep: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: Spanned<String>,
    title: Spanned<BTreeMap<String, String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLint {
    max_source_age_days: Option<u32>,
    max_translation_lag_days: Option<u32>,
    max_flow_depth: Option<u32>,
    #[serde(default)]
    trusted_hosts: Vec<String>,
    #[serde(default)]
    deprecated_commands: Vec<DeprecatedCommand>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Severity>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    allow_raw_html: bool,
}

/// Reads and validates `root/book.toml`; `rule_exists` tells whether a `[lint.rules]` key names
/// a rule whose level may be configured (the linter owns that list). The source text is
/// returned either way so the caller can show snippets. For commands that need only the
/// configuration (`kbgen sources verify`); builds use [`from_inputs`].
pub fn load(
    root: &Path,
    rule_exists: fn(&str) -> bool,
) -> Result<(Config, SourceText), ConfigError> {
    let path = root.join(layout::CONFIG_FILE);
    let bytes = crate::input::read(root, &path, crate::input::MAX_CONFIG_BYTES)
        .map_err(|e| ConfigError::Io(path.clone(), e.into()))?;
    from_bytes(&path, &bytes, rule_exists)
}

/// [`load`] from the project's [`Inputs`] (read once by the pipeline).
pub fn from_inputs(
    inputs: &Inputs,
    rule_exists: fn(&str) -> bool,
) -> Result<(Config, SourceText), ConfigError> {
    let path = inputs.root().join(layout::CONFIG_FILE);
    match inputs.get(Path::new(layout::CONFIG_FILE)) {
        Some(Entry::File(f)) => from_bytes(&path, &f.bytes, rule_exists),
        Some(Entry::Unreadable(u)) => Err(ConfigError::Io(path, u.to_io())),
        None => Err(ConfigError::Io(
            path,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        )),
    }
}

fn from_bytes(
    path: &Path,
    bytes: &[u8],
    rule_exists: fn(&str) -> bool,
) -> Result<(Config, SourceText), ConfigError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        ConfigError::Io(
            path.to_path_buf(),
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "is not valid UTF-8 (save it as UTF-8)",
            ),
        )
    })?;
    let source = SourceText::new(layout::CONFIG_FILE, text);
    match parse(&source, rule_exists) {
        Ok(config) => Ok((config, source)),
        Err(diags) => Err(ConfigError::Invalid(source, diags)),
    }
}

/// Why `book.toml` could not be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The file could not be read.
    Io(PathBuf, std::io::Error),
    /// The file was read but is invalid; every problem is listed.
    Invalid(SourceText, Vec<Diagnostic>),
}

/// Parses and validates the text of a `book.toml`; `rule_exists` tells whether a `[lint.rules]`
/// key names a real rule.
pub fn parse(
    source: &SourceText,
    rule_exists: fn(&str) -> bool,
) -> Result<Config, Vec<Diagnostic>> {
    let at = |span: std::ops::Range<usize>| source.pos(span.start);
    let diag = |pos: Pos, msg: String| {
        Diagnostic::new(
            Severity::Error,
            CONFIG_CODE,
            CONFIG_RULE,
            &source.path,
            pos,
            msg,
        )
    };
    let raw: RawConfig = match toml::from_str(&source.text) {
        Ok(raw) => raw,
        Err(e) => {
            let pos = e.span().map_or(Pos::new(1, 1), at);
            let len = e
                .span()
                .map_or(1, |s| source.text.get(s).map_or(1, |t| t.chars().count()));
            return Err(vec![diag(pos, e.message().trim().to_string()).with_len(len)]);
        }
    };
    let mut problems = Vec::new();
    let languages_pos = at(raw.languages.span());
    let languages = raw.languages.into_inner();
    check_languages(&languages, languages_pos, &diag, &mut problems);
    let default_language = match raw.default_language {
        Some(d) => {
            let pos = at(d.span());
            let d = d.into_inner();
            if !languages.contains(&d) {
                problems.push(
                    diag(pos, format!("default_language `{d}` is not in `languages`"))
                        .with_help(format!("add it to `languages` or use one of {languages:?}")),
                );
            }
            d
        }
        None => languages.first().cloned().unwrap_or_default(),
    };
    let title_pos = at(raw.title.span());
    let title = raw.title.into_inner();
    check_translated(
        &title,
        &languages,
        "site `title`",
        title_pos,
        &mut problems,
        &diag,
    );
    let categories = categories(raw.categories, &languages, &at, &diag, &mut problems);
    let levels = levels(raw.lint.rules, rule_exists, &at, &diag, &mut problems);
    let search = SearchConfig {
        synonyms: synonyms(raw.search, &languages, &at, &diag, &mut problems),
    };
    let (output, output_keep) = output(raw.output, &at, &diag, &mut problems);
    let feedback_url = raw
        .feedback
        .url
        .and_then(|u| feedback_url(u, &at, &diag, &mut problems));
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        title,
        languages,
        default_language,
        output: PathBuf::from(output.unwrap_or_else(|| "book".into())),
        categories,
        lint: LintConfig {
            max_source_age_days: i64::from(raw.lint.max_source_age_days.unwrap_or(365)),
            max_translation_lag_days: i64::from(raw.lint.max_translation_lag_days.unwrap_or(30)),
            trusted_hosts: raw.lint.trusted_hosts,
            deprecated_commands: raw.lint.deprecated_commands,
            levels,
            max_flow_depth: raw.lint.max_flow_depth.map_or(8, |d| d as usize),
        },
        allow_raw_html: raw.markdown.allow_raw_html,
        search,
        output_keep,
        feedback_url,
    })
}

/// `[feedback] url`: an `https:`, `http:` or `mailto:` URL (the one URL policy) whose only
/// `{...}` placeholders are [`FEEDBACK_PLACEHOLDERS`]; blank means none.
fn feedback_url(
    raw: Spanned<String>,
    at: &At,
    diag: &Diag,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let pos = at(raw.span());
    let url = raw.into_inner();
    if url.trim().is_empty() {
        return None;
    }
    let mut rest = url.as_str();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        let name = &rest[open..close];
        if !FEEDBACK_PLACEHOLDERS.contains(&name) {
            problems.push(
                diag(
                    pos,
                    format!("`[feedback] url` has the unknown placeholder `{name}`"),
                )
                .with_help("use `{title}`, `{url}` and `{procedure}` (each optional)"),
            );
            return None;
        }
        rest = &rest[close..];
    }
    let lower = url.trim_start().to_ascii_lowercase();
    let absolute = ["https://", "http://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s));
    if !absolute || !crate::url_policy::allowed(&url) {
        problems.push(
            diag(pos, format!("`[feedback] url` `{url}` is not an https:, http: or mailto: URL"))
                .with_help("for example `mailto:kb@example.com?subject={title}&body={url}` or `https://tickets.example.com/new?title={title}&page={url}`"),
        );
        return None;
    }
    Some(url)
}

/// Positions in `book.toml`, from a span.
type At<'a> = dyn Fn(std::ops::Range<usize>) -> Pos + 'a;
/// A `book.toml` diagnostic at a position.
type Diag<'a> = dyn Fn(Pos, String) -> Diagnostic + 'a;

/// `languages`: codes that are valid folder names everywhere, each listed once.
fn check_languages(languages: &[String], pos: Pos, diag: &Diag, problems: &mut Vec<Diagnostic>) {
    let languages_pos = pos;
    if languages.is_empty() {
        problems.push(diag(
            languages_pos,
            "`languages` must list at least one language".into(),
        ));
    }
    for (i, lang) in languages.iter().enumerate() {
        if !is_language_code(lang) {
            problems.push(
                diag(languages_pos, format!("`{lang}` is not a language code"))
                    .with_help("use a lowercase code such as `ja`, `en` or `pt-br`"),
            );
        } else if let Some(why) = crate::portable::problem(lang) {
            // The language is a folder of the site: `aux/` cannot exist on Windows.
            problems.push(diag(languages_pos, format!("language `{lang}` {why}")));
        }
        if languages[..i].contains(lang) {
            problems.push(diag(
                languages_pos,
                format!("language `{lang}` is listed twice"),
            ));
        }
    }
}

/// `[[categories]]`: valid, portable, unique ids with a title in every language.
fn categories(
    raw: Vec<RawCategory>,
    languages: &[String],
    at: &At,
    diag: &Diag,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Category> {
    let mut categories: Vec<Category> = Vec::new();
    for raw_cat in raw {
        let pos = at(raw_cat.id.span());
        let id = raw_cat.id.into_inner();
        if !is_id(&id) {
            problems.push(
                diag(pos, format!("category id `{id}` is not a valid id"))
                    .with_help("use lowercase letters, digits and `-`"),
            );
        } else if let Some(why) = crate::portable::problem(&id) {
            problems.push(
                diag(pos, format!("category id `{id}` {why}"))
                    .with_help("its page `categories/<id>.html` must open on Windows too"),
            );
        }
        if categories.iter().any(|c| c.id == id) {
            problems.push(diag(pos, format!("category `{id}` is defined twice")));
        }
        let title_pos = at(raw_cat.title.span());
        let title = raw_cat.title.into_inner();
        let what = format!("title of category `{id}`");
        check_translated(&title, languages, &what, title_pos, problems, diag);
        categories.push(Category { id, title });
    }
    categories
}

/// `[lint.rules]`: levels of rules that exist.
fn levels(
    raw: BTreeMap<Spanned<String>, Severity>,
    rule_exists: fn(&str) -> bool,
    at: &At,
    diag: &Diag,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Severity> {
    let mut levels = BTreeMap::new();
    for (key, level) in raw {
        let pos = at(key.span());
        let key = key.into_inner();
        if !rule_exists(&key) {
            problems.push(
                diag(
                    pos,
                    format!("`{key}` is not a lint rule whose level can be set"),
                )
                .with_help("`kbgen check --list-rules` lists the rule names and codes"),
            );
        }
        levels.insert(key, level);
    }
    levels
}

/// `output` or `[output]`: the folder, and `keep` paths that stay inside it.
fn output(
    raw: Option<RawOutput>,
    at: &At,
    diag: &Diag,
    problems: &mut Vec<Diagnostic>,
) -> (Option<String>, Vec<String>) {
    let (output, keep) = match raw {
        None => (None, Vec::new()),
        Some(RawOutput::Dir(d)) => (Some(d), Vec::new()),
        Some(RawOutput::Table(t)) => (t.dir, t.keep),
    };
    let mut output_keep = Vec::new();
    for k in keep {
        let pos = at(k.span());
        let k = k.into_inner();
        let k = k.trim_end_matches('/').to_string();
        let plain = !k.is_empty()
            && !k.starts_with('/')
            && !k.contains('\\')
            && k.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
            && k != layout::OUTPUT_MARKER;
        if plain {
            output_keep.push(k);
        } else {
            problems.push(
                diag(
                    pos,
                    format!("`{k}` in `[output] keep` is not a path inside the output folder"),
                )
                .with_help(
                    "name files or folders relative to the output folder, e.g. `CNAME` or `.git`",
                ),
            );
        }
    }
    (output, output_keep)
}

/// Validates `[search.synonyms]`: known languages, groups of at least two distinct words.
fn synonyms(
    raw: RawSearch,
    languages: &[String],
    at: &dyn Fn(std::ops::Range<usize>) -> Pos,
    diag: &dyn Fn(Pos, String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<SynonymGroup>> {
    let mut out = BTreeMap::new();
    for (lang, groups) in raw.synonyms {
        let lang_pos = at(lang.span());
        let lang = lang.into_inner();
        if !languages.contains(&lang) {
            problems.push(
                diag(
                    lang_pos,
                    format!("synonyms for `{lang}`, which is not in `languages`"),
                )
                .with_help(format!("use one of {languages:?}")),
            );
        }
        let mut checked = Vec::new();
        for group in groups {
            let group_pos = at(group.span());
            let words: Vec<(String, Pos)> = group
                .into_inner()
                .into_iter()
                .map(|w| (at(w.span()), w.into_inner()))
                .map(|(pos, w)| (w.trim().to_string(), pos))
                .collect();
            if let Some((_, pos)) = words.iter().find(|(w, _)| w.is_empty()) {
                problems.push(diag(*pos, "a synonym is empty".into()));
            }
            let mut distinct: Vec<String> = words
                .iter()
                .map(|(w, _)| crate::text_norm::normalize(w))
                .collect();
            distinct.sort();
            distinct.dedup();
            if distinct.len() < 2 {
                problems.push(
                    diag(
                        group_pos,
                        "a synonym group needs at least two different words".into(),
                    )
                    .with_help("write the words people use for the same thing, e.g. [\"PC\", \"パソコン\"]"),
                );
            }
            checked.push(SynonymGroup { words });
        }
        out.insert(lang, checked);
    }
    out
}

impl From<ConfigError> for crate::error::Error {
    fn from(e: ConfigError) -> Self {
        match e {
            ConfigError::Io(path, source) => crate::error::Error::io(path, source),
            ConfigError::Invalid(file, diagnostics) => {
                let mut files = crate::source_text::SourceMap::default();
                files.insert(std::sync::Arc::new(file));
                crate::error::Error::Invalid { files, diagnostics }
            }
        }
    }
}

fn check_translated(
    map: &BTreeMap<String, String>,
    languages: &[String],
    what: &str,
    pos: Pos,
    problems: &mut Vec<Diagnostic>,
    diag: &dyn Fn(Pos, String) -> Diagnostic,
) {
    for lang in languages {
        if map.get(lang).is_none_or(|t| t.trim().is_empty()) {
            problems.push(diag(pos, format!("{what} has no `{lang}` text")));
        }
    }
    for lang in map.keys() {
        if !languages.contains(lang) {
            problems.push(diag(
                pos,
                format!("{what} has text for `{lang}`, which is not in `languages`"),
            ));
        }
    }
}

/// Topic, procedure, category and source ids: lowercase ASCII letters, digits and inner `-`.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = { ja = "ナレッジ", en = "Knowledge" }
languages = ["ja", "en"]
default_language = "ja"

[[categories]]
id = "keys"
title = { ja = "キー", en = "Keys" }
"#;

    fn any_rule(_: &str) -> bool {
        true
    }

    #[test]
    fn parses_a_valid_file() {
        let cfg = parse(&SourceText::new("book.toml", GOOD), any_rule).expect("valid");
        assert_eq!(cfg.languages, ["ja", "en"]);
        assert_eq!(cfg.output, PathBuf::from("book"));
        assert_eq!(cfg.categories[0].title_in("en"), "Keys");
        assert_eq!(cfg.lint.max_source_age_days, 365);
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let text = format!("{GOOD}colour = \"red\"\n");
        let errs = parse(&SourceText::new("book.toml", &text), any_rule).expect_err("invalid");
        assert_eq!(errs[0].pos.line, 9, "{errs:?}");
        assert!(errs[0].message.contains("colour"), "{errs:?}");
    }

    #[test]
    fn missing_translation_and_bad_default_are_reported_together() {
        let text = GOOD
            .replace("en = \"Keys\"", "")
            .replace("default_language = \"ja\"", "default_language = \"fr\"");
        let errs = parse(&SourceText::new("book.toml", &text), any_rule).expect_err("invalid");
        assert_eq!(errs.len(), 2, "{errs:?}");
    }

    #[test]
    fn output_is_a_folder_name_or_a_table_with_keep() {
        let text = GOOD.replace(
            "default_language = \"ja\"",
            "default_language = \"ja\"\noutput = { dir = \"site\", keep = [\"CNAME\", \".git/\"] }",
        );
        let cfg = parse(&SourceText::new("book.toml", &text), any_rule).expect("valid");
        assert_eq!(cfg.output, PathBuf::from("site"));
        assert_eq!(cfg.output_keep, ["CNAME", ".git"]);
        for bad in ["../x", "/etc", "a//b", ".kbgen-output", ""] {
            let text = GOOD.replace(
                "default_language = \"ja\"",
                &format!("default_language = \"ja\"\noutput = {{ keep = [\"{bad}\"] }}"),
            );
            let errs = parse(&SourceText::new("book.toml", &text), any_rule).expect_err(bad);
            assert!(errs[0].message.contains("keep"), "{bad}: {errs:?}");
        }
    }

    #[test]
    fn ids() {
        assert!(is_id("check-methods"));
        assert!(!is_id("Check"));
        assert!(!is_id("-a"));
        assert!(!is_id("a b"));
    }
}

#[cfg(test)]
mod uses_tool_tests {
    use super::uses_tool;

    #[test]
    fn matches_whole_words_only() {
        assert!(uses_tool(
            "wmic path softwarelicensingservice get OA3xOriginalProductKey",
            "wmic"
        ));
        assert!(uses_tool("WMIC.exe os get caption", "wmic"));
        assert!(uses_tool(
            "(Get-WmiObject -query 'x').OA3xOriginalProductKey",
            "Get-WmiObject"
        ));
        assert!(!uses_tool(
            "Get-CimInstance -ClassName Win32_OperatingSystem",
            "wmic"
        ));
        assert!(!uses_tool("echo wmicx", "wmic"));
    }
}
