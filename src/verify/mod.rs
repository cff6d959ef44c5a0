//! `kbgen sources verify`: re-reads every cited page and records the day its quote was seen.
//!
//! The linter can only check that `verified.on` is recent; it cannot know whether the page
//! still says what the knowledge base claims. This module fetches each source URL
//! ([`fetch`]), reduces the HTML to text ([`html_text`]), looks for the recorded
//! `verified.quote` in a normalised form that ignores typography, width, ASCII case and
//! whitespace ([`normalize`]), and for every source whose quote is still there sets
//! `verified.on` to today ([`rewrite`]).
//!
//! Design decisions:
//! - `content/sources.yaml` is edited as text, never re-serialised, so comments, order,
//!   quoting and blank lines survive; only the characters of each passing `on:` value change,
//!   and the file is replaced atomically (temporary file + rename).
//! - A passing source whose `verified:` block has no `on:` value is reported as failed
//!   ([`Failure::NoDateField`]) instead of inserting a line: `verified:` may be a block or a
//!   flow mapping and the parser gives no position for the mapping itself, so an insertion
//!   could not be placed robustly. The writer adds `on:` once; later runs update it.
//! - Failing sources are never touched; their old date stays so the staleness lint keeps
//!   pointing at them.
//! - Plain `http://` URLs fail unless [`VerifyOptions::allow_http`] is set (test servers,
//!   intranet mirrors), matching the linter's https-only rule.
//! - The network sits behind the [`fetch::Fetch`] trait, so everything else is testable offline
//!   with [`verify_sources_with`].

pub mod fetch;
pub mod html_text;
pub mod normalize;
pub mod rewrite;

use crate::content::front_matter::parse_yaml;
use crate::content::loader::read_text;
use crate::content::{pos_of, Source};
use crate::date::Date;
use crate::diag::{Diagnostic, Pos};
use crate::error::Error;
use crate::source_text::SourceMap;
use fetch::{is_https, Fetch, FetchError, HttpFetcher, HttpSettings};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What to verify and how patiently; built by the CLI, or by tests with a local server.
#[derive(Debug, Clone)]
pub struct VerifyOptions {
    /// The date written into `verified.on` (the CLI honours `KBGEN_TODAY`).
    pub today: Date,
    /// Budget per page, from connecting to the last byte, redirects included.
    pub timeout: Duration,
    /// Source ids to verify; empty means all of them.
    pub only: Vec<String>,
    /// Accept `http://` URLs: for test servers and intranet mirrors only.
    pub allow_http: bool,
    /// Honour `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY`; tests against 127.0.0.1
    /// switch it off so a developer's proxy settings cannot interfere.
    pub proxy_from_env: bool,
    /// Redirects followed per page.
    pub max_redirects: u32,
    /// Pages fetched at the same time.
    pub jobs: usize,
}

impl VerifyOptions {
    /// The defaults of the command line: 15 s per page, 5 redirects, https only, proxy from
    /// the environment, 4 pages at a time.
    pub fn new(today: Date) -> Self {
        VerifyOptions {
            today,
            timeout: Duration::from_secs(15),
            only: Vec::new(),
            allow_http: false,
            proxy_from_env: true,
            max_redirects: 5,
            jobs: 4,
        }
    }
}

/// Why a source did not pass; the message says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// There is no `verified.quote` (or it is empty), so there is nothing to look for.
    NoQuote,
    /// The page could not be read.
    Fetch(FetchError),
    /// The page was read but the quote is not in its text.
    QuoteMissing,
    /// The quote was found, but `verified:` has no `on:` value to update.
    NoDateField,
    /// The quote was found, but the `on:` value could not be edited in place.
    CannotEdit(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::NoQuote => f.write_str(
                "no `verified.quote` is recorded, so there is nothing to look for on the page",
            ),
            Failure::Fetch(e) => write!(f, "{e}"),
            Failure::QuoteMissing => f.write_str(
                "the page no longer contains the recorded `verified.quote`; re-read the page, \
                 then update the quote and the text that relies on it",
            ),
            Failure::NoDateField => f.write_str(
                "the quote was found, but `verified:` has no `on:` date to update; add \
                 `on: YYYY-MM-DD` under `verified:`",
            ),
            Failure::CannotEdit(reason) => write!(
                f,
                "the quote was found, but `verified.on` cannot be updated in place: {reason}"
            ),
        }
    }
}

/// The result for one source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The quote is on the page; `verified.on` now says today.
    Passed {
        /// The date recorded before this run.
        previous: String,
    },
    /// The source was left untouched.
    Failed(Failure),
}

/// One verified source, with the position of its `url` for editor-clickable output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceResult {
    /// Source id.
    pub id: String,
    /// The URL fetched.
    pub url: String,
    /// Position of the `url` value in `content/sources.yaml`.
    pub pos: Pos,
    /// Passed or why not.
    pub outcome: Outcome,
}

impl SourceResult {
    /// Whether the quote was found and the date recorded.
    pub fn passed(&self) -> bool {
        matches!(self.outcome, Outcome::Passed { .. })
    }

    /// The line the CLI prints: `path:line:col: id: ok` or `...: FAILED: reason`.
    pub fn line(&self, file: &Path) -> String {
        let file = file.to_string_lossy().replace('\\', "/");
        let status = match &self.outcome {
            Outcome::Passed { .. } => "ok".to_string(),
            Outcome::Failed(reason) => format!("FAILED: {reason}"),
        };
        format!(
            "{file}:{}:{}: {}: {status}",
            self.pos.line, self.pos.col, self.id
        )
    }
}

/// Everything a run found, for the CLI to print and tests to inspect.
#[derive(Debug, Clone)]
pub struct VerifyReport {
    /// `content/sources.yaml`, relative to the root.
    pub path: PathBuf,
    /// Files the diagnostics point into.
    pub files: SourceMap,
    /// Problems that stopped the run before any fetch (the file does not parse).
    pub diagnostics: Vec<Diagnostic>,
    /// One entry per selected source, in file order.
    pub results: Vec<SourceResult>,
    /// Whether `content/sources.yaml` was written (false when no date changed).
    pub rewritten: bool,
    /// The date recorded for passing sources.
    pub today: Date,
}

impl VerifyReport {
    /// Number of sources that passed.
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    /// Number of sources that failed.
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    /// True when the file parsed and every selected source passed (exit code 0).
    pub fn ok(&self) -> bool {
        self.diagnostics.is_empty() && self.failed() == 0
    }

    /// The closing line: counts and whether the file changed.
    pub fn summary(&self) -> String {
        let path = self.path.to_string_lossy().replace('\\', "/");
        let written = if self.rewritten {
            format!("{path} updated (verified.on: {})", self.today)
        } else {
            format!("{path} not changed")
        };
        format!(
            "{} of {} source(s) verified, {} failed; {written}",
            self.passed(),
            self.results.len(),
            self.failed()
        )
    }
}

/// Verifies the sources of the project at `root` over the network and records the passes.
/// `Err` only for I/O problems or an unknown `--only` id (exit 2); a file that does not
/// parse is reported through [`VerifyReport::diagnostics`].
pub fn verify_sources(root: &Path, options: &VerifyOptions) -> Result<VerifyReport, Error> {
    let fetcher = HttpFetcher::new(HttpSettings {
        timeout: options.timeout,
        max_redirects: options.max_redirects,
        allow_http: options.allow_http,
        proxy_from_env: options.proxy_from_env,
    });
    verify_sources_with(root, options, &fetcher)
}

/// [`verify_sources`] with any page source, so tests can run without a network.
pub fn verify_sources_with(
    root: &Path,
    options: &VerifyOptions,
    fetcher: &dyn Fetch,
) -> Result<VerifyReport, Error> {
    let abs = root.join("content").join("sources.yaml");
    let rel = PathBuf::from("content/sources.yaml");
    let mut report = VerifyReport {
        path: rel,
        files: SourceMap::default(),
        diagnostics: Vec::new(),
        results: Vec::new(),
        rewritten: false,
        today: options.today,
    };
    // What a killed run may have left beside the file.
    rewrite::remove_leftovers(&root.join("content"), "sources.yaml");
    // Exists in any form: a symbolic link or a FIFO there is reported by `read_text`.
    if std::fs::symlink_metadata(&abs).is_err() {
        return Err(Error::io(
            &abs,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        ));
    }
    let file = match read_text(root, &abs) {
        Ok(f) => Arc::new(f),
        Err(d) => {
            report.diagnostics.push(d);
            return Ok(report);
        }
    };
    report.path = file.path.clone();
    report.files.insert(file.clone());
    let sources = match parse_yaml::<Option<Vec<Source>>>(&file, (0, file.text.len()), 1) {
        Ok(s) => s.unwrap_or_default(),
        Err(d) => {
            report.diagnostics.push(d);
            return Ok(report);
        }
    };
    let selected = select(&sources, options, &file.path)?;

    // Fetch each distinct URL once, only for sources that have something to look for.
    let mut urls: Vec<&str> = Vec::new();
    for s in &selected {
        let url = s.url.value.as_str();
        if quote_of(s).is_some() && (options.allow_http || is_https(url)) && !urls.contains(&url) {
            urls.push(url);
        }
    }
    let pages = fetch_all(fetcher, &urls, options.jobs);

    let edits = judge_all(&selected, options, &pages, &mut report);
    let today = options.today.to_string();
    let only_edits: Vec<rewrite::DateEdit> = edits.iter().map(|(_, e)| e.clone()).collect();
    let (new_text, errors) = rewrite::replace_dates(&file, &only_edits, &today);
    for err in errors {
        for (i, e) in &edits {
            if e.pos == err.pos {
                if let Some(r) = report.results.get_mut(*i) {
                    r.outcome = Outcome::Failed(Failure::CannotEdit(err.reason.clone()));
                }
            }
        }
    }
    if *new_text != *file.text {
        rewrite::write_atomically(&abs, &file.text, &new_text)?;
        report.rewritten = true;
    }
    Ok(report)
}

/// The sources `--only` names (all without it); an unknown id is a usage error.
fn select<'a>(
    sources: &'a [Source],
    options: &VerifyOptions,
    path: &Path,
) -> Result<Vec<&'a Source>, Error> {
    let unknown: Vec<&str> = options
        .only
        .iter()
        .filter(|id| !sources.iter().any(|s| &s.id.value == *id))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        return Err(Error::Usage(format!(
            "no source `{}` in {}",
            unknown.join("`, `"),
            path.display()
        )));
    }
    Ok(sources
        .iter()
        .filter(|s| options.only.is_empty() || options.only.contains(&s.id.value))
        .collect())
}

/// Judges each selected source against the fetched pages into `report.results`; returns the
/// date edits to make, each with the index of its result (settled when the edit is made).
fn judge_all(
    selected: &[&Source],
    options: &VerifyOptions,
    pages: &HashMap<String, Result<String, FetchError>>,
    report: &mut VerifyReport,
) -> Vec<(usize, rewrite::DateEdit)> {
    let mut edits = Vec::new();
    for s in selected {
        let outcome = judge(s, options, pages);
        let on = s.verified.as_ref().and_then(|v| v.on.as_ref());
        if let (None, Some(on)) = (&outcome, on) {
            // Found: schedule the date edit.
            edits.push((
                report.results.len(),
                rewrite::DateEdit {
                    pos: pos_of(&on.referenced),
                    old: on.value.clone(),
                },
            ));
        }
        let outcome = outcome.unwrap_or_else(|| match on {
            Some(on) => Outcome::Passed {
                previous: on.value.clone(),
            },
            None => Outcome::Failed(Failure::NoDateField),
        });
        report.results.push(SourceResult {
            id: s.id.value.clone(),
            url: s.url.value.clone(),
            pos: pos_of(&s.url.referenced),
            outcome,
        });
    }
    edits
}

/// The recorded quote, if it has any words in it.
fn quote_of(s: &Source) -> Option<&str> {
    s.verified
        .as_ref()
        .and_then(|v| v.quote.as_deref())
        .filter(|q| !normalize::normalize(&normalize::strip_emphasis(q)).is_empty())
}

/// `Some(outcome)` when the source failed; `None` when its quote was found.
fn judge(
    s: &Source,
    options: &VerifyOptions,
    pages: &HashMap<String, Result<String, FetchError>>,
) -> Option<Outcome> {
    let fail = |f: Failure| Some(Outcome::Failed(f));
    let Some(quote) = quote_of(s) else {
        return fail(Failure::NoQuote);
    };
    let url = s.url.value.as_str();
    if !options.allow_http && !is_https(url) {
        return fail(Failure::Fetch(FetchError::NotHttps(url.to_string())));
    }
    match pages.get(url) {
        None => fail(Failure::Fetch(FetchError::Connection(
            "the page was not fetched".into(),
        ))),
        Some(Err(e)) => fail(Failure::Fetch(e.clone())),
        Some(Ok(page)) => {
            let needle = normalize::normalize(&normalize::strip_emphasis(quote));
            if page.contains(&needle) {
                None
            } else {
                fail(Failure::QuoteMissing)
            }
        }
    }
}

/// Fetches `urls` with up to `jobs` threads; each page is stored already reduced to its
/// normalised text, the form quotes are compared against.
fn fetch_all(
    fetcher: &dyn Fetch,
    urls: &[&str],
    jobs: usize,
) -> HashMap<String, Result<String, FetchError>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<HashMap<String, Result<String, FetchError>>> = Mutex::new(HashMap::new());
    let workers = jobs.clamp(1, urls.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else { break };
                let page = fetcher
                    .fetch(url)
                    .map(|html| normalize::normalize(&html_text::html_to_text(&html)));
                if let Ok(mut map) = results.lock() {
                    map.insert((*url).to_string(), page);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// Canned pages by URL; anything else is a 404.
    struct Pages(Vec<(&'static str, &'static str)>);

    impl Fetch for Pages {
        fn fetch(&self, url: &str) -> Result<String, FetchError> {
            self.0
                .iter()
                .find(|(u, _)| *u == url)
                .map(|(_, body)| (*body).to_string())
                .ok_or(FetchError::Status(404))
        }
    }

    fn project(yaml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(dir.path().join("content")).expect("mkdir");
        fs::write(dir.path().join("content/sources.yaml"), yaml).expect("write");
        dir
    }

    fn options() -> VerifyOptions {
        VerifyOptions::new(Date::parse("2027-05-06").expect("date"))
    }

    const YAML: &str = "\
# kept comment
- id: ok-plain
  title: A
  url: https://example.com/a   # kept
  publisher: P
  lang: en
  verified:
    on: 2026-01-01
    quote: 'Run **PowerShell** as administrator.'
- id: ok-flow
  title: B
  url: https://example.com/a
  publisher: P
  lang: ja
  verified: {quote: 'プロダクト キー', on: '2025-01-01'}
- id: gone
  title: C
  url: https://example.com/gone
  publisher: P
  lang: en
  verified:
    on: 2026-01-01
    quote: anything
- id: no-on
  title: D
  url: https://example.com/a
  publisher: P
  lang: en
  verified:
    quote: administrator
- id: no-quote
  title: E
  url: https://example.com/a
  publisher: P
  lang: en
- id: plain-http
  title: F
  url: http://example.com/a
  publisher: P
  lang: en
  verified:
    on: 2026-01-01
    quote: administrator
";

    const PAGE: &str =
        "<p>Run&nbsp;<b>ＰｏｗｅｒＳｈｅｌｌ</b>\n as administrator.</p><p>プロダクトキー</p>";

    #[test]
    fn passes_update_dates_in_place_and_failures_stay() {
        let dir = project(YAML);
        let pages = Pages(vec![("https://example.com/a", PAGE)]);
        let report = verify_sources_with(dir.path(), &options(), &pages).expect("runs");
        let outcome = |id: &str| {
            report
                .results
                .iter()
                .find(|r| r.id == id)
                .map(|r| r.outcome.clone())
                .expect("result")
        };
        assert_eq!(
            outcome("ok-plain"),
            Outcome::Passed {
                previous: "2026-01-01".into()
            }
        );
        assert_eq!(
            outcome("ok-flow"),
            Outcome::Passed {
                previous: "2025-01-01".into()
            }
        );
        assert_eq!(
            outcome("gone"),
            Outcome::Failed(Failure::Fetch(FetchError::Status(404)))
        );
        assert_eq!(outcome("no-on"), Outcome::Failed(Failure::NoDateField));
        assert_eq!(outcome("no-quote"), Outcome::Failed(Failure::NoQuote));
        assert!(matches!(
            outcome("plain-http"),
            Outcome::Failed(Failure::Fetch(FetchError::NotHttps(_)))
        ));
        assert!(report.rewritten);
        let expected = YAML
            .replacen("on: 2026-01-01", "on: 2027-05-06", 1)
            .replace("'2025-01-01'", "'2027-05-06'");
        let written = fs::read_to_string(dir.path().join("content/sources.yaml")).expect("read");
        assert_eq!(written, expected);
        assert_eq!(report.passed(), 2);
        assert_eq!(report.failed(), 4);
        assert!(!report.ok());
        let gone = report
            .results
            .iter()
            .find(|r| r.id == "gone")
            .expect("gone");
        assert_eq!(gone.pos, Pos::new(18, 8));
        assert_eq!(
            gone.line(&report.path),
            "content/sources.yaml:18:8: gone: FAILED: the server answered HTTP 404"
        );
    }

    #[test]
    fn only_selects_sources_and_unknown_ids_are_usage_errors() {
        let dir = project(YAML);
        let pages = Pages(vec![("https://example.com/a", PAGE)]);
        let mut opts = options();
        opts.only = vec!["ok-flow".into()];
        let report = verify_sources_with(dir.path(), &opts, &pages).expect("runs");
        assert_eq!(report.results.len(), 1);
        assert!(report.ok());
        let written = fs::read_to_string(dir.path().join("content/sources.yaml")).expect("read");
        assert_eq!(written, YAML.replace("'2025-01-01'", "'2027-05-06'"));
        opts.only = vec!["nope".into()];
        assert!(matches!(
            verify_sources_with(dir.path(), &opts, &pages),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn same_date_means_no_rewrite() {
        let yaml = YAML
            .replace("2026-01-01", "2027-05-06")
            .replace("2025-01-01", "2027-05-06");
        let dir = project(&yaml);
        let pages = Pages(vec![("https://example.com/a", PAGE)]);
        let report = verify_sources_with(dir.path(), &options(), &pages).expect("runs");
        assert_eq!(report.passed(), 2);
        assert!(!report.rewritten);
    }

    #[test]
    fn parse_errors_are_diagnostics() {
        let dir = project("- id: x\n  colour: red\n");
        let report = verify_sources_with(dir.path(), &options(), &Pages(vec![])).expect("runs");
        assert_eq!(report.diagnostics.len(), 1);
        assert_eq!(
            report.diagnostics[0].pos.line, 2,
            "{:?}",
            report.diagnostics
        );
        assert!(!report.ok());
    }

    #[test]
    fn a_missing_file_is_an_io_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(matches!(
            verify_sources_with(dir.path(), &options(), &Pages(vec![])),
            Err(Error::Io { .. })
        ));
    }

    #[test]
    fn scripts_do_not_count_as_page_text() {
        let dir = project(YAML);
        let pages = Pages(vec![(
            "https://example.com/a",
            "<script>'Run PowerShell as administrator. プロダクトキー'</script>",
        )]);
        let mut opts = options();
        opts.only = vec!["ok-plain".into()];
        let report = verify_sources_with(dir.path(), &opts, &pages).expect("runs");
        assert_eq!(
            report.results[0].outcome,
            Outcome::Failed(Failure::QuoteMissing)
        );
        assert!(!report.rewritten);
    }
}
