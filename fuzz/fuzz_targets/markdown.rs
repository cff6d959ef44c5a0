//! Any text as a topic body: the outline (heading ids, links, fences) and the HTML renderer must
//! not panic, and never emit a `javascript:` URL or an unescaped `<script>`.
#![no_main]

use kbgen::content::body::outline;
use kbgen::render::highlight::Highlighter;
use kbgen::render::markdown::{render, MarkdownContext};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    let Ok(text) = std::str::from_utf8(data) else { return };
    let h = HIGHLIGHTER.get_or_init(Highlighter::new);
    let o = outline(text, &["procedure"]);
    let html = render(text, &MarkdownContext { highlighter: h, allow_raw_html: false, headings: &o.headings });
    let lower = html.to_ascii_lowercase();
    // As an attribute of a real tag (text may say `href="javascript:` harmlessly: its `<` is escaped).
    assert!(!lower.contains("<a href=\"javascript:"), "{html}");
    assert!(!lower.contains("<img src=\"javascript:"), "{html}");
    assert!(!lower.contains("<script"), "{html}");
    // The one URL policy, read as a browser reads attributes (entities decoded, any case).
    assert!(kbgen::render::urls::refused_in_page(&html).is_empty(), "{html}");
});
