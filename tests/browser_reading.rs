//! Reading and acting on a topic in headless Chromium (issue #16, the front-end part): no code
//! block is clipped at 1280 and 390 px on any topic page in both languages, and the copy button
//! still copies the exact text; the contents column stays in view and highlights the section in
//! view (same layout without JavaScript, no layout shift); on phones the search box stays and a
//! back-to-top control appears; the language links keep `#anchor` and `?q=`; the sidebar's focus
//! ring is not clipped; section headings read as headings; Japanese table cells do not break
//! inside a word; a relative favicon; a light / dark / follow-system theme control.
//! The checks themselves are in `tests/browser/reading.mjs`; per-procedure actions (copy a
//! link, print one procedure, the feedback link) and the 404 page's script in
//! `tests/browser/actions.mjs`.

mod common;

use common::*;

#[test]
fn topics_read_well_at_desktop_and_phone_widths() {
    if !browser_ready() {
        return;
    }
    let (_dir, book) = sample_book();
    run_node("reading.mjs", &[&book]);
}

#[test]
fn procedure_actions_and_the_404_script_work() {
    if !browser_ready() {
        return;
    }
    let (dir, book) = sample_book();
    let project = fixture_project("basic");
    let toml = project.path().join("book.toml");
    let mut text = std::fs::read_to_string(&toml).expect("book.toml");
    text.push_str(
        "\n[feedback]\nurl = \"mailto:kb@example.com?subject={title}&body={url}%0A{procedure}\"\n",
    );
    std::fs::write(&toml, text).expect("write");
    let feedback_book = dir.path().join("feedback-book");
    build_into(project.path(), &feedback_book);
    run_node("actions.mjs", &[&book, &feedback_book]);
}
