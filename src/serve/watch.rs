//! Noticing edits: a pure classifier that decides which paths matter, a native watcher (notify
//! with a debouncer) and a polling fallback for file systems whose native events never arrive
//! (network shares, some containers and VMs: rust-lang/mdBook#2325).
//!
//! Both sources only send [`Trigger`]s; the rebuild loop in [`super`] decides what to do.

use crate::layout;
use notify::EventKind;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// The folders under the project root whose files feed the build (besides `book.toml`).
pub const WATCHED_DIRS: [&str; 4] = layout::INPUT_DIRS;

pub use crate::layout::Area;

/// Decides whether a changed path can affect the site, without touching the file system, so the
/// rule is unit-tested and identical for native events and polling. Paths outside the root, the
/// output folder, VCS folders and editor scratch files (`.swp`, `~`, `.#x`, vim's `4913`) are
/// `None`: reacting to them would rebuild on every keystroke or loop on our own output. The
/// rule itself is [`layout::area_of`].
pub fn classify(root: &Path, path: &Path) -> Option<Area> {
    layout::area_of(path.strip_prefix(root).ok()?)
}

/// Whether a native event kind can mean new file contents. Reading a file emits `Access`
/// events on Linux, and the build reads every input: without this filter each rebuild would
/// trigger the next one.
pub fn is_relevant(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Access(_))
}

/// What started a rebuild and when it was noticed; the "when" is the start of the
/// edit-to-reload latency the server reports.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// When the change was detected (debounced event delivered, poll found a difference, or a
    /// caller asked for a rebuild).
    pub detected: Instant,
    /// Changed paths, root-relative, for the terminal line (empty for a manual rebuild).
    pub paths: Vec<PathBuf>,
    /// How the change was noticed.
    pub source: Source,
}

/// How a change was noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// notify's native watcher (inotify, FSEvents, ReadDirectoryChangesW).
    Native,
    /// The polling fallback.
    Poll,
    /// [`super::Server::rebuild_now`] or the first build.
    Manual,
}

/// Size and modification time of every watched input file, so polling can tell cheaply which
/// inputs may differ from those of the last build. Stats alone cannot see a same-size edit
/// within the file system's timestamp granularity, so (as git does for "racily clean" files)
/// a file modified shortly before the snapshot was taken is always reported as possibly
/// changed; the rebuild loop then compares content hashes and builds only on a real change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    files: BTreeMap<PathBuf, (Option<SystemTime>, u64)>,
    taken: Option<SystemTime>,
}

/// How close to a snapshot a modification time must be for the file to count as possibly
/// changed: above the coarsest common timestamp granularity (FAT's 2 seconds).
pub const RACY_WINDOW: Duration = Duration::from_secs(3);

impl Snapshot {
    /// Stats every watched input under `root` (symlinks are not followed, like the build).
    pub fn scan(root: &Path) -> Snapshot {
        let taken = Some(SystemTime::now());
        let mut files = BTreeMap::new();
        let mut add = |path: &Path, meta: std::fs::Metadata| {
            if classify(root, path).is_some() {
                files.insert(path.to_path_buf(), (meta.modified().ok(), meta.len()));
            }
        };
        let config = root.join(layout::CONFIG_FILE);
        if let Ok(meta) = std::fs::metadata(&config) {
            add(&config, meta);
        }
        for dir in WATCHED_DIRS {
            for entry in walkdir::WalkDir::new(root.join(dir))
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
            {
                if let Ok(meta) = entry.metadata() {
                    add(entry.path(), meta);
                }
            }
        }
        Snapshot { files, taken }
    }

    /// Whether a file with this modification time may have changed after the snapshot
    /// without its stats showing it.
    fn racy(&self, modified: Option<SystemTime>) -> bool {
        match (modified, self.taken) {
            (Some(m), Some(t)) => m + RACY_WINDOW >= t,
            _ => true,
        }
    }

    /// Paths added, removed or modified between `self` (older) and `newer`, plus the files
    /// whose stats cannot tell (modified within [`RACY_WINDOW`] of `self` being taken).
    pub fn changed(&self, newer: &Snapshot) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = newer
            .files
            .iter()
            .filter(|(p, v)| self.files.get(*p) != Some(v) || self.racy(v.0))
            .map(|(p, _)| p.clone())
            .collect();
        out.extend(
            self.files
                .keys()
                .filter(|p| !newer.files.contains_key(*p))
                .cloned(),
        );
        out.sort();
        out
    }

    /// Number of files seen.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no input file was seen.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The native watcher; dropping it stops watching.
pub type NativeWatcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Starts notify on the project: each watched folder recursively, and the root itself
/// non-recursively (for `book.toml` and folders created later). Relevant debounced events
/// become one [`Trigger`] per batch.
pub fn native(
    root: &Path,
    debounce: Duration,
    tx: Sender<Trigger>,
) -> Result<NativeWatcher, notify::Error> {
    let base = root.to_path_buf();
    let mut debouncer = new_debouncer(debounce, None, move |res: DebounceEventResult| {
        let Ok(events) = res else {
            // Errors (e.g. a watched folder was removed) are covered by the polling fallback.
            return;
        };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| is_relevant(&e.event.kind))
            .flat_map(|e| e.event.paths.iter())
            .filter(|p| classify(&base, p).is_some())
            .map(|p| p.strip_prefix(&base).unwrap_or(p).to_path_buf())
            .collect();
        if paths.is_empty() {
            return;
        }
        paths.sort();
        paths.dedup();
        let _ = tx.send(Trigger {
            detected: Instant::now(),
            paths,
            source: Source::Native,
        });
    })?;
    debouncer.watch(root, notify::RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let dir = root.join(dir);
        if dir.is_dir() {
            debouncer.watch(&dir, notify::RecursiveMode::Recursive)?;
        }
    }
    Ok(debouncer)
}

/// The polling fallback: every `interval`, stats the inputs and sends a trigger when they may
/// differ from `built` (the snapshot taken when the rebuild loop last looked at the inputs). Comparing with the last build rather
/// than the last poll means a change the native watcher already delivered is not built twice.
/// Returns when `stop` is set or the rebuild loop has gone.
pub fn poll(
    root: PathBuf,
    interval: Duration,
    built: Arc<Mutex<Option<Snapshot>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    tx: Sender<Trigger>,
) {
    while !stop.load(std::sync::atomic::Ordering::Acquire) {
        std::thread::park_timeout(interval);
        if stop.load(std::sync::atomic::Ordering::Acquire) {
            return;
        }
        let now = Snapshot::scan(&root);
        let changed = match built.lock() {
            Ok(guard) => match guard.as_ref() {
                Some(b) => b.changed(&now),
                None => continue,
            },
            Err(_) => return,
        };
        // Repeated triggers for one change are harmless: the rebuild loop merges queued
        // triggers and builds only when a content hash differs.
        if changed.is_empty() {
            continue;
        }
        let paths = changed
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
            .collect();
        let trigger = Trigger {
            detected: Instant::now(),
            paths,
            source: Source::Poll,
        };
        if tx.send(trigger).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_inputs_and_ignores_everything_else() {
        let root = Path::new("/kb");
        let cases: &[(&str, Option<Area>)] = &[
            ("/kb/content/en/a.md", Some(Area::Content)),
            ("/kb/content/sources.yaml", Some(Area::Content)),
            ("/kb/templates/base.html", Some(Area::Templates)),
            ("/kb/templates/partials/x.html", Some(Area::Templates)),
            ("/kb/static/kbgen.css", Some(Area::Static)),
            ("/kb/static/.well-known/security.txt", Some(Area::Static)),
            ("/kb/i18n/ja.toml", Some(Area::I18n)),
            ("/kb/book.toml", Some(Area::Config)),
            ("/kb/book/index.html", None),
            ("/kb/target/debug/x", None),
            ("/kb/.git/index", None),
            ("/kb/content", None),
            ("/kb/README.md", None),
            ("/kb/content/en/.a.md.swp", None),
            ("/kb/content/en/a.md~", None),
            ("/kb/content/en/.#a.md", None),
            ("/kb/content/en/#a.md#", None),
            ("/kb/content/en/4913", None),
            ("/elsewhere/content/en/a.md", None),
            ("/kb/content/../book.toml", None),
        ];
        for (path, want) in cases {
            assert_eq!(classify(root, Path::new(path)), *want, "{path}");
        }
    }

    #[test]
    fn access_events_are_ignored() {
        use notify::event::{AccessKind, AccessMode, ModifyKind};
        assert!(!is_relevant(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_relevant(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_relevant(&EventKind::Remove(
            notify::event::RemoveKind::File
        )));
    }

    #[test]
    fn snapshot_diff_lists_added_removed_and_modified() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/en")).expect("mkdir");
        std::fs::write(root.join("book.toml"), "x").expect("write");
        std::fs::write(root.join("content/en/a.md"), "a").expect("write");
        std::fs::write(root.join("content/en/b.md"), "b").expect("write");
        std::fs::write(root.join("content/en/.b.md.swp"), "b").expect("write");
        let mut before = Snapshot::scan(root);
        assert_eq!(before.len(), 3);
        assert_eq!(
            before.changed(&before.clone()).len(),
            3,
            "files written just now are possibly changed (same-size edits in the same tick)"
        );
        before.taken = before.taken.map(|t| t + RACY_WINDOW * 2);
        assert!(before.changed(&before.clone()).is_empty());
        std::fs::write(root.join("content/en/a.md"), "longer").expect("write");
        std::fs::remove_file(root.join("content/en/b.md")).expect("rm");
        std::fs::write(root.join("content/en/c.md"), "c").expect("write");
        let after = Snapshot::scan(root);
        assert_eq!(
            before.changed(&after),
            vec![
                root.join("content/en/a.md"),
                root.join("content/en/b.md"),
                root.join("content/en/c.md")
            ]
        );
    }
}
