//! `kbgen check`: rules over the loaded corpus. Each rule has a stable code and name and lives
//! in its own file under `lint/rules/` (see [`rules`]); levels come from `book.toml`; every
//! finding is collected, none stops the run.

pub mod rules;
mod shared;

pub use shared::{anchors_of, contains_word, Context};

use crate::config::Config;
use crate::content::Corpus;
use crate::date::Date;
use crate::diag::{Diagnostic, Pos, Severity};
use rules::Rule;
use std::path::{Path, PathBuf};

/// Collects findings and applies the configured level of each rule.
pub struct Reporter<'a> {
    config: &'a Config,
    found: Vec<Diagnostic>,
    /// Whether the last `report` recorded a finding (its rule was not off).
    last_recorded: bool,
    /// `(index in found, file it follows from)`, see [`Reporter::follows_from`].
    follows: Vec<(usize, PathBuf)>,
}

impl<'a> Reporter<'a> {
    /// A reporter using the levels of `config`.
    pub fn new(config: &'a Config) -> Self {
        Reporter {
            config,
            found: Vec::new(),
            last_recorded: false,
            follows: Vec::new(),
        }
    }

    /// The level of `rule` after `[lint.rules]` overrides (by name or code).
    pub fn level(&self, rule: &Rule) -> Severity {
        let levels = &self.config.lint.levels;
        levels
            .iter()
            .find(|(key, _)| key.as_str() == rule.name || key.eq_ignore_ascii_case(rule.code))
            .map_or(rule.default, |(_, level)| *level)
    }

    /// Records a finding unless the rule is off; returns it so callers can add help or a length.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        file: &Path,
        pos: Pos,
        message: impl Into<String>,
    ) -> Option<&mut Diagnostic> {
        let severity = self.level(rule);
        self.last_recorded = severity != Severity::Off;
        if severity == Severity::Off {
            return None;
        }
        self.found.push(Diagnostic::new(
            severity, rule.code, rule.name, file, pos, message,
        ));
        self.found.last_mut()
    }

    /// Notes that the finding just reported only follows from `file` (a cited
    /// `sources.yaml`, a linked topic): if that file does not parse, the finding is a cascade
    /// and is hidden behind the parse error (see [`crate::diag::suppress_cascades`]).
    pub fn follows_from(&mut self, file: PathBuf) {
        if self.last_recorded && !self.found.is_empty() {
            self.follows.push((self.found.len() - 1, file));
        }
    }

    /// The findings so far.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.found
    }

    /// The findings and, for each, the file it only follows from.
    pub fn finish_with_causes(self) -> Vec<(Diagnostic, Option<PathBuf>)> {
        let mut causes: Vec<Option<PathBuf>> = vec![None; self.found.len()];
        for (i, f) in self.follows {
            if let Some(c) = causes.get_mut(i) {
                *c = Some(f);
            }
        }
        self.found.into_iter().zip(causes).collect()
    }
}

/// Runs every rule. `today` decides future and stale verification dates.
pub fn check(config: &Config, corpus: &Corpus, today: Date) -> Vec<Diagnostic> {
    check_with_causes(config, corpus, today)
        .into_iter()
        .map(|(d, _)| d)
        .collect()
}

/// [`check`], with the file each finding only follows from (for hiding cascades). Findings
/// come rule by rule in code order, each rule's in corpus order; callers sort them by file and
/// position ([`crate::diag::sort`]) before showing them.
pub fn check_with_causes(
    config: &Config,
    corpus: &Corpus,
    today: Date,
) -> Vec<(Diagnostic, Option<PathBuf>)> {
    check_rules(config, corpus, today, rules::ALL)
}

/// [`check_with_causes`] with only `rules` (in their order).
pub fn check_rules(
    config: &Config,
    corpus: &Corpus,
    today: Date,
    rules: &[&'static Rule],
) -> Vec<(Diagnostic, Option<PathBuf>)> {
    let cx = Context::new(config, corpus, today);
    let mut r = Reporter::new(config);
    for rule in rules {
        // A rule that is off would record nothing; skipping it saves its walk.
        if let (Some(check), false) = (rule.check, r.level(rule) == Severity::Off) {
            check(&cx, &mut r);
        }
    }
    r.finish_with_causes()
}
