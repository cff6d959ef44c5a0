//! One fixture per lint rule (tests/fixtures/lint/<code>-<name>/) proves that the rule fires at
//! the expected lines and that nothing else does; the CLI tests check the human and JSON output,
//! level overrides from book.toml, `--deny-warnings`, `--explain` and `--list-rules`.
//!
//! A fixture holds only the files that replace or add to `tests/fixtures/lint/_base` (same
//! relative paths), an `expected.txt` with one `CODE path:LINE` per diagnostic, and optionally a
//! `remove.txt` listing base files to delete.

use kbgen::date::Date;
use kbgen::diag::{Diagnostic, Severity};
use kbgen::lint::rules;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TODAY: &str = "2026-11-23";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

fn today() -> Date {
    Date::parse(TODAY).expect("TODAY is a valid date")
}

/// Files of a fixture that describe it rather than add to the project.
const META_FILES: &[&str] = &["expected.txt", "remove.txt"];

fn copy_tree(from: &Path, to: &Path, skip_meta: bool) {
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("dir entry");
        let name = entry.file_name();
        let src = entry.path();
        let dst = to.join(&name);
        let ty = entry.file_type().expect("file type");
        if ty.is_dir() {
            fs::create_dir_all(&dst).expect("create dir");
            copy_tree(&src, &dst, false);
        } else if !(skip_meta && META_FILES.iter().any(|m| name == *m)) {
            fs::copy(&src, &dst)
                .unwrap_or_else(|e| panic!("copy {} -> {}: {e}", src.display(), dst.display()));
        }
    }
}

/// `_base` plus the fixture's files, minus its `remove.txt` entries, in a fresh temp dir.
fn project(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixtures_dir().join("_base"), dir.path(), false);
    if fixture != "_base" {
        let fx = fixtures_dir().join(fixture);
        assert!(fx.is_dir(), "no fixture {}", fx.display());
        copy_tree(&fx, dir.path(), true);
        if let Ok(list) = fs::read_to_string(fx.join("remove.txt")) {
            for rel in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let path = dir.path().join(rel);
                fs::remove_file(&path)
                    .unwrap_or_else(|e| panic!("{fixture}/remove.txt: {rel}: {e}"));
            }
        }
    }
    dir
}

fn rel_path(d: &Diagnostic) -> String {
    d.file.to_string_lossy().replace('\\', "/")
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  {} ({})\n", d.headline(), d.rule))
        .collect()
}

fn check_dir(root: &Path) -> Vec<Diagnostic> {
    kbgen::pipeline::check(root, today())
        .unwrap_or_else(|e| panic!("check failed fatally: {e}"))
        .diagnostics
}

/// `CODE path:LINE` of every diagnostic that is not switched off, sorted.
fn found(diags: &[Diagnostic]) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .filter(|d| d.severity != Severity::Off)
        .map(|d| format!("{} {}:{}", d.code, rel_path(d), d.pos.line))
        .collect();
    v.sort();
    v
}

fn expected(fixture: &str) -> Vec<String> {
    let path = fixtures_dir().join(fixture).join("expected.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut v: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    v.sort();
    v
}

/// Every fixture directory except `_base`, sorted.
fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/lint")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "_base")
        .collect();
    names.sort();
    names
}

/// Runs one fixture; `Err` describes every difference.
fn run_fixture(fixture: &str) -> Result<(), String> {
    let dir = project(fixture);
    let diags = check_dir(dir.path());
    let want = expected(fixture);
    let got = found(&diags);
    let code = fixture.split('-').next().unwrap_or("");
    let mut problems = String::new();
    if want.is_empty() {
        problems.push_str("  expected.txt lists no diagnostic\n");
    }
    for w in want.iter().filter(|w| !w.starts_with(&format!("{code} "))) {
        problems.push_str(&format!(
            "  expected.txt line `{w}` is not a {code} diagnostic\n"
        ));
    }
    if want != got {
        let missing: Vec<&String> = want.iter().filter(|w| !got.contains(w)).collect();
        let extra: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
        problems.push_str(&format!(
            "  expected: {want:#?}\n  found:    {got:#?}\n  missing:  {missing:?}\n  unexpected: {extra:?}\n"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fixture {fixture}:\n{problems}  all diagnostics:\n{}",
            show(&diags)
        ))
    }
}

#[test]
fn base_fixture_has_no_diagnostics() {
    let dir = project("_base");
    let diags = check_dir(dir.path());
    assert!(
        diags.is_empty(),
        "the _base fixture must be clean, found:\n{}",
        show(&diags)
    );
}

#[test]
fn every_fixture_reports_exactly_its_expected_diagnostics() {
    let names = fixture_names();
    assert!(!names.is_empty(), "no fixtures found");
    let failures: Vec<String> = names.iter().filter_map(|n| run_fixture(n).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_fixture_and_an_explanation() {
    let names = fixture_names();
    let mut problems = Vec::new();
    for rule in rules::ALL {
        let dir = format!("{}-{}", rule.code, rule.name);
        if !names.contains(&dir) {
            problems.push(format!(
                "{}: no fixture directory tests/fixtures/lint/{dir}/",
                rule.code
            ));
        } else if expected(&dir).is_empty() {
            problems.push(format!("{}: {dir}/expected.txt is empty", rule.code));
        }
        if rule.explain.trim().is_empty() {
            problems.push(format!("{}: empty `explain`", rule.code));
        }
        if rule.summary.trim().is_empty() {
            problems.push(format!("{}: empty `summary`", rule.code));
        }
        if rules::find(rule.code).map(|r| r.code) != Some(rule.code)
            || rules::find(rule.name).map(|r| r.code) != Some(rule.code)
        {
            problems.push(format!(
                "{}: `find` does not resolve its code and name",
                rule.code
            ));
        }
    }
    for name in &names {
        if !rules::ALL
            .iter()
            .any(|r| *name == format!("{}-{}", r.code, r.name))
        {
            problems.push(format!(
                "fixture {name} does not match any rule's code-name"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The binary.

fn kbgen(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("KBGEN_TODAY", TODAY)
        .env("NO_COLOR", "1")
        .output()
        .expect("run kbgen")
}

fn describe(out: &Output) -> String {
    format!(
        "status: {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const FAILING: &str = "KB001-procedure-without-command";

#[test]
fn json_output_lists_file_line_and_code() {
    let dir = project(FAILING);
    let out = kbgen(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", describe(&out)));
    let items = json.as_array().expect("a JSON array");
    let mut got: Vec<String> = items
        .iter()
        .map(|d| {
            let file = d["file"].as_str().expect("file is a string");
            let line = d["line"].as_u64().expect("line is a number");
            let code = d["code"].as_str().expect("code is a string");
            assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "{d}");
            assert_eq!(d["severity"], "error", "{d}");
            assert_eq!(d["rule"], "procedure-without-command", "{d}");
            assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()), "{d}");
            format!("{code} {file}:{line}")
        })
        .collect();
    got.sort();
    assert_eq!(got, expected(FAILING), "{}", describe(&out));
}

/// Parses "N error(s), M warning(s) in K topic(s)".
fn parse_summary(line: &str) -> Option<(usize, usize, usize)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [e, errs, w, warns, "in", k, topics]
            if matches!(*errs, "error," | "errors,")
                && matches!(*warns, "warning" | "warnings")
                && matches!(*topics, "topic" | "topics") =>
        {
            Some((e.parse().ok()?, w.parse().ok()?, k.parse().ok()?))
        }
        _ => None,
    }
}

#[test]
fn human_output_has_location_caret_and_summary() {
    let dir = project(FAILING);
    let out = kbgen(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for want in expected(FAILING) {
        // "KB001 content/ja/a.md:11" -> "content/ja/a.md:11:<col>: error[KB001]:"
        let (code, loc) = want.split_once(' ').expect("CODE path:LINE");
        let found = stderr.lines().any(|l| {
            l.strip_prefix(&format!("{loc}:")).is_some_and(|rest| {
                rest.split_once(": ").is_some_and(|(col, tail)| {
                    col.parse::<u32>().is_ok() && tail.starts_with(&format!("error[{code}]: "))
                })
            })
        });
        assert!(
            found,
            "no `{loc}:COL: error[{code}]:` headline\n{}",
            describe(&out)
        );
    }
    assert!(stderr.contains('^'), "no caret\n{}", describe(&out));
    assert!(stderr.contains("help:"), "no help line\n{}", describe(&out));
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    assert_eq!(
        parse_summary(last),
        Some((expected(FAILING).len(), 0, 6)),
        "summary line `{last}`\n{}",
        describe(&out)
    );
}

#[test]
fn clean_project_exits_zero_with_empty_json() {
    let dir = project("_base");
    let out = kbgen(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("0 errors, 0 warnings in 4 topics"),
        "{}",
        describe(&out)
    );
    let out = kbgen(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json, serde_json::json!([]));
}

fn append_rules(root: &Path, lines: &str) {
    // `[lint.rules]` is the last table of the base book.toml.
    let path = root.join("book.toml");
    let mut text = fs::read_to_string(&path).expect("book.toml");
    assert!(
        text.trim_end().ends_with("[lint.rules]"),
        "base book.toml must end with [lint.rules]"
    );
    text.push_str(lines);
    fs::write(&path, text).expect("write book.toml");
}

#[test]
fn lint_rules_overrides_change_levels() {
    // Default: a warning.
    let dir = project("KB020-unused-source");
    let diags = check_dir(dir.path());
    let levels: Vec<(&str, Severity)> = diags.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(levels, [("KB020", Severity::Warning)], "{}", show(&diags));

    // Off by name: nothing is reported.
    let dir = project("KB020-unused-source");
    append_rules(dir.path(), "\"unused-source\" = \"off\"\n");
    let diags = check_dir(dir.path());
    assert!(found(&diags).is_empty(), "{}", show(&diags));

    // Error by code.
    let dir = project("KB020-unused-source");
    append_rules(dir.path(), "KB020 = \"error\"\n");
    let diags = check_dir(dir.path());
    let levels: Vec<(&str, Severity)> = diags.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(levels, [("KB020", Severity::Error)], "{}", show(&diags));
    let out = kbgen(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));

    // An error rule can be downgraded to a warning.
    let dir = project(FAILING);
    append_rules(dir.path(), "procedure-without-command = \"warning\"\n");
    let diags = check_dir(dir.path());
    assert!(
        !diags.is_empty() && diags.iter().all(|d| d.severity == Severity::Warning),
        "{}",
        show(&diags)
    );
    let out = kbgen(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));

    // An unknown rule name is a configuration error (exit 2) pointing into book.toml.
    let dir = project("_base");
    append_rules(dir.path(), "no-such-rule = \"off\"\n");
    let out = kbgen(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("book.toml:"),
        "{}",
        describe(&out)
    );
}

#[test]
fn deny_warnings_fails_on_warnings_only() {
    for fixture in [
        "KB009-source-stale",
        "KB014-translation-lag",
        "KB020-unused-source",
    ] {
        let dir = project(fixture);
        let out = kbgen(&["check"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{fixture}\n{}", describe(&out));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("warning["), "{fixture}\n{}", describe(&out));
        let out = kbgen(&["check", "--deny-warnings"], dir.path());
        assert_eq!(out.status.code(), Some(1), "{fixture}\n{}", describe(&out));
    }
    // A clean project passes with --deny-warnings too.
    let dir = project("_base");
    let out = kbgen(&["check", "--deny-warnings"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
}

#[test]
fn explain_and_list_rules() {
    let dir = project("_base");
    for rule in ["KB001", "kb001", "procedure-without-command"] {
        let out = kbgen(&["check", "--explain", rule], dir.path());
        assert_eq!(out.status.code(), Some(0), "{rule}\n{}", describe(&out));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("KB001"), "{}", describe(&out));
        assert!(
            stdout.contains("procedure-without-command"),
            "{}",
            describe(&out)
        );
        assert!(
            stdout.contains(rules::MISSING_COMMAND.explain),
            "{}",
            describe(&out)
        );
    }

    let out = kbgen(&["check", "--explain", "KB999"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", describe(&out));

    let out = kbgen(&["check", "--list-rules"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for rule in rules::ALL {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(rule.code))
            .unwrap_or_else(|| panic!("{} not listed\n{}", rule.code, describe(&out)));
        assert!(line.contains(rule.name), "{line}");
        assert!(line.contains(&rule.default.to_string()), "{line}");
    }
}
