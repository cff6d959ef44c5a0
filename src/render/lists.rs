//! Topic lists: the cards of the home and category pages and of "related" links.

use crate::content::Topic;
use crate::render::site::Site;
use crate::render::urls;
use crate::render::views::{CategoryView, TopicCard};

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
