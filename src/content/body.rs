//! What the linter and the renderer both need to know about a topic's Markdown body: heading
//! ids (explicit `{#id}` or derived), links to other topics and fenced code blocks, each with
//! its file position. Heading ids are assigned here once so the renderer and the link checker
//! can never disagree.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

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
    "kb-flow",
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
    /// What is wrong with the heading's `{...}` attribute block, if anything: only `{#id}` with
    /// a valid id is honoured (classes and other attributes are never emitted).
    pub bad_attributes: Option<String>,
}

/// A link or image destination as written, for the URL policy check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The destination as written.
    pub written: String,
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
    /// Every link and image destination (topic links included), for the URL policy.
    pub destinations: Vec<Destination>,
}

impl Outline {
    /// Whether two outlines list the same headings, links, code blocks and destinations, in
    /// the same order, wherever they sit in the body: what other pages and the linter read
    /// of a body, apart from positions (see `pipeline::fast`).
    pub fn same_apart_from_offsets(&self, other: &Outline) -> bool {
        fn same<T>(a: &[T], b: &[T], eq: impl Fn(&T, &T) -> bool) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| eq(x, y))
        }
        same(&self.headings, &other.headings, |a, b| {
            Heading {
                offset: 0,
                ..a.clone()
            } == Heading {
                offset: 0,
                ..b.clone()
            }
        }) && same(&self.links, &other.links, |a, b| {
            (&a.topic, &a.anchor, &a.written) == (&b.topic, &b.anchor, &b.written)
        }) && same(&self.fences, &other.fences, |a, b| a.lang == b.lang)
            && same(&self.destinations, &other.destinations, |a, b| {
                a.written == b.written
            })
    }
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
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    type Open = (u8, Option<String>, String, usize, Option<String>);
    let mut current: Option<Open> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let (id, problem) = checked_heading_id(id, &classes, &attrs);
                current = Some((
                    heading_level(level),
                    id,
                    String::new(),
                    range.start,
                    problem,
                ));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text, _, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, text, offset, bad_attributes)) = current.take() {
                    let (id, is_explicit) = match explicit {
                        Some(id) => (id, true),
                        None => (unique(slug(&text), &used, &mut next_suffix), false),
                    };
                    used.insert(id.clone());
                    out.headings.push(Heading {
                        level,
                        id,
                        text: text.trim().to_string(),
                        explicit: is_explicit,
                        offset,
                        bad_attributes,
                    });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.destinations.push(Destination {
                    written: dest_url.to_string(),
                    offset: range.start,
                });
            }
            Event::Start(Tag::Link { dest_url, .. }) => out.add_link(&dest_url, range.start),
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

impl Outline {
    /// A link: every destination is checked by the URL policy; topic links also by target.
    fn add_link(&mut self, dest_url: &str, offset: usize) {
        self.destinations.push(Destination {
            written: dest_url.to_string(),
            offset,
        });
        if let Some((topic, anchor)) = parse_topic_link(dest_url) {
            self.links.push(TopicLink {
                topic,
                anchor,
                offset,
                written: dest_url.to_string(),
            });
        }
    }
}

/// A heading's explicit id if it is valid, and what is wrong with its attributes: only
/// `{#id}` is allowed (classes and attributes could carry script), and the id must be usable.
fn checked_heading_id(
    id: Option<pulldown_cmark::CowStr>,
    classes: &[pulldown_cmark::CowStr],
    attrs: &[(pulldown_cmark::CowStr, Option<pulldown_cmark::CowStr>)],
) -> (Option<String>, Option<String>) {
    let mut bad: Vec<String> = classes.iter().map(|c| format!(".{c}")).collect();
    bad.extend(attrs.iter().map(|(k, v)| match v {
        Some(v) => format!("{k}={v}"),
        None => k.to_string(),
    }));
    let mut problem = (!bad.is_empty()).then(|| {
        format!(
            "heading attribute{} `{}` not allowed: only `{{#id}}` is",
            if bad.len() > 1 { "s" } else { "" },
            bad.join(" ")
        )
    });
    let id = match id {
        Some(id) if !is_heading_id(&id) => {
            problem.get_or_insert_with(|| format!("`{{#{id}}}` is not a valid heading id"));
            None
        }
        other => other.map(|s| s.to_string()),
    };
    (id, problem)
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

/// Whether an explicit `{#id}` may be used: letters and digits of any script, `-` and `_`.
pub fn is_heading_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// `base`, or `base-N` with the first free N. `next` remembers where the search for each base
/// stopped, so N identical headings cost O(N) and not O(N²).
fn unique(base: String, used: &HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    if !used.contains(&base) {
        return base;
    }
    let n = next.entry(base.clone()).or_insert(1);
    loop {
        let candidate = format!("{base}-{n}");
        *n += 1;
        if !used.contains(&candidate) {
            return candidate;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlines_compare_apart_from_where_things_sit() {
        let body =
            "Intro.\n\n## Steps {#steps}\n\nSee [x](@/other#a).\n\n```powershell\nGet-Date\n```\n";
        let same = |a: &str, b: &str| outline(a, &[]).same_apart_from_offsets(&outline(b, &[]));
        let more_prose = format!("A longer intro, with more words.\n\n{body}\nClosing words.\n");
        assert!(same(body, &more_prose));
        assert!(
            same(body, &body.replace("Get-Date", "Get-Item")),
            "code text is prose"
        );
        assert!(
            !same(body, &body.replace("## Steps", "## Stages")),
            "heading text"
        );
        assert!(
            !same(body, &body.replace("{#steps}", "{#how}")),
            "heading id"
        );
        assert!(!same(body, &body.replace("#a)", "#b)")), "link target");
        assert!(
            !same(body, &body.replace("powershell", "cmd")),
            "code language"
        );
        assert!(
            !same(body, &format!("{body}\n[y](https://example.com/)\n")),
            "a new link"
        );
        assert!(
            !same(body, &format!("{body}\n# Another\n")),
            "a new heading"
        );
    }

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
    fn only_a_valid_id_attribute_is_honoured() {
        let o = outline(
            "## A {#ok}\n\n## B {onfocus=alert(1) autofocus}\n\n## C {id=main}\n\n## D {.x}\n\n## E {#bad\"id}\n",
            &[],
        );
        let bad: Vec<_> = o
            .headings
            .iter()
            .map(|h| h.bad_attributes.is_some())
            .collect();
        assert_eq!(bad, [false, true, true, true, true], "{:?}", o.headings);
        assert!(o.headings[1]
            .bad_attributes
            .as_deref()
            .is_some_and(|m| m.contains("onfocus")));
        assert_eq!(o.headings[4].id, "e", "an invalid explicit id is not used");
    }

    #[test]
    fn identical_headings_get_ids_in_linear_time() {
        let body = "## Same\n\n".repeat(20_000);
        let start = std::time::Instant::now();
        let o = outline(&body, &["same-2"]);
        let took = start.elapsed();
        assert_eq!(o.headings[0].id, "same");
        assert_eq!(o.headings[1].id, "same-1");
        assert_eq!(o.headings[2].id, "same-3", "skips the taken id");
        assert_eq!(o.headings[19_999].id, "same-20000");
        let ids: HashSet<&str> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 20_000);
        // Quadratic de-duplication took over a minute; linear takes milliseconds.
        assert!(took.as_secs_f64() < 5.0, "{took:?}");
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
