//! [`Site`]: everything page rendering reads, borrowed from the build, with the lookups every
//! page needs computed once (topics by category, each topic's place in its category, UI-string
//! hashes), so rendering one page never scans the whole corpus.

use crate::config::Config;
use crate::content::{Corpus, Topic};
use crate::date::Date;
use crate::i18n::Strings;
use crate::memo::Memo;
use crate::render::highlight::Highlighter;
use crate::render::views::Keyed;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Rendered Markdown bodies by `(topic content hash, raw HTML allowed)`: a body's HTML is a
/// pure function of its topic file (body and procedure ids), that switch and the highlighter.
pub type BodyMemo = Memo<(u64, bool), Arc<str>>;

/// Topics by language, then category, in the writer's order (weight, then title).
pub type ByCategory<'a> = BTreeMap<&'a str, BTreeMap<&'a str, Vec<&'a Topic>>>;

/// Everything rendering reads; all borrowed, nothing global.
pub struct Site<'a> {
    /// Validated configuration.
    pub config: &'a Config,
    /// The loaded content.
    pub corpus: &'a Corpus,
    /// UI strings per language, each with its hash.
    pub strings: BTreeMap<&'a str, Keyed<&'a Strings>>,
    /// Shared highlighter.
    pub highlighter: &'a Highlighter,
    /// Rendered bodies kept between builds (a disabled memo for one-shot builds).
    pub bodies: &'a BodyMemo,
    /// Decides which sources show as stale.
    pub today: Date,
    /// Root-relative scripts every page loads (search, live reload).
    pub scripts: &'a [String],
    /// Topics by `(language, category)`.
    pub by_category: ByCategory<'a>,
    /// Tags and editions by language, with their topics.
    pub terms: crate::render::terms::Terms<'a>,
    /// The decision flows that lead to each page ("reached from").
    pub flow_backlinks: crate::render::flow::Backlinks<'a>,
}

static NO_STRINGS: Strings = BTreeMap::new();

impl<'a> Site<'a> {
    /// Indexes the corpus for rendering.
    pub fn new(
        config: &'a Config,
        corpus: &'a Corpus,
        strings: &'a BTreeMap<String, Strings>,
        highlighter: &'a Highlighter,
        bodies: &'a BodyMemo,
        today: Date,
        scripts: &'a [String],
    ) -> Self {
        let mut by_category: ByCategory = BTreeMap::new();
        for t in &corpus.topics {
            by_category
                .entry(t.lang.as_str())
                .or_default()
                .entry(t.meta.category.value.as_str())
                .or_default()
                .push(t);
        }
        // The writer's order: weight, then title, then id (so it is total, and an unstable
        // sort gives the one order). One list per thread: this sort is most of indexing a site
        // (and of a prose edit's rebuild in `kbgen serve`).
        let mut lists: Vec<&mut Vec<&Topic>> = by_category
            .values_mut()
            .flat_map(BTreeMap::values_mut)
            .collect();
        lists
            .par_iter_mut()
            .for_each(|ts| ts.sort_unstable_by(|a, b| writers_order(a).cmp(&writers_order(b))));
        let strings = strings
            .iter()
            .map(|(lang, s)| {
                (
                    lang.as_str(),
                    Keyed {
                        value: s,
                        key: crate::memo::hash_of(s),
                    },
                )
            })
            .collect();
        Site {
            config,
            corpus,
            strings,
            highlighter,
            bodies,
            today,
            scripts,
            by_category,
            terms: crate::render::terms::Terms::new(&corpus.topics),
            flow_backlinks: crate::render::flow::backlinks(corpus),
        }
    }

    /// The UI strings of `lang` (empty when the language has none).
    pub fn strings_of(&self, lang: &str) -> Keyed<&'a Strings> {
        self.strings.get(lang).cloned().unwrap_or(Keyed {
            value: &NO_STRINGS,
            key: 0,
        })
    }

    /// One UI string, or its key when missing (so a gap is visible, never blank).
    pub fn t(&self, lang: &str, key: &str) -> String {
        self.strings_of(lang)
            .value
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The topics of a category in `lang`, in the writer's order (weight, then title).
    pub fn category_topics(&self, lang: &str, category: &str) -> &[&'a Topic] {
        self.by_category
            .get(lang)
            .and_then(|cats| cats.get(category))
            .map_or(&[], Vec::as_slice)
    }

    /// A topic's index in its category list (found by its place in the writer's order).
    pub fn place_of(&self, topic: &Topic) -> Option<usize> {
        let list = self.category_topics(&topic.lang, &topic.meta.category.value);
        list.binary_search_by(|t| writers_order(t).cmp(&writers_order(topic)))
            .ok()
    }
}

/// The key of the writer's order within a category.
fn writers_order(t: &Topic) -> (i64, &str, &str) {
    (t.meta.weight, &t.meta.title.value, t.id())
}
