//! The per-language search index, sharded into `.js` files that register themselves on
//! `window.kbSearch` (see `docs/search-index.md`). Term shards are keyed by a token's first three
//! characters so one query loads only a few small files, even at 10,000 topics.

use crate::config::Config;
use crate::content::{Corpus, Topic};
use crate::memo::Memo;
use crate::render::urls;
use crate::search::live::LiveIndex;
use crate::search::pack::{packed_text, varints};
use crate::search::text::{doc_text, DocText};
use crate::search::tokenize::{for_each_token, is_cjk};
use crate::text_norm::{normalize, normalize_nfkc};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Hash maps over terms: aHash, because the index hashes millions of short terms per build and
/// std's SipHash showed in profiles; nothing here needs a per-process random key.
pub(super) type TermMap<K, V> = HashMap<K, V, ahash::RandomState>;
use std::sync::Arc;

/// Index format version written into `meta.js`.
pub const VERSION: u32 = 3;
/// How many most-linked topics the no-result page suggests.
const POPULAR: usize = 6;
/// A term keeps the postings of at most this many pages, its heaviest ones: a word on most
/// pages (`認証`, `license`) says little about which page is meant, and its full list would be
/// most of a query's download. Matches are still verified on the page text, so a page left out
/// of a long list is found through the query's other words.
pub const MAX_POSTINGS: usize = 600;
/// Target size of one term shard: a query loads one shard per key it looks up (a dozen for a
/// few words with synonyms), so shards are small; at 10,000 pages this makes about 1,000 per
/// language, a tenth of the document shards.
const TERM_SHARD_BYTES: usize = 2 * 1024;
/// Target size of one doc shard: a query loads the shards of the pages it checks, so a shard
/// holds one page unless pages are small (grouping unrelated pages multiplies the bytes).
const DOC_SHARD_BYTES: usize = 4 * 1024;

/// FNV-1a (32-bit) over the UTF-8 bytes of the token's first three characters: the shard rule
/// the browser client repeats. Every word sharing a three-letter prefix is in one shard (prefix
/// matching reads one file), and no shard holds a whole two-letter slice of a large vocabulary.
pub fn shard_key_hash(token: &str) -> u32 {
    let key: String = token.chars().take(3).collect();
    key.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    #[serde(rename = "termShards")]
    term_shards: u32,
    #[serde(rename = "docShardSize")]
    doc_shard_size: usize,
    #[serde(rename = "avgWeight")]
    avg_weight: f64,
    /// Normalised synonym groups of this language (the client expands queries with them).
    synonyms: Vec<Vec<String>>,
    /// The most-linked topics, for the no-result page.
    popular: &'a [Link],
    /// The categories, for the no-result page.
    categories: Vec<Link>,
    /// How this language names itself and its result count, for a hint on another
    /// language's search page ("3 results in English").
    label: &'a SearchLabels,
}

/// A title and a URL relative to the language folder.
#[derive(Debug, Serialize)]
pub(super) struct Link {
    t: String,
    u: String,
}

/// UI strings the index carries so another language's page can point here in this
/// language's own words.
#[derive(Debug, Clone, Default, Serialize, Hash)]
pub struct SearchLabels {
    /// The language's name in itself (`日本語`, `English`).
    pub name: String,
    /// `{count}` results in this language (`日本語で {count} 件`).
    pub results: String,
    /// One result in this language.
    pub results_one: String,
}

#[derive(Serialize)]
struct Doc<'a> {
    i: usize,
    u: String,
    t: &'a str,
    c: &'a str,
    s: &'a str,
    /// The searchable text, packed ([`packed_text`]).
    z: &'a str,
    a: &'a [(String, u32)],
    /// What the search page's filters match (see [`DocFilters`]).
    #[serde(flatten)]
    f: DocFilters<'a>,
}

/// Filter data of a document record, for the search page's category and edition filters:
/// `k` the category id, `e` the slugs of its `applies_to` editions (the values of the filter
/// options, [`crate::render::terms::slug_of`]). Kept apart from the ranking fields.
#[derive(Serialize)]
struct DocFilters<'a> {
    k: &'a str,
    e: Vec<String>,
}

impl<'a> DocFilters<'a> {
    fn of(t: &'a Topic) -> Self {
        DocFilters {
            k: &t.meta.category.value,
            e: t.meta
                .applies_to
                .iter()
                .filter_map(|a| crate::render::terms::slug_of(a))
                .collect(),
        }
    }
}

/// What the document shard keeps of a page's searchable text: the text packed (the client
/// inflates it only for the pages a query checks) and its anchors.
#[derive(Debug)]
pub(super) struct PackedDoc {
    z: String,
    anchors: Vec<(String, u32)>,
}

/// Term weights of one document: token → field-boosted frequency.
fn weights(doc: &DocText) -> TermMap<String, u32> {
    let mut w: TermMap<String, u32> = TermMap::default();
    let mut add = |term: &str, boost: u32| match w.get_mut(term) {
        Some(v) => *v += boost,
        None => {
            w.insert(term.to_string(), boost);
        }
    };
    for (field, range) in &doc.pieces {
        let boost = field.boost();
        let piece = &doc.text[range.clone()];
        // Pieces are NFKC already (DocText): the rest of the normalisation is left to do.
        let lower = normalize_nfkc(piece);
        for_each_token(&lower, |t, _, _| add(t, boost));
        // Single characters of CJK runs, so one-character queries find compounds.
        let mut buf = [0u8; 4];
        for c in lower.chars().filter(|&c| is_cjk(c)) {
            add(c.encode_utf8(&mut buf), boost);
        }
    }
    w
}

/// A topic's packed searchable text and its term weights.
pub(super) type DocEntry = (Arc<PackedDoc>, TermMap<String, u32>);
/// `(path, file text)` of a language's index files; shared text, so `kbgen serve` hands the
/// same files to every build that did not change them without copying.
pub(super) type IndexFiles = Vec<(String, Arc<str>)>;
/// Encoded postings by term ([`encode_postings`]).
pub(super) type Encoded = TermMap<Box<str>, String>;

/// Per-topic index work kept between builds (`kbgen serve`), keyed by the topic file's content
/// hash, and each language's live index (`search::live`), which an edit updates in place.
#[derive(Debug, Default)]
pub struct IndexCache {
    docs: Memo<(String, u64), Arc<DocEntry>>,
    live: std::sync::Mutex<HashMap<String, LiveIndex>>,
}

/// Identity of what a language's index files are written from besides the topics' contents:
/// the labels, the synonyms, the category titles and the topics (ids, in order).
fn frame_signature(config: &Config, topics: &[&Topic], lang: &str, labels: &SearchLabels) -> u64 {
    let categories: Vec<(&str, &str)> = config
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.title_in(lang)))
        .collect();
    let ids: Vec<&str> = topics.iter().map(|t| t.id()).collect();
    let synonyms = format!("{:?}", config.search.synonyms.get(lang));
    crate::memo::hash_of(&(lang, labels, synonyms, categories, ids))
}

impl IndexCache {
    /// A cache that stores nothing, for one-shot builds.
    pub fn disabled() -> Self {
        IndexCache {
            docs: Memo::disabled(),
            live: Default::default(),
        }
    }

    /// Drops what the last build did not use; returns how many entries went.
    pub fn sweep(&self) -> usize {
        self.docs.sweep()
    }

    /// Drops the entry of a page of `lang` whose content hash was `hash` (an edited page's old
    /// version).
    pub fn forget(&self, lang: &str, hash: u64) {
        self.docs.remove(&(lang.to_string(), hash));
    }

    fn entry(&self, t: &Topic) -> Arc<DocEntry> {
        self.docs.get_or_insert_with((t.lang.clone(), t.hash), || {
            let d = doc_text(t);
            let w = weights(&d);
            let packed = PackedDoc {
                z: packed_text(&d.text),
                anchors: d.anchors,
            };
            Arc::new((Arc::new(packed), w))
        })
    }
}

/// What a language's index is written from, for [`files_from`].
pub(super) struct IndexSource<'a> {
    pub(super) config: &'a Config,
    pub(super) lang: &'a str,
    pub(super) labels: &'a SearchLabels,
    pub(super) topics: &'a [&'a Topic],
}

/// Builds the index files of one language: `(path relative to the site root, file text)`.
/// A one-shot build writes them from scratch; `kbgen serve` updates its live index with the
/// topics whose content changed (see `search::live`).
pub fn build(
    config: &Config,
    corpus: &Corpus,
    lang: &str,
    labels: &SearchLabels,
    cache: &IndexCache,
) -> IndexFiles {
    let topics: Vec<&Topic> = corpus.topics_in(lang).collect();
    let source = IndexSource {
        config,
        lang,
        labels,
        topics: &topics,
    };
    if !cache.docs.is_enabled() {
        return write_index(&source, cache);
    }
    let entries: Vec<Arc<DocEntry>> = topics.par_iter().map(|t| cache.entry(t)).collect();
    let frame = frame_signature(config, &topics, lang, labels);
    let mut live = cache.live.lock().unwrap_or_else(|e| e.into_inner());
    match live.get_mut(lang) {
        Some(index) if index.frame() == frame => {
            index.update(&source, entries);
            index.files()
        }
        _ => {
            let index = LiveIndex::new(&source, frame, entries);
            let files = index.files();
            live.insert(lang.to_string(), index);
            files
        }
    }
}

/// The index files of `lang` that change when only the contents of `changed` (topics of
/// `lang` in `corpus`) changed since the last [`build`] with `cache`. `None` when the kept
/// index cannot say: none kept for the language, a different frame (topic ids, labels,
/// synonyms, categories), or a change in the number of shards (the whole language was written
/// again; [`build`] returns it).
pub fn update_changed(
    config: &Config,
    corpus: &Corpus,
    lang: &str,
    labels: &SearchLabels,
    cache: &IndexCache,
    changed: &[&Topic],
) -> Option<IndexFiles> {
    let topics: Vec<&Topic> = corpus.topics_in(lang).collect();
    let source = IndexSource {
        config,
        lang,
        labels,
        topics: &topics,
    };
    let mut live = cache.live.lock().unwrap_or_else(|e| e.into_inner());
    let index = live
        .get_mut(lang)
        .filter(|i| i.frame() == frame_signature(config, &topics, lang, labels))?;
    let mut pages = Vec::new();
    for t in changed {
        let id = topics.iter().position(|x| std::ptr::eq(*x, *t))?;
        pages.push((id, cache.entry(t)));
    }
    index.update_docs(&source, pages)
}

/// Pages are tokenised a chunk at a time and their term maps merged and dropped, so a one-shot
/// build never holds every page's term map at once (they were most of its peak memory).
const TOKENIZE_CHUNK: usize = 256;

fn write_index(source: &IndexSource<'_>, cache: &IndexCache) -> IndexFiles {
    let (postings, total_weight, docs) = postings(source.topics, cache);
    let estimated = estimated_bytes(&postings);
    let popular = most_linked(source.topics);
    files_from(source, &postings, estimated, total_weight, &docs, &popular)
}

/// The size estimate of the term shards that sets their number: term, quotes and postings.
pub(super) fn estimated_bytes(postings: &Encoded) -> usize {
    postings.iter().map(|(t, p)| term_bytes(t, p)).sum()
}

/// One term's share of [`estimated_bytes`].
pub(super) fn term_bytes(term: &str, postings: &str) -> usize {
    term.len() + 6 + postings.len()
}

/// How many term shards: about [`TERM_SHARD_BYTES`] each, a power of two.
pub(super) fn term_shard_count(estimated: usize) -> u32 {
    estimated
        .div_ceil(TERM_SHARD_BYTES)
        .max(1)
        .next_power_of_two()
        .min(4096) as u32
}

/// Pages per document shard, from the pages' packed sizes.
pub(super) fn doc_shard_size(docs: &[Arc<PackedDoc>]) -> usize {
    let avg_doc = docs.iter().map(|d| d.z.len() + 200).sum::<usize>() / docs.len().max(1);
    (DOC_SHARD_BYTES / avg_doc.max(1)).clamp(1, 64)
}

/// The term shard a term lives in.
pub(super) fn shard_of(term: &str, term_shards: u32) -> usize {
    (shard_key_hash(term) & (term_shards - 1)) as usize
}

/// Every index file of a language.
pub(super) fn files_from(
    source: &IndexSource<'_>,
    postings: &Encoded,
    estimated: usize,
    total_weight: u64,
    docs: &[Arc<PackedDoc>],
    popular: &[Link],
) -> IndexFiles {
    let term_shards = term_shard_count(estimated);
    let shard_size = doc_shard_size(docs);
    let mut files = vec![meta_file(
        source,
        popular,
        docs.len(),
        term_shards,
        shard_size,
        total_weight,
    )];
    let all: Vec<usize> = (0..term_shards as usize).collect();
    files.extend(term_files(source.lang, postings, term_shards, &all));
    let shards: Vec<usize> = (0..docs.len().div_ceil(shard_size)).collect();
    files.extend(doc_files(source, docs, shard_size, &shards));
    files
}

/// `meta.js` of a language.
pub(super) fn meta_file(
    source: &IndexSource<'_>,
    popular: &[Link],
    docs: usize,
    term_shards: u32,
    doc_shard_size: usize,
    total_weight: u64,
) -> (String, Arc<str>) {
    let IndexSource {
        config,
        lang,
        labels,
        topics: _,
    } = *source;
    let meta = Meta {
        version: VERSION,
        docs,
        term_shards,
        doc_shard_size,
        avg_weight: if docs == 0 {
            0.0
        } else {
            total_weight as f64 / docs as f64
        },
        synonyms: normalized_synonyms(config, lang),
        popular,
        categories: config
            .categories
            .iter()
            .map(|c| Link {
                t: c.title_in(lang).to_string(),
                u: in_lang_folder(lang, &urls::category(lang, &c.id)),
            })
            .collect(),
        label: labels,
    };
    let dir = urls::search_index_dir(lang);
    (
        format!("{dir}/meta.js"),
        register("meta", lang, None, &meta).into(),
    )
}

/// The term shards numbered `which` (of `term_shards`).
pub(super) fn term_files(
    lang: &str,
    postings: &Encoded,
    term_shards: u32,
    which: &[usize],
) -> IndexFiles {
    let mut wanted = vec![false; term_shards as usize];
    for &n in which {
        if let Some(w) = wanted.get_mut(n) {
            *w = true;
        }
    }
    // BTreeMap per shard: deterministic output, and each map stays small.
    let mut shards: BTreeMap<usize, BTreeMap<&str, &String>> =
        which.iter().map(|&n| (n, BTreeMap::new())).collect();
    for (term, list) in postings {
        let n = shard_of(term, term_shards);
        if wanted[n] {
            if let Some(shard) = shards.get_mut(&n) {
                shard.insert(&**term, list);
            }
        }
    }
    let dir = urls::search_index_dir(lang);
    shards
        .into_par_iter()
        .map(|(n, shard)| {
            (
                format!("{dir}/t-{n}.js"),
                register("terms", lang, Some(n), &shard).into(),
            )
        })
        .collect()
}

/// Every term's postings (see [`encode_postings`]), the sum of all weights, and each page's
/// searchable text (for the document shards).
#[allow(
    clippy::type_complexity,
    reason = "three results of one pass, named where used"
)]
fn postings(topics: &[&Topic], cache: &IndexCache) -> (Encoded, u64, Vec<Arc<PackedDoc>>) {
    let mut lists: TermMap<Box<str>, Vec<(u32, u32)>> = TermMap::default();
    let mut total_weight = 0u64;
    let mut texts = Vec::with_capacity(topics.len());
    for chunk in topics.chunks(TOKENIZE_CHUNK) {
        let entries: Vec<Arc<DocEntry>> = chunk.par_iter().map(|t| cache.entry(t)).collect();
        for entry in entries {
            total_weight += append_postings(&mut lists, texts.len(), &entry.1);
            texts.push(entry.0.clone());
        }
    }
    let postings = lists
        .into_par_iter()
        .map(|(term, list)| {
            let encoded = encode_postings(&list);
            (term, encoded)
        })
        .collect();
    (postings, total_weight, texts)
}

/// Appends page `id`'s `(id, weight)` to the list of each of its terms (pages come in id order,
/// so lists stay sorted); returns the page's total weight.
pub(super) fn append_postings(
    lists: &mut TermMap<Box<str>, Vec<(u32, u32)>>,
    id: usize,
    weights: &TermMap<String, u32>,
) -> u64 {
    let id = u32::try_from(id).unwrap_or(u32::MAX);
    let mut total = 0;
    for (term, weight) in weights {
        total += u64::from(*weight);
        match lists.get_mut(term.as_str()) {
            Some(list) => list.push((id, *weight)),
            None => {
                lists.insert(term.as_str().into(), vec![(id, *weight)]);
            }
        }
    }
    total
}

/// `[search.synonyms]` of `lang`, each word in search normalisation.
fn normalized_synonyms(config: &Config, lang: &str) -> Vec<Vec<String>> {
    config
        .search
        .synonyms
        .get(lang)
        .map(|groups| {
            groups
                .iter()
                .map(|g| g.words.iter().map(|(w, _)| normalize(w)).collect())
                .collect()
        })
        .unwrap_or_default()
}

/// The document shards numbered `which`: each page's card (title, category, summary, URL) and
/// searchable text.
pub(super) fn doc_files(
    source: &IndexSource<'_>,
    docs: &[Arc<PackedDoc>],
    shard_size: usize,
    which: &[usize],
) -> IndexFiles {
    let IndexSource {
        config,
        lang,
        topics,
        ..
    } = *source;
    let dir = urls::search_index_dir(lang);
    let card = |i: usize| {
        let (t, d) = (topics[i], &docs[i]);
        Doc {
            i,
            u: in_lang_folder(lang, &urls::topic(lang, t.id())),
            t: &t.meta.title.value,
            c: config
                .category(&t.meta.category.value)
                .map_or(t.meta.category.value.as_str(), |c| c.title_in(lang)),
            s: &t.meta.summary.value,
            z: &d.z,
            a: &d.anchors,
            f: DocFilters::of(t),
        }
    };
    which
        .par_iter()
        .map(|&n| {
            let first = n * shard_size;
            let last = (first + shard_size).min(docs.len());
            let cards: Vec<Doc> = (first..last).map(card).collect();
            (
                format!("{dir}/d-{n}.js"),
                register("docs", lang, Some(n), &cards).into(),
            )
        })
        .collect()
}

/// `[df, doc, weight, doc - previous doc, weight, ...]` as one varint string ([`varints`]): the
/// number of pages with the term, then the [`MAX_POSTINGS`] heaviest of them in ascending doc
/// order, ids delta-encoded (small numbers take one digit).
pub(super) fn encode_postings(list: &[(u32, u32)]) -> String {
    varints(&posting_numbers(list))
}

/// The numbers [`encode_postings`] writes, from `(doc, weight)` pairs in any order.
fn posting_numbers(all: &[(u32, u32)]) -> Vec<u32> {
    let df = u32::try_from(all.len()).unwrap_or(u32::MAX);
    let mut list = all.to_vec();
    if list.len() > MAX_POSTINGS {
        // The heaviest, ties by doc id: a total order, so selecting (linear) keeps the same pages
        // a full sort would.
        list.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_POSTINGS);
    }
    list.sort_unstable_by_key(|p| p.0);
    let mut out = Vec::with_capacity(1 + 2 * list.len());
    out.push(df);
    let mut previous = 0;
    for (k, (doc, weight)) in list.into_iter().enumerate() {
        out.push(if k == 0 { doc } else { doc - previous });
        out.push(weight);
        previous = doc;
    }
    out
}

/// The topics most often linked to (body links and `related`) from other topics of the same
/// language, ties broken by id: where a reader who found nothing might start.
pub(super) fn most_linked(topics: &[&Topic]) -> Vec<Link> {
    let n = POPULAR;
    let mut count: HashMap<&str, usize> = HashMap::new();
    for t in topics {
        let targets = t
            .outline
            .links
            .iter()
            .filter_map(|l| l.topic.as_deref())
            .chain(t.meta.related.iter().map(|r| r.value.as_str()));
        for target in targets.filter(|&id| id != t.id()) {
            *count.entry(target).or_default() += 1;
        }
    }
    let mut ranked: Vec<&&Topic> = topics
        .iter()
        .filter(|t| count.contains_key(t.id()))
        .collect();
    ranked.sort_by(|a, b| count[b.id()].cmp(&count[a.id()]).then(a.id().cmp(b.id())));
    ranked
        .into_iter()
        .take(n)
        .map(|t| Link {
            t: t.meta.title.value.clone(),
            u: in_lang_folder(&t.lang, &urls::topic(&t.lang, t.id())),
        })
        .collect()
}

/// A root-relative URL of a page in `lang`'s folder, relative to that folder.
fn in_lang_folder(lang: &str, url: &str) -> String {
    url.strip_prefix(lang)
        .and_then(|u| u.strip_prefix('/'))
        .unwrap_or(url)
        .to_string()
}

/// `kbSearch.<kind>("<lang>", [n,] <json>);` with the JSON made safe to embed anywhere: `<`, `>`,
/// `&`, U+2028 and U+2029 are escaped, so no `</script>` or HTML comment can appear.
fn register<T: Serialize>(kind: &str, lang: &str, n: Option<usize>, value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let lang = serde_json::to_string(lang).unwrap_or_else(|_| "\"\"".into());
    let n = n.map(|n| format!("{n}, ")).unwrap_or_default();
    js_safe(&format!("kbSearch.{kind}({lang}, {n}{json});\n"))
}

/// Escapes the characters that could end a script or break a JS string literal.
pub fn js_safe(s: &str) -> String {
    // U+2028/U+2029 are E2 80 A8/A9 in UTF-8: most shards need no change at all.
    if !s.bytes().any(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 64);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::{parse_yaml, split};
    use crate::content::model::TopicMeta;
    use crate::source_text::SourceText;

    fn topic(text: &str) -> Topic {
        let file = Arc::new(SourceText::new("content/en/t.md", text));
        let parts = split(&file).expect("front matter");
        let meta: TopicMeta = parse_yaml(&file, parts.yaml, parts.yaml_line).expect("yaml");
        let outline = crate::content::body::outline(&file.text[parts.body..], &[]);
        Topic {
            hash: 0,
            derived: None,
            lang: "en".into(),
            file,
            meta,
            body_offset: parts.body,
            outline,
        }
    }

    const TOPIC: &str = "---\nid: t\ntitle: Activation\nsummary: Keys\ncategory: c\nreviewed: 2026-11-01\naliases: [keyfinder]\napplies_to: [Windows 11 Home]\nprocedures:\n  - id: p\n    title: Read\n    commands:\n      - shell: cmd\n        run: slmgr /dli\n    sources: [s]\n---\nActivation of the プロダクトキー, again activation.\n";

    #[test]
    fn ranking_weights_boost_title_and_commands_over_prose() {
        let t = topic(TOPIC);
        let w = weights(&doc_text(&t));
        // Title ×5 plus two body mentions ×1.
        assert_eq!(w.get("activation"), Some(&7));
        // The long katakana word loses its trailing long-vowel mark (both sides do this).
        assert_eq!(w.get("トキ"), Some(&1));
        assert_eq!(w.get("キー"), None);
        // Commands ×3, whole and with their switch.
        assert_eq!(w.get("slmgr"), Some(&3));
        assert_eq!(w.get("/dli"), Some(&3));
        // Japanese: bigrams and single characters of the run.
        assert_eq!(w.get("ダク"), Some(&1));
        assert_eq!(w.get("キ"), Some(&1));
        // Aliases weigh like the title, applies-to like tags.
        assert_eq!(w.get("keyfinder"), Some(&5));
        assert_eq!(w.get("home"), Some(&3));
    }

    #[test]
    fn tokens_sharing_a_prefix_share_a_term_shard() {
        // Prefix matching loads one shard: every token starting with the query's first two
        // characters lives in it.
        for shards in [1u32, 8, 64, 4096] {
            let shard = |t: &str| shard_key_hash(t) & (shards - 1);
            assert_eq!(shard("activation"), shard("act"));
            assert_eq!(shard("activate"), shard("activ"));
            assert_eq!(shard("/dli"), shard("/dlv"));
        }
    }

    #[test]
    fn searchable_text_starts_with_title_summary_and_tags_lines() {
        let t = topic(TOPIC);
        let d = doc_text(&t);
        let lines: Vec<&str> = d.text.lines().take(5).collect();
        assert_eq!(
            lines,
            ["Activation", "Keys", "", "keyfinder", "Windows 11 Home"]
        );
        assert_eq!(d.anchors.last().map(|a| a.0.as_str()), Some("p"));
    }

    #[test]
    fn postings_keep_the_heaviest_pages_in_doc_order_with_deltas() {
        assert_eq!(
            posting_numbers(&[(3, 1), (7, 2), (20, 1)]),
            [3, 3, 1, 4, 2, 13, 1]
        );
        assert_eq!(encode_postings(&[(3, 1), (7, 2), (20, 1)]), "DDBECNB");
        let many: Vec<(u32, u32)> = (0..MAX_POSTINGS as u32 + 10)
            .map(|d| (d, if d % 100 == 0 { 9 } else { 1 }))
            .collect();
        let encoded = posting_numbers(&many);
        assert_eq!(encoded[0], MAX_POSTINGS as u32 + 10, "df counts every page");
        assert_eq!(encoded.len(), 1 + 2 * MAX_POSTINGS);
        // The heavy pages (weight 9) are all kept.
        let mut doc = 0;
        let mut heavy = 0;
        for (k, pair) in encoded[1..].chunks(2).enumerate() {
            doc = if k == 0 { pair[0] } else { doc + pair[0] };
            heavy += usize::from(pair[1] == 9 && doc % 100 == 0);
        }
        assert_eq!(heavy, (MAX_POSTINGS + 10).div_ceil(100));
    }

    #[test]
    fn shard_hash_matches_the_documented_fnv1a() {
        // FNV-1a("") is the offset basis; "a" is a published test vector.
        assert_eq!(shard_key_hash(""), 0x811c_9dc5);
        assert_eq!(shard_key_hash("a"), 0xe40c_292c);
        assert_eq!(
            shard_key_hash("abcd"),
            shard_key_hash("abcz"),
            "only the first three characters count"
        );
    }

    #[test]
    fn shards_cannot_close_a_script_or_break_a_string() {
        let js = register(
            "docs",
            "en",
            Some(0),
            &vec!["</script><!-- \u{2028} & \"x\""],
        );
        assert!(!js.contains("</script"), "{js}");
        assert!(!js.contains("<!--"), "{js}");
        assert!(!js.contains('\u{2028}'), "{js}");
        assert!(js.starts_with("kbSearch.docs(\"en\", 0, "), "{js}");
    }
}
