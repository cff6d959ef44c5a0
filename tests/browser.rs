//! Behaviour that lives in the browser, checked in headless Chromium (Debian's, driven by
//! playwright-core from `tests/browser/`): file:// navigation across every topic in both
//! languages with no console error.

mod common;

use common::*;
use std::path::Path;
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

fn run_script(script: &str, args: &[&Path]) {
    let out = Command::new("node")
        .arg(repo().join("tests/browser").join(script))
        .args(args)
        .output()
        .expect("run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{script} failed:\n{text}");
    eprintln!("{text}");
}

fn ready() -> bool {
    require("chromium", "headless browser tests")
        && require("node", "drives Chromium")
        && node_modules()
}

#[test]
fn file_url_navigation_between_every_topic_in_both_languages() {
    if !ready() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("book");
    build_into(&repo(), &book);
    run_script("file_navigation.mjs", &[&book]);
}
