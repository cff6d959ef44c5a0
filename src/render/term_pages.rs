//! The tag and edition pages ([`term_page`], [`terms_page`]) and the home page's links to their
//! lists ([`browse`]).

use crate::render::frame::{frame, Here};
use crate::render::lists::{term_view, terms_view};
use crate::render::pages::PageView;
use crate::render::site::Site;
use crate::render::terms::Facet;
use crate::render::urls;
use crate::render::views::TitledLink;

/// The UI-string key of a facet's list title.
fn list_title_key(facet: Facet) -> &'static str {
    match facet {
        Facet::Tag => "tags_title",
        Facet::AppliesTo => "applies_to_title",
    }
}

/// The page at `path` listing the topics of the term `slug`.
pub fn term_page<'a>(
    site: &Site<'a>,
    path: &str,
    lang: &str,
    facet: Facet,
    slug: &str,
) -> PageView<'a> {
    // The same term in another language (tags are written per language), else that
    // language's list of terms, else its home.
    let twin = |l: &str| {
        if site.terms.get(l, facet, slug).is_some() {
            urls::term(l, facet.folder(), slug)
        } else if !site.terms.list(l, facet).is_empty() {
            urls::terms(l, facet.folder())
        } else {
            urls::home(l)
        }
    };
    let term = site.terms.get(lang, facet, slug);
    let key = match facet {
        Facet::Tag => "tag_page_title",
        Facet::AppliesTo => "applies_to_page_title",
    };
    let name = term.map_or(slug, |t| t.name.as_str());
    let here = Here {
        path,
        lang,
        kind: "term",
        title: site.t(lang, key).replace("{name}", name),
        category: None,
        topic: None,
        twin: &twin,
    };
    let mut v = PageView::bare("term.html", frame(site, &here));
    v.term = term.map(|t| term_view(site, lang, facet, t, path));
    if v.term.is_none() {
        // Not a page `pages` lists; should one be asked for, it is a 404, not a broken page.
        v.template = "not_found.html";
    }
    v
}

/// The page at `path` listing every term of `facet` in `lang`.
pub fn terms_page<'a>(site: &Site<'a>, path: &str, lang: &str, facet: Facet) -> PageView<'a> {
    let twin = |l: &str| {
        if site.terms.list(l, facet).is_empty() {
            urls::home(l)
        } else {
            urls::terms(l, facet.folder())
        }
    };
    let here = Here {
        path,
        lang,
        kind: "terms",
        title: site.t(lang, list_title_key(facet)),
        category: None,
        topic: None,
        twin: &twin,
    };
    let mut v = PageView::bare("terms.html", frame(site, &here));
    v.terms = Some(terms_view(site, lang, facet, path));
    v
}

/// Links from the home page at `path` to the lists of every tag and every edition of `lang`;
/// `None` when it has neither.
pub fn browse(site: &Site, lang: &str, path: &str) -> Option<Vec<TitledLink>> {
    let links: Vec<TitledLink> = Facet::ALL
        .iter()
        .filter(|f| !site.terms.list(lang, **f).is_empty())
        .map(|f| TitledLink {
            id: f.folder().to_string(),
            title: site.t(lang, list_title_key(*f)),
            url: urls::relative(path, &urls::terms(lang, f.folder())),
        })
        .collect();
    (!links.is_empty()).then_some(links)
}
