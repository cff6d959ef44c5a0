//! `kbgen new <id>`: a new topic in every configured language, ready to fill in.

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
