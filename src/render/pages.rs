//! The site's pages: which pages exist ([`pages`]), the complete typed view of each
//! ([`view`]) and its HTML ([`html`]). Pure functions of the [`Site`]; the pipeline decides
//! which pages to render again by hashing their views.

use crate::content::Topic;
use crate::error::Error;
use crate::render::frame::{frame, Here, PageFrame};
use crate::render::lists::{category_view, search_filters};
use crate::render::site::Site;
use crate::render::templates::Templates;
use crate::render::term_pages;
use crate::render::terms::Facet;
use crate::render::topic_page::topic_view;
use crate::render::urls;
use crate::render::views::{
    CategoryView, SearchFilters, TermView, TermsView, TitledLink, TopicView,
};
use serde::Serialize;

/// What a page shows.
#[derive(Debug, Clone, Copy)]
pub enum PageKind<'a> {
    /// `index.html`: picks a language.
    Chooser,
    /// A 404 page in a language.
    NotFound(&'a str),
    /// A language's home.
    Home(&'a str),
    /// A language's search page.
    Search(&'a str),
    /// `(language, category id)`.
    Category(&'a str, &'a str),
    /// A topic.
    Topic(&'a Topic),
    /// `(language, facet, slug)`: the topics of one tag or edition.
    Term(&'a str, Facet, &'a str),
    /// `(language, facet)`: every tag (or edition) of a language.
    Terms(&'a str, Facet),
}

/// One output page.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// Root-relative output path.
    pub path: String,
    /// What it shows.
    pub kind: PageKind<'a>,
}

/// Every page of the site, in a stable order.
pub fn pages<'a>(site: &'a Site<'a>) -> Vec<Page<'a>> {
    let cfg = site.config;
    let page = |path: String, kind| Page { path, kind };
    let mut out = vec![
        page("index.html".into(), PageKind::Chooser),
        page("404.html".into(), PageKind::NotFound(&cfg.default_language)),
    ];
    for lang in &cfg.languages {
        out.push(page(urls::home(lang), PageKind::Home(lang)));
        out.push(page(urls::search(lang), PageKind::Search(lang)));
        out.push(page(urls::not_found(lang), PageKind::NotFound(lang)));
        for c in &cfg.categories {
            out.push(page(
                urls::category(lang, &c.id),
                PageKind::Category(lang, &c.id),
            ));
        }
    }
    for t in &site.corpus.topics {
        out.push(page(urls::topic(&t.lang, t.id()), PageKind::Topic(t)));
    }
    for (lang, facet) in site.terms.facets() {
        out.push(page(
            urls::terms(lang, facet.folder()),
            PageKind::Terms(lang, facet),
        ));
        for term in site.terms.list(lang, facet) {
            out.push(page(
                urls::term(lang, facet.folder(), &term.slug),
                PageKind::Term(lang, facet, &term.slug),
            ));
        }
    }
    out
}

/// Everything a page's template sees. Its hash is the page's cache key: whatever a page
/// shows is in here, so no dependency list can forget a field.
#[derive(Serialize, Hash)]
pub struct PageView<'a> {
    /// The template that renders it.
    #[serde(skip)]
    pub template: &'static str,
    /// What every page shares.
    #[serde(flatten)]
    pub frame: PageFrame<'a>,
    /// Home: every category with its topics.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<CategoryView>>,
    /// Category page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryView>,
    /// Topic page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<TopicView>,
    /// Chooser: where it sends browsers without script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// A tag or edition page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<TermView>,
    /// The list of every tag (or edition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<TermsView>,
    /// Search page: its category and edition filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_filters: Option<SearchFilters>,
    /// Home: the lists of every tag and every edition, when the language has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browse: Option<Vec<TitledLink>>,
}

impl<'a> PageView<'a> {
    /// A page of `template` with `frame` and nothing else yet.
    pub fn bare(template: &'static str, frame: PageFrame<'a>) -> Self {
        PageView {
            template,
            frame,
            categories: None,
            category: None,
            topic: None,
            redirect_url: None,
            term: None,
            terms: None,
            search_filters: None,
            browse: None,
        }
    }
}

/// The complete view of `page`.
pub fn view<'a>(site: &Site<'a>, page: &Page<'a>) -> PageView<'a> {
    let path = page.path.as_str();
    let cfg = site.config;
    let here = |lang, kind, title: String, twin: &dyn Fn(&str) -> String| {
        frame(
            site,
            &Here {
                path,
                lang,
                kind,
                title,
                category: None,
                topic: None,
                twin,
            },
        )
    };
    let bare = PageView::bare;
    match page.kind {
        PageKind::Chooser => {
            let lang = cfg.default_language.as_str();
            let title = cfg.title_in(lang).to_string();
            let mut v = bare(
                "chooser.html",
                here(lang, "chooser", title, &|l| urls::home(l)),
            );
            v.redirect_url = Some(urls::relative(path, &urls::home(lang)));
            v
        }
        PageKind::NotFound(lang) => {
            let title = site.t(lang, "not_found_title");
            bare(
                "not_found.html",
                here(lang, "not_found", title, &|l| urls::not_found(l)),
            )
        }
        PageKind::Home(lang) => {
            let title = cfg.title_in(lang).to_string();
            let mut v = bare("home.html", here(lang, "home", title, &|l| urls::home(l)));
            let cats = cfg.categories.iter();
            v.categories = Some(
                cats.map(|c| category_view(site, lang, &c.id, path))
                    .collect(),
            );
            v.browse = term_pages::browse(site, lang, path);
            v
        }
        PageKind::Search(lang) => {
            let title = site.t(lang, "search_title");
            let mut v = bare(
                "search.html",
                here(lang, "search", title, &|l| urls::search(l)),
            );
            v.search_filters = Some(search_filters(site, lang));
            v
        }
        PageKind::Category(lang, id) => category_page(site, path, lang, id),
        PageKind::Topic(topic) => topic_page(site, path, topic),
        PageKind::Term(lang, facet, slug) => term_pages::term_page(site, path, lang, facet, slug),
        PageKind::Terms(lang, facet) => term_pages::terms_page(site, path, lang, facet),
    }
}

fn category_page<'a>(site: &Site<'a>, path: &str, lang: &str, id: &str) -> PageView<'a> {
    let view = category_view(site, lang, id, path);
    let frame = frame(
        site,
        &Here {
            path,
            lang,
            kind: "category",
            title: view.title.clone(),
            category: Some(id),
            topic: None,
            twin: &|l| urls::category(l, id),
        },
    );
    PageView {
        template: "category.html",
        frame,
        categories: None,
        category: Some(view),
        topic: None,
        redirect_url: None,
        term: None,
        terms: None,
        search_filters: None,
        browse: None,
    }
}

fn topic_page<'a>(site: &Site<'a>, path: &str, topic: &'a Topic) -> PageView<'a> {
    let id = topic.id();
    let corpus = site.corpus;
    let twin = |l: &str| {
        if corpus.topic(l, id).is_some() {
            urls::topic(l, id)
        } else {
            urls::home(l)
        }
    };
    let frame = frame(
        site,
        &Here {
            path,
            lang: &topic.lang,
            kind: "topic",
            title: topic.meta.title.value.clone(),
            category: Some(&topic.meta.category.value),
            topic: Some(topic),
            twin: &twin,
        },
    );
    PageView {
        template: "topic.html",
        frame,
        categories: None,
        category: None,
        topic: Some(topic_view(site, topic, path)),
        redirect_url: None,
        term: None,
        terms: None,
        search_filters: None,
        browse: None,
    }
}

/// The HTML of a page. The URL policy holds for every page whatever produced the markup
/// (templates, raw HTML, a future code path): a refused URL stops the build instead of being
/// emitted.
pub fn html(templates: &Templates, view: &PageView, path: &str) -> Result<String, Error> {
    let context = tera::Context::from_serialize(view).map_err(|e| {
        Error::Output(format!(
            "cannot prepare the page {path} for its template: {e}"
        ))
    })?;
    let html = templates.render(view.template, &context, path)?;
    let refused = urls::refused_in_page(&html);
    if let Some(first) = refused.first() {
        return Err(Error::Output(format!(
            "refusing to write {path}: it would contain {first}{}; only relative, https:, \
             http: and mailto: URLs are emitted (check the templates and any raw HTML)",
            if refused.len() > 1 {
                format!(" and {} more such URLs", refused.len() - 1)
            } else {
                String::new()
            }
        )));
    }
    Ok(html)
}
