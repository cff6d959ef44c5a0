//! A topic's decision flow as the page shows it (`templates/partials/flow.html`): every node a
//! section with its own anchor, every answer a link (to a node's anchor or to a topic), every
//! outcome with its target's title and, for escalations, what to collect and the checklist. The
//! page works without script, over `file://` and on paper; `static/flow.js` only narrows it to
//! one node at a time. Also the "reached from" back-links that procedures and pages show for
//! the flows that lead to them.

use crate::content::flow::{resolve, Flow, FlowNode, Next, NodeKind};
use crate::content::Topic;
use crate::render::markdown::{self, MarkdownContext};
use crate::render::site::Site;
use crate::render::urls;
use serde::Serialize;

/// The anchor of the flow's section on its page (reserved: no heading takes it).
pub const FLOW_ANCHOR: &str = "kb-flow";

/// A decision flow on a topic page (see `docs/templates.md`).
#[derive(Serialize, Clone, Hash, Debug)]
pub struct FlowView {
    /// Heading of the flow (the flow's `title`, else the UI string `flow_title`).
    pub title: String,
    /// Id of the start node.
    pub start: String,
    /// The nodes in the writer's order; numbered from 1.
    pub nodes: Vec<FlowNodeView>,
    /// Where escalations send the reader for the full checklist.
    pub checklist: Option<FlowLinkView>,
    /// First line of the text "copy the path for a ticket" writes (the topic's title in the
    /// UI string `flow_ticket_title`).
    pub ticket_title: String,
}

/// One node of a flow.
#[derive(Serialize, Clone, Hash, Debug)]
pub struct FlowNodeView {
    /// Anchor id.
    pub id: String,
    /// 1-based position in the flow (the printed outline's numbers, "→ go to 3").
    pub number: usize,
    /// `question` or `outcome`.
    pub kind: &'static str,
    /// Whether it is the start node.
    pub start: bool,
    /// The question or conclusion (html, inline).
    pub prompt_html: String,
    /// The same as plain text (for the ticket).
    pub prompt_text: String,
    /// Details under the prompt (html) or "".
    pub details_html: String,
    /// A question's answers.
    pub answers: Vec<FlowAnswerView>,
    /// An outcome's target.
    pub target: Option<FlowLinkView>,
    /// Whether the outcome escalates.
    pub escalate: bool,
    /// What to collect before escalating (html, inline).
    pub collect_html: Vec<String>,
}

/// An answer: a link to a node of the flow or to a topic page.
#[derive(Serialize, Clone, Hash, Debug)]
pub struct FlowAnswerView {
    /// The answer's text.
    pub text: String,
    /// `#node-id`, or a relative topic URL with its anchor.
    pub url: String,
    /// Where it leads, for print and the page without script: "→ go to 3" or "→ " and the target's title.
    pub goto: String,
    /// The node id it leads to ("" for a topic page).
    pub node: String,
}

/// A link with the target's title ("Topic › Procedure").
#[derive(Serialize, Clone, Hash, Debug)]
pub struct FlowLinkView {
    /// The target's title; prefixed with its topic's title when it is on another page.
    pub title: String,
    /// Relative URL.
    pub url: String,
}

/// A flow that leads to a page or procedure: "reached from: …".
#[derive(Serialize, Clone, Hash, Debug)]
pub struct FlowBacklinkView {
    /// The title of the topic holding the flow.
    pub title: String,
    /// Relative URL of the flow node that leads here.
    pub url: String,
}

/// The view of `topic`'s flow on its page at `path`, or `None` when it has none (or none
/// that can be shown: no nodes, no start).
pub fn flow_view(site: &Site, topic: &Topic, path: &str, md: &MarkdownContext) -> Option<FlowView> {
    let flow = topic.meta.flow.as_ref()?;
    let start = flow.start()?;
    // The flow's Markdown is not the body: its headings take no ids from the body's outline.
    let md = &MarkdownContext {
        headings: &[],
        ..*md
    };
    let lang = topic.lang.as_str();
    let title = flow
        .title
        .as_ref()
        .map(|t| t.value.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| site.t(lang, "flow_title"));
    let nodes = flow
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| node_view(site, topic, flow, path, md, n, i, i == start))
        .collect();
    Some(FlowView {
        title,
        start: flow.nodes[start].id.value.clone(),
        nodes,
        checklist: flow
            .checklist
            .as_ref()
            .and_then(|c| link(site, topic, path, &c.value)),
        ticket_title: site
            .t(lang, "flow_ticket_title")
            .replace("{title}", &topic.meta.title.value),
    })
}

#[allow(
    clippy::too_many_arguments,
    reason = "one call site; the parts of one node"
)]
fn node_view(
    site: &Site,
    topic: &Topic,
    flow: &Flow,
    path: &str,
    md: &MarkdownContext,
    n: &FlowNode,
    index: usize,
    start: bool,
) -> FlowNodeView {
    let lang = topic.lang.as_str();
    let prompt = n.prompt().map_or("", |p| p.value.as_str());
    FlowNodeView {
        id: n.id.value.clone(),
        number: index + 1,
        kind: match n.kind() {
            NodeKind::Outcome => "outcome",
            _ => "question",
        },
        start,
        prompt_html: heading_html(prompt, md),
        prompt_text: plain(prompt),
        details_html: n
            .details
            .as_ref()
            .map(|d| markdown::render(&d.value, md))
            .unwrap_or_default(),
        answers: n
            .answers
            .iter()
            .map(|a| {
                let text = a.answer.value.trim().to_string();
                match flow.next_of(a) {
                    Next::Node(to) => FlowAnswerView {
                        text,
                        url: format!("#{}", flow.nodes[to].id.value),
                        goto: site
                            .t(lang, "flow_goto")
                            .replace("{n}", &(to + 1).to_string()),
                        node: flow.nodes[to].id.value.clone(),
                    },
                    Next::Link { .. } => {
                        let written = a.next.as_ref().map_or("", |x| x.value.as_str());
                        let target = link(site, topic, path, written);
                        FlowAnswerView {
                            text,
                            url: target.as_ref().map_or("#".into(), |l| l.url.clone()),
                            goto: target.map_or(String::new(), |l| {
                                site.t(lang, "flow_goto_page").replace("{title}", &l.title)
                            }),
                            node: String::new(),
                        }
                    }
                    // Reported by the linter (KB032); a dead answer is never emitted as a link
                    // somewhere else.
                    Next::Missing | Next::Unknown(_) => FlowAnswerView {
                        text,
                        url: "#".into(),
                        goto: String::new(),
                        node: String::new(),
                    },
                }
            })
            .collect(),
        target: n
            .target
            .as_ref()
            .and_then(|t| link(site, topic, path, &t.value)),
        escalate: n.escalates(),
        collect_html: n
            .collect
            .iter()
            .map(|c| markdown::render_inline(&c.value, md))
            .collect(),
    }
}

/// A written target (`@/topic#anchor`, `#anchor`) as a link from the page at `path`, with the
/// target's title; `None` when it does not resolve (KB034).
fn link(site: &Site, from: &Topic, path: &str, written: &str) -> Option<FlowLinkView> {
    let (target, anchor, title) = resolve(site.corpus, from, written).ok()?;
    let same_page = target.id() == from.id();
    let mut url = if same_page {
        String::new()
    } else {
        urls::relative(path, &urls::topic(&target.lang, target.id()))
    };
    if let Some(a) = &anchor {
        url.push('#');
        url.push_str(a);
    }
    if url.is_empty() {
        url = "#".into();
    }
    let title = match (&anchor, same_page) {
        (Some(_), false) => format!("{} › {title}", target.meta.title.value),
        _ => title,
    };
    Some(FlowLinkView { title, url })
}

/// A prompt as the inside of a heading: inline Markdown, or its plain text when the writer
/// used blocks (a heading cannot hold paragraphs).
fn heading_html(text: &str, md: &MarkdownContext) -> String {
    let html = markdown::render_inline(text, md);
    let blocky = [
        "<p>",
        "<ul>",
        "<ol>",
        "<pre",
        "<div",
        "<h",
        "<table",
        "<blockquote",
    ]
    .iter()
    .any(|b| html.contains(b));
    if blocky {
        crate::render::highlight::escape_html(&plain(text))
    } else {
        html
    }
}

/// Markdown as one line of plain text.
fn plain(text: &str) -> String {
    crate::search::text::plain(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Flows that lead to each page, computed once per build: `(lang, target topic id)` → the
/// anchor on that page (`None`: the page itself), the topic holding the flow and the node.
pub type Backlinks<'a> =
    std::collections::HashMap<(&'a str, &'a str), Vec<(Option<String>, &'a Topic, &'a str)>>;

/// Every outcome target and every answer that leads to another topic, by target page. A flow
/// that leads to its own page is left out (the reader is already there).
pub fn backlinks(corpus: &crate::content::Corpus) -> Backlinks<'_> {
    let mut out: Backlinks = Default::default();
    for (t, f) in crate::content::flow::flows(corpus) {
        for n in &f.nodes {
            let answers = n.answers.iter().filter_map(|a| match f.next_of(a) {
                Next::Link { .. } => a.next.as_ref(),
                _ => None,
            });
            for written in n.target.iter().chain(answers) {
                let Ok((target, anchor, _)) = resolve(corpus, t, &written.value) else {
                    continue;
                };
                if target.id() == t.id() {
                    continue;
                }
                let list = out.entry((target.lang.as_str(), target.id())).or_default();
                if !list
                    .iter()
                    .any(|(a, from, _)| *a == anchor && from.id() == t.id())
                {
                    list.push((anchor, t, n.id.value.as_str()));
                }
            }
        }
    }
    out
}

/// The flows leading to `anchor` of `topic` (`None`: to the page itself or to an anchor that
/// is not in `except`), as links from the page at `path`.
pub fn reached_from(
    site: &Site,
    topic: &Topic,
    path: &str,
    anchor: Option<&str>,
    except: &[&str],
) -> Vec<FlowBacklinkView> {
    let Some(list) = site.flow_backlinks.get(&(topic.lang.as_str(), topic.id())) else {
        return Vec::new();
    };
    let mut out: Vec<FlowBacklinkView> = Vec::new();
    for (a, from, node) in list {
        let wanted = match anchor {
            Some(want) => a.as_deref() == Some(want),
            None => a.as_deref().is_none_or(|a| !except.contains(&a)),
        };
        if !wanted {
            continue;
        }
        let url = format!(
            "{}#{node}",
            urls::relative(path, &urls::topic(&from.lang, from.id()))
        );
        let title = from.meta.title.value.clone();
        if !out.iter().any(|b| b.title == title) {
            out.push(FlowBacklinkView { title, url });
        }
    }
    out
}
