//! Languages beyond the two kbgen ships UI strings for (issue #18): a three-language project
//! (ja, en, ko) gets one located error per missing UI string, naming the key and its English
//! text, then builds once they are given; Korean and Chinese pages are searched as Japanese
//! ones are (bigrams, spaces between words optional), under `node`.

mod common;

use common::*;
use kbgen::diag::Diagnostic;
use kbgen::i18n::I18N_CODE;
use kbgen::input::builtin;
use kbgen::pipeline::{build, check, BuildOptions};
use kbgen::scaffold::init::{init, InitOptions, EXAMPLE_TOPIC};
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).expect(rel)
}

/// The English example topic as `lang`, with its own title, summary and first paragraph
/// (procedures, commands and sources stay those of the original, as translations must).
fn translated(root: &Path, id: &str, title: &str, summary: &str, prose: &str) -> String {
    let en = read(root, &format!("content/en/{id}.md"));
    let (front, _) = en.split_once("\n---\n").expect("front matter");
    let front: String = front
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                format!("title: {title}\n")
            } else if l.starts_with("summary:") {
                format!("summary: {summary}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    format!("{front}---\n{prose}\n")
}

/// A second topic in every language, on something else, so a query must choose.
fn second_topic(root: &Path, lang: &str, title: &str, prose: &str) {
    let text = format!(
        "---\nid: team-contacts\ntitle: {title}\nsummary: {title}.\ncategory: getting-started\n\
         tags: [team]\nreviewed: 2026-12-01\napplies_to: [kbgen]\nrelated: []\n---\n{prose}\n"
    );
    write(root, &format!("content/{lang}/team-contacts.md"), &text);
}

/// A project made by `kbgen init` (ja, en) to which `ko` and `zh-Hans` are added by hand in
/// book.toml, with topics but without UI strings.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    init(root, &InitOptions::default(), today()).expect("init");
    let config = read(root, "book.toml")
        .replace(
            r#"languages = ["ja", "en"]"#,
            r#"languages = ["ja", "en", "ko", "zh-Hans"]"#,
        )
        .replace(
            "en = \"Knowledge base\"\n",
            "en = \"Knowledge base\"\nko = \"지식 베이스\"\nzh-Hans = \"知识库\"\n",
        )
        .replace(
            r#"en = "Getting started" }"#,
            r#"en = "Getting started", ko = "시작하기", zh-Hans = "入门" }"#,
        );
    write(root, "book.toml", &config);
    let ko = translated(
        root,
        EXAMPLE_TOPIC,
        "절차 작성 방법",
        "kbgen init이 만든 예제 주제입니다. 절차를 작성하고 게시 전에 검사하는 방법을 보여 줍니다.",
        "절차는 단계, 명령과 출처로 작성합니다. 게시하기 전에 kbgen check로 검사합니다.",
    );
    write(root, &format!("content/ko/{EXAMPLE_TOPIC}.md"), &ko);
    let zh = translated(
        root,
        EXAMPLE_TOPIC,
        "如何编写操作步骤",
        "这是 kbgen init 生成的示例主题，说明如何编写操作步骤并在发布前检查页面。",
        "操作步骤由步骤、命令和出处组成。发布之前，用 kbgen check 检查页面。",
    );
    write(root, &format!("content/zh-Hans/{EXAMPLE_TOPIC}.md"), &zh);
    for (lang, title, prose) in [
        ("ja", "チームの連絡先", "担当チームと連絡先の一覧です。"),
        (
            "en",
            "Team contacts",
            "Who looks after what, and how to reach them.",
        ),
        ("ko", "팀 연락처", "담당 팀과 연락처 목록입니다."),
        ("zh-Hans", "团队联系方式", "负责团队及其联系方式的列表。"),
    ] {
        second_topic(root, lang, title, prose);
    }
    dir
}

fn ui_string_errors(diagnostics: &[Diagnostic], lang: &str) -> Vec<Diagnostic> {
    let file = kbgen::layout::strings_file(lang);
    diagnostics
        .iter()
        .filter(|d| d.code == I18N_CODE && d.file == file)
        .cloned()
        .collect()
}

/// The keys of the built-in English strings, sorted.
fn english_keys() -> Vec<String> {
    let text = std::str::from_utf8(builtin::file("i18n/en.toml").expect("en")).expect("utf-8");
    let table: toml::Table = toml::from_str(text).expect("toml");
    let mut keys: Vec<String> = table.keys().cloned().collect();
    keys.sort();
    keys
}

#[test]
fn each_missing_ui_string_is_a_located_error_until_all_are_given() {
    let dir = project();
    let root = dir.path();
    let keys = english_keys();

    // No UI strings for ko and zh-Hans: one error per key each, at the file to create.
    let checked = check(root, today()).expect("check runs");
    assert_eq!(
        checked.diagnostics.len(),
        2 * keys.len(),
        "only UI-string errors: {:?}",
        checked.diagnostics.first()
    );
    let ko = ui_string_errors(&checked.diagnostics, "ko");
    assert_eq!(ko.len(), keys.len());
    let mut named: Vec<String> = ko
        .iter()
        .map(|d| d.message.split('`').nth(1).expect("key").to_string())
        .collect();
    named.sort();
    assert_eq!(named, keys, "one error per key");
    for d in &ko {
        assert_eq!((d.pos.line, d.pos.col), (1, 1));
        assert!(d
            .help
            .as_deref()
            .is_some_and(|h| h.contains("create i18n/ko.toml")));
    }
    let home = ko
        .iter()
        .find(|d| d.message.contains("`home`"))
        .expect("home");
    assert!(
        home.help.as_deref().is_some_and(|h| h.contains("\"Home\"")),
        "{home:?}"
    );

    // The CLI: exit 1, each error with file:line:col.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["check"])
        .current_dir(root)
        .env("KBGEN_TODAY", "2026-12-01")
        .env("NO_COLOR", "1")
        .output()
        .expect("run kbgen");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("i18n/zh-Hans.toml:1:1: error[KB101]: UI string `search_title` is missing"),
        "{text}"
    );

    // All but two keys given: exactly those two, located at the end of the file.
    let english = std::str::from_utf8(builtin::file("i18n/en.toml").expect("en")).expect("utf-8");
    let partial: String = english
        .lines()
        .filter(|l| !l.starts_with("search_title =") && !l.starts_with("copied ="))
        .map(|l| format!("{l}\n"))
        .collect();
    write(root, "i18n/ko.toml", &partial);
    write(root, "i18n/zh-Hans.toml", english);
    let checked = check(root, today()).expect("check runs");
    let ko = ui_string_errors(&checked.diagnostics, "ko");
    let mut named: Vec<&str> = ko
        .iter()
        .map(|d| d.message.split('`').nth(1).expect("key"))
        .collect();
    named.sort();
    assert_eq!(
        named,
        ["copied", "search_title"],
        "{:?}",
        checked.diagnostics
    );
    let last = partial.lines().count() as u32;
    assert!(
        ko.iter().all(|d| d.pos.line == last && d.pos.col == 1),
        "{ko:?}"
    );
    assert_eq!(checked.diagnostics.len(), 2);

    // Given: the site builds, in four languages.
    write(
        root,
        "i18n/ko.toml",
        &format!("{partial}search_title = \"검색\"\ncopied = \"복사됨\"\n"),
    );
    let built = build(root, &BuildOptions::new(today())).expect("build runs");
    let site = built.output.expect("no errors");
    let page = std::str::from_utf8(site.get("ko/writing-a-procedure.html").expect("ko page"))
        .expect("utf-8")
        .to_string();
    assert!(page.contains(r#"<html lang="ko""#), "lang attribute");
    assert!(page.contains("절차 작성 방법"));
    assert!(site.get("zh-Hans/search.html").is_some());
    assert!(site.get("ko/search/meta.js").is_some());
}

#[test]
fn korean_and_chinese_pages_are_searched_like_japanese_ones() {
    if !require_tool("node", "runs static/search.js without a browser") {
        return;
    }
    let dir = project();
    let root = dir.path();
    let english = std::str::from_utf8(builtin::file("i18n/en.toml").expect("en")).expect("utf-8");
    write(root, "i18n/ko.toml", english);
    write(root, "i18n/zh-Hans.toml", english);
    let book = dir.path().join("book");
    build_into(root, &book);
    let queries = [
        // Korean: a word, a word inside a longer one, spacing ignored.
        ("ko", "작성", EXAMPLE_TOPIC),
        ("ko", "절차작성", EXAMPLE_TOPIC),
        ("ko", "검사하는 방법", EXAMPLE_TOPIC),
        ("ko", "연락처", "team-contacts"),
        // Chinese: words without spaces, found inside the text.
        ("zh-Hans", "操作步骤", EXAMPLE_TOPIC),
        ("zh-Hans", "检查页面", EXAMPLE_TOPIC),
        ("zh-Hans", "联系方式", "team-contacts"),
    ];
    let mut args = vec![book.display().to_string()];
    for (lang, q, topic) in queries {
        args.extend([lang.to_string(), q.to_string(), topic.to_string()]);
    }
    run_node_script("search/languages.mjs", &args);
}
