//! Bad input never panics: every case of `tests/fixtures/bad/` (files laid over the `basic`
//! site fixture) gives one clear diagnostic and exit code 1 (content) or 2 (configuration,
//! templates, I/O). Cases that cannot live in git (a 10 MB topic, deep nesting, non-UTF-8 bytes,
//! symlink loops) are generated here. A BOM or CRLF line endings are not errors: they build.

mod common;

use common::*;
use std::path::Path;
use std::process::Command;

fn kbgen_build(root: &Path) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["build", "--root"])
        .arg(root)
        .env("KBGEN_TODAY", "2026-12-01")
        .env("NO_COLOR", "1")
        .output()
        .expect("run kbgen");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "kbgen panicked:\n{err}");
    (out.status.code(), err)
}

#[test]
fn every_bad_input_fixture_gives_its_diagnostic_and_exit_code() {
    let dir = repo().join("tests/fixtures/bad");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "too few cases");
    let mut failures = Vec::new();
    for case in cases {
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let expect = std::fs::read_to_string(case.join("expect.txt")).expect("expect.txt");
        let mut lines = expect.lines();
        let code: i32 = lines
            .next()
            .and_then(|l| l.trim().parse().ok())
            .expect("exit code on line 1");
        let project = fixture_project("basic");
        for file in files_under(&case).into_iter().filter(|f| f != "expect.txt") {
            let dest = project.path().join(&file);
            std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
            std::fs::copy(case.join(&file), dest).expect("copy");
        }
        let (got, err) = kbgen_build(project.path());
        if got != Some(code) {
            failures.push(format!("{name}: exit {got:?}, expected {code}\n{err}"));
            continue;
        }
        for want in lines.filter(|l| !l.trim().is_empty()) {
            if !err.contains(want) {
                failures.push(format!("{name}: stderr lacks `{want}`\n{err}"));
            }
        }
        assert!(
            !project.path().join("book").exists(),
            "{name}: a site was written despite errors"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}

/// Writes a file into a fresh copy of the basic fixture and builds it.
fn build_with(path: &str, bytes: &[u8]) -> (Option<i32>, String, tempfile::TempDir) {
    let project = fixture_project("basic");
    let dest = project.path().join(path);
    std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
    std::fs::write(&dest, bytes).expect("write");
    let (code, err) = kbgen_build(project.path());
    (code, err, project)
}

fn topic(id: &str, extra: &str, body: &str) -> String {
    format!(
        "---\nid: {id}\ntitle: T\nsummary: S\ncategory: general\nreviewed: 2026-11-01\n{extra}procedures:\n  - id: p\n    title: P\n    commands:\n      - shell: cmd\n        run: slmgr /dli\n    sources: [learn-cim]\n---\n{body}"
    )
}

#[test]
fn non_utf8_bytes_point_at_the_line() {
    let mut bytes = b"---\nid: second\ntitle: \"".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\"\n---\n");
    let (code, err, _p) = build_with("content/en/second.md", &bytes);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/en/second.md:3:9: error[KB000]: the file is not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn deeply_nested_lists_are_a_diagnostic_not_a_stack_overflow() {
    let nested = format!("tags: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let (code, err, _p) = build_with(
        "content/en/second.md",
        topic("second", &nested, "").as_bytes(),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("content/en/second.md:7:"), "{err}");
}

#[test]
fn a_ten_megabyte_topic_builds() {
    let body = "Lorem ipsum dolor sit amet, `slmgr /dli` and プロダクトキー.\n\n".repeat(160_000);
    assert!(body.len() > 10_000_000);
    let project = fixture_project("basic");
    for lang in ["ja", "en"] {
        std::fs::write(
            project.path().join(format!("content/{lang}/big.md")),
            topic("big", "", &body),
        )
        .expect("write");
    }
    let (code, err) = kbgen_build(project.path());
    assert_eq!(code, Some(0), "{err}");
    assert!(project.path().join("book/en/big.html").is_file());
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed() {
    let project = fixture_project("basic");
    std::os::unix::fs::symlink("loop", project.path().join("content/en/loop")).expect("symlink");
    std::os::unix::fs::symlink(".", project.path().join("content/ja/self")).expect("symlink");
    let (code, err) = kbgen_build(project.path());
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/en/loop: error[KB000]: symbolic links are not followed"),
        "{err}"
    );
    assert!(err.contains("content/ja/self: error[KB000]"), "{err}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let crlf = topic(
        "second",
        "",
        "## More {#more}\r\n\r\nBack to [first](@/first#details).\r\n",
    )
    .replace('\n', "\r\n");
    let mut bom = vec![0xef, 0xbb, 0xbf];
    bom.extend(topic("second", "", "## More {#more}\n").as_bytes());
    let project = fixture_project("basic");
    std::fs::write(project.path().join("content/en/second.md"), crlf).expect("write");
    std::fs::write(project.path().join("content/ja/second.md"), bom).expect("write");
    let (code, err) = kbgen_build(project.path());
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_missing_book_toml_is_an_io_error() {
    let project = fixture_project("basic");
    std::fs::remove_file(project.path().join("book.toml")).expect("rm");
    let (code, err) = kbgen_build(project.path());
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("book.toml"), "{err}");
}

#[test]
fn regression_fuzz_lone_carriage_returns_point_inside_the_file() {
    // Found by `fuzz/run.sh` (topic_loader): a topic whose lines end in lone CRs made the
    // parser report a line past the end of the file.
    let bytes =
        std::fs::read(repo().join("tests/fixtures/regression/fuzz-lone-carriage-returns.md"))
            .expect("fixture");
    let file = kbgen::source_text::SourceText::new(
        "content/en/first.md",
        &String::from_utf8_lossy(&bytes),
    );
    let parts = kbgen::content::front_matter::split(&file);
    let diag = match parts {
        Ok(p) => kbgen::content::front_matter::parse_yaml::<kbgen::content::model::TopicMeta>(
            &file,
            p.yaml,
            p.yaml_line,
        )
        .err(),
        Err(d) => Some(d),
    };
    let d = diag.expect("the fuzz input is not a valid topic");
    assert!(
        (d.pos.line as usize) <= file.line_count(),
        "{d:?} is past line {}",
        file.line_count()
    );
    let (code, err, _p) = build_with("content/en/first.md", &bytes);
    assert_eq!(code, Some(1), "{err}");
}

/// Found by `fuzz/run.sh` (markdown target): a topic link whose id held `[`, `^` and a colon
/// rendered as a relative URL that the page check mistook for a scheme and refused.
#[test]
fn regression_fuzz_relative_url_with_a_colon_is_not_a_scheme() {
    let text = std::fs::read_to_string(
        repo().join("tests/fixtures/regression/fuzz-markdown-relative-url-with-colon.md"),
    )
    .expect("fixture");
    let html = render_body(&text);
    assert_eq!(
        kbgen::render::urls::refused_in_page(&html),
        Vec::<String>::new()
    );
    // The URL the page held then (topic links with such ids now render as `#`): relative.
    let page = "<a href=\"supp%5B^t-preparationxlink:href.html\">x</a>";
    assert_eq!(
        kbgen::render::urls::refused_in_page(page),
        Vec::<String>::new()
    );
}

/// Found by `fuzz/run.sh` (markdown target): a topic link `@/supp:…` became
/// `href="supp:….html"`, a URL with a scheme; with `broken-link` lowered, `@/javascript:…`
/// would have been emitted as a script URL.
#[test]
fn regression_fuzz_topic_link_never_becomes_a_scheme() {
    let text = std::fs::read_to_string(
        repo().join("tests/fixtures/regression/fuzz-markdown-topic-link-with-scheme.md"),
    )
    .expect("fixture");
    assert!(text.contains("@/supp:"), "the case is still exercised");
    for text in [text.as_str(), "[x](@/javascript:alert(1))"] {
        let html = render_body(text);
        assert_eq!(
            kbgen::render::urls::refused_in_page(&html),
            Vec::<String>::new()
        );
    }
    // The same through a build with the link rule off.
    let project = fixture_project("basic");
    let path = project.path().join("content/en/first.md");
    let mut body = std::fs::read_to_string(&path).expect("read");
    body.push_str("\n[x](@/javascript:alert(1))\n");
    std::fs::write(&path, body).expect("write");
    let toml = std::fs::read_to_string(project.path().join("book.toml")).expect("read");
    std::fs::write(
        project.path().join("book.toml"),
        format!("{toml}\n[lint.rules]\nbroken-link = \"off\"\n"),
    )
    .expect("write");
    let (code, err) = kbgen_build(project.path());
    assert_eq!(code, Some(0), "{err}");
    let html = std::fs::read_to_string(project.path().join("book/en/first.html")).expect("read");
    assert!(!html.contains("javascript:"), "emitted");
}

/// A topic body rendered as the build renders it (outline ids, no raw HTML).
fn render_body(text: &str) -> String {
    let h = kbgen::render::highlight::Highlighter::new();
    let o = kbgen::content::body::outline(text, &["procedure"]);
    kbgen::render::markdown::render(
        text,
        &kbgen::render::markdown::MarkdownContext {
            highlighter: &h,
            allow_raw_html: false,
            headings: &o.headings,
        },
    )
}
