//! The built site as files in memory, and the one place that writes it to disk.
//!
//! Writing is atomic: the site is written into a sibling temporary folder which is then swapped
//! into place, so a failed build never leaves a half-written site. kbgen only replaces a folder
//! that it created itself (it carries a marker file), and refuses folders that hold the
//! project's sources.

use crate::error::Error;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Name of the marker file kbgen leaves in every output folder it writes.
pub const MARKER: &str = crate::layout::OUTPUT_MARKER;

/// Every output file by root-relative path (`/` separators). Contents are shared (`Arc`), so
/// a page kept by the build cache and the site served by `kbgen serve` are one copy, and two
/// builds compare in time proportional to what changed.
///
/// Copying is cheap too: the map of files is shared, and files added since the last copy sit
/// in a small map of their own, so `kbgen serve`'s build after a prose edit starts from the
/// served site without copying its 24,000 names (see `pipeline::fast`).
#[derive(Debug, Default, Clone)]
pub struct Output {
    files: Arc<BTreeMap<Arc<str>, Arc<[u8]>>>,
    /// Files added since the map was last shared; these win over `files`.
    recent: BTreeMap<Arc<str>, Arc<[u8]>>,
}

/// How many files [`Output::insert_shared`] keeps apart before merging them into the map.
const RECENT_MAX: usize = 64;

impl Output {
    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.insert_shared(path, bytes.into().into());
    }

    /// Adds or replaces a file without copying its contents.
    pub fn insert_shared(&mut self, path: impl Into<String>, bytes: Arc<[u8]>) {
        self.recent.insert(Arc::from(path.into()), bytes);
        if self.recent.len() > RECENT_MAX {
            self.settle();
        }
    }

    /// Merges the recent files into the map.
    fn settle(&mut self) {
        let recent = std::mem::take(&mut self.recent);
        Arc::make_mut(&mut self.files).extend(recent);
    }

    /// A file's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.recent
            .get(path)
            .or_else(|| self.files.get(path))
            .map(|b| &b[..])
    }

    /// All files in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        let mut base = self.files.iter().peekable();
        let mut top = self.recent.iter().peekable();
        std::iter::from_fn(move || {
            let next = match (base.peek(), top.peek()) {
                (Some((a, _)), Some((b, _))) => match a.cmp(b) {
                    std::cmp::Ordering::Less => base.next(),
                    std::cmp::Ordering::Equal => {
                        base.next();
                        top.next()
                    }
                    std::cmp::Ordering::Greater => top.next(),
                },
                (Some(_), None) => base.next(),
                (None, _) => top.next(),
            };
            next.map(|(p, b)| (&**p, &b[..]))
        })
    }

    /// Whether two outputs have the same files with the same contents; shared contents are
    /// compared by address first, and two outputs made from the same one compare only the
    /// files added since.
    pub fn same_as(&self, other: &Output) -> bool {
        let same = |a: Option<&[u8]>, b: Option<&[u8]>| match (a, b) {
            (Some(a), Some(b)) => std::ptr::eq(a, b) || a == b,
            (None, None) => true,
            _ => false,
        };
        if Arc::ptr_eq(&self.files, &other.files) {
            return self
                .recent
                .keys()
                .chain(other.recent.keys())
                .all(|p| same(self.get(p), other.get(p)));
        }
        self.len() == other.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|((pa, a), (pb, b))| pa == pb && same(Some(a), Some(b)))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        let added = self.recent.keys().filter(|p| !self.files.contains_key(*p));
        self.files.len() + added.count()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.recent.is_empty()
    }

    /// Writes the site to `out`, replacing a previous kbgen output there atomically.
    pub fn write_to(&self, out: &Path, project_root: &Path) -> Result<(), Error> {
        self.write_keeping(out, project_root, &[])
    }

    /// [`Output::write_to`], carrying the previous output's entries named in `keep` (paths
    /// relative to the output folder, from `[output] keep`) over into the new one. Any other
    /// file in the previous output that kbgen did not write stops the write, untouched.
    pub fn write_keeping(
        &self,
        out: &Path,
        project_root: &Path,
        keep: &[String],
    ) -> Result<(), Error> {
        if self.recent.is_empty() {
            return self.write_settled(out, project_root, keep);
        }
        let mut settled = self.clone();
        settled.settle();
        settled.write_settled(out, project_root, keep)
    }

    /// [`Output::write_keeping`] of an output whose files are all in the map.
    fn write_settled(&self, out: &Path, project_root: &Path, keep: &[String]) -> Result<(), Error> {
        let dest = check_destination(out, project_root)?;
        for k in keep {
            if self.files.keys().any(|p| {
                **p == **k || p.starts_with(&format!("{k}/")) || k.starts_with(&format!("{p}/"))
            }) {
                return Err(Error::Output(format!(
                    "`[output] keep` names `{k}`, which is a file kbgen writes; remove it from the list"
                )));
            }
        }
        for rel in self.files.keys() {
            if !is_safe_relative(rel) {
                return Err(Error::Output(format!(
                    "refusing to write `{rel}`: not a plain relative path inside the output folder"
                )));
            }
        }
        let out = dest.path.as_path();
        let parent = out.parent().unwrap_or(Path::new("/"));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "book".into());
        remove_leftovers(parent, &name);
        let carried = match dest.previous {
            Previous::None => Vec::new(),
            Previous::Unmarked => plan_previous(out, &BTreeSet::new(), keep, false)?,
            Previous::Marked(None) => plan_previous(out, &BTreeSet::new(), keep, true)?,
            Previous::Marked(Some(ref manifest)) => plan_previous(out, manifest, keep, false)?,
        };
        let tmp = unique_temp(parent, &name)?;
        let previous = matches!(dest.previous, Previous::Marked(_)).then_some(out);
        let result = self
            .write_fresh(&tmp, previous)
            .and_then(|()| {
                carried
                    .iter()
                    .try_for_each(|rel| link_tree(&out.join(rel), &tmp.join(rel)))
            })
            .and_then(|()| self.write_marker(&tmp))
            .and_then(|()| swap_in(&tmp, out));
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        result
    }

    /// Writes every file into the empty folder `dir`. A file identical to the one in the
    /// `previous` output is hard-linked instead of written: no new inode, no new data blocks,
    /// which is most of the cost of a rebuild where few pages changed.
    fn write_fresh(&self, dir: &Path, previous: Option<&Path>) -> Result<(), Error> {
        let mut dirs: Vec<PathBuf> = self
            .files
            .keys()
            .filter_map(|p| Path::new(&**p).parent().map(|d| dir.join(d)))
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        self.files.par_iter().try_for_each(|(rel, bytes)| {
            let path = dir.join(&**rel);
            if let Some(prev) = previous.map(|p| p.join(&**rel)) {
                if same_contents(&prev, bytes) && std::fs::hard_link(&prev, &path).is_ok() {
                    return Ok(());
                }
            }
            std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
        })
    }

    /// The marker lists every file this build wrote, so the next build can tell them from
    /// files someone else put there.
    fn write_marker(&self, dir: &Path) -> Result<(), Error> {
        let mut text = String::from(MARKER_TEXT);
        text.push_str(MANIFEST_HEADER);
        for p in self.files.keys() {
            text.push_str(&serde_json::Value::String(p.to_string()).to_string());
            text.push('\n');
        }
        let marker = dir.join(MARKER);
        std::fs::write(&marker, text).map_err(|e| Error::io(&marker, e))
    }
}

const MARKER_TEXT: &str = "This folder is generated by kbgen and replaced on every build.\n";
const MANIFEST_HEADER: &str = "Files written by kbgen (one JSON string per line):\n";

/// The files a marker says kbgen wrote; `None` for a marker written before markers listed them.
fn read_manifest(marker: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(marker).ok()?;
    let (_, list) = text.split_once(MANIFEST_HEADER)?;
    Some(
        list.lines()
            .filter_map(|l| serde_json::from_str::<String>(l).ok())
            .collect(),
    )
}

/// Whether an output key is a plain relative path (no `..`, no root, no empty segment).
fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\\')
        && !rel.contains('\0')
        && rel
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
        && !Path::new(rel).is_absolute()
        && rel != MARKER
}

/// Checks the previous output against its manifest: returns the `keep` entries to carry over,
/// or an error naming the files kbgen did not write. `legacy` (a marker without a list) trusts
/// every file to be kbgen's.
fn plan_previous(
    out: &Path,
    manifest: &BTreeSet<String>,
    keep: &[String],
    legacy: bool,
) -> Result<Vec<String>, Error> {
    let mut allowed_dirs: HashSet<String> = HashSet::new();
    for p in manifest.iter().chain(keep) {
        let mut cur = p.as_str();
        while let Some((d, _)) = cur.rsplit_once('/') {
            if !allowed_dirs.insert(d.to_string()) {
                break;
            }
            cur = d;
        }
    }
    let mut carried = Vec::new();
    let mut foreign = Vec::new();
    let mut walk = walkdir::WalkDir::new(out)
        .follow_links(false)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| Error::io(out, std::io::Error::other(e.to_string())))?;
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        let is_dir = entry.file_type().is_dir();
        if rel == MARKER {
            continue;
        }
        if keep.contains(&rel) {
            carried.push(rel);
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        if legacy {
            continue;
        }
        let own = if is_dir {
            allowed_dirs.contains(&rel)
        } else {
            entry.file_type().is_file() && manifest.contains(&rel)
        };
        if !own {
            foreign.push(if is_dir { format!("{rel}/") } else { rel });
            if is_dir {
                walk.skip_current_dir();
            }
        }
    }
    if foreign.is_empty() {
        return Ok(carried);
    }
    let shown: Vec<&str> = foreign.iter().take(10).map(String::as_str).collect();
    let more = foreign.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Err(Error::Output(format!(
        "refusing to replace {}: it holds files kbgen did not write: {}{more}; nothing was changed. \
         List the ones to carry over in book.toml (`[output] keep = [\"CNAME\", \".git\"]`), \
         or move them away",
        out.display(),
        shown.join(", ")
    )))
}

/// Recreates `from` at `to` with hard links (copies where the file system cannot link), so a
/// kept folder such as `.git` costs no space and the previous output keeps its own copy until
/// the swap.
fn link_tree(from: &Path, to: &Path) -> Result<(), Error> {
    let meta = std::fs::symlink_metadata(from).map_err(|e| Error::io(from, e))?;
    if meta.is_dir() {
        std::fs::create_dir_all(to).map_err(|e| Error::io(to, e))?;
        for entry in std::fs::read_dir(from).map_err(|e| Error::io(from, e))? {
            let entry = entry.map_err(|e| Error::io(from, e))?;
            link_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
        return Ok(());
    }
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    if meta.file_type().is_symlink() {
        #[cfg(unix)]
        {
            let target = std::fs::read_link(from).map_err(|e| Error::io(from, e))?;
            return std::os::unix::fs::symlink(target, to).map_err(|e| Error::io(to, e));
        }
        #[cfg(not(unix))]
        return Ok(());
    }
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| Error::io(to, e))
}

fn same_contents(path: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    meta.is_file()
        && meta.len() == bytes.len() as u64
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Creates a new, empty working folder beside the output, with the marker written first so a
/// build killed at any point leaves a folder the next build recognises as its own.
fn unique_temp(parent: &Path, name: &str) -> Result<PathBuf, Error> {
    let pid = std::process::id();
    for n in 0u32.. {
        let tmp = parent.join(format!(".{name}.kbgen-new-{pid}-{n}"));
        match std::fs::create_dir(&tmp) {
            Ok(()) => {
                let marker = tmp.join(MARKER);
                if let Err(e) = std::fs::write(&marker, MARKER_TEXT) {
                    let _ = std::fs::remove_dir_all(&tmp);
                    return Err(Error::io(&marker, e));
                }
                return Ok(tmp);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(e) => return Err(Error::io(&tmp, e)),
        }
    }
    Err(Error::Output("cannot create a temporary folder".into()))
}

/// Removes what killed builds left beside the output: `.NAME.kbgen-new-*` and
/// `.NAME.kbgen-old-*` folders that carry the marker (or are empty), unless the process that
/// made them is still running (Linux: `/proc/PID`; elsewhere they are always removed).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = file_name
            .strip_prefix(&format!(".{name}.kbgen-new-"))
            .or_else(|| file_name.strip_prefix(&format!(".{name}.kbgen-old-")))
        else {
            continue;
        };
        let pid: Option<u32> = rest.split('-').next().and_then(|p| p.parse().ok());
        if let Some(pid) = pid {
            if pid != own
                && Path::new("/proc/self").exists()
                && Path::new(&format!("/proc/{pid}")).exists()
            {
                continue;
            }
        }
        let path = entry.path();
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if !is_dir {
            continue;
        }
        let marked = std::fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file());
        if marked {
            let _ = std::fs::remove_dir_all(&path);
        } else {
            let _ = std::fs::remove_dir(&path);
        }
    }
}

/// Puts the finished folder `new` at `out`. With a previous output there, the two are
/// exchanged in one step where the system can (Linux `renameat2(RENAME_EXCHANGE)`, macOS
/// `RENAME_SWAP`), so a reader always finds a complete old or complete new site; elsewhere
/// (and on file systems without the exchange) two renames leave `out` missing for a moment.
fn swap_in(new: &Path, out: &Path) -> Result<(), Error> {
    let existing = match std::fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return std::fs::rename(new, out).map_err(|e| Error::io(out, e));
        }
        Err(e) => return Err(Error::io(out, e)),
    };
    if !existing.is_dir() {
        return Err(Error::Output(format!(
            "refusing to replace {}: it is no longer a folder",
            out.display()
        )));
    }
    if exchange(new, out).map_err(|e| Error::io(out, e))? {
        // `new` now holds the previous site.
        return std::fs::remove_dir_all(new).map_err(|e| Error::io(new, e));
    }
    let old = PathBuf::from(new.to_string_lossy().replace(".kbgen-new-", ".kbgen-old-"));
    std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
    if let Err(e) = std::fs::rename(new, out) {
        let _ = std::fs::rename(&old, out);
        return Err(Error::io(out, e));
    }
    std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
}

/// Exchanges two directories atomically; `Ok(false)` when this system or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e)
            if e == rustix::io::Errno::INVAL
                || e == rustix::io::Errno::NOSYS
                || e == rustix::io::Errno::NOTSUP =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// Exchanges two directories atomically; `Ok(false)` when this system or file system cannot.
#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// What the output folder holds before a write.
#[derive(Debug)]
enum Previous {
    /// Nothing, or an empty folder.
    None,
    /// A folder without the marker (allowed only when all it holds is in `keep`).
    Unmarked,
    /// A previous kbgen output, with the list of files it wrote when the marker has one.
    Marked(Option<BTreeSet<String>>),
}

/// An output folder that passed [`check_destination`].
#[derive(Debug)]
pub struct Destination {
    /// The folder with every symbolic link of its existing part resolved.
    pub path: PathBuf,
    previous: Previous,
}

/// Refuses output folders that would destroy sources or someone else's files: the path is
/// resolved (symbolic links on its existing part followed) before it is compared with the
/// project's folders, so no spelling of a source folder gets through; anything that exists and
/// is not a folder (a file, a device, a FIFO, a socket, a dangling link) is refused untouched.
pub fn check_destination(out: &Path, project_root: &Path) -> Result<Destination, Error> {
    let out_c = resolve(out)?;
    let root_c = resolve(project_root)?;
    let refuse = |why: String| {
        Err(Error::Output(format!(
            "refusing to write the site to {}: {why}",
            out.display()
        )))
    };
    let (o, r) = (fold(&out_c), fold(&root_c));
    if o == r || r.starts_with(&o) {
        return refuse("it is (or contains) the project folder".into());
    }
    for protected in crate::layout::INPUT_DIRS {
        let p = fold(&resolve(&project_root.join(protected))?);
        if o.starts_with(&p) || p.starts_with(&o) {
            return refuse(format!("it overlaps the project's `{protected}/` folder"));
        }
    }
    let meta = match std::fs::symlink_metadata(&out_c) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Destination {
                path: out_c,
                previous: Previous::None,
            })
        }
        Err(e) => return Err(Error::io(out, e)),
    };
    if !meta.is_dir() {
        return refuse(format!(
            "it is {}, not a folder; nothing was changed",
            kind(&meta)
        ));
    }
    let marker = out_c.join(MARKER);
    let previous = if std::fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file()) {
        Previous::Marked(read_manifest(&marker))
    } else {
        let mut entries = std::fs::read_dir(&out_c).map_err(|e| Error::io(out, e))?;
        if entries.next().is_none() {
            Previous::None
        } else {
            Previous::Unmarked
        }
    };
    Ok(Destination {
        path: out_c,
        previous,
    })
}

/// A description of a file type for messages: [`crate::input::kind`], where a link at the
/// output path is one that leads to no folder (a link to a folder was followed).
fn kind(meta: &std::fs::Metadata) -> &'static str {
    if meta.file_type().is_symlink() {
        "a symbolic link that leads to no folder"
    } else {
        crate::input::kind(meta)
    }
}

/// The absolute form of `p` with the symbolic links of its longest existing part resolved and
/// `.`/`..` of the rest applied.
fn resolve(p: &Path) -> Result<PathBuf, Error> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(".", e))?
            .join(p)
    };
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(c) = cur.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                match part.to_str() {
                    Some("..") => {
                        out.pop();
                    }
                    Some(".") => {}
                    _ => out.push(part),
                }
            }
            return Ok(out);
        }
        match (cur.parent(), cur.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                cur = parent;
            }
            (Some(parent), None) => {
                // `..` or `.` at the end of a path that does not exist.
                rest.push(
                    cur.components()
                        .next_back()
                        .map_or_else(|| ".".into(), |c| c.as_os_str().to_os_string()),
                );
                cur = parent;
            }
            _ => return Ok(normalize(&abs)),
        }
    }
}

/// Paths as compared: case-folded where the usual file systems ignore case.
fn fold(p: &Path) -> PathBuf {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        PathBuf::from(p.to_string_lossy().to_lowercase())
    } else {
        p.to_path_buf()
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_with_added_files_reads_and_compares_like_one_map() {
        let mut base = Output::default();
        for i in 0..200 {
            base.insert(format!("p/{i:03}.html"), format!("page {i}"));
        }
        let mut copy = base.clone();
        assert!(copy.same_as(&base));
        copy.insert("p/050.html", "changed");
        copy.insert("p/500.html", "new");
        copy.insert("a.html", "first");
        assert_eq!(copy.len(), 202);
        assert_eq!(copy.get("p/050.html"), Some(&b"changed"[..]));
        assert_eq!(copy.get("p/051.html"), Some(&b"page 51"[..]));
        let names: Vec<&str> = copy.iter().map(|(p, _)| p).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted, "path order, each name once");
        assert!(!copy.same_as(&base) && !base.same_as(&copy));
        // The same contents in another shape compare equal.
        let mut other = base.clone();
        other.insert("p/050.html", "changed");
        other.insert("a.html", "first");
        other.insert("p/500.html", "new");
        for _ in 0..100 {
            other.insert("p/001.html", "page 1");
        }
        assert!(other.same_as(&copy) && copy.same_as(&other));
        let mut settled = Output::default();
        for (p, b) in other.iter() {
            settled.insert(p, b.to_vec());
        }
        assert!(settled.same_as(&copy));
        other.insert("p/001.html", "page one");
        assert!(!other.same_as(&copy));
    }

    #[test]
    fn refuses_project_and_source_folders() {
        let root = tempfile::tempdir().expect("tempdir");
        for bad in [
            root.path().to_path_buf(),
            root.path().join("content"),
            root.path().join("static/x"),
            root.path().join(".."),
        ] {
            assert!(
                check_destination(&bad, root.path()).is_err(),
                "{}",
                bad.display()
            );
        }
        assert!(check_destination(&root.path().join("book"), root.path()).is_ok());
    }

    #[test]
    fn refuses_foreign_folders_and_replaces_its_own() {
        let root = tempfile::tempdir().expect("tempdir");
        let foreign = root.path().join("docs");
        std::fs::create_dir_all(&foreign).expect("mkdir");
        std::fs::write(foreign.join("notes.txt"), "mine").expect("write");
        let mut out = Output::default();
        out.insert("index.html", "hi");
        assert!(out.write_to(&foreign, root.path()).is_err());
        assert_eq!(
            std::fs::read_to_string(foreign.join("notes.txt")).expect("kept"),
            "mine"
        );
        let book = root.path().join("book");
        out.write_to(&book, root.path()).expect("first write");
        out.insert("index.html", "again");
        out.write_to(&book, root.path()).expect("second write");
        assert_eq!(
            std::fs::read_to_string(book.join("index.html")).expect("read"),
            "again"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_swaps_folders_in_one_step() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).expect("mkdir");
        std::fs::create_dir(&b).expect("mkdir");
        std::fs::write(a.join("f"), "new").expect("write");
        std::fs::write(b.join("f"), "old").expect("write");
        assert!(
            exchange(&a, &b).expect("exchange"),
            "no RENAME_EXCHANGE here"
        );
        assert_eq!(std::fs::read_to_string(b.join("f")).expect("read"), "new");
        assert_eq!(std::fs::read_to_string(a.join("f")).expect("read"), "old");
    }

    #[test]
    fn output_keys_must_stay_inside_the_folder() {
        for bad in ["../x", "/etc/x", "a//b", "a/./b", "", "a\\..\\b", MARKER] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
        assert!(is_safe_relative("ja/index.html"));
        let root = tempfile::tempdir().expect("tempdir");
        let mut out = Output::default();
        out.insert("../escape.html", "x");
        assert!(out
            .write_to(&root.path().join("book"), root.path())
            .is_err());
        assert!(!root.path().join("escape.html").exists());
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_are_linked_and_changed_ones_rewritten() {
        use std::os::unix::fs::MetadataExt;
        let root = tempfile::tempdir().expect("tempdir");
        let book = root.path().join("book");
        let mut out = Output::default();
        out.insert("same.html", "same");
        out.insert("ja/changed.html", "v1");
        out.write_to(&book, root.path()).expect("first");
        let inode = |p: &str| std::fs::metadata(book.join(p)).expect("meta").ino();
        let (same1, changed1) = (inode("same.html"), inode("ja/changed.html"));
        out.insert("ja/changed.html", "v2");
        out.write_to(&book, root.path()).expect("second");
        assert_eq!(inode("same.html"), same1, "identical file was rewritten");
        assert_ne!(inode("ja/changed.html"), changed1);
        assert_eq!(
            std::fs::read_to_string(book.join("ja/changed.html")).expect("read"),
            "v2"
        );
        let leftovers: Vec<_> = std::fs::read_dir(root.path())
            .expect("ls")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            1,
            "temporary folders left behind: {leftovers:?}"
        );
    }
}
