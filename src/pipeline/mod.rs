//! The one orchestrator: inputs → config → load → lint → render → search → [`Output`].
//!
//! Inputs are read once ([`Inputs`]); every later stage is a pure function of them and the
//! [`BuildOptions`]. Caching is this module's job alone ([`BuildCache`]), keyed by what each
//! result was computed from. Everything is built in memory; the caller decides whether to
//! write it (`kbgen build`) or serve it (`kbgen serve`).

mod cache;
mod fast;
mod stages;

pub use cache::{BuildCache, PageMemo};

use crate::config::{self, Config};
use crate::content::{self, Corpus};
use crate::date::Date;
use crate::diag::{self, Diagnostic, Tally};
use crate::error::Error;
use crate::i18n::{self, Strings};
use crate::input::Inputs;
use crate::layout;
use crate::lint;
use crate::output::Output;
use crate::render::templates::{self, Templates};
use crate::source_text::SourceMap;
use std::collections::BTreeMap;
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
#[derive(Debug, Clone)]
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
    /// UI strings per language (empty when they have errors, which are diagnostics).
    pub strings: BTreeMap<String, Strings>,
    /// The parsed templates (`None` when they have errors, which are diagnostics); shared, so
    /// `kbgen serve` keeps the last build's without copying them.
    pub templates: Option<Arc<Templates>>,
}

impl Checked {
    /// Error and warning counts.
    pub fn tally(&self) -> Tally {
        Tally::of(&self.diagnostics)
    }
}

/// Loads and lints the project at `root`, and validates its templates and UI strings. Fatal
/// only for an invalid or unreadable `book.toml`; every other problem is a diagnostic.
pub fn check(root: &Path, today: Date) -> Result<Checked, Error> {
    check_inputs(&Inputs::scan(root), today, &BuildCache::one_shot())
}

/// [`check`] over inputs already in memory, with a [`BuildCache`].
pub fn check_inputs(inputs: &Inputs, today: Date, cache: &BuildCache) -> Result<Checked, Error> {
    let (config, config_file) = config::from_inputs(inputs, lint::rules::is_configurable)?;
    let (corpus, mut diagnostics) = content::loader::load(inputs, &config, &cache.topics);
    let mut files = corpus.files.clone();
    files.insert(Arc::new(config_file));
    // A scan always has the built-in theme; an input set made in memory without it (a
    // content-only test or tool) can be checked, and `build` then reports the missing
    // templates and UI strings (see `ui_inputs`).
    let (strings, templates) = if inputs.has_dir(Path::new(layout::TEMPLATES_DIR))
        || inputs.has_dir(Path::new(layout::I18N_DIR))
    {
        match ui_inputs(inputs, &config) {
            Ok(loaded) => loaded,
            Err((sources, problems)) => {
                files.extend(sources);
                diagnostics.extend(problems);
                (BTreeMap::new(), None)
            }
        }
    } else {
        (BTreeMap::new(), None)
    };
    let findings = lint::check_with_causes(&config, &corpus, today);
    let hidden = diag::suppress_cascades(&mut diagnostics, findings, content::PARSE_CODE);
    Ok(Checked {
        config,
        corpus,
        diagnostics,
        files,
        hidden,
        strings,
        templates,
    })
}

/// A build: the check result and, when there were no errors, the site in memory.
#[derive(Debug)]
pub struct Built {
    /// Load and lint results.
    pub checked: Checked,
    /// The site; `None` when the content has errors. Shared, so `kbgen serve` serves the same
    /// copy its next build starts from.
    pub output: Option<Arc<Output>>,
    /// How long each stage took.
    pub timings: Timings,
    /// Whether this build was made from the last one because only topic prose changed (see
    /// `pipeline::fast`); tests use it to know both ways were taken.
    pub from_last: bool,
}

/// The UI strings and templates, or every problem with them as diagnostics.
#[allow(
    clippy::type_complexity,
    reason = "a pair of results, named where used"
)]
fn ui_inputs(
    inputs: &Inputs,
    config: &Config,
) -> Result<(BTreeMap<String, Strings>, Option<Arc<Templates>>), (SourceMap, Vec<Diagnostic>)> {
    let mut files = SourceMap::default();
    let mut problems = Vec::new();
    let strings = i18n::load(inputs, &config.languages).unwrap_or_else(|(sources, found)| {
        for s in sources {
            files.insert(Arc::new(s));
        }
        problems.extend(found);
        BTreeMap::new()
    });
    let templates = match templates::load(inputs) {
        Ok(t) => Some(Arc::new(t)),
        Err(Error::Invalid {
            files: sources,
            diagnostics,
        }) => {
            files.extend(sources);
            problems.extend(diagnostics);
            None
        }
        Err(other) => {
            problems.push(Diagnostic::new(
                diag::Severity::Error,
                templates::TEMPLATE_CODE,
                templates::TEMPLATE_RULE,
                Path::new(layout::TEMPLATES_DIR),
                diag::Pos::default(),
                other.to_string(),
            ));
            None
        }
    };
    if problems.is_empty() {
        Ok((strings, templates))
    } else {
        Err((files, problems))
    }
}

/// Checks the project and, if it has no errors, renders the whole site into memory.
pub fn build(root: &Path, options: &BuildOptions) -> Result<Built, Error> {
    build_inputs(&Inputs::scan(root), options, &BuildCache::one_shot())
}

/// [`build`] over inputs already in memory, with a [`BuildCache`] kept by the caller
/// (`kbgen serve`). The output is byte for byte that of [`build`] on the same files.
pub fn build_inputs(
    inputs: &Inputs,
    options: &BuildOptions,
    cache: &BuildCache,
) -> Result<Built, Error> {
    if let Some(built) = fast::build(inputs, options, cache) {
        return Ok(built);
    }
    let mut timings = Timings::default();
    let checked = timings.time("load + lint", || check_inputs(inputs, options.today, cache))?;
    if checked.tally().errors > 0 {
        return Ok(Built {
            checked,
            output: None,
            timings,
            from_last: false,
        });
    }
    let Some(templates) = &checked.templates else {
        // Checked without templates and UI strings: their folders are missing.
        let (files, diagnostics) = ui_inputs(inputs, &checked.config).err().unwrap_or_default();
        return Err(Error::Invalid { files, diagnostics });
    };
    let output = Arc::new(stages::render(
        inputs,
        &checked,
        templates,
        options,
        cache,
        &mut timings,
    )?);
    cache.sweep();
    if cache.pages.is_enabled() {
        let last = fast::LastBuild::new(inputs.fingerprint(), options, &checked, &output);
        *cache.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(last);
    }
    Ok(Built {
        checked,
        output: Some(output),
        timings,
        from_last: false,
    })
}

/// Wall time of each build stage, for `kbgen build --timings` and the benchmark.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// `(stage, duration)` in order.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    pub(crate) fn time<T>(&mut self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = f();
        self.stages.push((stage, start.elapsed()));
        out
    }
}
