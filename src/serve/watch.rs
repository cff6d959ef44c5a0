//! Noticing edits: a pure classifier that decides which paths matter, a native watcher (notify
//! with a debouncer) and a polling fallback for file systems whose native events never arrive
//! (network shares, some containers and VMs: rust-lang/mdBook#2325).
//!
//! Both sources only send [`Trigger`]s; the rebuild loop in [`super`] decides what to do.

use notify::EventKind;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

/// The folders under the project root whose files feed the build (besides `book.toml`).
pub const WATCHED_DIRS: [&str; 4] = ["content", "templates", "static", "i18n"];

/// Which input of the build a changed path belongs to; shown in the terminal so the writer can
/// tell which save caused a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Area {
    /// `content/**` (topics, `sources.yaml`).
    Content,
    /// `templates/**`.
    Templates,
    /// `static/**`.
    Static,
    /// `i18n/**`.
    I18n,
    /// `book.toml`.
    Config,
}

/// Decides whether a changed path can affect the site, without touching the file system, so the
/// rule is unit-tested and identical for native events and polling. Paths outside the root, the
/// output folder, VCS folders and editor scratch files (`.swp`, `~`, `.#x`, vim's `4913`) are
/// `None`: reacting to them would rebuild on every keystroke or loop on our own output.
pub fn classify(root: &Path, path: &Path) -> Option<Area> {
    let rel = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            _ => return None,
        }
    }
    let (first, rest) = parts.split_first()?;
    if rest.is_empty() {
        return (*first == "book.toml").then_some(Area::Config);
    }
    if rest.iter().any(|part| crate::input::is_ignored(part)) {
        return None;
    }
    match *first {
        "content" => Some(Area::Content),
        "templates" => Some(Area::Templates),
        "static" => Some(Area::Static),
        "i18n" => Some(Area::I18n),
        _ => None,
    }
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

/// Size and modification time of every watched input file, so polling can tell whether the
/// inputs differ from those of the last build without reading any file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    files: BTreeMap<PathBuf, (Option<SystemTime>, u64)>,
}

impl Snapshot {
    /// Stats every watched input under `root` (symlinks are not followed, like the build).
    pub fn scan(root: &Path) -> Snapshot {
        let mut files = BTreeMap::new();
        let mut add = |path: &Path, meta: std::fs::Metadata| {
            if classify(root, path).is_some() {
                files.insert(path.to_path_buf(), (meta.modified().ok(), meta.len()));
            }
        };
        if let Ok(meta) = std::fs::metadata(root.join("book.toml")) {
            add(&root.join("book.toml"), meta);
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
        Snapshot { files }
    }

    /// Paths added, removed or modified between `self` (older) and `newer`.
    pub fn changed(&self, newer: &Snapshot) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = newer
            .files
            .iter()
            .filter(|(p, v)| self.files.get(*p) != Some(v))
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

/// The polling fallback: every `interval`, stats the inputs and sends a trigger when they differ
/// from `built` (the snapshot the last build started from). Comparing with the last build rather
/// than the last poll means a change the native watcher already delivered is not built twice.
/// Returns when `stop` is set or the rebuild loop has gone.
pub fn poll(
    root: PathBuf,
    interval: Duration,
    built: Arc<Mutex<Option<Snapshot>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    tx: Sender<Trigger>,
) {
    let mut last_sent: Option<Snapshot> = None;
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
        // A build is already on its way for exactly this state: do not queue another.
        if changed.is_empty() || last_sent.as_ref() == Some(&now) {
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
        last_sent = Some(now);
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
        let before = Snapshot::scan(root);
        assert_eq!(before.len(), 3);
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
