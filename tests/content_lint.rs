//! The content-lint test: the shipped knowledge base (book.toml + content/) passes
//! `kbgen check` with no problem at all, and the checks that protect it really fire on it: a
//! copy of the shipped content with one procedure's commands removed, its sources removed, or a
//! cited source id changed makes `kbgen check` fail at the right file and line.

use kbgen::date::Date;
use kbgen::diag::Diagnostic;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| {
            let mut s = format!("  {} ({})\n", d.headline(), d.rule);
            if let Some(help) = &d.help {
                s.push_str(&format!("      help: {help}\n"));
            }
            s
        })
        .collect()
}

#[test]
fn shipped_content_passes_check_with_zero_problems() {
    let checked = kbgen::pipeline::check(&repo(), Date::today_utc())
        .unwrap_or_else(|e| panic!("kbgen check failed fatally on the repository: {e}"));
    assert!(
        !checked.corpus.topics.is_empty(),
        "the repository has no topics"
    );
    assert!(
        checked.diagnostics.is_empty(),
        "the shipped content has {} problem(s) (errors and warnings both count):\n{}",
        checked.diagnostics.len(),
        show(&checked.diagnostics)
    );
}

// ---------------------------------------------------------------------------------------------
// Mutations of a copy of the shipped content.

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("dir entry");
        let dst = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &dst);
        } else {
            fs::copy(entry.path(), &dst).expect("copy file");
        }
    }
}

/// A temp dir holding the repository's book.toml and content/.
fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(repo().join("book.toml"), dir.path().join("book.toml")).expect("copy book.toml");
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    dir
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The first procedure of a topic, located in its lines (0-based indices).
#[derive(Debug)]
struct ProcBlock {
    /// The `- ...` line that starts the sequence item.
    start: usize,
    /// One past the last line of the item.
    end: usize,
    /// Column of the procedure's keys (the item's `-` column + 2).
    key_indent: usize,
}

/// The end (exclusive) of the front matter: the index of the closing `---` line.
fn front_matter_end(lines: &[&str]) -> usize {
    assert_eq!(
        lines.first().map(|l| l.trim_end()),
        Some("---"),
        "no front matter"
    );
    lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| matches!(l.trim_end(), "---" | "..."))
        .map(|(i, _)| i)
        .expect("front matter is closed")
}

fn first_procedure(lines: &[&str]) -> Option<ProcBlock> {
    let fm_end = front_matter_end(lines);
    let key =
        (1..fm_end).find(|&i| indent(lines[i]) == 0 && lines[i].trim_end() == "procedures:")?;
    let start = (key + 1..fm_end).find(|&i| !is_blank_or_comment(lines[i]))?;
    let item_indent = indent(lines[start]);
    if !lines[start].trim_start().starts_with("- ") {
        return None;
    }
    let end = (start + 1..fm_end)
        .find(|&i| !is_blank_or_comment(lines[i]) && indent(lines[i]) <= item_indent)
        .unwrap_or(fm_end);
    Some(ProcBlock {
        start,
        end,
        key_indent: item_indent + 2,
    })
}

/// The line index of key `name:` of the procedure (on the `- ` line or at the key column).
fn key_line(lines: &[&str], p: &ProcBlock, name: &str) -> Option<usize> {
    let prefix = format!("{name}:");
    (p.start..p.end).find(|&i| {
        let l = lines[i];
        let rest = if i == p.start {
            l.trim_start().strip_prefix("- ").map(str::trim_start)
        } else if indent(l) == p.key_indent {
            Some(l.trim_start())
        } else {
            None
        };
        rest.is_some_and(|r| {
            r.strip_prefix(&prefix)
                .is_some_and(|after| after.is_empty() || after.starts_with([' ', '\t']))
        })
    })
}

/// The 1-based line of the procedure's `id:`.
fn id_line(lines: &[&str], p: &ProcBlock) -> usize {
    key_line(lines, p, "id").expect("the procedure has an id") + 1
}

/// Removes key `name` of the procedure with everything nested under it.
fn cut_key(text: &str, p: &ProcBlock, name: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let k = key_line(&lines, p, name).unwrap_or_else(|| {
        panic!(
            "the procedure has no `{name}:`:\n{}",
            lines[p.start..p.end].join("\n")
        )
    });
    assert_ne!(
        k, p.start,
        "`{name}:` on the item line is not supported by this test"
    );
    let mut end = k + 1;
    let mut i = k + 1;
    while i < p.end {
        let l = lines[i];
        if is_blank_or_comment(l) {
            i += 1;
            continue;
        }
        // Nested deeper, or an indentless block sequence under the key.
        if indent(l) > p.key_indent
            || (indent(l) == p.key_indent && l.trim_start().starts_with("- "))
        {
            i += 1;
            end = i;
        } else {
            break;
        }
    }
    let mut out: Vec<&str> = lines[..k].to_vec();
    out.extend_from_slice(&lines[end..]);
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// Replaces the first cited source id of the procedure; returns the new text and the 1-based
/// line of the changed id.
fn replace_first_source(text: &str, p: &ProcBlock, new_id: &str) -> (String, usize) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let view: Vec<&str> = lines.iter().map(String::as_str).collect();
    let k = key_line(&view, p, "sources").expect("the procedure has `sources:`");
    let after = view[k]
        .split_once("sources:")
        .map(|(_, a)| a.trim())
        .unwrap_or("");
    let (line, old) = if let Some(inner) = after.strip_prefix('[') {
        // Flow list: `sources: [a, b]`.
        let first = inner
            .split([',', ']'])
            .next()
            .map(|s| s.trim().trim_matches(['\'', '"']))
            .filter(|s| !s.is_empty())
            .expect("a cited id");
        (k, first.to_string())
    } else {
        // Block list: the first `- id` line below the key.
        let item = (k + 1..p.end)
            .find(|&i| !is_blank_or_comment(view[i]))
            .expect("an item under sources:");
        let id = view[item]
            .trim_start()
            .strip_prefix("- ")
            .map(|s| s.trim().trim_matches(['\'', '"']))
            .expect("a `- id` item");
        (item, id.to_string())
    };
    let l = &lines[line];
    let colon = if line == k {
        l.find("sources:").expect("key") + "sources:".len()
    } else {
        0
    };
    let at = colon + l[colon..].find(&old).expect("id on its line");
    lines[line] = format!("{}{new_id}{}", &l[..at], &l[at + old.len()..]);
    let mut s = lines.join("\n");
    s.push('\n');
    (s, line + 1)
}

/// The topic to mutate: content/ja/check-methods.md, or the first ja topic with a procedure.
fn target_topic(root: &Path) -> (String, String) {
    let preferred = "content/ja/check-methods.md";
    let has_proc = |rel: &str| {
        fs::read_to_string(root.join(rel)).ok().filter(|t| {
            let lines: Vec<&str> = t.lines().collect();
            first_procedure(&lines).is_some()
        })
    };
    if let Some(text) = has_proc(preferred) {
        return (preferred.to_string(), text);
    }
    let mut names: Vec<String> = fs::read_dir(root.join("content/ja"))
        .expect("content/ja")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| format!("content/ja/{n}"))
        .find_map(|rel| has_proc(&rel).map(|t| (rel, t)))
        .expect("some ja topic has a procedure")
}

fn kbgen_check(root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["check", "--root"])
        .arg(root)
        .env_remove("KBGEN_TODAY")
        .env("NO_COLOR", "1")
        .output()
        .expect("run kbgen")
}

/// Runs `kbgen check` on the mutated copy and asserts exit code 1, no panic, and an error of
/// `code` at `rel:line`.
fn assert_fails_at(root: &Path, rel: &str, line: usize, code: &str, what: &str) {
    let out = kbgen_check(root);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let context = format!(
        "{what}: expected error[{code}] at {rel}:{line}\nstatus: {:?}\n--- stderr\n{stderr}",
        out.status.code()
    );
    assert!(!stderr.contains("panicked"), "{context}");
    assert_eq!(out.status.code(), Some(1), "{context}");
    let loc = format!("{rel}:{line}");
    assert!(stderr.contains(&loc), "{context}");
    let headline = format!("{loc}:");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with(&headline) && l.contains(&format!(": error[{code}]: "))),
        "{context}"
    );
}

/// Removes every command of the procedure: its own `commands:` and those of its steps (a step
/// written `- text: ...` becomes a plain `- ...`).
fn cut_all_commands(text: &str, p: &ProcBlock) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut skipping: Option<usize> = None;
    for (i, l) in lines.iter().enumerate() {
        let inside = (p.start..p.end).contains(&i);
        if let Some(col) = skipping {
            if inside && (l.trim().is_empty() || indent(l) > col) {
                continue;
            }
            skipping = None;
        }
        if inside && l.trim_start().starts_with("commands:") {
            skipping = Some(indent(l));
            continue;
        }
        match l.trim_start().strip_prefix("- text: ") {
            Some(rest) if inside => out.push(format!("{}- {rest}", " ".repeat(indent(l)))),
            _ => out.push(l.to_string()),
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn removing_a_procedures_commands_fails_at_its_id() {
    let dir = shipped_copy();
    let (rel, text) = target_topic(dir.path());
    let lines: Vec<&str> = text.lines().collect();
    let p = first_procedure(&lines).expect("a procedure");
    let mutated = cut_all_commands(&text, &p);
    let m_lines: Vec<&str> = mutated.lines().collect();
    let mp = first_procedure(&m_lines).expect("still a procedure");
    assert!(key_line(&m_lines, &mp, "commands").is_none(), "{mutated}");
    assert!(
        !m_lines[mp.start..mp.end]
            .iter()
            .any(|l| l.contains("commands:")),
        "{mutated}"
    );
    assert!(m_lines.len() < lines.len());
    let line = id_line(&m_lines, &mp);
    fs::write(dir.path().join(&rel), &mutated).expect("write");
    assert_fails_at(dir.path(), &rel, line, "KB001", "commands removed");
}

#[test]
fn removing_a_procedures_sources_fails_at_its_id() {
    let dir = shipped_copy();
    let (rel, text) = target_topic(dir.path());
    let lines: Vec<&str> = text.lines().collect();
    let p = first_procedure(&lines).expect("a procedure");
    let mutated = cut_key(&text, &p, "sources");
    let m_lines: Vec<&str> = mutated.lines().collect();
    let mp = first_procedure(&m_lines).expect("still a procedure");
    assert!(key_line(&m_lines, &mp, "sources").is_none(), "{mutated}");
    let line = id_line(&m_lines, &mp);
    fs::write(dir.path().join(&rel), &mutated).expect("write");
    assert_fails_at(dir.path(), &rel, line, "KB004", "sources removed");
}

#[test]
fn citing_an_unknown_source_fails_at_the_cited_id() {
    let dir = shipped_copy();
    let (rel, text) = target_topic(dir.path());
    let lines: Vec<&str> = text.lines().collect();
    let p = first_procedure(&lines).expect("a procedure");
    let bogus = "no-such-source-kbgen-test";
    let (mutated, line) = replace_first_source(&text, &p, bogus);
    assert!(mutated.contains(bogus));
    assert_eq!(mutated.lines().count(), lines.len());
    fs::write(dir.path().join(&rel), &mutated).expect("write");
    assert_fails_at(dir.path(), &rel, line, "KB005", "unknown source cited");
    let stderr = String::from_utf8_lossy(&kbgen_check(dir.path()).stderr).into_owned();
    assert!(stderr.contains(bogus), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// The text surgery itself, on a small sample with both list styles.

const SAMPLE: &str = "---
id: t
procedures:
  - id: first
    title: First
    commands:
    - shell: cmd
      run: x

      note: y
    sources:
      - 'src-a'
      - src-b
  - id: second
    title: Second
    sources: [src-c]
---
body
";

#[test]
fn mutation_helpers_cut_by_indentation() {
    let lines: Vec<&str> = SAMPLE.lines().collect();
    let p = first_procedure(&lines).expect("procedure");
    assert_eq!((p.start, p.end, p.key_indent), (3, 13, 4));
    assert_eq!(id_line(&lines, &p), 4);

    let cut = cut_key(SAMPLE, &p, "commands");
    assert!(
        !cut.contains("commands:") && !cut.contains("note: y"),
        "{cut}"
    );
    assert!(cut.contains("    title: First\n    sources:\n"), "{cut}");

    let cut = cut_key(SAMPLE, &p, "sources");
    assert!(!cut.contains("src-a") && !cut.contains("src-b"), "{cut}");
    assert!(cut.contains("      note: y\n  - id: second\n"), "{cut}");
    assert!(cut.contains("[src-c]"), "{cut}");

    let (changed, line) = replace_first_source(SAMPLE, &p, "zzz");
    assert_eq!(line, 12);
    assert!(
        changed.contains("      - 'zzz'\n      - src-b\n"),
        "{changed}"
    );

    let flow = SAMPLE.replace(
        "    sources:\n      - 'src-a'\n      - src-b\n",
        "    sources: [src-a, src-b]\n",
    );
    let flines: Vec<&str> = flow.lines().collect();
    let fp = first_procedure(&flines).expect("procedure");
    let (changed, line) = replace_first_source(&flow, &fp, "zzz");
    assert_eq!(line, 11);
    assert!(changed.contains("    sources: [zzz, src-b]\n"), "{changed}");
}
