//! The registry of lint rules: stable code, stable name, default level and the `--explain`
//! text. Codes never change meaning; new rules get new codes.

use crate::diag::Severity;

/// A lint rule's identity and documentation.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `KB001`.
    pub code: &'static str,
    /// Stable kebab-case name, usable in `[lint.rules]`.
    pub name: &'static str,
    /// Level unless `book.toml` overrides it.
    pub default: Severity,
    /// One line for `--list-rules`.
    pub summary: &'static str,
    /// Why the rule exists and how to fix a finding, for `--explain`.
    pub explain: &'static str,
}

macro_rules! rules {
    ($($ident:ident = $code:literal, $name:literal, $level:ident, $summary:literal, $explain:literal;)*) => {
        $(
            #[doc = $summary]
            pub static $ident: Rule = Rule {
                code: $code,
                name: $name,
                default: Severity::$level,
                summary: $summary,
                explain: $explain,
            };
        )*
        /// Every rule, in code order.
        pub static ALL: &[&Rule] = &[$(&$ident),*];
    };
}

rules! {
    PARSE_ERROR = "KB000", "parse-error", Error,
        "A file cannot be read or parsed (YAML syntax, wrong type, unknown field, missing front matter).",
        "Topics are Markdown files that start with YAML front matter between `---` lines; `content/sources.yaml` is a YAML list. Unknown fields are rejected so that a misspelt field name is never silently ignored. Fix the file at the position shown.";
    MISSING_COMMAND = "KB001", "procedure-without-command", Error,
        "A procedure has no command.",
        "Help-desk staff follow procedures on customers' PCs; a procedure must show at least one command (`commands:` with `shell` and `run`). If the procedure is only a Settings path, add the command that opens it (e.g. `start ms-settings:activation`).";
    EMPTY_COMMAND = "KB002", "empty-command", Error,
        "A command's `run` text is empty.",
        "An empty `run` renders an empty code block with a copy button that copies nothing. Write the exact command to type.";
    UNKNOWN_SHELL = "KB003", "unknown-shell", Error,
        "A command names a shell kbgen does not know.",
        "`shell` decides the label and the syntax highlighting. Use one of `cmd`, `powershell`, `pwsh` or `run` (the Win+R dialog).";
    MISSING_SOURCE = "KB004", "procedure-without-source", Error,
        "A procedure cites no source.",
        "Every procedure must be backed by at least one verified source: add `sources: [id]` with an id from `content/sources.yaml`.";
    UNKNOWN_SOURCE = "KB005", "unknown-source", Error,
        "A procedure cites a source id that is not in `content/sources.yaml`.",
        "Source ids must match an entry of `content/sources.yaml` exactly. Add the source (with its verification) or fix the id.";
    SOURCE_NOT_VERIFIED = "KB006", "source-not-verified", Error,
        "A source has no valid `verified.on` date or no `verified.quote`.",
        "A source counts as verified only when someone recorded the day they read the page (`verified.on: YYYY-MM-DD`) and words found on it (`verified.quote`). `kbgen sources verify` checks the quotes and refreshes the dates.";
    SOURCE_FUTURE_DATE = "KB007", "source-verified-in-future", Error,
        "A source's `verified.on` date is after today.",
        "A verification date in the future is a typo or a fabrication; use the day the page was actually checked.";
    SOURCE_NOT_HTTPS = "KB008", "source-not-https", Error,
        "A source URL does not use https.",
        "Readers follow source links from the intranet; plain http can be altered in transit. Use the page's https address.";
    SOURCE_STALE = "KB009", "source-stale", Warning,
        "A source was verified longer ago than `[lint] max_source_age_days`.",
        "Vendor documentation changes. Re-read the page and update `verified.on` (or run `kbgen sources verify`). The age limit is `[lint] max_source_age_days` in book.toml (default 365).";
    UNTRUSTED_HOST = "KB010", "untrusted-host", Error,
        "A source URL's host is not in `[lint] trusted_hosts`.",
        "Only sources from hosts listed in `[lint] trusted_hosts` may back a procedure. Cite the vendor's own page, or add the host to the list if it is trustworthy.";
    DEPRECATED_COMMAND = "KB011", "deprecated-command", Error,
        "A procedure uses a deprecated tool without also showing its supported replacement.",
        "`[[lint.deprecated_commands]]` in book.toml lists tools such as `wmic` with their replacement (`Get-CimInstance`). A procedure may still show the deprecated command for older PCs, but only next to a command that uses the replacement.";
    MISSING_TRANSLATION = "KB012", "missing-translation", Error,
        "A topic does not exist in every configured language.",
        "Every topic must exist in every language of `languages`, as `content/<lang>/<id>.md` with the same `id`. `kbgen new <id>` scaffolds all of them.";
    TRANSLATION_MISMATCH = "KB013", "translation-mismatch", Error,
        "A translation's procedures or commands differ from the original's.",
        "Translations share their procedures: the same procedure ids in the same order, and the same commands (`shell` and identical `run` text). Only prose, titles, steps and notes are translated.";
    TRANSLATION_LAG = "KB014", "translation-lag", Warning,
        "A translation was reviewed long before its original.",
        "When the original is reviewed, its translations should be too. The allowed lag is `[lint] max_translation_lag_days` (default 30).";
    BROKEN_LINK = "KB015", "broken-link", Error,
        "A link (`@/id`) or a `related` id names a topic that does not exist.",
        "Link to other topics with `[text](@/topic-id)` or `[text](@/topic-id#anchor)`; `related:` lists topic ids. The target must exist in the same language.";
    BROKEN_ANCHOR = "KB016", "broken-anchor", Error,
        "A link's `#anchor` is not a heading or procedure id of its target.",
        "Anchors are procedure ids, explicit heading ids (`## Title {#id}`) or derived heading ids. Fix the anchor or give the heading an explicit id.";
    DUPLICATE_ID = "KB017", "duplicate-id", Error,
        "Two things share an id (topics, procedures, headings or sources).",
        "Ids identify topics, procedures, anchors and sources; each must be unique in its scope.";
    EMPTY_FIELD = "KB018", "empty-field", Error,
        "A title, summary or step is empty.",
        "Lists and search results show titles and summaries; empty ones make a page impossible to find.";
    UNKNOWN_CATEGORY = "KB019", "unknown-category", Error,
        "A topic's category is not defined in book.toml.",
        "Categories are `[[categories]]` entries in book.toml; use one of their ids.";
    UNUSED_SOURCE = "KB020", "unused-source", Warning,
        "A source in `content/sources.yaml` is not cited by any procedure.",
        "An uncited source is unchecked weight; cite it or remove it.";
    CODE_WITHOUT_LANGUAGE = "KB021", "code-block-without-language", Error,
        "A code block does not name its language.",
        "Name the language after the fence (```powershell, ```cmd, ```text) so it is highlighted and labelled correctly.";
    INVALID_FIELD = "KB022", "invalid-field", Error,
        "A field has an invalid value (an id that is not kebab-case or differs from the file name, a date that is not YYYY-MM-DD).",
        "Ids are lowercase letters, digits and `-`, and a topic's id equals its file name. Dates are written YYYY-MM-DD.";
    UNUSED_SYNONYM = "KB023", "unused-synonym", Warning,
        "No topic of its language contains any word of a `[search.synonyms]` group.",
        "Synonyms let a search for one word find pages that write another (`キーファインダー` finds `キー表示ツール`), so a group needs at least one word the pages use. A group none of whose words any topic contains is usually misspelt, or the pages were rewritten; fix the spelling or remove the group. Matching uses the search normalisation (case, width, kana, spaces between Japanese words).";
    HEADING_ATTRIBUTE = "KB024", "heading-attribute", Error,
        "A Markdown heading carries an attribute other than `{#id}`, or an id that is not valid.",
        "Only `## Title {#id}` is honoured, with an id of letters, digits, `-` and `_`. Classes (`{.x}`) and other attributes (`{onfocus=...}`, `{id=...}`) are never emitted: they could add script handlers or a second id. Remove them.";
    UNSAFE_URL = "KB025", "unsafe-url", Error,
        "A link, image or source URL uses a scheme other than https, http or mailto.",
        "kbgen emits only relative URLs and `https:`, `http:` and `mailto:` URLs, whatever the other rules' levels: `javascript:`, `data:`, `file:` and other schemes could run code or reach the reader's disk. This rule cannot be lowered; such a URL is never emitted.";
}

/// Whether a `[lint.rules]` key names a rule whose level may be changed. Parse errors cannot be
/// silenced: a topic that does not parse would vanish from the site without notice.
pub fn is_configurable(name_or_code: &str) -> bool {
    find(name_or_code).is_some_and(|r| r.code != PARSE_ERROR.code && r.code != UNSAFE_URL.code)
}

/// Finds a rule by name or code (case-insensitive for codes).
pub fn find(name_or_code: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.name == name_or_code || r.code.eq_ignore_ascii_case(name_or_code))
}
