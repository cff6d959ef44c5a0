//! Loading `templates/*.html` into tera once per build. Autoescaping is on for `.html`.

use crate::error::Error;
use std::path::Path;

/// Templates every site needs.
pub const REQUIRED: &[&str] = &[
    "base.html",
    "home.html",
    "topic.html",
    "category.html",
    "search.html",
    "not_found.html",
    "chooser.html",
];

/// Reads every `.html` file of `root/templates` (sub-folders included, named by relative path).
/// Also returns a hash of the template sources, so callers can tell whether they changed.
pub fn load(root: &Path) -> Result<(tera::Tera, u64), Error> {
    let dir = root.join("templates");
    let mut sources = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_str().is_some_and(crate::input::is_ignored)
        })
    {
        let entry = entry.map_err(|e| Error::io(&dir, std::io::Error::other(e.to_string())))?;
        if !entry.file_type().is_dir() && entry.path().extension().is_some_and(|e| e == "html") {
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = crate::input::read(root, entry.path(), crate::input::MAX_TEMPLATE_BYTES)
                .map_err(|e| Error::io(entry.path(), e.into()))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::io(
                    entry.path(),
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "is not valid UTF-8"),
                )
            })?;
            sources.push((name, text));
        }
    }
    for required in REQUIRED {
        if !sources.iter().any(|(n, _)| n == required) {
            return Err(Error::Template(format!("templates/{required} is missing")));
        }
    }
    let signature = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        sources.hash(&mut h);
        h.finish()
    };
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html"]);
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Error::Template(describe(&e)))?;
    Ok((tera, signature))
}

/// A tera error with its whole cause chain, as one readable message.
pub fn describe(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str("\n  caused by: ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
