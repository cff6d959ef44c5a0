//! Writing new files into a project, never over existing ones: `kbgen new <id>` (a topic in
//! every configured language, here), `kbgen init` ([`init`]) and `kbgen theme eject`
//! ([`eject`]).

pub mod eject;
pub mod init;

use crate::config::{is_id, Config};
use crate::content::model::RESERVED_TOPIC_IDS;
use crate::date::Date;
use crate::error::Error;
use std::path::{Path, PathBuf};

/// Creates `content/<lang>/<id>.md` for every language. Refuses (and writes nothing) if the id
/// is invalid or any of the files exists.
pub fn new_topic(
    root: &Path,
    config: &Config,
    id: &str,
    today: Date,
) -> Result<Vec<PathBuf>, Error> {
    if !is_id(id) || RESERVED_TOPIC_IDS.contains(&id) {
        return Err(Error::Usage(format!(
            "`{id}` is not a usable topic id: use lowercase letters, digits and `-` (and not {})",
            RESERVED_TOPIC_IDS.join(", ")
        )));
    }
    if let Some(why) = crate::portable::problem(id) {
        return Err(Error::Usage(format!(
            "`{id}` is not a usable topic id: it {why}, so `{id}.html` could not be opened there"
        )));
    }
    let paths: Vec<PathBuf> = config
        .languages
        .iter()
        .map(|l| root.join(crate::layout::topic_file(l, id)))
        .collect();
    if let Some(existing) = paths.iter().find(|p| p.exists()) {
        return Err(Error::Usage(format!(
            "{} already exists; kbgen new never overwrites a topic",
            existing.display()
        )));
    }
    let category = config
        .categories
        .first()
        .map_or("general", |c| c.id.as_str());
    // The input policy: a linked language folder leading out of the project is not written
    // through (the build would refuse to read the topic anyway). Checked for every language
    // before any file is created.
    let real_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    for path in &paths {
        let dir = path.parent().unwrap_or(root);
        if let Ok(real_dir) = dir.canonicalize() {
            if !real_dir.starts_with(&real_root) {
                return Err(Error::Usage(format!(
                    "{} leads outside the project (a symbolic link); nothing was created",
                    dir.display()
                )));
            }
        }
    }
    for (lang, path) in config.languages.iter().zip(&paths) {
        let dir = path.parent().unwrap_or(root);
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let text = format!(
            "---\nid: {id}\ntitle: \"TODO: title ({lang})\"\nsummary: \"TODO: one or two sentences\"\ncategory: {category}\ntags: []\nreviewed: {today}\napplies_to: [Windows 11]\nrelated: []\nprocedures:\n  - id: first-procedure\n    title: \"TODO: what the reader does\"\n    steps:\n      - \"TODO: first step\"\n    commands:\n      - shell: powershell\n        run: \"TODO\"\n    sources: []\n---\nTODO: write the topic's prose here.\n"
        );
        // create_new: never overwrite, even if the file appeared since the check above.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        std::io::Write::write_all(&mut f, text.as_bytes()).map_err(|e| Error::io(path, e))?;
    }
    Ok(paths)
}

/// What a command wrote, as project-relative paths.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files created.
    pub created: Vec<PathBuf>,
    /// Files that existed already and were left as they were.
    pub kept: Vec<PathBuf>,
}

/// Writes `rel` under `root` unless something is there already (then `Ok(false)`): never
/// overwrites, and never writes through a symbolic link leading out of the project.
pub(crate) fn write_new(root: &Path, rel: &Path, bytes: &[u8]) -> Result<bool, Error> {
    let path = root.join(rel);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Ok(false);
    }
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let real_root = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let real_dir = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    if !real_dir.starts_with(&real_root) {
        return Err(Error::Usage(format!(
            "{} leads outside the project (a symbolic link); {} was not written",
            dir.display(),
            rel.display()
        )));
    }
    // create_new: a file that appeared since the check above is not overwritten either.
    let mut f = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
        Err(e) => return Err(Error::io(&path, e)),
    };
    std::io::Write::write_all(&mut f, bytes).map_err(|e| Error::io(&path, e))?;
    Ok(true)
}
