//! Loading `content/` from the project's [`Inputs`]: every topic of every configured language,
//! parsed in parallel, plus `content/sources.yaml`. Problems become diagnostics; only I/O on the folder itself is fatal.

use crate::config::Config;
use crate::content::front_matter::{parse_yaml, split};
use crate::content::model::{Corpus, Source, Topic, TopicMeta};
use crate::content::{PARSE_CODE, PARSE_RULE};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::input::set::{Entry, InputFile};
use crate::input::Inputs;
use crate::layout;
use crate::memo::Memo;
use crate::source_text::SourceText;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Parsed topics by `(language, path, content hash)`: an unchanged file is not parsed again.
pub type TopicMemo = Memo<(String, PathBuf, u64), Result<Arc<Topic>, Diagnostic>>;

/// Loads the corpus from the project's inputs: every topic of every configured language, and
/// `content/sources.yaml`. Returns the corpus (with every topic that parsed) and the
/// diagnostics for the files that did not.
pub fn load(inputs: &Inputs, config: &Config, memo: &TopicMemo) -> (Corpus, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files: Vec<(&str, &Path, &InputFile)> = Vec::new();
    for lang in &config.languages {
        let dir = layout::topics_dir(lang);
        if !inputs.has_dir(&dir) {
            diags.push(file_problem(
                Path::new(layout::CONTENT_DIR),
                format!("there is no folder `content/{lang}` for the configured language `{lang}`"),
            ));
            continue;
        }
        for (rel, entry) in inputs.under(&dir) {
            match entry {
                Entry::File(f) => files.push((lang, rel, f)),
                Entry::Unreadable(u) if u.symlink => diags.push(file_problem(
                    rel,
                    "symbolic links are not followed inside `content/`",
                )),
                Entry::Unreadable(u) => diags.push(file_problem(rel, u.message.clone())),
            }
        }
    }
    let results: Vec<Result<Arc<Topic>, Diagnostic>> = files
        .par_iter()
        .map(|&(lang, rel, file)| load_topic(lang, rel, file, memo))
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
    load_sources(inputs, &mut corpus, &mut diags);
    (corpus, diags)
}

/// One topic file of `lang` at `rel`, parsed (or from `memo`).
pub fn load_topic(
    lang: &str,
    rel: &Path,
    file: &InputFile,
    memo: &TopicMemo,
) -> Result<Arc<Topic>, Diagnostic> {
    memo.get_or_insert_with((lang.to_string(), rel.to_path_buf(), file.hash), || {
        let text = text_of(rel, &file.bytes)?;
        parse_topic(lang, Arc::new(text), file.hash, memo.is_enabled()).map(Arc::new)
    })
}

fn load_sources(inputs: &Inputs, corpus: &mut Corpus, diags: &mut Vec<Diagnostic>) {
    let rel = Path::new(layout::SOURCES_FILE);
    let file = match inputs.get(rel) {
        None => return,
        Some(Entry::Unreadable(u)) => return diags.push(file_problem(rel, u.message.clone())),
        Some(Entry::File(f)) => match text_of(rel, &f.bytes) {
            Ok(text) => Arc::new(text),
            Err(d) => return diags.push(d),
        },
    };
    corpus.files.insert(file.clone());
    match parse_yaml::<Option<Vec<Source>>>(&file, (0, file.text.len()), 1) {
        Ok(sources) => corpus.sources = sources.unwrap_or_default(),
        Err(d) => diags.push(d),
    }
    corpus.sources_file = Some(file);
}

/// `keep_derived`: whether text derived from the topic (its search normalisation) is kept with
/// it for the next build; a one-shot build derives it when needed and drops it.
fn parse_topic(
    lang: &str,
    file: Arc<SourceText>,
    hash: u64,
    keep_derived: bool,
) -> Result<Topic, Diagnostic> {
    let parts = split(&file)?;
    let meta: TopicMeta = parse_yaml(&file, parts.yaml, parts.yaml_line)?;
    // Procedure and flow node ids are anchors of the page: derived heading ids avoid them.
    let procs: Vec<&str> = meta
        .procedures
        .iter()
        .map(|p| p.id.value.as_str())
        .chain(
            meta.flow
                .iter()
                .flat_map(|f| f.nodes.iter().map(|n| n.id.value.as_str())),
        )
        .collect();
    let body = file.text.get(parts.body..).unwrap_or("");
    let outline = crate::content::body::outline(body, &procs);
    Ok(Topic {
        hash,
        derived: keep_derived.then(Default::default),
        outline,
        lang: lang.to_string(),
        file,
        meta,
        body_offset: parts.body,
    })
}

/// Reads a UTF-8 text file as a [`SourceText`] with a project-relative path (for commands
/// that read one file outside a build, such as `kbgen sources verify`).
pub fn read_text(root: &Path, path: &Path) -> Result<SourceText, Diagnostic> {
    let rel = relative(root, path);
    let bytes = crate::input::read(root, path, crate::input::MAX_CONTENT_BYTES)
        .map_err(|e| file_problem(&rel, e.to_string()))?;
    text_of(&rel, &bytes)
}

/// Decodes an input file as UTF-8 text; invalid bytes are a diagnostic at the first of them.
fn text_of(rel: &Path, bytes: &[u8]) -> Result<SourceText, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        let pos = SourceText::new(rel, &prefix).pos(prefix.len());
        Diagnostic::new(
            Severity::Error,
            PARSE_CODE,
            PARSE_RULE,
            rel,
            pos,
            "the file is not valid UTF-8",
        )
        .with_help("save the file as UTF-8")
    })?;
    Ok(SourceText::new(rel, text))
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
