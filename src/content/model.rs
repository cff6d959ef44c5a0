//! The content model: plain data deserialized straight from YAML, with a position on every
//! value the linter may need to point at.

use crate::date::Date;
use crate::source_text::{SourceMap, SourceText};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// A topic in one language: front matter fields plus the Markdown body.
#[derive(Debug, Clone)]
pub struct Topic {
    /// Content hash of the file (see [`crate::input::Inputs`]): what caches of later stages
    /// key on.
    pub hash: u64,
    /// Language code (the folder under `content/`).
    pub lang: String,
    /// The whole file, for positions and snippets.
    pub file: Arc<SourceText>,
    /// Front matter.
    pub meta: TopicMeta,
    /// Byte offset of the body (the Markdown after the closing `---`) in `file`, so body
    /// positions are file positions; the body itself is [`Topic::body`], a view of the file
    /// (not a second copy of it).
    pub body_offset: usize,
    /// Heading ids, topic links and code blocks of the body, read once at load time and shared
    /// by the linter, the renderer and the search index.
    pub outline: crate::content::body::Outline,
    /// What later builds reuse of this file's text, shared by every clone of this topic (so the
    /// parse cache's copy keeps it between `kbgen serve` rebuilds); `None` when nothing outlives
    /// the build (a one-shot build: it would only add to peak memory).
    pub derived: Option<Arc<Derived>>,
}

impl Topic {
    /// The Markdown after the closing `---`.
    pub fn body(&self) -> &str {
        self.file.text.get(self.body_offset..).unwrap_or("")
    }

    /// The topic id.
    pub fn id(&self) -> &str {
        &self.meta.id.value
    }

    /// The file path relative to the project root.
    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// The file's text in search normalisation ([`crate::text_norm::normalize`]): computed once
    /// per file content and kept when the topic is kept between builds, else computed afresh.
    pub fn normalized_text(&self) -> std::borrow::Cow<'_, str> {
        let make = || crate::text_norm::normalize(&self.file.text);
        match &self.derived {
            Some(d) => std::borrow::Cow::Borrowed(d.normalized.get_or_init(|| make().into())),
            None => std::borrow::Cow::Owned(make()),
        }
    }

    /// `find(normalized text)`, kept with the topic under `key` (what `find` looks for, hashed)
    /// so the next build with the same `key` reuses it; `None` when the topic keeps nothing
    /// (a one-shot build), where the caller may do less work than a full answer.
    pub fn text_hits(&self, key: u64, find: impl FnOnce(&str) -> Vec<bool>) -> Option<Arc<[bool]>> {
        let derived = self.derived.as_ref()?;
        let mut kept = derived.hits.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, hits)) = kept.as_ref() {
            if *k == key {
                return Some(hits.clone());
            }
        }
        let hits: Arc<[bool]> = find(&self.normalized_text()).into();
        *kept = Some((key, hits.clone()));
        Some(hits)
    }

    /// The parsed `reviewed` date, if it is a valid date.
    pub fn reviewed(&self) -> Option<Date> {
        Date::parse(&self.meta.reviewed.value)
    }
}

/// Values computed from a topic's text that later builds of `kbgen serve` reuse while the file
/// is unchanged: the lint of every topic against the synonym groups was most of a rebuild.
#[derive(Debug, Default)]
pub struct Derived {
    normalized: std::sync::OnceLock<Arc<str>>,
    /// The last [`Topic::text_hits`] answer and its key.
    hits: std::sync::Mutex<Option<(u64, Arc<[bool]>)>>,
}

/// Front matter of a topic. Field names are fixed by the content format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicMeta {
    /// Pairs translations; equals the file name.
    pub id: Spanned<String>,
    /// Page title.
    pub title: Spanned<String>,
    /// One or two sentences for lists and search results.
    pub summary: Spanned<String>,
    /// Category id from `book.toml`.
    pub category: Spanned<String>,
    /// Free keywords, also indexed for search.
    #[serde(default)]
    pub tags: Vec<String>,
    /// `YYYY-MM-DD` of the last content review.
    pub reviewed: Spanned<String>,
    /// Words people search for that this page should answer to ("also known as"); indexed
    /// with the weight of the title and shown under it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Editions or versions this topic is about.
    #[serde(default)]
    pub applies_to: Vec<String>,
    /// Ids of related topics.
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    /// Place within the category (sidebar, category page, previous/next): lower first; topics
    /// without one count as 0; ties are ordered by title. The writer's order, not the ids'.
    #[serde(default)]
    pub weight: i64,
    /// Structured procedures.
    #[serde(default)]
    pub procedures: Vec<Procedure>,
    /// A decision flow (guided troubleshooting), see [`crate::content::flow`].
    #[serde(default)]
    pub flow: Option<crate::content::flow::Flow>,
}

/// A procedure: numbered steps, the commands they run and the sources that back them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    /// Anchor id, the same in every language.
    pub id: Spanned<String>,
    /// Heading.
    pub title: Spanned<String>,
    /// Markdown steps, shown as a numbered list.
    #[serde(default)]
    pub steps: Vec<Spanned<String>>,
    /// Commands, identical in every language.
    #[serde(default)]
    pub commands: Vec<Command>,
    /// Source ids from `content/sources.yaml`.
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    /// Markdown warnings shown before the steps.
    #[serde(default)]
    pub warnings: Vec<Spanned<String>>,
}

/// One command of a procedure.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Command {
    /// `cmd`, `powershell`, `pwsh` or `run` (the Win+R dialog).
    pub shell: Spanned<String>,
    /// The exact text to type.
    pub run: Spanned<String>,
    /// Needs an elevated prompt.
    #[serde(default)]
    pub admin: bool,
    /// Markdown note shown under the command.
    #[serde(default)]
    pub note: Option<Spanned<String>>,
}

/// An entry of `content/sources.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Id cited by procedures.
    pub id: Spanned<String>,
    /// Page title.
    pub title: Spanned<String>,
    /// Page address; https only.
    pub url: Spanned<String>,
    /// Who published it.
    pub publisher: String,
    /// Language of the page.
    pub lang: String,
    /// When and how the page was last checked.
    #[serde(default)]
    pub verified: Option<Verified>,
}

/// Proof that someone read the page: the day and a quote found in its text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verified {
    /// `YYYY-MM-DD` the quote was last found on the page.
    #[serde(default)]
    pub on: Option<Spanned<String>>,
    /// Words copied from the page.
    #[serde(default)]
    pub quote: Option<String>,
}

impl Source {
    /// The verification date, if present and valid.
    pub fn verified_on(&self) -> Option<Date> {
        self.verified
            .as_ref()
            .and_then(|v| v.on.as_ref())
            .and_then(|d| Date::parse(&d.value))
    }
}

/// Topic ids that would collide with generated pages (`<lang>/index.html`, `search.html`, ...).
pub const RESERVED_TOPIC_IDS: &[&str] = &["index", "search", "categories", "static", "404"];

/// Shells a command may name.
pub const SHELLS: &[&str] = &["cmd", "powershell", "pwsh", "run"];

/// Everything loaded from `content/`.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Topics, ordered by language (config order) then id.
    pub topics: Vec<Topic>,
    /// Sources in file order.
    pub sources: Vec<Source>,
    /// `content/sources.yaml`, when present.
    pub sources_file: Option<Arc<SourceText>>,
    /// Every file read, for diagnostics.
    pub files: SourceMap,
    /// `(lang, id)` → position in `topics`; lookups are on every hot path (links, twins, parity).
    by_key: HashMap<(String, String), usize>,
}

impl Corpus {
    /// The topic `id` in `lang`.
    pub fn topic(&self, lang: &str, id: &str) -> Option<&Topic> {
        if self.by_key.len() != self.topics.len() {
            // Not indexed (topics changed since `reindex`): stay correct, just slower.
            return self.topics.iter().find(|t| t.lang == lang && t.id() == id);
        }
        self.by_key
            .get(&(lang.to_string(), id.to_string()))
            .map(|&i| &self.topics[i])
    }

    /// Rebuilds the lookup index after `topics` changed. The first topic with a given
    /// `(lang, id)` wins, as the linter reports the others as duplicates.
    pub fn reindex(&mut self) {
        self.by_key.clear();
        for (i, t) in self.topics.iter().enumerate() {
            self.by_key
                .entry((t.lang.clone(), t.id().to_string()))
                .or_insert(i);
        }
    }

    /// Topics of one language, in id order.
    pub fn topics_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Topic> + 'a {
        self.topics.iter().filter(move |t| t.lang == lang)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id.value == id)
    }
}
