//! What the linter and the renderer both need to know about a topic's Markdown body: heading
//! ids (explicit `{#id}` or derived), links to other topics and fenced code blocks, each with
//! its file position. Heading ids are assigned here once so the renderer and the link checker
//! can never disagree.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// The Markdown extensions kbgen enables everywhere.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Ids the page templates use; a heading never takes one of them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "toc",
    "kb-search-input",
    "kb-search-results",
    "kb-theme-toggle",
    "kb-sidebar",
    "kb-menu-toggle",
    "kb-search-hint",
    "kb-search-status",
    "procedures",
    "related",
    "sources",
];

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The anchor id.
    pub id: String,
    /// Plain text of the heading.
    pub text: String,
    /// Whether the writer gave the id explicitly.
    pub explicit: bool,
    /// Byte offset in the body.
    pub offset: usize,
}

/// A link written as `@/topic-id` or `@/topic-id#anchor`, or a same-page `#anchor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicLink {
    /// Target topic id; `None` for a same-page `#anchor`.
    pub topic: Option<String>,
    /// Anchor, without `#`.
    pub anchor: Option<String>,
    /// Byte offset in the body.
    pub offset: usize,
    /// The destination as written.
    pub written: String,
}

/// A fenced or indented code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The info string's first word, if any.
    pub lang: Option<String>,
    /// Byte offset in the body.
    pub offset: usize,
}

/// Headings, topic links and code blocks of one body.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// Headings in document order, ids unique within the page.
    pub headings: Vec<Heading>,
    /// Links to topics and same-page anchors.
    pub links: Vec<TopicLink>,
    /// Code blocks.
    pub fences: Vec<Fence>,
}

/// Parses `@/id#anchor` link destinations; `None` for ordinary URLs.
pub fn parse_topic_link(dest: &str) -> Option<(Option<String>, Option<String>)> {
    if let Some(rest) = dest.strip_prefix("@/") {
        let (id, anchor) = match rest.split_once('#') {
            Some((id, a)) => (id, Some(a.to_string())),
            None => (rest, None),
        };
        let id = id.strip_suffix(".md").unwrap_or(id);
        return Some((Some(id.to_string()), anchor));
    }
    dest.strip_prefix('#').map(|a| (None, Some(a.to_string())))
}

/// Reads the outline of `body`. `taken` holds ids already used on the page (procedure ids),
/// which derived heading ids avoid.
pub fn outline(body: &str, taken: &[&str]) -> Outline {
    let mut out = Outline::default();
    let mut used: HashSet<String> = RESERVED_IDS
        .iter()
        .chain(taken)
        .map(|s| s.to_string())
        .collect();
    let mut current: Option<(u8, Option<String>, String, usize)> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    heading_level(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                    range.start,
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, offset)) = current.take() {
                    let (id, is_explicit) = match explicit {
                        Some(id) => (id, true),
                        None => (unique(slug(&text), &used), false),
                    };
                    used.insert(id.clone());
                    out.headings.push(Heading {
                        level,
                        id,
                        text: text.trim().to_string(),
                        explicit: is_explicit,
                        offset,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some((topic, anchor)) = parse_topic_link(&dest_url) {
                    out.links.push(TopicLink {
                        topic,
                        anchor,
                        offset: range.start,
                        written: dest_url.to_string(),
                    });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                out.fences.push(Fence {
                    lang,
                    offset: range.start,
                });
            }
            _ => {}
        }
    }
    out
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A URL-fragment id from heading text: lowercase letters and digits of any script are kept
/// (Japanese headings stay readable), everything else becomes a single `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

fn unique(base: String, used: &HashSet<String>) -> String {
    if !used.contains(&base) {
        return base;
    }
    (1..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !used.contains(c))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_japanese_and_collapse_punctuation() {
        assert_eq!(slug("Check the key!"), "check-the-key");
        assert_eq!(slug("プロダクト キーの確認"), "プロダクト-キーの確認");
        assert_eq!(slug("???"), "section");
    }

    #[test]
    fn heading_ids_are_unique_and_avoid_procedure_ids() {
        let o = outline(
            "# Steps\n\n## Steps\n\n## Use PowerShell {#ps}\n",
            &["steps"],
        );
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["steps-1", "steps-2", "ps"]);
        assert!(o.headings[2].explicit);
    }

    #[test]
    fn finds_topic_links_and_fences() {
        let body = "See [a](@/loss-recovery#phone) and [b](https://x) and [c](#top).\n\n```powershell\nx\n```\n\n```\ny\n```\n";
        let o = outline(body, &[]);
        assert_eq!(o.links.len(), 2);
        assert_eq!(o.links[0].topic.as_deref(), Some("loss-recovery"));
        assert_eq!(o.links[0].anchor.as_deref(), Some("phone"));
        assert_eq!(o.links[1].topic, None);
        assert_eq!(o.fences[0].lang.as_deref(), Some("powershell"));
        assert_eq!(o.fences[1].lang, None);
    }
}
