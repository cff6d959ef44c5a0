//! The project's folder layout, owned in one place: which names hold the configuration, the
//! content, the templates, the UI strings and the static files, and which input a changed path
//! belongs to. Every reader (the input layer, the loader, the watcher, messages) asks here, so
//! renaming a folder is a one-line change.

use std::path::{Component, Path, PathBuf};

/// `book.toml`: the site configuration.
pub const CONFIG_FILE: &str = "book.toml";
/// Topics, one folder per language, plus [`SOURCES_FILE`].
pub const CONTENT_DIR: &str = "content";
/// The shared list of cited sources.
pub const SOURCES_FILE: &str = "content/sources.yaml";
/// Tera templates (`*.html`).
pub const TEMPLATES_DIR: &str = "templates";
/// Files copied as they are under `static/` in the output.
pub const STATIC_DIR: &str = "static";
/// UI strings, `i18n/<lang>.toml`.
pub const I18N_DIR: &str = "i18n";
/// The file that marks a folder as kbgen's output (so a later build may replace it); a name
/// `[output] keep` may not use.
pub const OUTPUT_MARKER: &str = ".kbgen-output";

/// The folders whose files feed the build (besides [`CONFIG_FILE`]).
pub const INPUT_DIRS: [&str; 4] = [CONTENT_DIR, TEMPLATES_DIR, STATIC_DIR, I18N_DIR];

/// Which input of the build a path belongs to: the watcher reports it, and the rebuild uses it
/// to decide which stages can be skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// The area of a project-relative path, or `None` when the path cannot affect the site
/// (outside the inputs, an editor's scratch file, a hidden file, `..`). Pure, so the rule is
/// unit-tested and identical for native events, polling and the input layer.
pub fn area_of(rel: &Path) -> Option<Area> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            _ => return None,
        }
    }
    let (first, rest) = parts.split_first()?;
    if rest.is_empty() {
        return (*first == CONFIG_FILE).then_some(Area::Config);
    }
    if rest.iter().any(|part| is_ignored(part)) {
        return None;
    }
    match *first {
        CONTENT_DIR => Some(Area::Content),
        TEMPLATES_DIR => Some(Area::Templates),
        STATIC_DIR => Some(Area::Static),
        I18N_DIR => Some(Area::I18n),
        _ => None,
    }
}

/// Whether a file or folder name is an editor's scratch file or a hidden file, which is never
/// an input (the build skips it, the watcher ignores it).
pub fn is_ignored(name: &str) -> bool {
    (name.starts_with('.') && name != ".well-known")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".kate-swp")
}

/// Whether any component of `rel` (relative to an input folder) is ignored.
pub fn is_ignored_path(rel: &Path) -> bool {
    rel.components()
        .any(|c| c.as_os_str().to_str().is_some_and(is_ignored))
}

/// The folder of one language's topics, `content/<lang>`.
pub fn topics_dir(lang: &str) -> PathBuf {
    Path::new(CONTENT_DIR).join(lang)
}

/// A topic's file, `content/<lang>/<id>.md` (the loader accepts sub-folders too; this is
/// where a new topic goes and what messages name).
pub fn topic_file(lang: &str, id: &str) -> PathBuf {
    topics_dir(lang).join(format!("{id}.md"))
}

/// One language's UI strings, `i18n/<lang>.toml`.
pub fn strings_file(lang: &str) -> PathBuf {
    Path::new(I18N_DIR).join(format!("{lang}.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified_by_area() {
        let area = |p: &str| area_of(Path::new(p));
        assert_eq!(area("book.toml"), Some(Area::Config));
        assert_eq!(area("content/ja/a.md"), Some(Area::Content));
        assert_eq!(area("content/sources.yaml"), Some(Area::Content));
        assert_eq!(area("templates/base.html"), Some(Area::Templates));
        assert_eq!(area("static/a/b.css"), Some(Area::Static));
        assert_eq!(area("i18n/ja.toml"), Some(Area::I18n));
        for ignored in [
            "public/index.html",
            "content/ja/.a.md.swp",
            "content/ja/a.md~",
            "content/.git/x",
            "other.toml",
            "../book.toml",
            "content",
        ] {
            assert_eq!(area(ignored), None, "{ignored}");
        }
    }
}
