//! `kbgen serve` in headless Chromium (Debian's, driven by playwright-core from
//! `tests/browser/`): an open page reloads itself after its topic file is edited, shows the
//! error overlay over the last good page when the edit breaks it, and clears it when fixed.

mod common;

use common::*;
use std::process::Command;

/// Installs playwright-core (no browser download) on first use.
fn node_modules() -> bool {
    let dir = repo().join("tests/browser");
    if dir.join("node_modules/playwright-core").is_dir() {
        return true;
    }
    let ok = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "npm ci in tests/browser failed"
    );
    ok
}

fn ready() -> bool {
    require("chromium", "headless browser tests")
        && require("node", "drives Chromium")
        && node_modules()
}

#[test]
fn an_open_page_reloads_itself_after_an_edit_and_shows_the_overlay_on_errors() {
    if !ready() {
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
    let out = Command::new("node")
        .arg(repo().join("tests/browser/reload.mjs"))
        .arg(&url)
        .arg(&topic)
        .output()
        .expect("run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "reload.mjs failed:\n{text}");
    eprintln!("{text}");
}
