//! The stages after checking: pages, static files, search index, and the portability check of
//! every output name. Each page goes through the page memo, keyed by the hash of its complete
//! view; everything else is computed from the inputs.

use super::{BuildCache, BuildOptions, Checked, Timings};
use crate::error::Error;
use crate::input::{set::Entry, Inputs};
use crate::layout;
use crate::memo::hash_of;
use crate::output::Output;
use crate::render::highlight::Highlighter;
use crate::render::pages::{self, Page};
use crate::render::site::Site;
use crate::render::templates::Templates;
use crate::render::urls;
use crate::search;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// Renders the checked project into an [`Output`].
pub(super) fn render(
    inputs: &Inputs,
    checked: &Checked,
    templates: &Templates,
    options: &BuildOptions,
    cache: &BuildCache,
    timings: &mut Timings,
) -> Result<Output, Error> {
    let highlighter = timings.time("highlighter", || {
        cache.highlighter.get_or_init(Highlighter::new)
    });
    let site = Site::new(
        &checked.config,
        &checked.corpus,
        &checked.strings,
        highlighter,
        &cache.bodies,
        options.today,
        &options.extra_scripts,
    );
    let mut output = Output::default();
    copy_static(inputs, &mut output)?;
    output.insert(
        urls::HIGHLIGHT_CSS,
        cache
            .stylesheet
            .get_or_init(Highlighter::stylesheet)
            .clone(),
    );
    let pages = pages::pages(&site);
    let rendered = timings.time("render pages", || {
        pages
            .par_iter()
            .map(|page| render_page(&site, templates, cache, page))
            .collect::<Result<Vec<_>, Error>>()
    })?;
    for (path, html) in rendered {
        output.insert_shared(path, Arc::<[u8]>::from(html));
    }
    timings.time("search index", || {
        search_index(checked, &site, cache, &mut output)
    });
    check_portable(&output, cache)?;
    Ok(output)
}

/// One page: its view, then its HTML from the memo when a page with the same view and
/// templates was rendered before.
fn render_page(
    site: &Site,
    templates: &Templates,
    cache: &BuildCache,
    page: &Page,
) -> Result<(String, Arc<str>), Error> {
    render_page_keyed(site, templates, cache, page).map(|(path, _, html)| (path, html))
}

/// [`render_page`], with the page's key in the memo.
pub(super) fn render_page_keyed(
    site: &Site,
    templates: &Templates,
    cache: &BuildCache,
    page: &Page,
) -> Result<(String, u64, Arc<str>), Error> {
    let view = pages::view(site, page);
    let key = hash_of(&(templates.hash, &view));
    let html = cache
        .pages
        .get_or_try_insert_with((page.path.clone(), key), || {
            pages::html(templates, &view, &page.path).map(Arc::from)
        })?;
    Ok((page.path.clone(), key, html))
}

fn search_index(checked: &Checked, site: &Site, cache: &BuildCache, output: &mut Output) {
    // One language at a time: each build is parallel inside, and peak memory stays lower.
    for lang in &checked.config.languages {
        let files = search::index::build(
            &checked.config,
            &checked.corpus,
            lang,
            &search_labels(site, lang),
            &cache.index,
        );
        for (path, js) in files {
            output.insert_shared(path, Arc::<[u8]>::from(js));
        }
    }
}

/// What the search index of `lang` says about itself, in its language.
pub(super) fn search_labels(site: &Site, lang: &str) -> search::index::SearchLabels {
    search::index::SearchLabels {
        name: site.t(lang, "language_name"),
        results: site.t(lang, "search_in_language"),
        results_one: site.t(lang, "search_in_language_one"),
    }
}

/// Copies `static/**` from the inputs; an unreadable static file stops the build.
fn copy_static(inputs: &Inputs, output: &mut Output) -> Result<(), Error> {
    let dir = Path::new(layout::STATIC_DIR);
    for (rel, entry) in inputs.under(dir) {
        let inside = rel.strip_prefix(dir).unwrap_or(rel);
        let name = urls::static_file(&inside.to_string_lossy().replace('\\', "/"));
        match entry {
            Entry::File(f) => output.insert_shared(name, f.bytes.clone()),
            Entry::Unreadable(u) => return Err(Error::io(inputs.root().join(rel), u.to_io())),
        }
    }
    Ok(())
}

/// Every output name must work where the site is read (a USB copy on Windows, a Mac): static
/// file names are the writer's, and ids are checked by the linter already.
/// Refuses output names that cannot be copied to Windows or macOS. The check of every name costs
/// a tenth of a `kbgen serve` rebuild at 10,000 pages, and an edit rarely changes the set of
/// names: a set that passed before (by its hash) is not checked again.
fn check_portable(output: &Output, cache: &BuildCache) -> Result<(), Error> {
    let names = hash_of(&output.iter().map(|(p, _)| p).collect::<Vec<_>>());
    let mut passed = cache
        .portable_names
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if *passed == Some(names) {
        return Ok(());
    }
    let problems = crate::portable::check_paths(output.iter().map(|(p, _)| p));
    if problems.is_empty() && cache.pages.is_enabled() {
        *passed = Some(names);
    }
    match problems.first() {
        None => Ok(()),
        Some(first) => Err(Error::Output(format!(
            "refusing to build a site that cannot be copied to Windows or macOS: {first}{}",
            if problems.len() > 1 {
                format!(" (and {} more)", problems.len() - 1)
            } else {
                String::new()
            }
        ))),
    }
}
