//! `kbgen theme eject [--only FILE]...` and `kbgen theme list`: copying built-in theme files
//! into a project to customise them, and seeing which ones a project overrides.

use super::{write_new, Written};
use crate::error::Error;
use crate::input::builtin;
use std::path::{Path, PathBuf};

/// Where a theme file comes from in a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The project has no file at that path: the built-in one is used.
    BuiltIn,
    /// The project's own file replaces the built-in one (for UI strings: key by key).
    Project,
}

/// Every built-in file, with whether the project at `root` overrides it.
pub fn list(root: &Path) -> Vec<(&'static str, Origin)> {
    builtin::files()
        .iter()
        .map(|(rel, _)| {
            let own = std::fs::symlink_metadata(root.join(rel)).is_ok();
            (
                *rel,
                if own {
                    Origin::Project
                } else {
                    Origin::BuiltIn
                },
            )
        })
        .collect()
}

/// Writes the built-in files named by `only` (all of them when empty) into the project at
/// `root`, never overwriting a file: those already there are returned as kept. A name is a
/// path (`templates/topic.html`), a folder (`templates`, `static`, `i18n`) or a file name found
/// once in the theme (`topic.html`); an unknown or ambiguous name writes nothing.
pub fn eject(root: &Path, only: &[String]) -> Result<Written, Error> {
    if !root.join(crate::layout::CONFIG_FILE).is_file() {
        return Err(Error::Usage(format!(
            "{} has no {}; run kbgen theme eject in a kbgen project (or give --root)",
            root.display(),
            crate::layout::CONFIG_FILE
        )));
    }
    let mut chosen: Vec<&'static str> = Vec::new();
    if only.is_empty() {
        chosen.extend(builtin::files().iter().map(|(p, _)| *p));
    }
    for name in only {
        for rel in resolve(name)? {
            if !chosen.contains(&rel) {
                chosen.push(rel);
            }
        }
    }
    let mut written = Written::default();
    for rel in chosen {
        let bytes = builtin::file(rel).unwrap_or_default();
        let rel = PathBuf::from(rel);
        if write_new(root, &rel, bytes)? {
            written.created.push(rel);
        } else {
            written.kept.push(rel);
        }
    }
    Ok(written)
}

/// The built-in files a `--only` name stands for.
fn resolve(name: &str) -> Result<Vec<&'static str>, Error> {
    let name = name.trim_end_matches('/').replace('\\', "/");
    let all = builtin::files().iter().map(|(p, _)| *p);
    let exact: Vec<&str> = all.clone().filter(|p| *p == name).collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    let folder = format!("{name}/");
    let under: Vec<&str> = all.clone().filter(|p| p.starts_with(&folder)).collect();
    if !under.is_empty() {
        return Ok(under);
    }
    let by_name: Vec<&str> = all
        .clone()
        .filter(|p| p.rsplit('/').next() == Some(name.as_str()))
        .collect();
    match by_name.len() {
        1 => Ok(by_name),
        0 => Err(Error::Usage(format!(
            "the built-in theme has no `{name}`; it has: {}",
            all.collect::<Vec<_>>().join(", ")
        ))),
        _ => Err(Error::Usage(format!(
            "`{name}` names several built-in files ({}); give the path",
            by_name.join(", ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_paths_folders_and_unique_file_names() {
        assert_eq!(
            resolve("templates/topic.html").expect("path"),
            ["templates/topic.html"]
        );
        assert_eq!(
            resolve("topic.html").expect("name"),
            ["templates/topic.html"]
        );
        assert!(resolve("i18n/").expect("folder").contains(&"i18n/ja.toml"));
        let e = resolve("nosuch.html").expect_err("unknown");
        assert!(e.to_string().contains("templates/base.html"), "{e}");
    }

    #[test]
    fn eject_never_overwrites_and_needs_a_project() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        assert!(eject(root, &[]).is_err());
        std::fs::write(root.join("book.toml"), "").expect("write");
        std::fs::create_dir_all(root.join("templates")).expect("mkdir");
        std::fs::write(root.join("templates/topic.html"), "mine").expect("write");
        let only = ["topic.html".to_string(), "base.html".to_string()];
        let w = eject(root, &only).expect("ejects");
        assert_eq!(w.created, [PathBuf::from("templates/base.html")]);
        assert_eq!(w.kept, [PathBuf::from("templates/topic.html")]);
        let mine = std::fs::read_to_string(root.join("templates/topic.html")).expect("read");
        assert_eq!(mine, "mine");
        let listed = list(root);
        assert!(listed.contains(&("templates/topic.html", Origin::Project)));
        assert!(listed.contains(&("templates/home.html", Origin::BuiltIn)));
    }
}
