//! [`BuildCache`]: what a long-running caller (`kbgen serve`) keeps between builds. Every entry
//! is keyed by what it was computed from, never by a hand-written list of dependencies:
//!
//! | stage | key |
//! |---|---|
//! | parsed topic | language, path, content hash of the file |
//! | rendered body | content hash of the topic file, raw-HTML switch |
//! | output page | path, hash of the page's complete view and of the templates |
//! | search index | (see [`crate::search::index::IndexCache`]) |
//!
//! A hit is therefore the value a fresh build computes (`tests/incremental.rs` checks this
//! over random edit sequences). After each complete build the entries it did not use are
//! dropped ([`BuildCache::sweep`]), so memory follows the current site, not its history.

use crate::content::loader::TopicMemo;
use crate::memo::Memo;
use crate::render::highlight::Highlighter;
use crate::render::site::BodyMemo;
use crate::search::index::IndexCache;
use std::sync::{Arc, OnceLock};

/// Rendered pages by `(output path, hash of the view and templates)`.
pub type PageMemo = Memo<(String, u64), Arc<str>>;

/// Caches of every stage, kept by the caller between builds.
#[derive(Default)]
pub struct BuildCache {
    pub(crate) topics: TopicMemo,
    pub(crate) bodies: BodyMemo,
    pub(crate) pages: PageMemo,
    pub(crate) index: IndexCache,
    pub(crate) highlighter: OnceLock<Highlighter>,
    pub(crate) stylesheet: OnceLock<String>,
    /// The last complete build, for [`super::fast`].
    pub(crate) last: std::sync::Mutex<Option<super::fast::LastBuild>>,
    /// Hash of the last set of output names that passed the portability check.
    pub(crate) portable_names: std::sync::Mutex<Option<u64>>,
}

impl std::fmt::Debug for BuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildCache")
            .field("topics", &self.topics.len())
            .field("bodies", &self.bodies.len())
            .field("pages", &self.pages.len())
            .finish_non_exhaustive()
    }
}

impl BuildCache {
    /// A cache for one build that keeps nothing between stages' uses: the output is the same,
    /// peak memory is lower (no second copy of every page and index file).
    pub fn one_shot() -> Self {
        BuildCache {
            topics: Memo::disabled(),
            bodies: Memo::disabled(),
            pages: Memo::disabled(),
            index: IndexCache::disabled(),
            highlighter: OnceLock::new(),
            stylesheet: OnceLock::new(),
            portable_names: Default::default(),
            last: Default::default(),
        }
    }

    /// Drops the entries the last build did not use; returns how many went.
    pub fn sweep(&self) -> usize {
        self.topics.sweep() + self.bodies.sweep() + self.pages.sweep() + self.index.sweep()
    }

    /// Entries held (parsed topics, bodies, pages), for tests and the benchmark.
    pub fn entries(&self) -> usize {
        self.topics.len() + self.bodies.len() + self.pages.len()
    }
}
