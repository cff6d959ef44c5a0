//! Decision flows: the `flow` field of a topic's front matter. A flow is a list of nodes with
//! ids; a *question* node asks something (`question`, inline Markdown) and offers `answers`,
//! each leading (`next`) to another node of the flow or to a topic (`@/topic#anchor`); an
//! *outcome* node says what to do (`outcome`), points at a procedure or heading (`target`)
//! and/or says to escalate (`escalate: true`) with what to collect (`collect`), linking the
//! flow's `checklist`. Steps and commands stay in procedures; flows point at them.
//!
//! This module holds the model (deserialized with positions, like the rest of the front matter)
//! and the graph questions the linter and the renderer both ask: where a flow starts, where an
//! answer leads, which nodes a reader can reach, which answers close a cycle and how many
//! questions the longest path asks.

use crate::content::body::parse_topic_link;
use crate::content::Topic;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;

/// A topic's decision flow.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Heading above the flow; the UI string `flow_title` when absent.
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    /// Id of the first node; the first listed node when absent.
    #[serde(default)]
    pub start: Option<Spanned<String>>,
    /// Where escalations send the reader for the full list of what to prepare
    /// (`@/topic#anchor`, usually the support-preparation checklist).
    #[serde(default)]
    pub checklist: Option<Spanned<String>>,
    /// The nodes, in the order the page numbers them.
    #[serde(default)]
    pub nodes: Vec<FlowNode>,
}

/// One node: a question (with answers) or an outcome (with a target and/or an escalation).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowNode {
    /// Anchor id of the node on the page; the same in every language.
    pub id: Spanned<String>,
    /// A question node's prompt (one line of inline Markdown).
    #[serde(default)]
    pub question: Option<Spanned<String>>,
    /// A question's answers, in the order they are offered.
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// An outcome node's conclusion (one line of inline Markdown).
    #[serde(default)]
    pub outcome: Option<Spanned<String>>,
    /// Markdown shown under the prompt or conclusion (what to look at, why).
    #[serde(default)]
    pub details: Option<Spanned<String>>,
    /// Where an outcome sends the reader: `@/topic#procedure-or-heading`, `@/topic` or
    /// `#anchor` on the same page.
    #[serde(default)]
    pub target: Option<Spanned<String>>,
    /// Whether the outcome is to stop and escalate.
    #[serde(default)]
    pub escalate: Option<Spanned<bool>>,
    /// For an escalation: what to collect before escalating (inline Markdown, one item each).
    #[serde(default)]
    pub collect: Vec<Spanned<String>>,
}

/// One answer of a question.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The answer as the reader would give it (plain text).
    pub answer: Spanned<String>,
    /// The node it leads to (a node id of the flow), or a topic (`@/topic#anchor`).
    #[serde(default)]
    pub next: Option<Spanned<String>>,
}

/// What a node is, from the fields it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// Has `question` and no `outcome`.
    Question,
    /// Has `outcome` and no `question`.
    Outcome,
    /// Has both or neither (KB037).
    Invalid,
}

/// Where an answer leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next<'a> {
    /// Node `index` of the flow.
    Node(usize),
    /// A topic page (`topic` `None`: the same page) and an anchor on it.
    Link {
        /// The target topic; `None` for a same-page `#anchor`.
        topic: Option<String>,
        /// The anchor, without `#`.
        anchor: Option<String>,
    },
    /// `next` is missing or empty.
    Missing,
    /// `next` names no node of the flow and is not a link.
    Unknown(&'a str),
}

impl FlowNode {
    /// Question, outcome, or neither/both.
    pub fn kind(&self) -> NodeKind {
        match (&self.question, &self.outcome) {
            (Some(_), None) => NodeKind::Question,
            (None, Some(_)) => NodeKind::Outcome,
            _ => NodeKind::Invalid,
        }
    }

    /// Whether the outcome says to escalate.
    pub fn escalates(&self) -> bool {
        self.escalate.as_ref().is_some_and(|e| e.value)
    }

    /// The prompt (question or outcome), as written.
    pub fn prompt(&self) -> Option<&Spanned<String>> {
        self.question.as_ref().or(self.outcome.as_ref())
    }

    /// Every Markdown field of the node (prompt, details, collect items), for link checks.
    pub fn markdown_fields(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.question
            .iter()
            .chain(&self.outcome)
            .chain(&self.details)
            .chain(&self.collect)
    }
}

impl Flow {
    /// Index of the start node: `start` when it names a node, the first node when `start` is
    /// absent, `None` when `start` names no node or there are no nodes.
    pub fn start(&self) -> Option<usize> {
        match &self.start {
            Some(s) => self.index_of(&s.value),
            None => (!self.nodes.is_empty()).then_some(0),
        }
    }

    /// The index of the node with this id (the first one, if ids repeat).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id.value == id)
    }

    /// Where `answer` leads.
    pub fn next_of<'a>(&self, answer: &'a Answer) -> Next<'a> {
        let Some(next) = answer.next.as_ref().map(|n| n.value.trim()) else {
            return Next::Missing;
        };
        if next.is_empty() {
            return Next::Missing;
        }
        if let Some(i) = self.index_of(next) {
            return Next::Node(i);
        }
        match parse_topic_link(next) {
            Some((topic, anchor)) => Next::Link { topic, anchor },
            None => Next::Unknown(next),
        }
    }

    /// Edges between nodes: `(from, answer index, to)` for every answer that leads to a node.
    pub fn edges(&self) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            for (a, answer) in n.answers.iter().enumerate() {
                if let Next::Node(to) = self.next_of(answer) {
                    out.push((i, a, to));
                }
            }
        }
        out
    }

    fn successors(&self) -> Vec<Vec<(usize, usize)>> {
        let mut succ = vec![Vec::new(); self.nodes.len()];
        for (from, a, to) in self.edges() {
            succ[from].push((a, to));
        }
        succ
    }

    /// Which nodes a reader can reach from the start (all `false` without a start).
    pub fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.nodes.len()];
        let Some(start) = self.start() else {
            return seen;
        };
        let succ = self.successors();
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(i) = stack.pop() {
            for &(_, to) in &succ[i] {
                if !seen[to] {
                    seen[to] = true;
                    stack.push(to);
                }
            }
        }
        seen
    }

    /// The answers that close a cycle, as `(node index, answer index)`: a depth-first walk
    /// from the start, then from every node not yet walked, in node order; an answer leading
    /// back to a node on the current path closes a cycle.
    pub fn back_edges(&self) -> Vec<(usize, usize)> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            OnPath,
            Done,
        }
        let succ = self.successors();
        let mut state = vec![State::New; self.nodes.len()];
        let mut out = Vec::new();
        let roots = self.start().into_iter().chain(0..self.nodes.len());
        for root in roots {
            if state[root] != State::New {
                continue;
            }
            // Iterative DFS: (node, next successor to look at).
            let mut stack = vec![(root, 0usize)];
            state[root] = State::OnPath;
            while let Some(top) = stack.last_mut() {
                let (node, k) = *top;
                top.1 += 1;
                if let Some(&(a, to)) = succ[node].get(k) {
                    match state[to] {
                        State::New => {
                            state[to] = State::OnPath;
                            stack.push((to, 0));
                        }
                        State::OnPath => out.push((node, a)),
                        State::Done => {}
                    }
                } else {
                    state[node] = State::Done;
                    stack.pop();
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// The longest path from the start counted in questions, ignoring answers that close a
    /// cycle: the node indices of one such path (empty without a start).
    pub fn longest_path(&self) -> Vec<usize> {
        let Some(start) = self.start() else {
            return Vec::new();
        };
        let back: std::collections::HashSet<(usize, usize)> =
            self.back_edges().into_iter().collect();
        let succ = self.successors();
        // Memoised longest path below each node on the acyclic graph that remains.
        let mut best: HashMap<usize, (usize, Option<usize>)> = HashMap::new();
        // Post-order without recursion.
        let mut stack = vec![(start, false)];
        while let Some((node, expanded)) = stack.pop() {
            if best.contains_key(&node) {
                continue;
            }
            let next: Vec<usize> = succ[node]
                .iter()
                .filter(|(a, _)| !back.contains(&(node, *a)))
                .map(|&(_, to)| to)
                .collect();
            if !expanded {
                stack.push((node, true));
                stack.extend(
                    next.iter()
                        .filter(|n| !best.contains_key(n))
                        .map(|&n| (n, false)),
                );
                continue;
            }
            let own = usize::from(self.nodes[node].kind() == NodeKind::Question);
            let below = next
                .iter()
                .filter_map(|n| best.get(n).map(|(len, _)| (*len, *n)))
                .max_by_key(|(len, n)| (*len, std::cmp::Reverse(*n)));
            best.insert(
                node,
                match below {
                    Some((len, n)) => (own + len, Some(n)),
                    None => (own, None),
                },
            );
        }
        let mut path = vec![start];
        let mut at = start;
        while let Some(&(_, Some(n))) = best.get(&at) {
            path.push(n);
            at = n;
        }
        path
    }

    /// How many questions the longest path asks.
    pub fn depth(&self) -> usize {
        self.longest_path()
            .iter()
            .filter(|&&i| self.nodes[i].kind() == NodeKind::Question)
            .count()
    }
}

/// The title of `anchor` on `topic`'s page: a procedure's title, a heading's text or a flow
/// node's prompt; `None` when the page has no such anchor.
pub fn anchor_title(topic: &Topic, anchor: &str) -> Option<String> {
    if let Some(p) = topic.meta.procedures.iter().find(|p| p.id.value == anchor) {
        return Some(p.title.value.clone());
    }
    if let Some(h) = topic.outline.headings.iter().find(|h| h.id == anchor) {
        return Some(h.text.clone());
    }
    let flow = topic.meta.flow.as_ref()?;
    let node = flow.nodes.iter().find(|n| n.id.value == anchor)?;
    Some(
        crate::search::text::plain(&node.prompt()?.value)
            .trim()
            .to_string(),
    )
}

/// Every topic that has a flow, with its flow, in corpus order.
pub fn flows(corpus: &crate::content::Corpus) -> impl Iterator<Item = (&Topic, &Flow)> {
    corpus
        .topics
        .iter()
        .filter_map(|t| t.meta.flow.as_ref().map(|f| (&**t, f)))
}

/// Node ids of a topic's flow (empty without a flow).
pub fn node_ids(topic: &Topic) -> Vec<&str> {
    topic
        .meta
        .flow
        .iter()
        .flat_map(|f| f.nodes.iter().map(|n| n.id.value.as_str()))
        .collect()
}

/// Where a written target (`@/topic#anchor`, `@/topic`, `#anchor`) resolves in `lang`, seen
/// from `from`: the topic and the anchor's title (the topic's title without an anchor).
pub fn resolve<'c>(
    corpus: &'c crate::content::Corpus,
    from: &'c Topic,
    written: &str,
) -> Result<(&'c Topic, Option<String>, String), TargetProblem> {
    let Some((topic, anchor)) = parse_topic_link(written.trim()) else {
        return Err(TargetProblem::NotALink);
    };
    let target = match topic.as_deref() {
        None => from,
        Some(id) => corpus
            .topic(&from.lang, id)
            .ok_or_else(|| TargetProblem::NoTopic(id.to_string()))?,
    };
    match anchor.filter(|a| !a.is_empty()) {
        None => Ok((target, None, target.meta.title.value.clone())),
        Some(a) => match anchor_title(target, &a) {
            Some(title) => Ok((target, Some(a), title)),
            None => Err(TargetProblem::NoAnchor(target.id().to_string(), a)),
        },
    }
}

/// Why a target does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetProblem {
    /// Not written as `@/topic#anchor` or `#anchor`.
    NotALink,
    /// The topic does not exist in the language.
    NoTopic(String),
    /// The topic has no such anchor: `(topic, anchor)`.
    NoAnchor(String, String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow(yaml: &str) -> Flow {
        serde_saphyr::from_str(yaml).expect("flow parses")
    }

    const LINEAR: &str = "
nodes:
  - id: a
    question: A?
    answers:
      - answer: yes
        next: b
      - answer: no
        next: '@/other#proc'
  - id: b
    question: B?
    answers:
      - answer: one
        next: c
  - id: c
    outcome: Done
    target: '@/other#proc'
";

    #[test]
    fn start_defaults_to_the_first_node_and_next_resolves() {
        let f = flow(LINEAR);
        assert_eq!(f.start(), Some(0));
        assert_eq!(f.next_of(&f.nodes[0].answers[0]), Next::Node(1));
        assert_eq!(
            f.next_of(&f.nodes[0].answers[1]),
            Next::Link {
                topic: Some("other".into()),
                anchor: Some("proc".into())
            }
        );
        assert_eq!(f.reachable(), [true, true, true]);
        assert!(f.back_edges().is_empty());
        assert_eq!(f.longest_path(), [0, 1, 2]);
        assert_eq!(f.depth(), 2);
        assert_eq!(f.nodes[2].kind(), NodeKind::Outcome);
    }

    #[test]
    fn cycles_and_unreachable_nodes_are_found() {
        let f = flow(
            "
start: b
nodes:
  - id: a
    question: A?
    answers: [{answer: x, next: b}]
  - id: b
    question: B?
    answers: [{answer: x, next: c}, {answer: y, next: d}]
  - id: c
    question: C?
    answers: [{answer: back, next: b}]
  - id: d
    outcome: D
    escalate: true
",
        );
        assert_eq!(f.start(), Some(1));
        assert_eq!(f.reachable(), [false, true, true, true]);
        assert_eq!(f.back_edges(), [(2, 0)]);
        assert_eq!(f.depth(), 2, "b then c; the answer back to b is ignored");
        assert!(f.nodes[3].escalates());
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let mut yaml = String::from("nodes:\n");
        for i in 0..20_000 {
            yaml.push_str(&format!(
                "  - id: n{i}\n    question: Q\n    answers: [{{answer: a, next: n{}}}]\n",
                i + 1
            ));
        }
        yaml.push_str("  - id: n20000\n    outcome: end\n");
        let f = flow(&yaml);
        assert_eq!(f.depth(), 20_000);
        assert!(f.back_edges().is_empty());
    }
}
