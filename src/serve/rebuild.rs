//! The rebuild loop: keeps the project's [`Inputs`] and the [`BuildCache`], re-reads only the
//! paths the watcher reports, builds when a content hash changed, compares the result with
//! what is served, and publishes a reload, an overlay or nothing.

use super::overlay::{labels_from, Problems};
use super::reload::{Hub, Live, Message};
use super::watch::{Snapshot, Source, Trigger};
use super::{build_options, ServeOptions};
use crate::date::Date;
use crate::error::Error;
use crate::input::Inputs;
use crate::pipeline::{self, BuildCache, Built};
use crate::report;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// What one rebuild did and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuild {
    /// 1 for the first build, then one more per rebuild.
    pub seq: u64,
    /// Build id served afterwards.
    pub build: String,
    /// What happened.
    pub outcome: Outcome,
    /// How the change was noticed.
    pub source: Source,
    /// Changed paths (root-relative) that triggered it.
    pub paths: Vec<PathBuf>,
    /// Time in [`pipeline::build`].
    pub build_time: Duration,
    /// From change detection to the broadcast (the server-side edit-to-reload latency).
    pub detect_to_broadcast: Duration,
    /// When the broadcast happened (to relate it to an edit's own clock).
    pub finished: Instant,
}

/// The result of a rebuild, as tabs were told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The site changed; tabs were told to reload.
    Reloaded,
    /// The build succeeded with identical output (tabs were told to clear any overlay).
    Unchanged,
    /// The build failed; the last good site is still served and tabs show the overlay.
    Failed,
}

/// Shared with the server handle: the latest rebuild, and a condition variable to wait on it.
pub(super) type Stats = Arc<(Mutex<Option<Rebuild>>, Condvar)>;

/// The rebuild loop's state: builds, compares with what is served, publishes.
pub(super) struct Builder {
    pub(super) root: PathBuf,
    pub(super) options: ServeOptions,
    pub(super) hub: Arc<Hub>,
    pub(super) stats: Stats,
    /// The stats the poller compares with (taken whenever the loop looks at the inputs).
    pub(super) built: Arc<Mutex<Option<Snapshot>>>,
    pub(super) instance: String,
    generation: u64,
    seq: u64,
    /// The last terminal report, so an unchanged list of warnings is not reprinted per save.
    last_report: Option<String>,
    /// Every input in memory; refreshed path by path.
    inputs: Option<Inputs>,
    /// Every stage's cache, kept between rebuilds.
    cache: BuildCache,
    /// The overlay's words per language, from the last UI strings that loaded.
    labels: BTreeMap<String, BTreeMap<String, String>>,
}

impl Builder {
    /// A loop for the project at `root` that has not built yet.
    pub(super) fn new(
        root: PathBuf,
        options: ServeOptions,
        hub: Arc<Hub>,
        stats: Stats,
        built: Arc<Mutex<Option<Snapshot>>>,
        instance: String,
    ) -> Self {
        Builder {
            root,
            options,
            hub,
            stats,
            built,
            instance,
            generation: 0,
            seq: 0,
            last_report: None,
            inputs: None,
            cache: BuildCache::default(),
            labels: BTreeMap::new(),
        }
    }

    /// Handles triggers until the channel closes or `stop` is set.
    pub(super) fn run(&mut self, rx: Receiver<Trigger>, stop: &AtomicBool) {
        while let Ok(mut trigger) = rx.recv() {
            // Coalesce whatever queued up while the previous build ran into one build.
            while let Ok(more) = rx.try_recv() {
                trigger.detected = trigger.detected.min(more.detected);
                trigger.paths.extend(more.paths);
                if trigger.source == Source::Manual {
                    trigger.source = more.source;
                }
            }
            if stop.load(Ordering::Acquire) {
                return;
            }
            trigger.paths.sort();
            trigger.paths.dedup();
            self.handle(trigger);
        }
    }

    /// Re-reads what the trigger names (everything for a manual trigger) and rebuilds when a
    /// content hash changed. A poll that finds only unchanged contents is dropped silently.
    pub(super) fn handle(&mut self, trigger: Trigger) {
        // The poller's baseline is re-taken only for its own triggers and full rescans: stating
        // every input stays off the native-event path (the poller then reports the change once
        // more, and the refresh finds no new hash and stays silent).
        if trigger.source != Source::Native {
            let snapshot = Snapshot::scan(&self.root);
            if let Ok(mut b) = self.built.lock() {
                *b = Some(snapshot);
            }
        }
        let changed = match (&mut self.inputs, trigger.source) {
            (Some(inputs), Source::Native | Source::Poll) => inputs.refresh(&trigger.paths),
            _ => {
                self.inputs = Some(Inputs::scan(&self.root));
                trigger.paths.clone()
            }
        };
        if changed.is_empty() && trigger.source != Source::Manual {
            if trigger.source == Source::Native {
                // A save without changes: say so, and clear nothing.
                self.record(trigger, Outcome::Unchanged, std::time::Duration::ZERO, 0);
            }
            return;
        }
        self.rebuild(trigger);
    }

    fn rebuild(&mut self, trigger: Trigger) {
        let Some(inputs) = &self.inputs else {
            return;
        };
        let today = self.options.today.unwrap_or_else(Date::today_utc);
        let started = Instant::now();
        let result = pipeline::build_inputs(inputs, &build_options(today), &self.cache);
        let build_time = started.elapsed();
        let (outcome, files) = match result {
            Ok(built) => self.publish_built(built),
            Err(e) => {
                self.publish_error(&e);
                (Outcome::Failed, 0)
            }
        };
        self.record(trigger, outcome, build_time, files);
    }

    fn publish_built(&mut self, built: Built) -> (Outcome, usize) {
        let checked = &built.checked;
        let text = report::human(&checked.diagnostics, &checked.files, self.options.color);
        let Some(output) = built.output else {
            let mut summary = report::summary(checked.tally(), checked.corpus.topics.len());
            if let Some(note) = checked.hidden.note() {
                summary = format!("{summary}; {note}");
            }
            self.print_report(format!(
                "{text}error: the preview keeps the last good site: {summary}\n"
            ));
            let mut problems = Problems::from_diagnostics(
                &checked.diagnostics,
                &checked.files,
                checked.corpus.topics.len(),
            );
            problems.summary = summary;
            problems.counts.hidden = checked.hidden.total();
            problems.hidden_roots = checked
                .hidden
                .by_root
                .iter()
                .map(|(f, _)| f.to_string_lossy().replace('\\', "/"))
                .collect();
            if !checked.strings.is_empty() {
                self.labels = labels_from(&checked.strings);
            }
            self.fail(problems);
            return (Outcome::Failed, 0);
        };
        self.print_report(text);
        self.labels = labels_from(&checked.strings);
        let files = output.len();
        let current = self.hub.current();
        // The same files (a broken file restored, an edit undone): no tab reloads.
        if current.site.as_deref().is_some_and(|s| s.same_as(&output)) {
            let message = current
                .problems
                .is_some()
                .then(|| Message::Clear(current.build.clone()));
            let live = Live {
                build: current.build.clone(),
                site: current.site.clone(),
                problems: None,
            };
            self.hub.publish(live, message);
            return (Outcome::Unchanged, files);
        }
        self.generation += 1;
        let build: Arc<str> = format!("{}-{}", self.instance, self.generation).into();
        let live = Live {
            build: build.clone(),
            site: Some(output),
            problems: None,
        };
        self.hub.publish(live, Some(Message::Reload(build)));
        (Outcome::Reloaded, files)
    }

    fn publish_error(&mut self, e: &Error) {
        let text = match e {
            Error::Invalid { files, diagnostics } => {
                report::human(diagnostics, files, self.options.color)
            }
            other => format!("error: {other}\n"),
        };
        self.print_report(format!(
            "{text}error: the preview keeps the last good site\n"
        ));
        self.fail(Problems::from_error(e));
    }

    fn record(
        &mut self,
        trigger: Trigger,
        outcome: Outcome,
        build_time: std::time::Duration,
        files: usize,
    ) {
        let finished = Instant::now();
        self.seq += 1;
        let rebuild = Rebuild {
            seq: self.seq,
            build: self.hub.current().build.to_string(),
            outcome,
            source: trigger.source,
            paths: trigger.paths,
            build_time,
            detect_to_broadcast: finished.saturating_duration_since(trigger.detected),
            finished,
        };
        if self.options.verbose {
            eprintln!("{}", rebuild_line(&rebuild, files));
        }
        let (lock, cvar) = &*self.stats;
        if let Ok(mut g) = lock.lock() {
            *g = Some(rebuild);
        }
        cvar.notify_all();
    }

    fn fail(&self, mut problems: Problems) {
        // The page's language: the last UI strings that loaded (a broken `book.toml` or UI
        // string file has none of its own).
        problems.labels = self.labels.clone();
        let current = self.hub.current();
        let json: Arc<str> = problems.to_json().into();
        self.hub.publish(
            Live {
                build: current.build.clone(),
                site: current.site.clone(),
                problems: Some(json.clone()),
            },
            Some(Message::Problems(json)),
        );
    }

    fn print_report(&mut self, text: String) {
        if self.options.verbose && self.last_report.as_deref() != Some(text.as_str()) {
            report::eprint(&text);
        }
        self.last_report = Some(text);
    }
}

fn rebuild_line(r: &Rebuild, files: usize) -> String {
    let what = match r.paths.as_slice() {
        [] => String::new(),
        [one] => format!(" after {}", one.display()),
        [first, rest @ ..] => format!(" after {} and {} more", first.display(), rest.len()),
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    match r.outcome {
        Outcome::Reloaded if r.seq == 1 => {
            format!("built {files} files in {:.0} ms", ms(r.build_time))
        }
        Outcome::Reloaded => format!(
            "built {files} files in {:.0} ms{what}; reload sent {:.0} ms after the change was seen",
            ms(r.build_time),
            ms(r.detect_to_broadcast)
        ),
        Outcome::Unchanged => format!(
            "rebuilt in {:.0} ms{what}; nothing changed",
            ms(r.build_time)
        ),
        Outcome::Failed => format!(
            "build failed in {:.0} ms{what}; still serving the last good site",
            ms(r.build_time)
        ),
    }
}
