//! `kbgen init` (issue #18): a new knowledge base in one command that passes `kbgen check
//! --deny-warnings` and builds with nothing but the built-in theme; it refuses a non-empty
//! folder, `--force` only adds missing files; `kbgen theme eject` never overwrites; `kbgen
//! --version` names the commit.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn kbgen(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(args)
        .current_dir(dir)
        .env("KBGEN_TODAY", "2026-12-01")
        .env("NO_COLOR", "1")
        .output()
        .expect("run kbgen")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn sorted_files(dir: &Path) -> Vec<String> {
    let mut files = files_under(dir);
    files.sort();
    files
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "{}", text(out));
    text(out)
}

const STARTER: [&str; 5] = [
    ".gitignore",
    "book.toml",
    "content/en/writing-a-procedure.md",
    "content/ja/writing-a-procedure.md",
    "content/sources.yaml",
];

#[test]
fn init_in_an_empty_folder_writes_only_the_starter_files_which_pass_check_and_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    ok(&kbgen(&["init", "kb"], dir.path()));
    let kb = dir.path().join("kb");
    assert_eq!(sorted_files(&kb), STARTER, "nothing else is written");
    let checked = ok(&kbgen(&["check", "--deny-warnings"], &kb));
    assert!(
        checked.contains("0 errors, 0 warnings in 2 topics"),
        "{checked}"
    );
    ok(&kbgen(&["build"], &kb));
    for page in [
        "index.html",
        "ja/index.html",
        "ja/writing-a-procedure.html",
        "en/writing-a-procedure.html",
        "en/search.html",
        "static/kbgen.css",
        "static/search.js",
    ] {
        assert!(kb.join("book").join(page).is_file(), "{page}");
    }
    // The output folder is ignored by git, and the example cites the example source.
    let ignore = std::fs::read_to_string(kb.join(".gitignore")).expect("read");
    assert_eq!(ignore, "/book/\n");
    let topic = std::fs::read_to_string(kb.join("book/en/writing-a-procedure.html")).expect("read");
    assert!(
        topic.contains("https://example.com/"),
        "cites the example source"
    );
}

#[test]
fn init_refuses_a_non_empty_folder_and_force_adds_only_the_missing_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    let refused = kbgen(&["init"], dir.path());
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("not empty"), "{}", text(&refused));
    assert_eq!(sorted_files(dir.path()), ["notes.txt"], "nothing written");

    std::fs::write(dir.path().join("book.toml"), "# mine\n").expect("write");
    let forced = ok(&kbgen(&["init", "--force"], dir.path()));
    assert!(forced.contains("kept    book.toml"), "{forced}");
    let own = std::fs::read_to_string(dir.path().join("book.toml")).expect("read");
    assert_eq!(own, "# mine\n", "an existing file is never overwritten");
    assert!(dir
        .path()
        .join("content/ja/writing-a-procedure.md")
        .is_file());
}

#[test]
fn init_accepts_a_folder_holding_only_git() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    ok(&kbgen(
        &["init", "--title", "Acme \"help\" desk"],
        dir.path(),
    ));
    let config = std::fs::read_to_string(dir.path().join("book.toml")).expect("read");
    let config: toml::Table = toml::from_str(&config).expect("toml");
    assert_eq!(config["title"]["en"].as_str(), Some("Acme \"help\" desk"));
    ok(&kbgen(&["check", "--deny-warnings"], dir.path()));
}

#[test]
fn init_with_a_language_kbgen_does_not_ship_gives_its_strings_to_translate_and_builds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ok(&kbgen(&["init", "--languages", "en,ko"], dir.path()));
    assert!(out.contains("created i18n/ko.toml"), "{out}");
    ok(&kbgen(&["check", "--deny-warnings"], dir.path()));
    ok(&kbgen(&["build"], dir.path()));
    let page = std::fs::read_to_string(dir.path().join("book/ko/writing-a-procedure.html"))
        .expect("the Korean page");
    assert!(page.contains(r#"lang="ko""#));
    let bad = kbgen(&["init", "x", "--languages", "en,EN GB"], dir.path());
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad));
    assert!(!dir.path().join("x").exists());
}

#[test]
fn theme_eject_copies_built_in_files_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    ok(&kbgen(&["init"], dir.path()));
    let out = ok(&kbgen(
        &["theme", "eject", "--only", "topic.html"],
        dir.path(),
    ));
    assert!(out.contains("created templates/topic.html"), "{out}");
    let ejected = dir.path().join("templates/topic.html");
    let builtin = std::fs::read(repo().join("templates/topic.html")).expect("read");
    assert_eq!(std::fs::read(&ejected).expect("read"), builtin);
    std::fs::write(&ejected, "{% extends \"base.html\" %}").expect("write");
    let again = ok(&kbgen(&["theme", "eject"], dir.path()));
    assert!(again.contains("kept    templates/topic.html"), "{again}");
    assert!(again.contains("created static/kbgen.css"), "{again}");
    let kept = std::fs::read_to_string(&ejected).expect("read");
    assert_eq!(kept, "{% extends \"base.html\" %}");
    let listed = ok(&kbgen(&["theme", "list"], dir.path()));
    assert!(
        listed.contains("project   templates/topic.html"),
        "{listed}"
    );
    let unknown = kbgen(&["theme", "eject", "--only", "nosuch.html"], dir.path());
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
}

#[test]
fn version_names_the_commit() {
    let out = ok(&kbgen(&["--version"], &repo()));
    let line = out.trim();
    let prefix = concat!("kbgen ", env!("CARGO_PKG_VERSION"), " (commit ");
    assert!(line.starts_with(prefix) && line.ends_with(')'), "{line}");
    let commit = &line[prefix.len()..line.len() - 1];
    assert_eq!(commit, env!("KBGEN_COMMIT"));
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(repo())
        .output();
    match head {
        Ok(h)
            if h.status.success()
                && repo().join(".git").exists()
                && std::env::var_os("KBGEN_COMMIT").is_none() =>
        {
            assert_eq!(commit, String::from_utf8_lossy(&h.stdout).trim());
        }
        _ => assert!(!commit.is_empty(), "{line}"),
    }
}
