//! [`Inputs`]: every input file of a project, read once into memory with a content hash.
//!
//! The loader, the linter, the templates, the UI strings and the static copy all read from
//! here and never from the disk, so a build is a pure function of an `Inputs` value and its
//! options, and `kbgen serve` can tell exactly what changed: [`Inputs::refresh`] re-reads only
//! the paths the watcher reports and returns those whose content hash (or readability) differs.
//! Size and modification time are never trusted: a same-size edit within one clock tick is a
//! different hash.

use super::builtin::{self, Layer};
use super::policy::{self, is_ignored};
use crate::layout::{self, Area};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One input file: its bytes and their hash.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The whole file.
    pub bytes: Arc<[u8]>,
    /// Hash of `bytes`: the key of every cache that depends on this file.
    pub hash: u64,
}

impl InputFile {
    /// Wraps bytes read from disk (or written by a test) with their hash.
    pub fn new(bytes: Vec<u8>) -> Self {
        InputFile {
            hash: hash_bytes(&bytes),
            bytes: bytes.into(),
        }
    }
}

/// A path that looks like an input but could not be read. Kept (not dropped) so the stage
/// that owns the path reports it its own way: a diagnostic for a topic, a fatal error for a
/// template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The OS error kind, for re-raising as an I/O error.
    pub kind: std::io::ErrorKind,
    /// The path is a symbolic link (the loader words that case itself).
    pub symlink: bool,
    /// What went wrong, never quoting the file's contents.
    pub message: String,
}

impl Unreadable {
    fn of(e: &policy::InputError) -> Self {
        Unreadable {
            kind: match e {
                policy::InputError::Io(io) => io.kind(),
                _ => std::io::ErrorKind::Other,
            },
            symlink: matches!(e, policy::InputError::Symlink),
            message: e.to_string(),
        }
    }

    /// As an I/O error (for stages where an unreadable input is fatal).
    pub fn to_io(&self) -> std::io::Error {
        std::io::Error::new(self.kind, self.message.clone())
    }
}

/// One path of the input set.
#[derive(Debug, Clone)]
pub enum Entry {
    /// Read.
    File(InputFile),
    /// Seen but not readable.
    Unreadable(Unreadable),
}

impl Entry {
    /// A hash of the content (or of the problem).
    fn content_hash(&self) -> u64 {
        match self {
            Entry::File(f) => f.hash,
            Entry::Unreadable(u) => crate::memo::hash_of(&(u.kind, u.symlink, &u.message)),
        }
    }

    /// Same content (or the same problem).
    fn same(&self, other: &Entry) -> bool {
        match (self, other) {
            (Entry::File(a), Entry::File(b)) => {
                a.hash == b.hash && (Arc::ptr_eq(&a.bytes, &b.bytes) || a.bytes == b.bytes)
            }
            (Entry::Unreadable(a), Entry::Unreadable(b)) => a == b,
            _ => false,
        }
    }
}

/// Each input's path and content hash, and the folders: see [`Inputs::fingerprint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    entries: Vec<(u64, u64)>,
    layout: u64,
}

/// Every input of a project: `book.toml`, `content/**` (topics and `sources.yaml`),
/// `templates/**/*.html`, `i18n/*.toml` and `static/**`, by project-relative path.
///
/// Two layers: the project's files, and under them the built-in theme
/// ([`builtin`]). [`Inputs::get`] and [`Inputs::under`] see a project file where
/// there is one and the built-in file otherwise, so a project overrides the theme file by file;
/// [`Inputs::project`] and [`Inputs::builtin`] see one layer each (the UI strings merge key by
/// key). Built-in files carry a content hash like any other input, so every cache keyed by
/// inputs stays correct when an override appears or goes.
#[derive(Debug, Clone)]
pub struct Inputs {
    root: PathBuf,
    entries: BTreeMap<PathBuf, Entry>,
    dirs: BTreeSet<PathBuf>,
    theme: Option<&'static Layer>,
}

impl Inputs {
    /// Reads every input of the project at `root` (in parallel), over the built-in theme.
    pub fn scan(root: &Path) -> Inputs {
        let mut inputs = Inputs {
            root: root.to_path_buf(),
            entries: BTreeMap::new(),
            dirs: BTreeSet::new(),
            theme: Some(builtin::layer()),
        };
        for top in std::iter::once(layout::CONFIG_FILE).chain(layout::INPUT_DIRS) {
            let (entries, dirs) = scan_prefix(root, Path::new(top));
            inputs.entries.extend(entries);
            inputs.dirs.extend(dirs);
        }
        inputs
    }

    /// An input set built from memory (tests, tools): `files` are project-relative paths and
    /// their contents; folders are implied by the paths. Without the built-in theme (so a test
    /// sees exactly the files it gives) unless [`Inputs::with_builtin_theme`] adds it.
    pub fn from_memory(root: &Path, files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Self {
        let mut inputs = Inputs {
            root: root.to_path_buf(),
            entries: BTreeMap::new(),
            dirs: BTreeSet::new(),
            theme: None,
        };
        for (rel, bytes) in files {
            for dir in rel.ancestors().skip(1) {
                if !dir.as_os_str().is_empty() {
                    inputs.dirs.insert(dir.to_path_buf());
                }
            }
            inputs
                .entries
                .insert(rel, Entry::File(InputFile::new(bytes)));
        }
        inputs
    }

    /// Re-reads `changed` (project-relative paths reported by a watcher; a folder stands for
    /// everything under it) and returns the paths whose content or readability differs, in
    /// order. The result is exactly what [`Inputs::scan`] would read now for those paths.
    pub fn refresh(&mut self, changed: &[PathBuf]) -> Vec<PathBuf> {
        let mut prefixes: Vec<PathBuf> = changed
            .iter()
            .filter_map(|p| self.rescan_point(p))
            .collect();
        prefixes.sort();
        prefixes.dedup();
        // A folder already rescanned covers the paths under it. In path order, a path under
        // any kept folder is under the last one kept (a linear pass: a poll after copying a
        // 10,000-page project reports every file).
        let mut kept: Vec<PathBuf> = Vec::new();
        for p in prefixes {
            if !kept.last().is_some_and(|k| p.starts_with(k)) {
                kept.push(p);
            }
        }
        let mut differ = BTreeSet::new();
        for prefix in kept {
            let (fresh, dirs) = scan_prefix(&self.root, &prefix);
            let old: Vec<PathBuf> = self.paths_under(&prefix).cloned().collect();
            for path in &old {
                if !fresh.contains_key(path) {
                    self.entries.remove(path);
                    differ.insert(path.clone());
                }
            }
            for (path, entry) in fresh {
                let same = self.entries.get(&path).is_some_and(|e| e.same(&entry));
                if !same {
                    differ.insert(path.clone());
                    self.entries.insert(path, entry);
                }
            }
            self.dirs.retain(|d| !d.starts_with(&prefix));
            self.dirs.extend(dirs);
            // The folders above a rescan point are real folders (see `rescan_point`), also
            // when the watcher did not report them: `templates/` made for a first override.
            for dir in prefix.ancestors().skip(1) {
                if !dir.as_os_str().is_empty() {
                    self.dirs.insert(dir.to_path_buf());
                }
            }
        }
        differ.into_iter().collect()
    }

    /// Where to rescan for a reported path: the path itself, or its nearest ancestor that is
    /// not a real folder (so a folder replaced by a link, or removed, is rescanned whole, as a
    /// full scan would see it). `None` for paths that are not inputs.
    fn rescan_point(&self, rel: &Path) -> Option<PathBuf> {
        let top = rel.components().next()?;
        let top = Path::new(top.as_os_str());
        let is_input_root = top == Path::new(layout::CONFIG_FILE)
            || layout::INPUT_DIRS.iter().any(|d| top == Path::new(d));
        if !is_input_root || (rel != top && layout::area_of(rel).is_none()) {
            return None;
        }
        let mut point = rel.to_path_buf();
        for ancestor in rel.ancestors().skip(1) {
            if ancestor.as_os_str().is_empty() {
                break;
            }
            let real_dir =
                std::fs::symlink_metadata(self.root.join(ancestor)).is_ok_and(|m| m.is_dir());
            if !real_dir {
                point = ancestor.to_path_buf();
            }
        }
        Some(point)
    }

    fn paths_under<'a>(&'a self, prefix: &'a Path) -> impl Iterator<Item = &'a PathBuf> + 'a {
        self.entries
            .range(prefix.to_path_buf()..)
            .take_while(move |(p, _)| p.starts_with(prefix))
            .map(|(p, _)| p)
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Adds the built-in theme under the files of a set made with [`Inputs::from_memory`].
    pub fn with_builtin_theme(mut self) -> Self {
        self.theme = Some(builtin::layer());
        self
    }

    /// The entry at a project-relative path: the project's file, else the built-in one.
    pub fn get(&self, rel: &Path) -> Option<&Entry> {
        self.entries
            .get(rel)
            .or_else(|| self.theme.and_then(|t| t.get(rel)))
    }

    /// The project's own entry at a project-relative path (never a built-in file).
    pub fn project(&self, rel: &Path) -> Option<&Entry> {
        self.entries.get(rel)
    }

    /// The built-in theme's entry at a project-relative path (`None` without the theme).
    pub fn builtin(&self, rel: &Path) -> Option<&Entry> {
        self.theme.and_then(|t| t.get(rel))
    }

    /// Whether the file at `rel` comes from the built-in theme (the project has none there).
    pub fn is_builtin(&self, rel: &Path) -> bool {
        !self.entries.contains_key(rel) && self.builtin(rel).is_some()
    }

    /// Every entry under a project-relative folder, in path order: the project's files and
    /// the built-in files the project does not override.
    pub fn under<'a>(&'a self, dir: &Path) -> impl Iterator<Item = (&'a Path, &'a Entry)> + 'a {
        let theme = self.theme.map(|t| &t.entries);
        let within = dir.to_path_buf();
        Merge {
            own: range_under(&self.entries, dir).peekable(),
            theme: theme
                .into_iter()
                .flat_map(move |t| range_under(t, &within))
                .peekable(),
        }
    }

    /// Whether a project-relative folder exists (as a real folder, not a link), in the
    /// project or in the built-in theme.
    pub fn has_dir(&self, rel: &Path) -> bool {
        self.dirs.contains(rel) || self.theme.is_some_and(|t| t.dirs.contains(rel))
    }

    /// Number of the project's own entries (files read or unreadable).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the project has no input of its own.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What [`Inputs::changed_since`] compares with later: two hashes per file instead of a
    /// copy of the set.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            entries: self
                .entries
                .iter()
                .map(|(p, e)| (crate::memo::hash_of(p.as_os_str()), e.content_hash()))
                .collect(),
            layout: crate::memo::hash_of(&(
                &self.dirs,
                self.theme.map(|t| t as *const Layer as usize),
            )),
        }
    }

    /// The project files whose content (or readability) differs between `earlier` and `now`
    /// (this set's [`Inputs::fingerprint`]), in path order; `None` when files or folders came
    /// or went, or the built-in theme did: then more than contents changed.
    pub fn changed_since(&self, earlier: &Fingerprint, now: &Fingerprint) -> Option<Vec<PathBuf>> {
        if now.layout != earlier.layout || now.entries.len() != earlier.entries.len() {
            return None;
        }
        let mut changed = Vec::new();
        for ((path, (p, content)), (q, was)) in
            self.entries.keys().zip(&now.entries).zip(&earlier.entries)
        {
            if p != q {
                return None;
            }
            if content != was {
                changed.push(path.clone());
            }
        }
        Some(changed)
    }

    /// Whether two sets hold the same paths with the same contents and folders; what the
    /// incremental-build tests compare after a refresh.
    pub fn same_as(&self, other: &Inputs) -> bool {
        self.dirs == other.dirs
            && self.theme.is_some() == other.theme.is_some()
            && self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|((pa, a), (pb, b))| pa == pb && a.same(b))
    }
}

/// The entries of one layer under `dir`, in path order.
fn range_under<'a>(
    entries: &'a BTreeMap<PathBuf, Entry>,
    dir: &Path,
) -> impl Iterator<Item = (&'a Path, &'a Entry)> + 'a {
    let (from, within) = (dir.to_path_buf(), dir.to_path_buf());
    entries
        .range(from..)
        .take_while(move |(p, _)| p.starts_with(&within))
        .filter(|(p, _)| p.components().count() > 0)
        .map(|(p, e)| (p.as_path(), e))
}

/// Two layers' entries in path order; on the same path the project's entry wins.
struct Merge<
    'a,
    A: Iterator<Item = (&'a Path, &'a Entry)>,
    B: Iterator<Item = (&'a Path, &'a Entry)>,
> {
    own: std::iter::Peekable<A>,
    theme: std::iter::Peekable<B>,
}

impl<'a, A, B> Iterator for Merge<'a, A, B>
where
    A: Iterator<Item = (&'a Path, &'a Entry)>,
    B: Iterator<Item = (&'a Path, &'a Entry)>,
{
    type Item = (&'a Path, &'a Entry);

    fn next(&mut self) -> Option<Self::Item> {
        match (self.own.peek(), self.theme.peek()) {
            (Some((a, _)), Some((b, _))) if a == b => {
                self.theme.next();
                self.own.next()
            }
            (Some((a, _)), Some((b, _))) if b < a => self.theme.next(),
            (Some(_), _) => self.own.next(),
            (None, _) => self.theme.next(),
        }
    }
}

/// The content hash of a file: the key of every cache that depends on it.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    crate::memo::hash_of(bytes)
}

/// What a full scan finds at and under `prefix`: entries and real folders.
fn scan_prefix(root: &Path, prefix: &Path) -> (BTreeMap<PathBuf, Entry>, BTreeSet<PathBuf>) {
    let mut found: Vec<(PathBuf, Option<u64>)> = Vec::new();
    let mut dirs = BTreeSet::new();
    let mut problems = BTreeMap::new();
    let start = root.join(prefix);
    if std::fs::symlink_metadata(&start).is_err() {
        return (problems, dirs);
    }
    // A top-level input folder that is itself a link is followed (the read policy still keeps
    // every file inside the project); below it no link is followed, and a rescan of a path
    // below it must see a link exactly as the full scan does.
    let top_level = prefix.components().count() == 1;
    let walk = walkdir::WalkDir::new(&start)
        .follow_links(false)
        .follow_root_links(top_level)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_ignored));
    for item in walk {
        let rel_of = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
        match item {
            Ok(e) => {
                let rel = rel_of(e.path());
                let t = e.file_type();
                if t.is_dir() {
                    dirs.insert(rel);
                } else if let Some(limit) = input_limit(&rel, t.is_symlink(), t.is_file()) {
                    found.push((rel, limit));
                }
            }
            Err(e) => {
                let rel = rel_of(e.path().unwrap_or(&start));
                problems.insert(
                    rel,
                    Entry::Unreadable(Unreadable {
                        kind: e
                            .io_error()
                            .map_or(std::io::ErrorKind::Other, |io| io.kind()),
                        symlink: false,
                        message: format!("cannot read: {e}"),
                    }),
                );
            }
        }
    }
    let read: Vec<(PathBuf, Entry)> = found
        .into_par_iter()
        .map(|(rel, limit)| {
            let entry = match limit {
                None => Entry::Unreadable(Unreadable::of(&policy::InputError::Symlink)),
                Some(limit) => match policy::read(root, &root.join(&rel), limit) {
                    Ok(bytes) => Entry::File(InputFile::new(bytes)),
                    Err(e) => Entry::Unreadable(Unreadable::of(&e)),
                },
            };
            (rel, entry)
        })
        .collect();
    problems.extend(read);
    (problems, dirs)
}

/// Whether a non-folder path is an input, and its size limit: `Some(None)` records a link in
/// `content/` as unreadable without touching it (the loader reports it), `Some(Some(limit))`
/// reads it, `None` skips it.
fn input_limit(rel: &Path, symlink: bool, regular: bool) -> Option<Option<u64>> {
    let ext = |x: &str| rel.extension().is_some_and(|e| e == x);
    let depth = rel.components().count();
    match layout::area_of(rel)? {
        Area::Config => Some(Some(policy::MAX_CONFIG_BYTES)),
        Area::Content if rel == Path::new(layout::SOURCES_FILE) => {
            Some(Some(policy::MAX_CONTENT_BYTES))
        }
        Area::Content if symlink => Some(None),
        Area::Content => (regular && ext("md")).then_some(Some(policy::MAX_CONTENT_BYTES)),
        Area::Templates => ext("html").then_some(Some(policy::MAX_TEMPLATE_BYTES)),
        Area::I18n => (depth == 2 && ext("toml")).then_some(Some(policy::MAX_CONFIG_BYTES)),
        Area::Static => Some(Some(policy::MAX_STATIC_BYTES)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    #[test]
    fn a_fingerprint_tells_changed_contents_from_changed_files() {
        let set = |files: &[(&str, &str)]| {
            Inputs::from_memory(
                Path::new("/kb"),
                files
                    .iter()
                    .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec())),
            )
        };
        let before = set(&[
            ("book.toml", "x"),
            ("content/ja/a.md", "a"),
            ("content/ja/b.md", "b"),
        ]);
        let earlier = before.fingerprint();
        assert_eq!(before.changed_since(&earlier, &earlier), Some(vec![]));
        let edited = set(&[
            ("book.toml", "x"),
            ("content/ja/a.md", "a2"),
            ("content/ja/b.md", "b"),
        ]);
        assert_eq!(
            edited.changed_since(&earlier, &edited.fingerprint()),
            Some(vec![PathBuf::from("content/ja/a.md")])
        );
        let renamed = set(&[
            ("book.toml", "x"),
            ("content/ja/a.md", "a"),
            ("content/ja/c.md", "b"),
        ]);
        assert_eq!(
            renamed.changed_since(&earlier, &renamed.fingerprint()),
            None
        );
        let added = set(&[
            ("book.toml", "x"),
            ("content/ja/a.md", "a"),
            ("content/ja/b.md", "b"),
            ("content/ja/c.md", "c"),
        ]);
        assert_eq!(added.changed_since(&earlier, &added.fingerprint()), None);
    }

    #[test]
    fn refresh_equals_a_fresh_scan_and_names_what_changed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "book.toml", "title = 'x'");
        write(root, "content/ja/a.md", "aaaa");
        write(root, "content/ja/sub/b.md", "bbbb");
        write(root, "content/ja/notes.txt", "not an input");
        write(root, "static/x.css", "x");
        let mut inputs = Inputs::scan(root);
        assert!(inputs.get(Path::new("content/ja/notes.txt")).is_none());
        assert!(inputs.has_dir(Path::new("content/ja/sub")));
        // Same size, same second: still a change.
        write(root, "content/ja/a.md", "aaab");
        assert_eq!(
            inputs.refresh(&[PathBuf::from("content/ja/a.md")]),
            vec![PathBuf::from("content/ja/a.md")]
        );
        // Unchanged content is not a change.
        write(root, "static/x.css", "x");
        assert!(inputs.refresh(&[PathBuf::from("static/x.css")]).is_empty());
        // A removed folder reported by one of its files: everything under it goes.
        std::fs::remove_dir_all(root.join("content/ja/sub")).expect("rm");
        assert_eq!(
            inputs.refresh(&[PathBuf::from("content/ja/sub/b.md")]),
            vec![PathBuf::from("content/ja/sub/b.md")]
        );
        assert!(inputs.same_as(&Inputs::scan(root)));
        // A new folder reported as a folder.
        write(root, "content/en/c.md", "c");
        inputs.refresh(&[PathBuf::from("content/en"), PathBuf::from("content/other")]);
        assert!(inputs.same_as(&Inputs::scan(root)));
        // Paths that are not inputs are ignored.
        assert!(inputs
            .refresh(&[
                PathBuf::from("public/index.html"),
                PathBuf::from("content/ja/.a.md.swp")
            ])
            .is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn links_and_unreadable_paths_are_kept_as_problems() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        write(root, "content/ja/a.md", "a");
        std::os::unix::fs::symlink(root.join("content/ja/a.md"), root.join("content/ja/l.md"))
            .expect("symlink");
        let mut inputs = Inputs::scan(root);
        match inputs.get(Path::new("content/ja/l.md")) {
            Some(Entry::Unreadable(u)) => assert!(u.symlink),
            other => panic!("{other:?}"),
        }
        // A folder replaced by a link to a folder inside the project: a rescan sees the link,
        // as a full scan does, and does not read through it.
        std::fs::create_dir_all(root.join("content/other")).expect("mkdir");
        write(root, "content/other/b.md", "b");
        std::fs::create_dir_all(root.join("content/en")).expect("mkdir");
        std::fs::remove_dir(root.join("content/en")).expect("rmdir");
        std::os::unix::fs::symlink(root.join("content/other"), root.join("content/en"))
            .expect("symlink");
        inputs.refresh(&[PathBuf::from("content/en"), PathBuf::from("content/other")]);
        assert!(inputs.get(Path::new("content/en/b.md")).is_none());
        assert!(inputs.same_as(&Inputs::scan(root)));
    }
}
