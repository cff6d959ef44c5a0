//! Topic lists: the cards of the home and category pages and of "related" links, and the
//! tag and edition pages (a term's topics; every term of a language).

use crate::content::Topic;
use crate::render::site::Site;
use crate::render::terms::{self, Facet, Term};
use crate::render::urls;
use crate::render::views::{
    CategoryView, FilterOption, SearchFilters, TermLink, TermTopic, TermView, TermsView,
    TitledLink, TopicCard,
};

/// A topic as a card, linked from the page at `from`.
pub fn card(t: &Topic, from: &str) -> TopicCard {
    TopicCard {
        id: t.id().to_string(),
        title: t.meta.title.value.clone(),
        url: urls::relative(from, &urls::topic(&t.lang, t.id())),
        summary: t.meta.summary.value.clone(),
        reviewed: t.meta.reviewed.value.clone(),
        flow: t.meta.flow.is_some(),
    }
}

/// A category with all its topics in `lang`, linked from the page at `from`.
pub fn category_view(site: &Site, lang: &str, id: &str, from: &str) -> CategoryView {
    let topics: Vec<TopicCard> = site
        .category_topics(lang, id)
        .iter()
        .map(|t| card(t, from))
        .collect();
    CategoryView {
        id: id.to_string(),
        title: category_title(site, lang, id),
        url: urls::relative(from, &urls::category(lang, id)),
        flows: topics.iter().filter(|c| c.flow).cloned().collect(),
        topics,
    }
}

/// A category's title in `lang` (its id when it has none).
pub fn category_title(site: &Site, lang: &str, id: &str) -> String {
    site.config
        .category(id)
        .map_or(id, |c| c.title_in(lang))
        .to_string()
}

/// A topic's tags (or editions) as links to their pages, from the page at `from`.
pub fn term_links(site: &Site, topic: &Topic, facet: Facet, from: &str) -> Vec<TermLink> {
    let lang = topic.lang.as_str();
    facet
        .of(topic)
        .iter()
        .filter_map(|written| {
            let slug = terms::slug_of(written)?;
            let count = site
                .terms
                .get(lang, facet, &slug)
                .map_or(0, |t| t.topics.len());
            Some(TermLink {
                name: written.clone(),
                url: urls::relative(from, &urls::term(lang, facet.folder(), &slug)),
                count,
            })
        })
        .collect()
}

/// The page of one tag or edition at `from`.
pub fn term_view(site: &Site, lang: &str, facet: Facet, term: &Term, from: &str) -> TermView {
    TermView {
        facet: facet.name(),
        name: term.name.clone(),
        index_url: urls::relative(from, &urls::terms(lang, facet.folder())),
        topics: term
            .topics
            .iter()
            .map(|t| {
                let cat = t.meta.category.value.as_str();
                TermTopic {
                    card: card(t, from),
                    category: TitledLink {
                        id: cat.to_string(),
                        title: category_title(site, lang, cat),
                        url: urls::relative(from, &urls::category(lang, cat)),
                    },
                }
            })
            .collect(),
    }
}

/// The page listing every tag (or edition) of `lang` at `from`.
pub fn terms_view(site: &Site, lang: &str, facet: Facet, from: &str) -> TermsView {
    let other = match facet {
        Facet::Tag => Facet::AppliesTo,
        Facet::AppliesTo => Facet::Tag,
    };
    TermsView {
        facet: facet.name(),
        terms: site
            .terms
            .list(lang, facet)
            .iter()
            .map(|t| TermLink {
                name: t.name.clone(),
                url: urls::relative(from, &urls::term(lang, facet.folder(), &t.slug)),
                count: t.topics.len(),
            })
            .collect(),
        other_url: (!site.terms.list(lang, other).is_empty())
            .then(|| urls::relative(from, &urls::terms(lang, other.folder()))),
    }
}

/// The search page's filter options in `lang`.
pub fn search_filters(site: &Site, lang: &str) -> SearchFilters {
    SearchFilters {
        categories: site
            .config
            .categories
            .iter()
            .map(|c| FilterOption {
                value: c.id.clone(),
                label: c.title_in(lang).to_string(),
                count: site.category_topics(lang, &c.id).len(),
            })
            .filter(|o| o.count > 0)
            .collect(),
        editions: site
            .terms
            .list(lang, Facet::AppliesTo)
            .iter()
            .map(|t| FilterOption {
                value: t.slug.clone(),
                label: t.name.clone(),
                count: t.topics.len(),
            })
            .collect(),
    }
}
