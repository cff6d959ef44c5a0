//! The one orchestrator: load → lint → render → search → [`Output`]. Everything is built in
//! memory; the caller decides whether to write it (`kbgen build`) or serve it (`kbgen serve`).

use crate::config::{self, Config};
use crate::content::{self, Corpus};
use crate::date::Date;
use crate::diag::{self, Diagnostic, Tally};
use crate::error::Error;
use crate::i18n;
use crate::lint;
use crate::output::Output;
use crate::render::highlight::Highlighter;
use crate::render::site::{render_pages, SiteInput};
use crate::render::templates;
use crate::search;
use crate::source_text::SourceMap;
use std::path::Path;
use std::sync::Arc;

/// Settings of one build that do not come from `book.toml`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// "Today" for date rules (future and stale verification dates).
    pub today: Date,
    /// Extra root-relative scripts for every page (`{lang}` is replaced by the page language).
    pub extra_scripts: Vec<String>,
}

impl BuildOptions {
    /// Options for a normal build on `today`.
    pub fn new(today: Date) -> Self {
        BuildOptions {
            today,
            extra_scripts: Vec::new(),
        }
    }
}

/// The content after loading and linting.
#[derive(Debug)]
pub struct Checked {
    /// Validated configuration.
    pub config: Config,
    /// Everything that parsed.
    pub corpus: Corpus,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Files the diagnostics point into.
    pub files: SourceMap,
    /// Findings left out because they only follow from a file that does not parse (the
    /// parse error is listed first instead).
    pub hidden: diag::Hidden,
}

impl Checked {
    /// Error and warning counts.
    pub fn tally(&self) -> Tally {
        Tally::of(&self.diagnostics)
    }
}

/// Loads and lints the project at `root`. Fatal only for I/O on the project and an invalid
/// `book.toml`; content problems are diagnostics.
pub fn check(root: &Path, today: Date) -> Result<Checked, Error> {
    check_cached(root, today, &BuildCache::one_shot())
}

/// What a long-running caller (`kbgen serve`) keeps between builds so a rebuild only redoes
/// what changed: topics whose text is unchanged are not parsed again, and the highlighter
/// (grammar loading, highlighted-code cache) and the highlight stylesheet are made once.
/// The output is identical to a fresh build; only the work differs.
#[derive(Default)]
pub struct BuildCache {
    parsed: content::loader::ParseCache,
    highlighter: std::sync::OnceLock<Highlighter>,
    stylesheet: std::sync::OnceLock<String>,
    index: search::index::IndexCache,
    bodies: crate::render::site::BodyCache,
    pages: crate::render::site::PageCache,
}

impl std::fmt::Debug for BuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildCache").finish_non_exhaustive()
    }
}

impl BuildCache {
    /// A cache for one build that keeps nothing between stages' uses: the output is the same,
    /// peak memory is lower (no second copy of every page and index file).
    pub fn one_shot() -> Self {
        BuildCache {
            parsed: content::loader::ParseCache::disabled(),
            highlighter: Default::default(),
            stylesheet: Default::default(),
            index: search::index::IndexCache::disabled(),
            bodies: crate::render::site::BodyCache::disabled(),
            pages: crate::render::site::PageCache::disabled(),
        }
    }
}

/// [`check`] with a [`BuildCache`].
pub fn check_cached(root: &Path, today: Date, cache: &BuildCache) -> Result<Checked, Error> {
    let (config, config_file) = config::load(root, lint::rules::is_configurable)?;
    let (corpus, mut diagnostics) = content::loader::load_cached(root, &config, &cache.parsed);
    let findings = lint::check_with_causes(&config, &corpus, today);
    let hidden = diag::suppress_cascades(&mut diagnostics, findings, content::PARSE_CODE);
    let mut files = corpus.files.clone();
    files.insert(Arc::new(config_file));
    Ok(Checked {
        config,
        corpus,
        diagnostics,
        files,
        hidden,
    })
}

/// A build: the check result and, when there were no errors, the site in memory.
#[derive(Debug)]
pub struct Built {
    /// Load and lint results.
    pub checked: Checked,
    /// The site; `None` when the content has errors.
    pub output: Option<Output>,
    /// How long each stage took.
    pub timings: Timings,
}

/// Checks the project and, if it has no errors, renders the whole site into memory.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, Error> {
    build_cached(root, options, &BuildCache::one_shot())
}

/// [`build`] with a [`BuildCache`] kept by the caller.
pub fn build_cached(
    root: &Path,
    options: &BuildOptions,
    cache: &BuildCache,
) -> Result<Built, Error> {
    let mut timings = Timings::default();
    let checked = timings.time("load + lint", || check_cached(root, options.today, cache))?;
    if checked.tally().errors > 0 {
        return Ok(Built {
            checked,
            output: None,
            timings,
        });
    }
    let output = render(root, &checked, options, cache, &mut timings)?;
    Ok(Built {
        checked,
        output: Some(output),
        timings,
    })
}

/// Wall time of each build stage, for `kbgen build --timings` and the benchmark.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// `(stage, duration)` in order.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        self.stages.push((stage, start.elapsed()));
        out
    }
}

fn render(
    root: &Path,
    checked: &Checked,
    options: &BuildOptions,
    cache: &BuildCache,
    timings: &mut Timings,
) -> Result<Output, Error> {
    let strings =
        i18n::load(root, &checked.config.languages).map_err(|(sources, diagnostics)| {
            let mut files = SourceMap::default();
            for s in sources {
                files.insert(Arc::new(s));
            }
            Error::Invalid { files, diagnostics }
        })?;
    let (tera, templates_signature) = timings.time("templates", || templates::load(root))?;
    let inputs_signature = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        templates_signature.hash(&mut h);
        for file in [Path::new("book.toml"), Path::new("content/sources.yaml")] {
            checked.files.get(file).map(|f| f.text.clone()).hash(&mut h);
        }
        format!("{strings:?}").hash(&mut h);
        options.today.to_string().hash(&mut h);
        options.extra_scripts.hash(&mut h);
        h.finish()
    };
    let highlighter = timings.time("highlighter", || {
        cache.highlighter.get_or_init(Highlighter::new)
    });
    let scripts = options.extra_scripts.clone();
    let input = SiteInput {
        config: &checked.config,
        corpus: &checked.corpus,
        strings: &strings,
        tera: &tera,
        highlighter,
        bodies: &cache.bodies,
        pages: &cache.pages,
        inputs_signature,
        today: options.today,
        scripts: &scripts,
    };
    let mut output = Output::default();
    copy_static(root, &mut output)?;
    output.insert(
        "static/highlight.css",
        cache
            .stylesheet
            .get_or_init(Highlighter::stylesheet)
            .clone(),
    );
    for (path, html) in timings.time("render pages", || render_pages(&input))? {
        // The URL policy holds for every page whatever produced the markup (templates, raw
        // HTML, a future code path): a refused URL stops the build instead of being emitted.
        let refused = crate::render::urls::refused_in_page(&html);
        if let Some(first) = refused.first() {
            return Err(Error::Output(format!(
                "refusing to write {path}: it would contain {first}{}; only relative, https:, \
                 http: and mailto: URLs are emitted (check the templates and any raw HTML)",
                if refused.len() > 1 {
                    format!(" and {} more such URLs", refused.len() - 1)
                } else {
                    String::new()
                }
            )));
        }
        output.insert(path, html);
    }
    let index_start = std::time::Instant::now();
    let indexes: Vec<Vec<(String, String)>> = checked
        .config
        .languages
        .iter()
        // One language at a time: each build is parallel inside, and peak memory stays lower.
        .map(|lang| {
            let label = |key: &str| {
                strings
                    .get(lang)
                    .and_then(|s| s.get(key))
                    .cloned()
                    .unwrap_or_default()
            };
            let labels = search::index::SearchLabels {
                name: label("language_name"),
                results: label("search_in_language"),
                results_one: label("search_in_language_one"),
            };
            search::index::build(
                &checked.config,
                &checked.corpus,
                lang,
                &labels,
                &cache.index,
            )
        })
        .collect();
    for (path, js) in indexes.into_iter().flatten() {
        output.insert(path, js);
    }
    timings.stages.push(("search index", index_start.elapsed()));
    // Every output name must work where the site is read (a USB copy on Windows, a Mac):
    // static file names are the writer's, and ids are checked by the linter already.
    let problems = crate::portable::check_paths(output.iter().map(|(p, _)| p));
    if let Some(first) = problems.first() {
        return Err(Error::Output(format!(
            "refusing to build a site that cannot be copied to Windows or macOS: {first}{}",
            if problems.len() > 1 {
                format!(" (and {} more)", problems.len() - 1)
            } else {
                String::new()
            }
        )));
    }
    Ok(output)
}

fn copy_static(root: &Path, output: &mut Output) -> Result<(), Error> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_str().is_some_and(crate::input::is_ignored)
        })
    {
        let entry = entry.map_err(|e| Error::io(&dir, std::io::Error::other(e.to_string())))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = crate::input::read(root, entry.path(), crate::input::MAX_STATIC_BYTES)
            .map_err(|e| Error::io(entry.path(), e.into()))?;
        output.insert(format!("static/{rel}"), bytes);
    }
    Ok(())
}
