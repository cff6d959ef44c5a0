//! What `kbgen check` prints, word for word: the human report (rustc-style snippets, help
//! notes, the hidden-cascades note and the summary, without colour) and the JSON array, for a
//! few small fixtures from `tests/fixtures/lint/` and `tests/fixtures/bad/`. The expected text
//! lives in `tests/snapshots/*.snap` (insta); review a change with `cargo insta review`. On CI
//! (`CI` set) a new or changed snapshot fails instead of being written.
//!
//! The binary runs inside the project folder with `--root` left at `.`, so every path in the
//! output is relative and the snapshots do not depend on where the temp folder is.

mod common;

use common::*;
use std::fs;
use std::path::Path;
use std::process::Command;

/// The day the lint fixtures are written against (see `tests/lint_rules.rs`).
const TODAY: &str = "2026-11-23";

/// Files of a fixture that describe it rather than add to the project.
const META_FILES: &[&str] = &["expected.txt", "remove.txt", "expect.txt"];

/// Copies `from` over `to`, leaving out the fixture's description files at its top level.
fn overlay(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        if META_FILES.iter().any(|m| rel == Path::new(m)) {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("mkdir");
        } else {
            fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// `tests/fixtures/lint/_base` with the fixture laid over it, minus its `remove.txt` entries.
fn lint_project(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let fixtures = repo().join("tests/fixtures/lint");
    overlay(&fixtures.join("_base"), dir.path());
    let fx = fixtures.join(fixture);
    overlay(&fx, dir.path());
    if let Ok(list) = fs::read_to_string(fx.join("remove.txt")) {
        for rel in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
            fs::remove_file(dir.path().join(rel)).expect("remove.txt names a base file");
        }
    }
    dir
}

/// The `basic` site fixture with a case of `tests/fixtures/bad/` laid over it.
fn bad_project(case: &str) -> tempfile::TempDir {
    let dir = fixture_project("basic");
    overlay(&repo().join("tests/fixtures/bad").join(case), dir.path());
    dir
}

/// Runs `kbgen check --format <format>` in `root`; returns the exit code, stdout and stderr.
fn check(root: &Path, format: &str) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["check", "--format", format])
        .current_dir(root)
        .env("KBGEN_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .expect("run kbgen");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// Snapshots the human and the JSON output of `kbgen check` over `root` as `<name>-human` and
/// `<name>-json`.
fn snapshot(name: &str, root: &Path) {
    let (code, stdout, stderr) = check(root, "human");
    assert!(stdout.is_empty(), "{name}: the human report goes to stderr");
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    let temp = root.to_string_lossy();
    assert!(
        !stderr.contains(temp.as_ref()),
        "{name}: absolute path in\n{stderr}"
    );
    let human = format!("exit code: {code:?}\n\n{stderr}");

    let (code, stdout, stderr) = check(root, "json");
    assert!(
        !stdout.contains(temp.as_ref()),
        "{name}: absolute path in\n{stdout}"
    );
    if code != Some(2) {
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&stdout);
        assert!(
            parsed.is_ok_and(|v| v.is_array()),
            "{name}: not a JSON array"
        );
    }
    let json = format!("exit code: {code:?}\n\n{stdout}\n--- stderr ---\n{stderr}");
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!(format!("{name}-human"), human);
        insta::assert_snapshot!(format!("{name}-json"), json);
    });
}

#[test]
fn clean_project() {
    snapshot("lint-base", lint_project("_base").path());
}

#[test]
fn parse_error() {
    snapshot(
        "KB000-parse-error",
        lint_project("KB000-parse-error").path(),
    );
}

#[test]
fn procedure_without_command() {
    let name = "KB001-procedure-without-command";
    snapshot(name, lint_project(name).path());
}

#[test]
fn unknown_source() {
    snapshot(
        "KB005-unknown-source",
        lint_project("KB005-unknown-source").path(),
    );
}

#[test]
fn stale_source_is_a_warning() {
    snapshot(
        "KB009-source-stale",
        lint_project("KB009-source-stale").path(),
    );
}

#[test]
fn translation_mismatch() {
    let name = "KB013-translation-mismatch";
    snapshot(name, lint_project(name).path());
}

#[test]
fn broken_anchor() {
    snapshot(
        "KB016-broken-anchor",
        lint_project("KB016-broken-anchor").path(),
    );
}

#[test]
fn unused_synonym_points_into_book_toml() {
    snapshot(
        "KB023-unused-synonym",
        lint_project("KB023-unused-synonym").path(),
    );
}

#[test]
fn unsafe_url() {
    snapshot("KB025-unsafe-url", lint_project("KB025-unsafe-url").path());
}

#[test]
fn malformed_yaml() {
    snapshot("bad-malformed-yaml", bad_project("malformed-yaml").path());
}

#[test]
fn unknown_field() {
    snapshot("bad-unknown-field", bad_project("unknown-field").path());
}

#[test]
fn duplicate_ids() {
    snapshot("bad-duplicate-ids", bad_project("duplicate-ids").path());
}

#[test]
fn bad_book_toml_is_fatal() {
    snapshot("bad-book-toml", bad_project("bad-book-toml").path());
}
