//! What several rules need: the [`Context`] they run in (with the lookups more than one rule
//! uses, computed once), positions of values, and walks over procedures, commands, sources,
//! translations and links.

use crate::config::Config;
use crate::content::body::{outline, Outline, TopicLink};
use crate::content::model::{Command, Procedure, Source};
use crate::content::{pos_of, Corpus, Topic};
use crate::date::Date;
use crate::diag::Pos;
use crate::text_norm::is_word_char;
use serde_saphyr::Spanned;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What every rule looks at. Rules are plain functions of this value; the lookups that several
/// rules share are computed on first use, so a rule that is off costs nothing.
pub struct Context<'a> {
    /// The validated `book.toml`.
    pub config: &'a Config,
    /// Every topic and source that parsed.
    pub corpus: &'a Corpus,
    /// The day that decides future and stale verification dates.
    pub today: Date,
    anchors: OnceCell<HashMap<(&'a str, &'a str), Vec<String>>>,
    field_outlines: OnceCell<Vec<Vec<(Pos, Outline)>>>,
}

impl<'a> Context<'a> {
    /// A context for one lint run.
    pub fn new(config: &'a Config, corpus: &'a Corpus, today: Date) -> Self {
        Context {
            config,
            corpus,
            today,
            anchors: OnceCell::new(),
            field_outlines: OnceCell::new(),
        }
    }

    /// `(lang, id)` of every topic → the anchors its page offers (KB015 and KB016).
    pub(crate) fn anchors(&self) -> &HashMap<(&'a str, &'a str), Vec<String>> {
        self.anchors.get_or_init(|| {
            let mut anchors = HashMap::new();
            for t in &self.corpus.topics {
                anchors.insert((t.lang.as_str(), t.id()), anchors_of(t));
            }
            anchors
        })
    }

    /// For each topic (same order as `corpus.topics`), the outline of every Markdown field
    /// outside the body — steps, command notes, warnings, procedure by procedure, then the
    /// flow's prompts, details and collect items — with the
    /// field's position (links, heading attributes and URLs are checked there too).
    pub(crate) fn field_outlines(&self) -> &[Vec<(Pos, Outline)>] {
        self.field_outlines.get_or_init(|| {
            let outline_of = |field: &Spanned<String>| (at(field), outline(&field.value, &[]));
            self.corpus
                .topics
                .iter()
                .map(|t| {
                    let mut fields = Vec::new();
                    for p in &t.meta.procedures {
                        let notes = p.all_commands().filter_map(|(_, c)| c.note.as_ref());
                        let steps = p.steps.iter().map(|s| &s.text);
                        let all = steps.chain(notes).chain(&p.warnings);
                        fields.extend(all.map(outline_of));
                    }
                    // A decision flow's prompts, details and collect items.
                    let nodes = t.meta.flow.iter().flat_map(|f| &f.nodes);
                    fields.extend(nodes.flat_map(|n| n.markdown_fields()).map(outline_of));
                    fields
                })
                .collect()
        })
    }
}

/// The file position of a front-matter value.
pub(crate) fn at<T>(v: &Spanned<T>) -> Pos {
    pos_of(&v.referenced)
}

/// The file position of a byte offset inside a topic's body.
pub(crate) fn body_pos(topic: &Topic, offset: usize) -> Pos {
    topic.file.pos(topic.body_offset + offset)
}

/// Every procedure of every topic, with its topic.
pub(crate) fn procedures(corpus: &Corpus) -> impl Iterator<Item = (&Topic, &Procedure)> {
    corpus
        .topics
        .iter()
        .flat_map(|t| t.meta.procedures.iter().map(move |p| (&**t, p)))
}

/// Every command of every procedure — written in a step or in the procedure's own list, alike —
/// with its procedure and topic.
pub(crate) fn commands(corpus: &Corpus) -> impl Iterator<Item = (&Topic, &Procedure, &Command)> {
    procedures(corpus).flat_map(|(t, p)| p.all_commands().map(move |(_, c)| (t, p, c)))
}

/// `content/sources.yaml` and its sources, when the file exists and parsed.
pub(crate) fn sources(corpus: &Corpus) -> Option<(&Path, &[Source])> {
    let file = corpus.sources_file.as_ref()?;
    Some((&file.path, &corpus.sources))
}

/// Every source's valid `verified.on` date: `(sources.yaml, source, the written value, date)`.
pub(crate) fn verification_dates(
    corpus: &Corpus,
) -> impl Iterator<Item = (&Path, &Source, &Spanned<String>, Date)> {
    sources(corpus).into_iter().flat_map(|(path, sources)| {
        sources.iter().filter_map(move |s| {
            let on = s.verified.as_ref()?.on.as_ref()?;
            Some((path, s, on, Date::parse(&on.value)?))
        })
    })
}

/// What follows `https://` in `url` (any case); `None` when the URL does not use https.
pub(crate) fn https_rest(url: &str) -> Option<&str> {
    let scheme_ok = url
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    url.get(8..).filter(|_| scheme_ok)
}

/// Every translation (a topic not in the default language) with its original, when the
/// original exists.
pub(crate) fn translations<'a>(cx: &Context<'a>) -> impl Iterator<Item = (&'a Topic, &'a Topic)> {
    let (config, corpus) = (cx.config, cx.corpus);
    let original_lang = config.default_language.as_str();
    corpus
        .topics
        .iter()
        .filter(move |t| t.lang != original_lang)
        .filter_map(move |t| Some((&**t, corpus.topic(original_lang, t.id())?)))
}

/// A topic's procedure ids, in order.
pub(crate) fn procedure_ids(topic: &Topic) -> Vec<&str> {
    topic
        .meta
        .procedures
        .iter()
        .map(|p| p.id.value.as_str())
        .collect()
}

/// The anchors a topic page offers: procedure ids, heading ids and flow node ids.
pub fn anchors_of(topic: &Topic) -> Vec<String> {
    let mut ids: Vec<String> = procedure_ids(topic)
        .into_iter()
        .map(str::to_string)
        .collect();
    ids.extend(topic.outline.headings.iter().map(|h| h.id.clone()));
    ids.extend(
        crate::content::flow::node_ids(topic)
            .into_iter()
            .map(str::to_string),
    );
    ids
}

/// Every link of topic `i` of the corpus — in its body (at the link), steps, notes and warnings
/// (at the field) — with its position.
pub(crate) fn links_of<'c>(cx: &'c Context<'_>, i: usize) -> Vec<(&'c TopicLink, Pos)> {
    let t = &cx.corpus.topics[i];
    let body = t.outline.links.iter().map(|l| (l, body_pos(t, l.offset)));
    let fields = cx.field_outlines()[i]
        .iter()
        .flat_map(|(pos, o)| o.links.iter().map(move |l| (l, *pos)));
    body.chain(fields).collect()
}

/// Where topic `id` of `lang` lives: a finding about a missing topic follows from that file
/// when it exists but does not parse.
pub(crate) fn topic_file(lang: &str, id: &str) -> PathBuf {
    Path::new("content").join(lang).join(format!("{id}.md"))
}

/// Whether `needle` occurs in `text`, starting a word when it starts with a Latin letter.
pub fn contains_word(text: &str, needle: &str) -> bool {
    let latin = needle.chars().next().is_some_and(is_word_char);
    text.match_indices(needle)
        .any(|(at, _)| !latin || !text[..at].chars().next_back().is_some_and(is_word_char))
}

#[cfg(test)]
mod tests {
    use super::contains_word;

    #[test]
    fn latin_words_match_at_a_word_start() {
        assert!(contains_word("中古 pc を買う", "pc"));
        assert!(!contains_word("upcoming", "pc"));
        assert!(contains_word("キー表示ツール", "キー表示"));
    }
}
