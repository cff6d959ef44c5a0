//! The short way for `kbgen serve`'s most common edit: the prose of topic bodies.
//!
//! What other pages show of a topic, and what the linter reads of it, is its front matter and
//! its body's outline (headings, links, code blocks and link destinations, apart from where
//! they sit). The prose itself is read by the topic's own page, its search entry and the rules
//! in [`lint::rules::READS_PROSE`] only. So when the only inputs that changed since the last
//! complete build are topic files whose front matter and outline are unchanged, and the last
//! build had no finding inside those bodies (whose positions the edit may move), the new build
//! is the last one with those topics' pages rendered again, their search entries updated and
//! the prose rules run again. Any other change — a file added or removed, a title, a heading,
//! a link, a template, `book.toml`, another day — takes the full build.
//!
//! `tests/incremental.rs` holds both ways to a fresh build after random edit sequences.

use super::stages::{render_page_keyed, search_labels};
use super::{BuildCache, BuildOptions, Built, Checked, Timings};
use crate::content::{self, Topic};
use crate::date::Date;
use crate::diag::{self, Diagnostic};
use crate::input::set::{Entry, Fingerprint};
use crate::input::Inputs;
use crate::layout;
use crate::lint;
use crate::output::Output;
use crate::render::pages::{Page, PageKind};
use crate::render::site::Site;
use crate::render::urls;
use crate::search;
use std::collections::HashMap;
use std::sync::Arc;

/// The last complete build's inputs and results, kept by a long-running caller's
/// [`BuildCache`].
#[derive(Debug)]
pub(crate) struct LastBuild {
    inputs: Fingerprint,
    today: Date,
    scripts: Vec<String>,
    checked: Checked,
    output: Arc<Output>,
    /// The page-cache key of each page this way rendered since the last full build, so the
    /// next version of a page drops the one before from the cache.
    page_keys: HashMap<String, u64>,
}

impl LastBuild {
    /// A successful build of the inputs with this `fingerprint` with `options`.
    pub(super) fn new(
        fingerprint: Fingerprint,
        options: &BuildOptions,
        checked: &Checked,
        output: &Arc<Output>,
    ) -> Self {
        LastBuild {
            inputs: fingerprint,
            today: options.today,
            scripts: options.extra_scripts.clone(),
            checked: checked.clone(),
            output: output.clone(),
            page_keys: HashMap::new(),
        }
    }
}

/// The build of `inputs` made from the last one when only topic prose changed since; `None`
/// when the full build is needed.
pub(super) fn build(inputs: &Inputs, options: &BuildOptions, cache: &BuildCache) -> Option<Built> {
    let mut last = cache.last.lock().unwrap_or_else(|e| e.into_inner());
    let kept = last.as_ref()?;
    if kept.today != options.today || kept.scripts != options.extra_scripts {
        return None;
    }
    let mut timings = Timings::default();
    let now = inputs.fingerprint();
    let changed = timings.time("load (prose edit)", || {
        edited_topics(inputs, &now, kept, cache)
    })?;
    if changed.is_empty() {
        return Some(Built {
            checked: kept.checked.clone(),
            output: Some(kept.output.clone()),
            timings,
            from_last: true,
        });
    }
    let mut checked = kept.checked.clone();
    for (i, topic) in &changed {
        checked.files.insert(topic.file.clone());
        checked.corpus.files.insert(topic.file.clone());
        checked.corpus.topics[*i] = topic.clone();
    }
    timings.time("lint (prose rules)", || {
        relint_prose(&mut checked, options.today)
    });
    if checked.tally().errors > 0 {
        return None;
    }
    let mut output = Output::clone(&kept.output);
    let topics: Vec<&Topic> = changed
        .iter()
        .map(|(i, _)| &*checked.corpus.topics[*i])
        .collect();
    let mut page_keys = kept.page_keys.clone();
    timings.time("render pages", || {
        render_topics(
            &checked,
            &topics,
            options,
            cache,
            &mut output,
            &mut page_keys,
        )
    })?;
    for (i, _) in &changed {
        forget_old(cache, &kept.checked.corpus.topics[*i]);
    }
    drop(topics);
    let output = Arc::new(output);
    let mut next = LastBuild::new(now, options, &checked, &output);
    next.page_keys = page_keys;
    *last = Some(next);
    Some(Built {
        checked,
        output: Some(output),
        timings,
        from_last: true,
    })
}

/// The changed inputs since `kept` as `(index in the corpus, new topic)`, when every one is a
/// topic whose front matter and outline are unchanged and whose body had no finding.
fn edited_topics(
    inputs: &Inputs,
    now: &Fingerprint,
    kept: &LastBuild,
    cache: &BuildCache,
) -> Option<Vec<(usize, Arc<Topic>)>> {
    let corpus = &kept.checked.corpus;
    let mut changed = Vec::new();
    for path in inputs.changed_since(&kept.inputs, now)? {
        let lang = kept
            .checked
            .config
            .languages
            .iter()
            .find(|l| path.starts_with(layout::topics_dir(l)))?;
        let Some(Entry::File(file)) = inputs.get(&path) else {
            return None;
        };
        let i = corpus
            .topics
            .iter()
            .position(|t| t.path().as_os_str() == path.as_os_str())?;
        let new = content::loader::load_topic(lang, &path, file, &cache.topics).ok()?;
        let old = &corpus.topics[i];
        if !only_prose_differs(old, &new) || has_body_finding(&kept.checked.diagnostics, old) {
            return None;
        }
        changed.push((i, new));
    }
    Some(changed)
}

/// Same front matter (so the same positions in it) and the same outline.
fn only_prose_differs(old: &Topic, new: &Topic) -> bool {
    fn front(t: &Topic) -> Option<&str> {
        t.file.text.get(..t.body_offset)
    }
    front(old) == front(new) && old.outline.same_apart_from_offsets(&new.outline)
}

/// Whether a finding points into the topic's body (where an edit may move it).
fn has_body_finding(diagnostics: &[Diagnostic], topic: &Topic) -> bool {
    let body_line = topic.file.pos(topic.body_offset).line;
    diagnostics
        .iter()
        .any(|d| d.file == topic.path() && d.pos.line >= body_line)
}

/// Runs the rules that read prose again, in place of their last findings.
fn relint_prose(checked: &mut Checked, today: Date) {
    let prose = lint::rules::READS_PROSE;
    checked
        .diagnostics
        .retain(|d| !prose.iter().any(|r| r.code == d.code));
    let found = lint::check_rules(&checked.config, &checked.corpus, today, prose);
    checked.hidden = diag::suppress_cascades(&mut checked.diagnostics, found, content::PARSE_CODE);
}

/// Renders the pages of `topics` and updates their search entries in `output`; `None` when
/// a page fails to render or the search index changes shape (the full build reports or
/// writes it).
fn render_topics(
    checked: &Checked,
    topics: &[&Topic],
    options: &BuildOptions,
    cache: &BuildCache,
    output: &mut Output,
    page_keys: &mut HashMap<String, u64>,
) -> Option<()> {
    let templates = checked.templates.as_deref()?;
    let site = Site::new(
        &checked.config,
        &checked.corpus,
        &checked.strings,
        cache.highlighter.get()?,
        &cache.bodies,
        options.today,
        &options.extra_scripts,
    );
    for t in topics {
        let page = Page {
            path: urls::topic(&t.lang, t.id()),
            kind: PageKind::Topic(t),
        };
        let (path, key, html) = render_page_keyed(&site, templates, cache, &page).ok()?;
        if let Some(before) = page_keys.insert(path.clone(), key).filter(|k| *k != key) {
            cache.pages.remove(&(path.clone(), before));
        }
        output.insert_shared(path, Arc::<[u8]>::from(html));
    }
    for lang in &checked.config.languages {
        let of_lang: Vec<&Topic> = topics.iter().copied().filter(|t| t.lang == *lang).collect();
        if of_lang.is_empty() {
            continue;
        }
        let labels = search_labels(&site, lang);
        let files = search::index::update_changed(
            &checked.config,
            &checked.corpus,
            lang,
            &labels,
            &cache.index,
            &of_lang,
        )?;
        for (path, js) in files {
            output.insert_shared(path, Arc::<[u8]>::from(js));
        }
    }
    Some(())
}

/// Drops what only the old version of an edited topic needed from the caches (the next
/// complete build's sweep would, but a session of prose edits may never make one).
fn forget_old(cache: &BuildCache, old: &Topic) {
    let key = (old.lang.clone(), old.path().to_path_buf(), old.hash);
    cache.topics.remove(&key);
    cache.bodies.remove(&(old.hash, false));
    cache.bodies.remove(&(old.hash, true));
    cache.index.forget(&old.lang, old.hash);
}
