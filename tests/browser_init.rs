//! A knowledge base started with `kbgen init` in an empty folder (issue #18, "done when"): the
//! binary's `init`, `check --deny-warnings` and `build`, then the result opened over `file://`
//! in headless Chromium, where navigation and search work with no console error. The checks
//! are in `tests/browser/init_site.mjs`.

mod common;

use common::*;
use std::process::Command;

fn kbgen(args: &[&str], dir: &std::path::Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run kbgen");
    assert!(
        out.status.success(),
        "kbgen {args:?}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_initialised_knowledge_base_works_over_file_urls() {
    if !browser_ready() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    kbgen(&["init", "kb"], dir.path());
    let kb = dir.path().join("kb");
    kbgen(&["check", "--deny-warnings"], &kb);
    kbgen(&["build"], &kb);
    run_node("init_site.mjs", &[kb.join("book")]);
}
