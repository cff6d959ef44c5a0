//! Reading `content/`: every topic of every configured language, in parallel, plus
//! `content/sources.yaml`. Problems become diagnostics; only I/O on the folder itself is fatal.

use crate::config::Config;
use crate::content::front_matter::{parse_yaml, split};
use crate::content::model::{Corpus, Source, Topic, TopicMeta};
use crate::content::{PARSE_CODE, PARSE_RULE};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::source_text::SourceText;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

/// Loads the corpus under `root/content`. Returns the corpus (with every topic that parsed) and
/// the diagnostics for the files that did not.
pub fn load(root: &Path, config: &Config) -> (Corpus, Vec<Diagnostic>) {
    load_cached(root, config, &ParseCache::default())
}

/// Parsed topics kept between builds (by `kbgen serve`): a file whose text is unchanged is not
/// parsed again.
#[derive(Debug, Default)]
pub struct ParseCache {
    topics: std::sync::Mutex<std::collections::HashMap<PathBuf, (FileStamp, Topic)>>,
    /// A one-shot build keeps nothing (lower peak memory).
    off: bool,
}

impl ParseCache {
    /// A cache that stores nothing, for one-shot builds.
    pub fn disabled() -> Self {
        ParseCache {
            off: true,
            ..Default::default()
        }
    }

    /// The cached topic if the file's size and modification time are unchanged (no read).
    fn by_stamp(&self, path: &Path, lang: &str, stamp: Option<FileStamp>) -> Option<Topic> {
        let stamp = stamp?;
        let map = self.topics.lock().ok()?;
        map.get(path)
            .filter(|(s, t)| *s == stamp && t.lang == lang)
            .map(|(_, t)| t.clone())
    }

    /// The cached topic if the file's text is unchanged (after a read).
    fn by_text(&self, path: &Path, lang: &str, text: &str) -> Option<Topic> {
        let map = self.topics.lock().ok()?;
        map.get(path)
            .filter(|(_, t)| t.lang == lang && &*t.file.text == text)
            .map(|(_, t)| t.clone())
    }

    fn put(&self, path: &Path, stamp: Option<FileStamp>, topic: &Topic) {
        let (false, Some(stamp)) = (self.off, stamp) else {
            return;
        };
        if let Ok(mut map) = self.topics.lock() {
            map.insert(path.to_path_buf(), (stamp, topic.clone()));
        }
    }
}

/// Size and modification time (nanoseconds) of a file: an unchanged stamp means an unchanged
/// file for the parse cache, so a rebuild reads only the files that changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp(u64, std::time::SystemTime);

fn stamp(path: &Path) -> Option<FileStamp> {
    let m = std::fs::symlink_metadata(path).ok()?;
    Some(FileStamp(m.len(), m.modified().ok()?))
}

/// [`load`], reusing the topics of `cache` whose files did not change.
pub fn load_cached(root: &Path, config: &Config, cache: &ParseCache) -> (Corpus, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for lang in &config.languages {
        let dir = root.join("content").join(lang);
        if !dir.is_dir() {
            diags.push(Diagnostic::new(
                Severity::Error,
                PARSE_CODE,
                PARSE_RULE,
                Path::new("content"),
                Pos::default(),
                format!("there is no folder `content/{lang}` for the configured language `{lang}`"),
            ));
            continue;
        }
        let walk = WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            // Editor scratch and hidden files (`.#a.md`, `a.md~`, `.a.md.swp`, `4913`) are
            // not topics: see [`crate::input`].
            .filter_entry(|e| {
                e.depth() == 0 || !e.file_name().to_str().is_some_and(crate::input::is_ignored)
            });
        for entry in walk {
            match entry {
                Ok(e)
                    if e.file_type().is_file()
                        && e.path().extension().is_some_and(|x| x == "md") =>
                {
                    files.push((lang.clone(), e.into_path()));
                }
                Ok(e) if e.path_is_symlink() => diags.push(file_problem(
                    &relative(root, e.path()),
                    "symbolic links are not followed inside `content/`",
                )),
                Ok(_) => {}
                Err(e) => diags.push(file_problem(
                    &relative(root, e.path().unwrap_or(&dir)),
                    format!("cannot read: {e}"),
                )),
            }
        }
    }
    let results: Vec<Result<Topic, Diagnostic>> = files
        .par_iter()
        .map(|(lang, path)| load_topic(root, lang, path, cache))
        .collect();
    let mut corpus = Corpus::default();
    for r in results {
        match r {
            Ok(t) => {
                corpus.files.insert(t.file.clone());
                corpus.topics.push(t);
            }
            Err(d) => diags.push(d),
        }
    }
    let lang_order = |l: &str| {
        config
            .languages
            .iter()
            .position(|x| x == l)
            .unwrap_or(usize::MAX)
    };
    corpus
        .topics
        .sort_by(|a, b| (lang_order(&a.lang), a.id()).cmp(&(lang_order(&b.lang), b.id())));
    corpus.reindex();
    let sources_path = root.join("content").join("sources.yaml");
    // Exists in any form: a link or a FIFO there is reported, not skipped.
    if std::fs::symlink_metadata(&sources_path).is_ok() {
        match read_text(root, &sources_path) {
            Ok(file) => {
                let file = Arc::new(file);
                corpus.files.insert(file.clone());
                match parse_yaml::<Option<Vec<Source>>>(&file, (0, file.text.len()), 1) {
                    Ok(sources) => corpus.sources = sources.unwrap_or_default(),
                    Err(d) => diags.push(d),
                }
                corpus.sources_file = Some(file);
            }
            Err(d) => diags.push(d),
        }
    }
    (corpus, diags)
}

fn load_topic(
    root: &Path,
    lang: &str,
    path: &Path,
    cache: &ParseCache,
) -> Result<Topic, Diagnostic> {
    let before = if cache.off { None } else { stamp(path) };
    if let Some(hit) = cache.by_stamp(path, lang, before) {
        return Ok(hit);
    }
    let file = Arc::new(read_text(root, path)?);
    if let Some(hit) = cache.by_text(path, lang, &file.text) {
        cache.put(path, before, &hit);
        return Ok(hit);
    }
    let topic = parse_topic(lang, file)?;
    // Only trust the stamp if the file did not change while it was read.
    if before.is_some() && before == stamp(path) {
        cache.put(path, before, &topic);
    }
    Ok(topic)
}

fn parse_topic(lang: &str, file: Arc<SourceText>) -> Result<Topic, Diagnostic> {
    let parts = split(&file)?;
    let meta: TopicMeta = parse_yaml(&file, parts.yaml, parts.yaml_line)?;
    let body = file.text.get(parts.body..).unwrap_or("").to_string();
    let procs: Vec<&str> = meta
        .procedures
        .iter()
        .map(|p| p.id.value.as_str())
        .collect();
    let outline = crate::content::body::outline(&body, &procs);
    Ok(Topic {
        outline,
        lang: lang.to_string(),
        file,
        meta,
        body,
        body_offset: parts.body,
    })
}

/// Reads a UTF-8 text file as a [`SourceText`] with a project-relative path.
pub fn read_text(root: &Path, path: &Path) -> Result<SourceText, Diagnostic> {
    let rel = relative(root, path);
    let bytes = crate::input::read(root, path, crate::input::MAX_CONTENT_BYTES)
        .map_err(|e| file_problem(&rel, e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let pos = SourceText::new(&rel, &prefix).pos(prefix.len());
        Diagnostic::new(
            Severity::Error,
            PARSE_CODE,
            PARSE_RULE,
            &rel,
            pos,
            "the file is not valid UTF-8",
        )
        .with_help("save the file as UTF-8")
    })?;
    Ok(SourceText::new(rel, &text))
}

fn file_problem(rel: &Path, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        PARSE_CODE,
        PARSE_RULE,
        rel,
        Pos::default(),
        msg,
    )
}

/// `path` relative to `root`, with `/` separators, for messages.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
