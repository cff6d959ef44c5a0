//! `kbgen serve` in headless Chromium (Debian's, driven by playwright-core from
//! `tests/browser/`): an open page reloads itself after its topic file is edited, shows the
//! error overlay over the last good page when the edit breaks it, and clears it when fixed.

mod common;

use common::*;

#[test]
fn an_open_page_reloads_itself_after_an_edit_and_shows_the_overlay_on_errors() {
    if !browser_ready() {
        return;
    }
    let project = fixture_project("basic");
    let mut options = kbgen::serve::ServeOptions::new(project.path());
    options.port = 0;
    options.today = Some(today());
    options.verbose = false;
    let server = kbgen::serve::start(options).expect("server starts");
    let url = format!("{}en/first.html", server.url());
    let topic = project.path().join("content/en/first.md");
    run_node(
        "reload.mjs",
        &[std::ffi::OsStr::new(&url), topic.as_os_str()],
    );
}
