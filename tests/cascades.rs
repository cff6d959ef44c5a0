//! Diagnostics without cascades (issue 13, item 9): when a file does not parse, the findings
//! that only follow from it are hidden and counted, and the root cause comes first, in the
//! terminal and in the `kbgen serve` overlay.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

/// The sample knowledge base in a temp folder.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for part in ["content", "templates", "static", "i18n"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    std::fs::copy(repo().join("book.toml"), dir.path().join("book.toml")).expect("copy");
    dir
}

/// One typo: a mapping value where a key is expected, halfway down the file.
fn break_sources(root: &Path) {
    let path = root.join("content/sources.yaml");
    let text = std::fs::read_to_string(&path).expect("read");
    let broken = text.replacen(
        "  publisher: 'Microsoft Support'",
        "  publisher: 'Microsoft Support': x",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&path, broken).expect("write");
}

#[test]
fn item9_one_typo_in_sources_yaml_is_one_error_shown_first() {
    let project = sample_copy();
    let root = project.path();
    break_sources(root);
    let out = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["check", "--root"])
        .arg(root)
        .env("KBGEN_TODAY", "2026-11-23")
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let first = err.lines().next().unwrap_or("");
    assert!(
        first.starts_with("content/sources.yaml:") && first.contains("error[KB000]"),
        "root cause not first: {first}\n{err}"
    );
    assert_eq!(err.matches("error[").count(), 1, "{err}");
    assert!(!err.contains("unknown source"), "{err}");
    let note = err
        .lines()
        .find(|l| l.starts_with("note: "))
        .unwrap_or_else(|| panic!("no note: {err}"));
    let hidden: usize = note
        .trim_start_matches("note: ")
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(hidden >= 20, "{note}");
    assert!(note.contains("content/sources.yaml"), "{note}");

    // The library reports the same: one error, the rest counted.
    let checked = kbgen::pipeline::check(root, today()).expect("check runs");
    assert_eq!(checked.tally().errors, 1);
    assert_eq!(checked.hidden.total(), hidden);
}

#[test]
fn item9_a_topic_that_does_not_parse_hides_links_and_translations_to_it() {
    let project = fixture_project("basic");
    let root = project.path();
    // `first` links to `second` and `second` relates to `first`; break `en/second`.
    let path = root.join("content/en/second.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replacen("title: \"Second\"", "title: [unclosed", 1),
    )
    .expect("write");
    let checked = kbgen::pipeline::check(root, today()).expect("check runs");
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == kbgen::diag::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, Path::new("content/en/second.md"));
    assert!(checked.hidden.total() >= 2, "{:?}", checked.hidden);
}

#[test]
fn item9_the_serve_overlay_shows_the_root_cause_first_and_the_count() {
    let project = sample_copy();
    let root = project.path();
    break_sources(root);
    let mut o = kbgen::serve::ServeOptions::new(root);
    o.port = 0;
    o.today = Some(today());
    o.verbose = false;
    let server = kbgen::serve::start(o).expect("server starts");
    let mut s = std::net::TcpStream::connect(server.addr()).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    use std::io::{BufRead, Write};
    write!(s, "GET /__kbgen/events HTTP/1.0\r\n\r\n").expect("send");
    let data = std::io::BufReader::new(s)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("data: ").map(str::to_string))
        .expect("a state event");
    let v: serde_json::Value = serde_json::from_str(&data).expect("json");
    let problems = &v["problems"];
    let problems = if problems.is_string() {
        serde_json::from_str::<serde_json::Value>(problems.as_str().unwrap_or("{}")).expect("json")
    } else {
        problems.clone()
    };
    let list = problems["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(list.len(), 1, "{problems}");
    assert!(
        list[0]["location"]
            .as_str()
            .is_some_and(|l| l.starts_with("content/sources.yaml:")),
        "{problems}"
    );
    let summary = problems["summary"].as_str().unwrap_or("");
    assert!(summary.contains("dependent problems hidden"), "{summary}");
}
