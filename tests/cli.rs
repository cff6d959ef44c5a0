//! The command line: `kbgen new` scaffolds every language and never overwrites; exit codes for
//! usage and configuration errors; `--help` shows examples.

mod common;

use common::*;
use std::process::{Command, Output};

fn kbgen(args: &[&str], root: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("KBGEN_TODAY", "2026-12-01")
        .output()
        .expect("run kbgen")
}

#[test]
fn new_scaffolds_every_language_and_refuses_to_overwrite() {
    let project = fixture_project("basic");
    let out = kbgen(&["new", "reset-activation"], project.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for lang in ["ja", "en"] {
        let text = std::fs::read_to_string(
            project
                .path()
                .join(format!("content/{lang}/reset-activation.md")),
        )
        .expect("created");
        assert!(text.starts_with("---\nid: reset-activation\n"), "{text}");
    }
    std::fs::write(
        project.path().join("content/en/reset-activation.md"),
        "mine",
    )
    .expect("write");
    let again = kbgen(&["new", "reset-activation"], project.path());
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(project.path().join("content/en/reset-activation.md"))
            .expect("read"),
        "mine"
    );
    let bad = kbgen(&["new", "Bad Id"], project.path());
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn scaffolded_topic_is_reported_until_filled_in() {
    let project = fixture_project("basic");
    assert!(kbgen(&["new", "draft"], project.path()).status.success());
    // The scaffold cites no source yet: check must say so, with the file and line.
    let out = kbgen(&["check"], project.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("content/ja/draft.md:11:9: error[KB004]"),
        "{err}"
    );
}

#[test]
fn bad_book_toml_is_a_usage_error_with_its_line() {
    let project = fixture_project("basic");
    let path = project.path().join("book.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("{text}\n[lint]\ncolour = 1\n")).expect("write");
    let out = kbgen(&["build"], project.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("book.toml:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn help_shows_examples_and_missing_root_is_an_io_error() {
    let help = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .arg("--help")
        .output()
        .expect("run");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
    let out = kbgen(&["build"], std::path::Path::new("/nonexistent/kb"));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn build_writes_into_out_and_refuses_foreign_folders() {
    let project = fixture_project("basic");
    let foreign = project.path().join("someone-elses");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    std::fs::write(foreign.join("keep.txt"), "keep").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["build", "--root"])
        .arg(project.path())
        .arg("--out")
        .arg(&foreign)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(foreign.join("keep.txt")).expect("kept"),
        "keep"
    );
    let ok = kbgen(&["build"], project.path());
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(project.path().join("book/en/first.html").is_file());
}
