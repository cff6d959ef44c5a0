//! Markdown to HTML with kbgen's rules: topic links (`@/id#anchor`) become relative file links,
//! heading ids come from the shared outline, code blocks are highlighted, raw HTML is escaped
//! unless the book allows it, and no `javascript:` URL is ever emitted.

use crate::content::body::{markdown_options, parse_topic_link, Heading};
use crate::render::highlight::{escape_html, Highlighter};
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

/// What rendering one piece of Markdown needs to know.
pub struct MarkdownContext<'a> {
    /// Shared highlighter (cached).
    pub highlighter: &'a Highlighter,
    /// Pass raw HTML through instead of escaping it.
    pub allow_raw_html: bool,
    /// Heading ids to use, in document order (from [`crate::content::body::outline`]).
    pub headings: &'a [Heading],
}

/// Renders a Markdown document (a topic body).
pub fn render(text: &str, cx: &MarkdownContext) -> String {
    let mut w = Rewriter {
        cx,
        heading_index: 0,
        heading_start: None,
        code: None,
        events: Vec::new(),
    };
    for event in Parser::new_ext(text, markdown_options()) {
        w.push(event);
    }
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, w.events.into_iter());
    out
}

/// The event stream being rewritten by kbgen's rules.
struct Rewriter<'a, 'e> {
    cx: &'a MarkdownContext<'a>,
    heading_index: usize,
    /// Where the open heading starts in `events`, and its id.
    heading_start: Option<(usize, Option<CowStr<'e>>)>,
    /// The open code block's language and text.
    code: Option<(String, String)>,
    events: Vec<Event<'e>>,
}

impl<'e> Rewriter<'_, 'e> {
    fn push(&mut self, event: Event<'e>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => self.open_heading(level),
            Event::End(TagEnd::Heading(level)) => self.close_heading(level),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, buf)) = self.code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, buf)) = self.code.take() {
                    let html = code_block(self.cx.highlighter, &lang, &buf);
                    self.events.push(Event::Html(html.into()));
                }
            }
            Event::Start(tag) => self.open(tag),
            Event::End(TagEnd::Table) => {
                self.events.push(Event::End(TagEnd::Table));
                self.events.push(Event::Html("</div>".into()));
            }
            Event::FootnoteReference(name) => self
                .events
                .push(Event::FootnoteReference(format!("fn-{name}").into())),
            Event::Html(raw) | Event::InlineHtml(raw) if !self.cx.allow_raw_html => {
                self.events.push(Event::Text(raw))
            }
            other => self.events.push(other),
        }
    }

    /// Only the outline's id is emitted: `{.class}`, `{onfocus=…}`, `{id=…}` never are.
    fn open_heading(&mut self, level: pulldown_cmark::HeadingLevel) {
        let id = self
            .cx
            .headings
            .get(self.heading_index)
            .map(|h| CowStr::from(h.id.clone()));
        self.heading_index += 1;
        self.heading_start = Some((self.events.len(), id.clone()));
        self.events.push(Event::Start(Tag::Heading {
            level,
            id,
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
    }

    /// The heading text links to its own anchor (shareable URLs), unless it already holds a
    /// link (links cannot nest).
    fn close_heading(&mut self, level: pulldown_cmark::HeadingLevel) {
        if let Some((start, Some(id))) = self.heading_start.take() {
            let has_link = self.events[start..]
                .iter()
                .any(|e| matches!(e, Event::Start(Tag::Link { .. })));
            if !has_link {
                let open = format!(
                    "<a class=\"kb-heading-link\" href=\"#{}\">",
                    escape_html(&id)
                );
                self.events.insert(start + 1, Event::Html(open.into()));
                self.events.push(Event::Html("</a>".into()));
            }
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// Links and images get kbgen's URL rules; tables a scrolling wrapper; footnotes a prefix.
    fn open(&mut self, tag: Tag<'e>) {
        let tag = match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Link {
                link_type,
                dest_url: rewrite_url(&dest_url),
                title,
                id,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Image {
                link_type,
                dest_url: rewrite_url(&dest_url),
                title,
                id,
            },
            Tag::Table(align) => {
                self.events
                    .push(Event::Html("<div class=\"kb-table\">".into()));
                Tag::Table(align)
            }
            Tag::FootnoteDefinition(name) => Tag::FootnoteDefinition(format!("fn-{name}").into()),
            other => other,
        };
        self.events.push(Event::Start(tag));
    }
}

/// Renders a short Markdown fragment (a step, a note, a warning); a single paragraph is
/// unwrapped so it fits inside an `<li>`.
pub fn render_inline(text: &str, cx: &MarkdownContext) -> String {
    let html = render(
        text,
        &MarkdownContext {
            headings: &[],
            ..*cx
        },
    );
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// A highlighted code block as kbgen's pages show it.
pub fn code_block(h: &Highlighter, lang: &str, code: &str) -> String {
    let body = h.highlight(lang, code);
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(lang))
    };
    format!("<pre class=\"kb-code\"{lang_attr}><code class=\"hl\">{body}</code></pre>\n")
}

/// Maps a written link destination to an output URL: `@/id#a` → `id.html#a`; anything the
/// URL policy ([`crate::render::urls::allowed`]) refuses → `#` (the linter reports it).
pub fn rewrite_url(dest: &str) -> CowStr<'static> {
    if let Some((Some(topic), anchor)) = parse_topic_link(dest) {
        // Only a valid id makes a file name: `@/javascript:alert(1)` (a broken link the linter
        // reports, whose rule may be lowered) must not become `javascript:alert(1).html`.
        if !crate::config::is_id(&topic) {
            return "#".into();
        }
        let mut url = format!("{topic}.html");
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(&a);
        }
        return url.into();
    }
    if !crate::render::urls::allowed(dest) {
        return "#".into();
    }
    dest.to_string().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::body::outline;

    fn md(text: &str) -> String {
        let h = Highlighter::new();
        let o = outline(text, &[]);
        render(
            text,
            &MarkdownContext {
                highlighter: &h,
                allow_raw_html: false,
                headings: &o.headings,
            },
        )
    }

    #[test]
    fn topic_links_become_relative_file_links() {
        assert!(md("[x](@/loss-recovery#phone)").contains("href=\"loss-recovery.html#phone\""));
    }

    #[test]
    fn raw_html_and_javascript_urls_are_neutralised() {
        let html = md("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b>hi</b>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn heading_attributes_other_than_the_id_are_never_emitted() {
        let html = md("## H {onfocus=alert(1) autofocus}\n\n## M {id=main .c data-x=1}\n");
        for bad in [
            "onfocus",
            "autofocus",
            "id=\"main\"",
            "class=\"c\"",
            "data-x",
        ] {
            assert!(!html.contains(bad), "{bad}: {html}");
        }
        assert_eq!(html.matches(" id=").count(), 2, "{html}");
    }

    #[test]
    fn every_scheme_but_http_https_mailto_becomes_a_dead_link() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "blob:x",
        ] {
            assert_eq!(rewrite_url(bad), CowStr::from("#"), "{bad:?}");
        }
        // Found by fuzzing: a topic link is a file name only for a valid id.
        for bad in [
            "@/javascript:alert(1)",
            "@/supp:x",
            "@/a/../b",
            "@/Data:x#y",
        ] {
            assert_eq!(rewrite_url(bad), CowStr::from("#"), "{bad:?}");
        }
        for good in [
            "https://a/b",
            "http://a",
            "mailto:a@b",
            "x.html#y",
            "../a",
            "#top",
        ] {
            assert_eq!(rewrite_url(good), CowStr::from(good), "{good}");
        }
    }

    #[test]
    fn headings_get_outline_ids_and_code_is_highlighted() {
        let html = md("## 確認 {#check}\n\n## Next\n\n```powershell\nGet-CimInstance\n```\n");
        assert!(
            html.contains(
                "<h2 id=\"check\"><a class=\"kb-heading-link\" href=\"#check\">確認</a></h2>"
            ),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"next\">"), "{html}");
        assert!(
            html.contains("<span class=\"hl-fn\">Get-CimInstance</span>"),
            "{html}"
        );
    }

    #[test]
    fn footnotes_do_not_collide_with_headings() {
        let html = md("# a\n\nText[^a]\n\n[^a]: note\n");
        assert!(html.contains("#fn-a"), "{html}");
    }

    #[test]
    fn inline_fragments_are_unwrapped() {
        let h = Highlighter::new();
        let cx = MarkdownContext {
            highlighter: &h,
            allow_raw_html: false,
            headings: &[],
        };
        assert_eq!(
            render_inline("Press **Enter**.", &cx),
            "Press <strong>Enter</strong>."
        );
    }
}
