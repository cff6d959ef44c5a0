//! Tags and "applies to" editions as pages: which terms a language has, the topics of each, and
//! the file name each term's page gets. A term's spelling may vary between topics (`Product
//! key`, `product-key`): they are one term, shown with its first spelling in topic order.

use crate::content::Topic;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which front-matter list a term comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// `tags`.
    Tag,
    /// `applies_to`.
    AppliesTo,
}

impl Facet {
    /// Both facets, in page order.
    pub const ALL: [Facet; 2] = [Facet::Tag, Facet::AppliesTo];

    /// The output folder of the facet's pages, inside a language folder.
    pub fn folder(self) -> &'static str {
        match self {
            Facet::Tag => "tags",
            Facet::AppliesTo => "applies-to",
        }
    }

    /// The name templates see (`page_kind` `tag`/`applies_to`, `term.facet`).
    pub fn name(self) -> &'static str {
        match self {
            Facet::Tag => "tag",
            Facet::AppliesTo => "applies_to",
        }
    }

    /// The topic's terms of this facet, as written.
    pub fn of(self, topic: &Topic) -> &[String] {
        match self {
            Facet::Tag => &topic.meta.tags,
            Facet::AppliesTo => &topic.meta.applies_to,
        }
    }
}

/// One term of one language and facet, with its topics.
#[derive(Debug, Clone)]
pub struct Term<'a> {
    /// Its first spelling in topic order.
    pub name: String,
    /// File name stem of its page ([`slug`]).
    pub slug: String,
    /// Its topics, in title order.
    pub topics: Vec<&'a Topic>,
}

/// Terms by `(language, facet)`, each list in name order.
#[derive(Debug, Default)]
pub struct Terms<'a> {
    lists: BTreeMap<(&'a str, Facet), Vec<Term<'a>>>,
}

impl<'a> Terms<'a> {
    /// Groups every topic's tags and editions.
    pub fn new(topics: &'a [Arc<Topic>]) -> Self {
        let mut groups: BTreeMap<(&'a str, Facet), BTreeMap<String, Term<'a>>> = BTreeMap::new();
        for t in topics {
            for facet in Facet::ALL {
                for written in facet.of(t) {
                    let key = key(written);
                    if key.is_empty() {
                        continue;
                    }
                    let term = groups
                        .entry((t.lang.as_str(), facet))
                        .or_default()
                        .entry(key.clone())
                        .or_insert_with(|| Term {
                            name: written.trim().to_string(),
                            slug: slug(&key),
                            topics: Vec::new(),
                        });
                    if !term.topics.iter().any(|o| o.id() == t.id()) {
                        term.topics.push(t);
                    }
                }
            }
        }
        let mut terms = Terms::default();
        for ((lang, facet), group) in groups {
            let mut list: Vec<Term<'a>> = group.into_values().collect();
            for term in &mut list {
                term.topics.sort_by(|a, b| {
                    (&a.meta.title.value, a.id()).cmp(&(&b.meta.title.value, b.id()))
                });
            }
            list.sort_by(|a, b| {
                (a.name.to_lowercase(), &a.slug).cmp(&(b.name.to_lowercase(), &b.slug))
            });
            terms.lists.insert((lang, facet), list);
        }
        terms
    }

    /// The terms of a language and facet, in name order.
    pub fn list(&self, lang: &str, facet: Facet) -> &[Term<'a>] {
        self.lists
            .iter()
            .find(|((l, f), _)| *l == lang && *f == facet)
            .map_or(&[], |(_, v)| v.as_slice())
    }

    /// The term with this slug.
    pub fn get(&self, lang: &str, facet: Facet, slug: &str) -> Option<&Term<'a>> {
        self.list(lang, facet).iter().find(|t| t.slug == slug)
    }

    /// Every `(language, facet)` that has terms.
    pub fn facets(&self) -> impl Iterator<Item = (&'a str, Facet)> + '_ {
        self.lists.keys().copied()
    }
}

/// The slug of a term as written in a topic; `None` when it is blank.
pub fn slug_of(written: &str) -> Option<String> {
    let k = key(written);
    (!k.is_empty()).then(|| slug(&k))
}

/// What makes two spellings one term: case, and runs of spaces, `-` and `_`, do not count.
pub fn key(written: &str) -> String {
    let lower = written.trim().to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for word in lower.split(|c: char| c.is_whitespace() || c == '-' || c == '_') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The file name stem of a term's page: its ASCII letters and digits joined by `-` when that
/// is all it has (`windows 11 pro` → `windows-11-pro`); otherwise those plus a short hash of
/// the term (`プロダクトキー` → `t-1a2b3c4d`, `c++` → `c-5e6f7a8b`), so every name is
/// portable, needs no escaping in a URL and differs from every other term's.
pub fn slug(key: &str) -> String {
    let ascii: Vec<&str> = key
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let plain = ascii.join("-");
    let lossless = key.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ');
    let reserved = plain == "index" || crate::portable::problem(&plain).is_some();
    if lossless && !reserved {
        return plain;
    }
    let hash = fnv1a(key);
    if plain.is_empty() {
        format!("t-{hash:08x}")
    } else {
        format!("{plain}-{hash:08x}")
    }
}

/// FNV-1a, 32 bits: stable across builds, platforms and Rust versions (unlike `DefaultHasher`).
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_term_share_a_key_and_slug() {
        assert_eq!(key("  Product-Key "), "product key");
        assert_eq!(key("product_key"), key("Product Key"));
        assert_eq!(slug(&key("Windows 11 Pro")), "windows-11-pro");
    }

    #[test]
    fn slugs_are_portable_ascii_and_distinct() {
        let ja = slug(&key("プロダクトキー"));
        assert!(ja.starts_with("t-") && ja.len() == 10, "{ja}");
        assert_ne!(slug(&key("c++")), slug(&key("c#")));
        assert!(slug(&key("c++")).starts_with("c-"));
        assert_ne!(slug("index"), "index");
        assert_ne!(slug("con"), "con");
        for s in [ja, slug("con"), slug(&key("Windows 11"))] {
            assert!(
                s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
                "{s}"
            );
        }
    }
}
