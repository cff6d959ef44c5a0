//! View structs: what templates see (documented in `docs/templates.md`). Plain data built from
//! the model; templates never see the model itself. Every view derives `Hash`: a page's cache
//! key is the hash of its whole view, so a field added here is part of the key by construction.

use serde::{Serialize, Serializer};
use std::hash::{Hash, Hasher};

/// A value that serialises as itself and hashes as a key computed once from what the value was
/// made from (a topic body's HTML by the topic's content hash; a language's UI strings by their
/// hash), so hashing a page's view does not re-read large parts that are known to be equal.
#[derive(Debug, Clone)]
pub struct Keyed<T> {
    /// The value templates see.
    pub value: T,
    /// A hash of everything `value` is a pure function of.
    pub key: u64,
}

impl<T: Serialize> Serialize for Keyed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T> Hash for Keyed<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

/// A link to one language's version of the current page.
#[derive(Serialize, Clone, Hash)]
pub struct LanguageLink {
    /// Language code.
    pub code: String,
    /// The language's own name (`language_name` in its UI strings).
    pub name: String,
    /// Relative URL.
    pub url: String,
    /// Whether it is the page's language.
    pub current: bool,
}

/// A sidebar category.
#[derive(Serialize, Clone, Hash)]
pub struct NavCategory {
    /// Category id.
    pub id: String,
    /// Title in the page's language.
    pub title: String,
    /// Relative URL of the category page.
    pub url: String,
    /// Whether the page belongs to it.
    pub current: bool,
    /// Its topics; only for the current category, and at most a window around the current
    /// topic, so page size does not grow with the site.
    pub topics: Vec<NavTopic>,
    /// Topics of the current category not listed in `topics` (the category page has them all).
    pub hidden_topics: usize,
}

/// A topic in the sidebar.
#[derive(Serialize, Clone, Hash)]
pub struct NavTopic {
    /// Topic id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Relative URL.
    pub url: String,
    /// Whether it is the current page.
    pub current: bool,
}

/// A topic in a list (home, category, related).
#[derive(Serialize, Clone, Hash)]
pub struct TopicCard {
    /// Topic id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Relative URL.
    pub url: String,
    /// Summary.
    pub summary: String,
    /// Review date.
    pub reviewed: String,
    /// Whether the topic holds a decision flow (guided troubleshooting).
    pub flow: bool,
}

/// A category with its topics (home and category pages).
#[derive(Serialize, Clone, Hash)]
pub struct CategoryView {
    /// Category id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Relative URL.
    pub url: String,
    /// Topics in the writer's order (weight, then title).
    pub topics: Vec<TopicCard>,
    /// Its topics that hold a decision flow, in the same order.
    pub flows: Vec<TopicCard>,
}

/// A tag or edition, linked to its page.
#[derive(Serialize, Clone, Hash)]
pub struct TermLink {
    /// As written (on a topic page) or its first spelling (in lists).
    pub name: String,
    /// Relative URL of its page.
    pub url: String,
    /// How many topics of the language have it.
    pub count: usize,
}

/// The page of one tag or edition: the topics that have it.
#[derive(Serialize, Clone, Hash)]
pub struct TermView {
    /// `tag` or `applies_to`.
    pub facet: &'static str,
    /// The term.
    pub name: String,
    /// Relative URL of the page listing every term of the facet.
    pub index_url: String,
    /// Its topics, in title order, with their categories.
    pub topics: Vec<TermTopic>,
}

/// A topic on a tag or edition page.
#[derive(Serialize, Clone, Hash)]
pub struct TermTopic {
    /// The topic.
    #[serde(flatten)]
    pub card: TopicCard,
    /// Its category.
    pub category: TitledLink,
}

/// The page listing every tag (or every edition) of a language.
#[derive(Serialize, Clone, Hash)]
pub struct TermsView {
    /// `tag` or `applies_to`.
    pub facet: &'static str,
    /// Every term, in name order.
    pub terms: Vec<TermLink>,
    /// Relative URL of the other facet's list (tags ↔ editions), when it has terms.
    pub other_url: Option<String>,
}

/// One option of a search filter.
#[derive(Serialize, Clone, Hash)]
pub struct FilterOption {
    /// What the document records carry (a category id, an edition slug).
    pub value: String,
    /// What the reader sees.
    pub label: String,
    /// Topics of the language it matches.
    pub count: usize,
}

/// The search page's filters: categories and editions that have topics in the language.
#[derive(Serialize, Clone, Hash)]
pub struct SearchFilters {
    /// Categories, in `book.toml` order.
    pub categories: Vec<FilterOption>,
    /// Editions (`applies_to`), in name order.
    pub editions: Vec<FilterOption>,
}

/// A link with a title (breadcrumb, prev/next).
#[derive(Serialize, Clone, Hash)]
pub struct TitledLink {
    /// Category id, when it is a category.
    pub id: String,
    /// Title.
    pub title: String,
    /// Relative URL.
    pub url: String,
}

/// A table-of-contents entry.
#[derive(Serialize, Clone, Hash)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Text.
    pub title: String,
}

/// A deprecated tool and its replacement.
#[derive(Serialize, Clone, Hash)]
pub struct DeprecationView {
    /// The deprecated tool.
    pub tool: String,
    /// What to use instead.
    pub replacement: String,
}

/// A command block.
#[derive(Serialize, Clone, Hash)]
pub struct CommandView {
    /// Shell code.
    pub shell: String,
    /// Shell name in the page's language.
    pub shell_label: String,
    /// Text as written.
    pub run: String,
    /// Text the copy button copies (prompts stripped).
    pub copy_text: String,
    /// Highlighted HTML.
    pub code_html: String,
    /// Needs elevation.
    pub admin: bool,
    /// Rendered note, or "".
    pub note_html: String,
    /// Set when the command uses a deprecated tool.
    pub deprecated: Option<DeprecationView>,
}

/// A cited source.
#[derive(Serialize, Clone, Hash)]
pub struct SourceView {
    /// Source id.
    pub id: String,
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// The URL as a person reads it ([`crate::render::urls::readable`]): printed pages show it.
    pub display_url: String,
    /// Publisher.
    pub publisher: String,
    /// Page language.
    pub lang: String,
    /// `YYYY-MM-DD` or "".
    pub verified_on: String,
    /// Verified longer ago than the lint limit.
    pub stale: bool,
}

/// A step of a procedure with the commands typed at it.
#[derive(Serialize, Clone, Hash)]
pub struct StepView {
    /// Rendered step text.
    pub html: String,
    /// Commands written in this step.
    pub commands: Vec<CommandView>,
}

/// A procedure.
#[derive(Serialize, Clone, Hash)]
pub struct ProcedureView {
    /// Anchor id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Steps, each with its own commands.
    pub steps: Vec<StepView>,
    /// Rendered step texts alone (what `steps` has, for templates written before steps
    /// carried commands).
    pub steps_html: Vec<String>,
    /// Rendered warnings.
    pub warnings_html: Vec<String>,
    /// The procedure's own commands (not those written in a step), shown after the steps.
    pub commands: Vec<CommandView>,
    /// Cited sources.
    pub sources: Vec<SourceView>,
    /// Decision flows that lead to this procedure.
    pub reached_from: Vec<crate::render::flow::FlowBacklinkView>,
    /// The `[feedback] url` of `book.toml` filled in for this procedure (`{url}` is the page's
    /// path from the site root here; `kbgen.js` puts the full address in); `None` without one.
    pub feedback_url: Option<String>,
}

/// A topic page.
#[derive(Serialize, Clone, Hash)]
pub struct TopicView {
    /// Topic id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Review date.
    pub reviewed: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Editions it applies to.
    pub applies_to: Vec<String>,
    /// Tags, each linked to the page of its topics.
    pub tag_links: Vec<TermLink>,
    /// Editions, each linked to the page of its topics.
    pub applies_to_links: Vec<TermLink>,
    /// Other names people search for ("also known as").
    pub aliases: Vec<String>,
    /// Its category.
    pub category: TitledLink,
    /// Rendered body.
    pub body_html: Keyed<std::sync::Arc<str>>,
    /// On-page contents.
    pub toc: Vec<TocEntry>,
    /// Procedures.
    pub procedures: Vec<ProcedureView>,
    /// Related topics.
    pub related: Vec<TopicCard>,
    /// Previous topic in the category.
    pub prev: Option<TitledLink>,
    /// Next topic in the category.
    pub next: Option<TitledLink>,
    /// The topic's decision flow.
    pub flow: Option<crate::render::flow::FlowView>,
    /// Decision flows that lead to this page or one of its headings (flows leading to a
    /// procedure are listed with the procedure).
    pub reached_from: Vec<crate::render::flow::FlowBacklinkView>,
    /// `book.toml`'s `[feedback] url` as written (for `kbgen.js`, which fills `{url}` with the
    /// address the page is read at); `None` without one.
    pub feedback_template: Option<String>,
}
