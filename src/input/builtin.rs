//! The built-in theme: the templates, static files and UI strings (ja, en) compiled into the
//! binary, so a project needs only `book.toml` and `content/` to build.
//!
//! The files are the repository's own `templates/`, `static/` and `i18n/`, embedded by
//! `build.rs` (which walks those folders, so a file added there is embedded without a list to
//! edit). A project's own files override them file by file, and `i18n/<lang>.toml` key by key
//! (see [`crate::i18n`]); [`crate::input::Inputs`] is where the two layers meet.

use super::set::{Entry, InputFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));
}

// Two checkouts built into one target folder share the build script's output, and cargo does
// not re-run it when switching between them: a file list made for the other checkout would
// embed the wrong files (or miss some) without a word.
const _: () = assert!(
    same(generated::LISTED_IN, env!("CARGO_MANIFEST_DIR")),
    "the built-in theme was listed for another checkout sharing this target folder: \
     run `touch build.rs` (or `cargo clean -p kbgen`) and build again"
);

/// `a == b` at compile time.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Every built-in file as `(project-relative path with '/', contents)`, sorted by path.
pub fn files() -> &'static [(&'static str, &'static [u8])] {
    generated::FILES
}

/// The built-in file at a project-relative path (`templates/topic.html`), if there is one.
pub fn file(rel: &str) -> Option<&'static [u8]> {
    files()
        .binary_search_by(|(p, _)| (*p).cmp(rel))
        .ok()
        .map(|i| files()[i].1)
}

/// The languages whose UI strings are built in (`i18n/<lang>.toml`), in path order.
pub fn languages() -> Vec<&'static str> {
    files()
        .iter()
        .filter_map(|(p, _)| p.strip_prefix("i18n/")?.strip_suffix(".toml"))
        .filter(|l| !l.contains('/'))
        .collect()
}

/// The built-in files as input entries with their hashes (computed once per process), and the
/// folders they imply: the layer every [`crate::input::Inputs`] scan puts under the project.
pub(crate) fn layer() -> &'static Layer {
    static LAYER: OnceLock<Layer> = OnceLock::new();
    LAYER.get_or_init(|| {
        let mut layer = Layer::default();
        for (rel, bytes) in files() {
            let rel = PathBuf::from(rel);
            for dir in rel.ancestors().skip(1) {
                if !dir.as_os_str().is_empty() {
                    layer.dirs.insert(dir.to_path_buf());
                }
            }
            layer
                .entries
                .insert(rel, Entry::File(InputFile::new(bytes.to_vec())));
        }
        layer
    })
}

/// The built-in files as input entries, by project-relative path.
#[derive(Debug, Default)]
pub(crate) struct Layer {
    pub(crate) entries: BTreeMap<PathBuf, Entry>,
    pub(crate) dirs: std::collections::BTreeSet<PathBuf>,
}

impl Layer {
    /// The built-in entry at a project-relative path.
    pub(crate) fn get(&self, rel: &Path) -> Option<&Entry> {
        self.entries.get(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::templates::REQUIRED;

    #[test]
    fn the_theme_holds_every_required_template_and_both_languages() {
        for name in REQUIRED {
            assert!(file(&format!("templates/{name}")).is_some(), "{name}");
        }
        assert!(file("static/kbgen.css").is_some());
        assert_eq!(languages(), ["en", "ja"]);
        assert!(files().windows(2).all(|w| w[0].0 < w[1].0), "sorted");
    }

    #[test]
    fn the_layer_matches_the_files() {
        let layer = layer();
        assert_eq!(layer.entries.len(), files().len());
        assert!(layer.dirs.contains(Path::new("templates")));
        match layer.get(Path::new("i18n/ja.toml")) {
            Some(Entry::File(f)) => assert_eq!(&*f.bytes, file("i18n/ja.toml").expect("ja")),
            other => panic!("{other:?}"),
        }
    }
}
