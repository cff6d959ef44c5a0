//! The read policy every input file is read under, shared by every reader (`book.toml`,
//! `content/sources.yaml`, topics, `i18n/*.toml`, templates, static files):
//!
//! - an input is a **regular file**: a FIFO would block the build forever, a device such as
//!   `/dev/zero` would grow memory without bound, a folder is not a file;
//! - it is **never read through a symbolic link**, and never from outside the project folder
//!   (a link in a parent folder counts too), so a diagnostic or the `kbgen serve` overlay can
//!   only ever quote the project's own files;
//! - its size is **bounded** (the limits below), checked before and while reading;
//! - **editor and hidden files** (`.#x`, `x~`, `.x.swp`, vim's `4913`, `#x#`, any dotfile or
//!   dot-folder except `.well-known`, whose meaning for a web site is standard) are not inputs
//!   at all: the build skips them and the watcher ignores them.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest `book.toml` and `i18n/<lang>.toml`.
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;
/// Largest topic and `content/sources.yaml`.
pub const MAX_CONTENT_BYTES: u64 = 32 << 20;
/// Largest template.
pub const MAX_TEMPLATE_BYTES: u64 = 4 << 20;
/// Largest static file.
pub const MAX_STATIC_BYTES: u64 = 256 << 20;

/// Why an input file was not read. The message never contains the file's contents.
#[derive(Debug)]
pub enum InputError {
    /// The path is a symbolic link.
    Symlink,
    /// The path is not a regular file (the kind is named).
    NotRegular(&'static str),
    /// The file is larger than the limit.
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The file lies outside the project folder (through a linked folder).
    Outside(PathBuf),
    /// The OS refused.
    Io(std::io::Error),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Symlink => f.write_str(
                "is a symbolic link; kbgen does not read inputs through symbolic links (copy the file into the project)",
            ),
            InputError::NotRegular(kind) => write!(f, "is {kind}, not a regular file"),
            InputError::TooLarge { limit } => {
                write!(f, "is larger than the {} MB limit for this kind of file", limit >> 20)
            }
            InputError::Outside(_) => f.write_str(
                "lies outside the project folder (a folder on its path is a symbolic link)",
            ),
            InputError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl From<InputError> for std::io::Error {
    fn from(e: InputError) -> Self {
        match e {
            InputError::Io(e) => e,
            other => std::io::Error::other(other.to_string()),
        }
    }
}

pub use crate::layout::{is_ignored, is_ignored_path};

/// Reads the input file at `path` (inside the project `root`) under the policy above.
pub fn read(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, InputError> {
    let meta = std::fs::symlink_metadata(path).map_err(InputError::Io)?;
    if meta.file_type().is_symlink() {
        return Err(InputError::Symlink);
    }
    if !meta.is_file() {
        return Err(InputError::NotRegular(kind(&meta)));
    }
    let real = path.canonicalize().map_err(InputError::Io)?;
    let real_root = root.canonicalize().map_err(InputError::Io)?;
    if !real.starts_with(&real_root) {
        return Err(InputError::Outside(real));
    }
    let file = open_no_follow(path).map_err(InputError::Io)?;
    let meta = file.metadata().map_err(InputError::Io)?;
    if !meta.is_file() {
        return Err(InputError::NotRegular(kind(&meta)));
    }
    if meta.len() > limit {
        return Err(InputError::TooLarge { limit });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` bounds the read even if the file grows (or was swapped) after the checks.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { limit });
    }
    Ok(bytes)
}

/// Opens without following a final symbolic link and without blocking on a FIFO swapped in
/// after the checks (where the system offers the flags).
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32);
    }
    options.open(path)
}

/// A description of a file type for messages.
pub fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_file() {
        "a file"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_and_hidden_files_are_ignored() {
        for name in [
            ".#topic.md",
            "topic.md~",
            ".topic.md.swp",
            ".topic.md.swo",
            "topic.md.swp",
            "4913",
            "#topic.md#",
            ".DS_Store",
            ".git",
            ".hidden.md",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in [
            "topic.md",
            "sources.yaml",
            "a-4913.md",
            "base.html",
            ".well-known",
        ] {
            assert!(!is_ignored(name), "{name}");
        }
        assert!(is_ignored_path(Path::new("ja/.drafts/a.md")));
        assert!(!is_ignored_path(Path::new("ja/a.md")));
    }

    #[cfg(unix)]
    #[test]
    fn only_bounded_regular_files_inside_the_project_are_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("project");
        std::fs::create_dir(&root).expect("mkdir");
        std::fs::write(root.join("ok.toml"), "a = 1").expect("write");
        assert_eq!(
            read(&root, &root.join("ok.toml"), 10).expect("read"),
            b"a = 1"
        );
        assert!(matches!(
            read(&root, &root.join("ok.toml"), 3),
            Err(InputError::TooLarge { .. })
        ));
        std::os::unix::fs::symlink("/dev/zero", root.join("zero")).expect("symlink");
        assert!(matches!(
            read(&root, &root.join("zero"), 10),
            Err(InputError::Symlink)
        ));
        assert!(matches!(
            read(&root, Path::new("/dev/zero"), 10),
            Err(InputError::NotRegular("a device"))
        ));
        std::fs::write(dir.path().join("secret"), "s3cret").expect("write");
        std::os::unix::fs::symlink(dir.path(), root.join("up")).expect("symlink");
        assert!(matches!(
            read(&root, &root.join("up/secret"), 100),
            Err(InputError::Outside(_))
        ));
        assert!(matches!(
            read(&root, &root, 100),
            Err(InputError::NotRegular("a folder"))
        ));
    }
}
