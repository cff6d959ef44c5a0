//! The live index of one language for `kbgen serve`: the full posting lists stay in memory, so
//! an edit to one topic updates the lists of the terms it had and has, and rewrites only the
//! term shards holding those terms, that topic's document shard and `meta.js` — not the whole
//! language (rebuilding it was most of a rebuild at 10,000 pages). The files are exactly those
//! a fresh build writes (`tests/incremental.rs` compares them after every edit).

use crate::search::index::{
    append_postings, doc_files, doc_shard_size, encode_postings, files_from, meta_file,
    most_linked, shard_of, term_bytes, term_files, term_shard_count, DocEntry, Encoded, IndexFiles,
    IndexSource, Link, TermMap,
};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// Everything a language's index files are written from, kept between builds.
#[derive(Debug)]
pub(crate) struct LiveIndex {
    /// [`crate::search::index`]'s frame signature: a change rebuilds the index from scratch.
    frame: u64,
    /// Each page's content hash and index entry, by doc id.
    hashes: Vec<u64>,
    entries: Vec<Arc<DocEntry>>,
    /// Every term's `(doc, weight)` pairs, ascending by doc, uncapped.
    lists: TermMap<Box<str>, Vec<(u32, u32)>>,
    encoded: Encoded,
    estimated: usize,
    total_weight: u64,
    files: IndexFiles,
    /// Position of each file in `files`.
    slots: HashMap<String, usize>,
    /// The most-linked pages of `meta.js`, from the links of the last full update.
    popular: Vec<Link>,
}

impl LiveIndex {
    /// The index of `source`'s topics, whose entries are `entries` (same order).
    pub(crate) fn new(source: &IndexSource<'_>, frame: u64, entries: Vec<Arc<DocEntry>>) -> Self {
        let mut lists: TermMap<Box<str>, Vec<(u32, u32)>> = TermMap::default();
        let mut total_weight = 0u64;
        for (id, entry) in entries.iter().enumerate() {
            total_weight += append_postings(&mut lists, id, &entry.1);
        }
        let encoded = lists
            .iter()
            .map(|(term, list)| (term.clone(), encode_postings(list)))
            .collect();
        let mut index = LiveIndex {
            frame,
            hashes: source.topics.iter().map(|t| t.hash).collect(),
            entries,
            lists,
            encoded,
            estimated: 0,
            total_weight,
            files: Vec::new(),
            slots: HashMap::new(),
            popular: most_linked(source.topics),
        };
        index.estimated = crate::search::index::estimated_bytes(&index.encoded);
        index.rewrite_all(source);
        index
    }

    /// The frame signature this index was built for.
    pub(crate) fn frame(&self) -> u64 {
        self.frame
    }

    /// The index files, shared with the index.
    pub(crate) fn files(&self) -> IndexFiles {
        self.files.clone()
    }

    /// Brings the index up to date with `source` (same frame: same topic ids in the same order),
    /// whose entries are `entries`.
    pub(crate) fn update(&mut self, source: &IndexSource<'_>, entries: Vec<Arc<DocEntry>>) {
        self.popular = most_linked(source.topics);
        let changed = source
            .topics
            .iter()
            .zip(entries)
            .enumerate()
            .filter(|(id, (topic, _))| self.hashes[*id] != topic.hash)
            .map(|(id, (_, entry))| (id, entry))
            .collect();
        self.update_docs(source, changed);
    }

    /// Brings the index up to date with `source`, where only `pages` (doc id and new entry)
    /// differ and no page's links changed. Returns the files that changed, or `None` when the
    /// number of shards changed and every file was written again (see [`LiveIndex::files`]).
    pub(crate) fn update_docs(
        &mut self,
        source: &IndexSource<'_>,
        pages: Vec<(usize, Arc<DocEntry>)>,
    ) -> Option<IndexFiles> {
        let packed = self.packed();
        let before = (term_shard_count(self.estimated), doc_shard_size(&packed));
        drop(packed);
        let mut terms: BTreeSet<Box<str>> = BTreeSet::new();
        let mut docs = Vec::new();
        for (id, entry) in pages {
            let old = std::mem::replace(&mut self.entries[id], entry);
            self.move_postings(id, &old, &mut terms);
            self.hashes[id] = source.topics[id].hash;
            docs.push(id);
        }
        for term in &terms {
            self.reencode(term);
        }
        let term_shards = term_shard_count(self.estimated);
        let packed = self.packed();
        let shard_size = doc_shard_size(&packed);
        if (term_shards, shard_size) != before {
            self.rewrite_all(source);
            return None;
        }
        let mut changed = vec![meta_file(
            source,
            &self.popular,
            self.entries.len(),
            term_shards,
            shard_size,
            self.total_weight,
        )];
        let shards: BTreeSet<usize> = terms.iter().map(|t| shard_of(t, term_shards)).collect();
        let shards: Vec<usize> = shards.into_iter().collect();
        changed.extend(term_files(source.lang, &self.encoded, term_shards, &shards));
        docs.sort_unstable();
        let mut doc_shards: Vec<usize> = docs.iter().map(|d| d / shard_size).collect();
        doc_shards.dedup();
        changed.extend(doc_files(source, &packed, shard_size, &doc_shards));
        for (path, text) in &changed {
            match self.slots.get(path) {
                Some(&k) => self.files[k].1 = text.clone(),
                None => {
                    // A term shard that had no terms before.
                    self.slots.insert(path.clone(), self.files.len());
                    self.files.push((path.clone(), text.clone()));
                }
            }
        }
        Some(changed)
    }

    /// Moves doc `id`'s postings from `old`'s terms to its current entry's; notes every term
    /// whose list changed (a term with the same weight before and after keeps its list, so an
    /// edit of one sentence touches the shards of a few terms, not of every word of the page).
    fn move_postings(&mut self, id: usize, old: &DocEntry, terms: &mut BTreeSet<Box<str>>) {
        let doc = u32::try_from(id).unwrap_or(u32::MAX);
        let new = Arc::clone(&self.entries[id]);
        let kept = |term: &str, weight: &u32| new.1.get(term) == Some(weight);
        for (term, weight) in old.1.iter().filter(|(t, w)| !kept(t, w)) {
            if let Some(list) = self.lists.get_mut(term.as_str()) {
                if let Ok(at) = list.binary_search_by_key(&doc, |p| p.0) {
                    list.remove(at);
                }
            }
            self.total_weight -= u64::from(*weight);
            terms.insert(term.as_str().into());
        }
        let added = new
            .1
            .iter()
            .filter(|(t, w)| old.1.get(t.as_str()) != Some(w));
        for (term, weight) in added {
            let list = match self.lists.get_mut(term.as_str()) {
                Some(list) => list,
                None => self.lists.entry(term.as_str().into()).or_default(),
            };
            match list.binary_search_by_key(&doc, |p| p.0) {
                Ok(at) => list[at].1 = *weight,
                Err(at) => list.insert(at, (doc, *weight)),
            }
            self.total_weight += u64::from(*weight);
            terms.insert(term.as_str().into());
        }
    }

    /// Re-encodes one term's postings (or drops the term when no page has it any more).
    fn reencode(&mut self, term: &str) {
        if let Some(old) = self.encoded.get(term) {
            self.estimated -= term_bytes(term, old);
        }
        match self.lists.get(term).filter(|l| !l.is_empty()) {
            Some(list) => {
                let encoded = encode_postings(list);
                self.estimated += term_bytes(term, &encoded);
                self.encoded.insert(term.into(), encoded);
            }
            None => {
                self.lists.remove(term);
                self.encoded.remove(term);
            }
        }
    }

    fn packed(&self) -> Vec<Arc<crate::search::index::PackedDoc>> {
        self.entries.iter().map(|e| Arc::clone(&e.0)).collect()
    }

    /// Writes every file afresh (after a change in the number of shards).
    fn rewrite_all(&mut self, source: &IndexSource<'_>) {
        self.files = files_from(
            source,
            &self.encoded,
            self.estimated,
            self.total_weight,
            &self.packed(),
            &self.popular,
        );
        self.slots = self
            .files
            .iter()
            .enumerate()
            .map(|(k, (path, _))| (path.clone(), k))
            .collect();
    }
}
