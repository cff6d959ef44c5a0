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
    /// Steps, shown as a numbered list; each may carry the commands it runs.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Commands of the procedure as a whole (shown after the steps), identical in every
    /// language. Commands that belong to one step are better written in that step.
    #[serde(default)]
    pub commands: Vec<Command>,
    /// Source ids from `content/sources.yaml`.
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    /// Markdown warnings shown before the steps.
    #[serde(default)]
    pub warnings: Vec<Spanned<String>>,
}

impl Procedure {
    /// Every command of the procedure with where it is written (`Some(step index)` or `None`
    /// for the procedure-level list): steps first, in order, then the procedure's own. Rules,
    /// search and rendering walk this so both forms are treated alike.
    pub fn all_commands(&self) -> impl Iterator<Item = (Option<usize>, &Command)> + '_ {
        let in_steps = self
            .steps
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.commands.iter().map(move |c| (Some(i), c)));
        in_steps.chain(self.commands.iter().map(|c| (None, c)))
    }
}

/// One step of a procedure: Markdown text, and the commands typed at this step. Written
/// either as a plain string or as a map with `text` and `commands`.
#[derive(Debug, Clone)]
pub struct Step {
    /// Markdown text of the step.
    pub text: Spanned<String>,
    /// Commands run at this step, identical in every language.
    pub commands: Vec<Command>,
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The whole node is spanned so the plain-string form keeps its position; the map form
        // reads its fields through the YAML deserializer itself, so they keep theirs.
        let node = Spanned::<StepNode>::deserialize(d)?;
        Ok(match node.value {
            StepNode::Text(text) => Step {
                text: Spanned::new(text, node.referenced, node.defined),
                commands: Vec::new(),
            },
            StepNode::Full { text, commands } => Step { text, commands },
        })
    }
}

/// A step as written: a string, or a map.
enum StepNode {
    Text(String),
    Full {
        text: Spanned<String>,
        commands: Vec<Command>,
    },
}

impl<'de> Deserialize<'de> for StepNode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StepVisitor)
    }
}

struct StepVisitor;

const STEP_FIELDS: &[&str] = &["text", "commands"];

impl<'de> serde::de::Visitor<'de> for StepVisitor {
    type Value = StepNode;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a step: Markdown text, or a map with `text` and `commands`")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<StepNode, E> {
        Ok(StepNode::Text(v.to_string()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<StepNode, E> {
        Ok(StepNode::Text(v))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<StepNode, A::Error> {
        use serde::de::Error;
        let (mut text, mut commands) = (None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "text" if text.is_none() => text = Some(map.next_value()?),
                "commands" if commands.is_none() => commands = Some(map.next_value()?),
                "text" => return Err(A::Error::duplicate_field("text")),
                "commands" => return Err(A::Error::duplicate_field("commands")),
                other => return Err(A::Error::unknown_field(other, STEP_FIELDS)),
            }
        }
        Ok(StepNode::Full {
            text: text.ok_or_else(|| A::Error::missing_field("text"))?,
            commands: commands.unwrap_or_default(),
        })
    }
}

/// One command of a procedure or of a step.
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
    /// Topics, ordered by language (config order) then id. Shared with the parse cache, so a
    /// rebuild of `kbgen serve` does not copy 10,000 unchanged topics.
    pub topics: Vec<Arc<Topic>>,
    /// Sources in file order.
    pub sources: Vec<Source>,
    /// `content/sources.yaml`, when present.
    pub sources_file: Option<Arc<SourceText>>,
    /// Every file read, for diagnostics.
    pub files: SourceMap,
    /// `(lang, id)` → position in `topics`; lookups are on every hot path (links, twins, parity).
    by_key: Arc<HashMap<String, HashMap<String, usize>>>,
    /// `topics.len()` when `by_key` was built: a corpus changed since is searched linearly.
    indexed_len: usize,
}

impl Corpus {
    /// The topic `id` in `lang`.
    pub fn topic(&self, lang: &str, id: &str) -> Option<&Topic> {
        if self.indexed_len != self.topics.len() {
            // Not indexed (topics changed since `reindex`): stay correct, just slower.
            let found = self.topics.iter().find(|t| t.lang == lang && t.id() == id);
            return found.map(|t| &**t);
        }
        let i = *self.by_key.get(lang)?.get(id)?;
        self.topics.get(i).map(|t| &**t)
    }

    /// Rebuilds the lookup index after `topics` changed. The first topic with a given
    /// `(lang, id)` wins, as the linter reports the others as duplicates.
    pub fn reindex(&mut self) {
        self.indexed_len = self.topics.len();
        let by_key = Arc::make_mut(&mut self.by_key);
        by_key.clear();
        for (i, t) in self.topics.iter().enumerate() {
            by_key
                .entry(t.lang.clone())
                .or_default()
                .entry(t.id().to_string())
                .or_insert(i);
        }
    }

    /// Topics of one language, in id order.
    pub fn topics_in<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = &'a Topic> + 'a {
        self.topics
            .iter()
            .map(|t| &**t)
            .filter(move |t| t.lang == lang)
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id.value == id)
    }
}
