//! [`PageFrame`]: what every page shares (language switch, sidebar, header links, scripts),
//! typed instead of string keys so a template variable cannot be misspelt in Rust and every
//! field is part of the page's cache key.

use crate::content::Topic;
use crate::i18n::Strings;
use crate::render::site::Site;
use crate::render::urls;
use crate::render::views::{Keyed, LanguageLink, NavCategory, NavTopic};
use serde::Serialize;

/// The variables every template sees (documented in `docs/templates.md`).
#[derive(Serialize, Hash)]
pub struct PageFrame<'a> {
    /// Page language.
    pub lang: &'a str,
    /// Prefix back to the site root (`""`, `"../"`).
    pub root: String,
    /// UI strings of the page language.
    pub t: Keyed<&'a Strings>,
    /// Site title in the page language.
    pub site_title: &'a str,
    /// Page title.
    pub page_title: String,
    /// `home`, `topic`, `category`, `search`, `not_found`, `chooser`, `term` (a tag's or an
    /// edition's topics) or `terms` (every tag or edition).
    pub page_kind: &'static str,
    /// Relative URL of the language's home.
    pub home_url: String,
    /// Relative URL of the language's search page.
    pub search_url: String,
    /// This page in every language.
    pub languages: Vec<LanguageLink>,
    /// The sidebar.
    pub nav: Vec<NavCategory>,
    /// Relative URLs of the scripts every page loads.
    pub scripts: Vec<String>,
    /// `kbgen <version>`.
    pub generator: &'static str,
    /// Where every language's folder, search index and search page are, from this page.
    pub layout: urls::UrlLayout,
}

/// Where a page sits: what the frame needs to know about it.
pub struct Here<'a, 'b> {
    /// Root-relative output path.
    pub path: &'b str,
    /// Page language.
    pub lang: &'b str,
    /// Template-visible page kind.
    pub kind: &'static str,
    /// Page title.
    pub title: String,
    /// The category the page belongs to (category and topic pages).
    pub category: Option<&'b str>,
    /// The topic shown (topic pages).
    pub topic: Option<&'a Topic>,
    /// This page's output path in another language.
    pub twin: &'b dyn Fn(&str) -> String,
}

/// How many sidebar entries of the current category a page lists. Bounded so a page's size does
/// not grow with the number of topics (every page listing every topic is what makes mdBook
/// quadratic); the category page lists them all.
pub const NAV_WINDOW: usize = 15;

/// The frame of the page at `here`.
pub fn frame<'a>(site: &Site<'a>, here: &Here) -> PageFrame<'a> {
    let cfg = site.config;
    let lang_key = cfg
        .languages
        .iter()
        .find(|l| l.as_str() == here.lang)
        .map_or("", String::as_str);
    let path = here.path;
    PageFrame {
        lang: lang_key,
        root: urls::root_of(path),
        t: site.strings_of(here.lang),
        site_title: cfg.title_in(here.lang),
        page_title: here.title.clone(),
        page_kind: here.kind,
        home_url: urls::relative(path, &urls::home(here.lang)),
        search_url: urls::relative(path, &urls::search(here.lang)),
        languages: cfg
            .languages
            .iter()
            .map(|l| LanguageLink {
                code: l.clone(),
                name: site.t(l, "language_name"),
                url: urls::relative(path, &(here.twin)(l)),
                current: l == here.lang,
            })
            .collect(),
        nav: nav(site, here),
        scripts: site
            .scripts
            .iter()
            .map(|s| urls::relative(path, &s.replace("{lang}", here.lang)))
            .collect(),
        generator: concat!("kbgen ", env!("CARGO_PKG_VERSION")),
        layout: urls::layout_from(path),
    }
}

fn nav(site: &Site, here: &Here) -> Vec<NavCategory> {
    let (lang, path) = (here.lang, here.path);
    site.config
        .categories
        .iter()
        .map(|c| {
            let current = here.category == Some(c.id.as_str());
            let all = if current {
                site.category_topics(lang, &c.id)
            } else {
                &[]
            };
            let at = here.topic.and_then(|t| site.place_of(t));
            let topics: Vec<NavTopic> = all[nav_window(all.len(), at)]
                .iter()
                .map(|tp| NavTopic {
                    id: tp.id().to_string(),
                    title: tp.meta.title.value.clone(),
                    url: urls::relative(path, &urls::topic(lang, tp.id())),
                    current: here.topic.is_some_and(|t| t.id() == tp.id()),
                })
                .collect();
            NavCategory {
                id: c.id.clone(),
                title: c.title_in(lang).to_string(),
                url: urls::relative(path, &urls::category(lang, &c.id)),
                current,
                hidden_topics: all.len() - topics.len(),
                topics,
            }
        })
        .collect()
}

/// The slice of a category's `len` topics the sidebar shows: a window around `at`.
fn nav_window(len: usize, at: Option<usize>) -> std::ops::Range<usize> {
    if len <= NAV_WINDOW {
        return 0..len;
    }
    let start = at
        .unwrap_or(0)
        .saturating_sub(NAV_WINDOW / 2)
        .min(len - NAV_WINDOW);
    start..start + NAV_WINDOW
}

#[cfg(test)]
mod tests {
    use super::{nav_window, NAV_WINDOW};

    #[test]
    fn the_sidebar_window_stays_inside_the_list() {
        assert_eq!(nav_window(3, Some(2)), 0..3);
        assert_eq!(nav_window(100, None), 0..NAV_WINDOW);
        assert_eq!(nav_window(100, Some(50)), 43..43 + NAV_WINDOW);
        assert_eq!(nav_window(100, Some(99)), 100 - NAV_WINDOW..100);
    }
}
