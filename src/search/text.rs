//! The searchable text of a topic: one NFKC-normalised string (title, summary, tags, body prose,
//! procedures, decision-flow nodes) with the offsets where each heading, procedure and flow node
//! starts, built from the parsed topic — never from rendered HTML.

use crate::content::body::markdown_options;
use crate::content::Topic;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

/// How much a token found in a field counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The topic title and its aliases (words the page answers to).
    Title,
    /// Summary, tags, applies-to, headings and procedure titles.
    Strong,
    /// Commands: people search for `slmgr` and `/dli`.
    Command,
    /// Everything else.
    Text,
}

impl Field {
    /// Term-frequency boost of the field.
    pub fn boost(self) -> u32 {
        match self {
            Field::Title => 5,
            Field::Strong | Field::Command => 3,
            Field::Text => 1,
        }
    }
}

/// A topic's text as the index and the client see it.
#[derive(Debug, Clone, Default)]
pub struct DocText {
    /// The searchable text (NFKC, original case), sections separated by newlines.
    pub text: String,
    /// `(anchor id, code-point offset in text)`, ascending.
    pub anchors: Vec<(String, u32)>,
    /// Byte ranges of `text` with the field they belong to, for weighting.
    pub pieces: Vec<(Field, std::ops::Range<usize>)>,
    chars: u32,
}

impl DocText {
    fn push(&mut self, field: Field, raw: &str) {
        self.push_piece(field, raw, false);
    }

    /// Pushes a line; `keep_empty` keeps the line even when it is empty, so the first five
    /// lines of `text` are always title, summary, tags, aliases and applies-to (the client
    /// relies on it).
    fn push_piece(&mut self, field: Field, raw: &str, keep_empty: bool) {
        let piece: String = raw.nfkc().collect();
        let piece = piece.trim();
        if piece.is_empty() && keep_empty {
            self.text.push('\n');
            self.chars += 1;
            return;
        }
        if piece.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(piece);
        self.pieces.push((field, start..self.text.len()));
        self.text.push('\n');
        self.chars += u32::try_from(piece.chars().count() + 1).unwrap_or(u32::MAX);
    }

    fn anchor(&mut self, id: &str) {
        self.anchors.push((id.to_string(), self.chars));
    }
}

/// Builds the searchable text of a topic.
pub fn doc_text(topic: &Topic) -> DocText {
    let m = &topic.meta;
    let mut d = DocText::default();
    d.push_piece(Field::Title, &m.title.value, true);
    d.push_piece(Field::Strong, &m.summary.value, true);
    d.push_piece(Field::Strong, &m.tags.join(" "), true);
    d.push_piece(Field::Title, &m.aliases.join(" "), true);
    d.push_piece(Field::Strong, &m.applies_to.join(" "), true);
    let headings = &topic.outline.headings;
    let mut heading = 0;
    let mut block = String::new();
    for event in Parser::new_ext(topic.body(), markdown_options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                d.push(Field::Text, &std::mem::take(&mut block));
                if let Some(h) = headings.get(heading) {
                    d.anchor(&h.id);
                }
                heading += 1;
            }
            Event::End(TagEnd::Heading(_)) => d.push(Field::Strong, &std::mem::take(&mut block)),
            Event::Text(t) | Event::Code(t) => block.push_str(&t),
            Event::SoftBreak | Event::HardBreak => block.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => {
                block.push(' ');
                if block.len() > 4096 {
                    d.push(Field::Text, &std::mem::take(&mut block));
                }
            }
            _ => {}
        }
    }
    d.push(Field::Text, &block);
    for p in &m.procedures {
        d.anchor(&p.id.value);
        d.push(Field::Strong, &p.title.value);
        for w in &p.warnings {
            d.push(Field::Text, &plain(&w.value));
        }
        for s in &p.steps {
            d.push(Field::Text, &plain(&s.text.value));
        }
        for (_, c) in p.all_commands() {
            d.push(Field::Command, &c.run.value);
            if let Some(n) = &c.note {
                d.push(Field::Text, &plain(&n.value));
            }
        }
    }
    // A decision flow: each node under its own anchor, so a search for an error code an answer
    // names lands on the question that handles it.
    for n in m.flow.iter().flat_map(|f| &f.nodes) {
        d.anchor(&n.id.value);
        if let Some(p) = n.prompt() {
            d.push(Field::Strong, &plain(&p.value));
        }
        for a in &n.answers {
            d.push(Field::Strong, &a.answer.value);
        }
        for text in n.details.iter().chain(&n.collect) {
            d.push(Field::Text, &plain(&text.value));
        }
    }
    d
}

/// The text of a Markdown fragment without its markup.
pub fn plain(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                out.push(' ')
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn markup_is_dropped() {
        assert_eq!(
            plain("Press **Enter** and run `slmgr /dli`.").trim(),
            "Press Enter and run slmgr /dli."
        );
    }
}
