//! Windows-portable ids and file names (issue 13, item 10): the site is read from USB copies on
//! Windows and from Macs, so names Windows reserves or forbids, and names that collide under
//! case folding or Unicode normalisation, are refused wherever they come from.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

fn kbgen(args: &[&str], root: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("KBGEN_TODAY", "2026-11-23")
        .env("NO_COLOR", "1")
        .output()
        .expect("run kbgen");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn item10_new_refuses_windows_device_names() {
    let project = fixture_project("basic");
    let root = project.path();
    for id in ["con", "nul", "aux", "prn", "com1", "lpt1", "com9", "lpt3"] {
        let (code, err) = kbgen(&["new", id], root);
        assert_eq!(code, Some(2), "{id}: {err}");
        assert!(err.contains("Windows"), "{id}: {err}");
        for lang in ["ja", "en"] {
            assert!(
                !root.join(format!("content/{lang}/{id}.md")).exists(),
                "{id} was created"
            );
        }
    }
    let (code, err) = kbgen(&["new", "console"], root);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn item10_a_topic_named_like_a_device_is_a_located_error() {
    let project = fixture_project("basic");
    let root = project.path();
    for lang in ["ja", "en"] {
        let text = std::fs::read_to_string(root.join(format!("content/{lang}/second.md")))
            .expect("read")
            .replace("id: second", "id: aux");
        std::fs::write(root.join(format!("content/{lang}/aux.md")), text).expect("write");
    }
    let (code, err) = kbgen(&["build"], root);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/en/aux.md:2:5: error[KB022]") && err.contains("AUX"),
        "{err}"
    );
    assert!(!root.join("book").exists());
}

#[test]
fn item10_static_file_names_must_be_portable_and_distinct() {
    for (files, named) in [
        (&["CON.png"][..], "CON.png"),
        (&["nul.txt"], "nul.txt"),
        (&["a:b.css"], "a:b.css"),
        (&["trailing."], "trailing."),
        (&["Logo.png", "logo.png"], "logo.png"),
        (&["cafe\u{301}.png", "caf\u{e9}.png"], "caf"),
    ] {
        let project = fixture_project("basic");
        let root = project.path();
        for f in files {
            std::fs::write(root.join("static").join(f), "x").expect("write");
        }
        let (code, err) = kbgen(&["build"], root);
        assert_eq!(code, Some(2), "{files:?}: {err}");
        assert!(err.contains(named), "{files:?}: {err}");
        assert!(!root.join("book").exists(), "{files:?}");
    }
}

#[test]
fn item10_languages_and_categories_are_folder_and_file_names_too() {
    let project = fixture_project("basic");
    let root = project.path();
    let toml = std::fs::read_to_string(root.join("book.toml")).expect("read");
    let bad = toml.replacen("id = \"general\"", "id = \"nul\"", 1);
    assert_ne!(bad, toml);
    std::fs::write(root.join("book.toml"), bad).expect("write");
    let (code, err) = kbgen(&["check"], root);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("book.toml:") && err.contains("NUL"), "{err}");
}

#[cfg(unix)]
#[test]
fn new_does_not_write_through_a_language_folder_linked_out_of_the_project() {
    let project = fixture_project("basic");
    let root = project.path();
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::rename(root.join("content/en"), outside.path().join("en")).expect("mv");
    std::os::unix::fs::symlink(outside.path().join("en"), root.join("content/en")).expect("link");
    let (code, err) = kbgen(&["new", "fresh"], root);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("outside the project"), "{err}");
    assert!(!outside.path().join("en/fresh.md").exists());
    assert!(
        !root.join("content/ja/fresh.md").exists(),
        "half a topic was created"
    );
}
