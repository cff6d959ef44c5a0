//! Incremental builds are provably fresh builds: a seeded generator drives random edit
//! sequences over a copy of the sample knowledge base — same-size edits, title changes, moves
//! between categories, deletes, renames, a language twin removed and restored, broken files,
//! `book.toml`, `sources.yaml`, template, UI-string and static edits — and after every step the
//! `kbgen serve` path (inputs refreshed for exactly the changed paths, one [`BuildCache`] kept
//! across all steps) must equal a fresh build from disk byte for byte, diagnostics included.
//!
//! Bounded for CI (`KBGEN_PROPTEST_SEEDS`, `KBGEN_PROPTEST_STEPS` raise it; the README reports
//! the long run). A failure prints the seed, the step and the whole edit history, so it can be
//! replayed with `KBGEN_PROPTEST_SEED=<seed>`.

mod common;

use common::*;
use kbgen::input::Inputs;
use kbgen::pipeline::{build, build_inputs, BuildCache, BuildOptions, Built};
use std::path::{Path, PathBuf};

/// xorshift64*: small, seedable, no dependency; the sequence only has to be reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn copy_sample(to: &Path) {
    for part in ["book.toml", "content", "templates", "static", "i18n"] {
        let from = repo().join(part);
        if from.is_dir() {
            copy_dir(&from, &to.join(part));
        } else {
            std::fs::copy(&from, to.join(part)).expect("copy");
        }
    }
}

/// The whole result of a build as comparable text: every output file, or the diagnostics.
fn fingerprint(built: &Built) -> Result<Vec<(String, Vec<u8>)>, String> {
    match &built.output {
        Some(out) => Ok(out
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect()),
        None => Err(kbgen::report::human(
            &built.checked.diagnostics,
            &built.checked.files,
            false,
        )),
    }
}

fn fresh(root: &Path, options: &BuildOptions) -> Result<Vec<(String, Vec<u8>)>, String> {
    match build(root, options) {
        Ok(b) => fingerprint(&b),
        Err(e) => Err(format!("fatal: {e}")),
    }
}

/// The project's topic files, by project-relative path.
fn topics(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for lang in ["ja", "en"] {
        if let Ok(dir) = std::fs::read_dir(root.join("content").join(lang)) {
            for e in dir.flatten() {
                out.push(PathBuf::from("content").join(lang).join(e.file_name()));
            }
        }
    }
    out.sort();
    out
}

fn read(root: &Path, rel: &Path) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_default()
}

fn write(root: &Path, rel: &Path, text: &str) {
    if let Some(parent) = root.join(rel).parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(root.join(rel), text).expect("write");
}

/// Replaces the first occurrence of `from` (if any) in a file.
fn replace_in(root: &Path, rel: &Path, from: &str, to: &str) {
    let text = read(root, rel);
    write(root, rel, &text.replacen(from, to, 1));
}

/// Copies a topic to `<id><suffix>.md` with that id; returns the new path.
fn copy_with_id(root: &Path, topic: &Path, suffix: &str) -> PathBuf {
    let text = read(root, topic);
    let stem = topic
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let id = format!("{stem}{suffix}");
    let to = topic.with_file_name(format!("{id}.md"));
    write(
        root,
        &to,
        &text.replacen(&format!("id: {stem}"), &format!("id: {id}"), 1),
    );
    to
}

/// One random edit; returns its description and the paths it touched (what a watcher reports).
/// Every kind of edit [`random_edit`] makes.
const ALL_EDITS: &[usize] = &[
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
];
/// Edits that leave the sample without errors, prose edits three times as likely: the site
/// stays buildable, so `kbgen serve`'s short way for prose edits is taken between full builds.
const BUILDABLE_EDITS: &[usize] = &[
    1, 2, 9, 11, 12, 13, 14, 19, 16, 17, 18, 16, 17, 18, 16, 17, 18,
];

fn random_edit(
    rng: &mut Rng,
    root: &Path,
    trash: &Path,
    step: usize,
    kinds: &[usize],
) -> (String, Vec<PathBuf>) {
    let all = topics(root);
    let topic = rng.pick(&all).clone();
    let p = |s: &str| PathBuf::from(s);
    match *rng.pick(kinds) {
        0 => {
            // Same size, same second: one ASCII letter of the body swapped for another.
            let text = read(root, &topic);
            let at = text.rfind(|c: char| c.is_ascii_lowercase()).unwrap_or(0);
            let mut bytes = text.into_bytes();
            if let Some(b) = bytes.get_mut(at) {
                *b = if *b == b'z' { b'a' } else { *b + 1 };
            }
            write(root, &topic, &String::from_utf8(bytes).expect("utf-8"));
            (
                format!("same-size edit of {}", topic.display()),
                vec![topic],
            )
        }
        1 => {
            replace_in(root, &topic, "\ntitle: ", &format!("\ntitle: T{step} "));
            (format!("title of {}", topic.display()), vec![topic])
        }
        2 => {
            let to = rng.pick(&["keys", "activation", "purchase"]);
            let text = read(root, &topic);
            let moved: String = text
                .lines()
                .map(|l| {
                    if l.starts_with("category: ") {
                        format!("category: {to}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n";
            write(root, &topic, &moved);
            (format!("{} moved to {to}", topic.display()), vec![topic])
        }
        3 => {
            // A language twin removed (kept aside to restore later).
            let aside = trash
                .join(topic.file_name().expect("name"))
                .with_extension(format!(
                    "{}.md",
                    topic
                        .components()
                        .nth(1)
                        .map_or("x".into(), |c| c.as_os_str().to_string_lossy().into_owned())
                ));
            std::fs::rename(root.join(&topic), &aside).expect("move aside");
            (format!("{} deleted", topic.display()), vec![topic])
        }
        4 => {
            // Restore whatever was deleted, if anything.
            let mut restored = Vec::new();
            for e in std::fs::read_dir(trash).expect("trash").flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let mut parts = name.rsplitn(3, '.');
                let (_, lang, stem) = (parts.next(), parts.next(), parts.next());
                if let (Some(lang), Some(stem)) = (lang, stem) {
                    let rel = PathBuf::from("content")
                        .join(lang)
                        .join(format!("{stem}.md"));
                    std::fs::rename(e.path(), root.join(&rel)).expect("restore");
                    restored.push(rel);
                }
            }
            ("restored deleted topics".into(), restored)
        }
        5 => {
            // Rename: new file name and id (links to the old id now break: an error state).
            let to = copy_with_id(root, &topic, &format!("-r{step}"));
            std::fs::remove_file(root.join(&topic)).expect("rm");
            (
                format!("{} renamed to {}", topic.display(), to.display()),
                vec![topic, to],
            )
        }
        6 => {
            // Broken front matter (an error state), fixed by a later edit or left broken.
            replace_in(root, &topic, "\nsummary: ", "\nsummary: [unclosed ");
            (format!("broke {}", topic.display()), vec![topic])
        }
        7 => {
            let text = read(root, &topic);
            write(root, &topic, &text.replace("[unclosed ", ""));
            (format!("repaired {}", topic.display()), vec![topic])
        }
        8 => {
            let (from, to) = *rng.pick(&[
                ("max_source_age_days = 365", "max_source_age_days = 30"),
                ("max_source_age_days = 30", "max_source_age_days = 365"),
                ("en = \"Product keys and licenses\"", "en = \"Keys\""),
                ("ja = \"Windows 11 ", "ja = \"Win11 "),
            ]);
            replace_in(root, &p("book.toml"), from, to);
            (format!("book.toml: {from} -> {to}"), vec![p("book.toml")])
        }
        9 => {
            replace_in(
                root,
                &p("content/sources.yaml"),
                "title: ",
                &format!("title: S{step} "),
            );
            ("a source title".into(), vec![p("content/sources.yaml")])
        }
        10 => {
            let t = *rng.pick(&[
                "templates/topic.html",
                "templates/base.html",
                "templates/home.html",
                "templates/term.html",
                "templates/terms.html",
                "templates/command.html",
            ]);
            let text = read(root, &p(t));
            write(root, &p(t), &format!("{text}\n<!-- {step} -->"));
            (format!("template {t}"), vec![p(t)])
        }
        11 => {
            let f = *rng.pick(&["i18n/ja.toml", "i18n/en.toml"]);
            replace_in(root, &p(f), "= \"", &format!("= \"{step} "));
            (format!("UI strings {f}"), vec![p(f)])
        }
        13 => {
            // The writer's order: a weight moves the topic within its category's lists.
            let weight = rng.below(5) as i64 - 2;
            let text = read(root, &topic);
            let text = match text.lines().position(|l| l.starts_with("weight: ")) {
                Some(_) => {
                    text.lines()
                        .map(|l| {
                            if l.starts_with("weight: ") {
                                format!("weight: {weight}")
                            } else {
                                l.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                        + "\n"
                }
                None => text.replacen("\ntitle: ", &format!("\nweight: {weight}\ntitle: "), 1),
            };
            write(root, &topic, &text);
            (
                format!("weight {weight} on {}", topic.display()),
                vec![topic],
            )
        }
        12 => {
            let text = read(root, &p("static/kbgen.css"));
            write(
                root,
                &p("static/kbgen.css"),
                &format!("{text}\n/* {step} */"),
            );
            ("static/kbgen.css".into(), vec![p("static/kbgen.css")])
        }
        14 => {
            // Tags and editions: a new term (a new page), one dropped (its page goes when no
            // topic has it any more), one respelt (same page, new name).
            let (from, to) = *rng.pick(&[
                ("\ntags: [", "\ntags: [NewTag, "),
                ("\ntags: [NewTag, ", "\ntags: ["),
                (
                    "\napplies_to: [Windows 11 Pro",
                    "\napplies_to: [Windows 11 Pro, Windows 12",
                ),
                ("\napplies_to: [Windows 11 Home, ", "\napplies_to: ["),
                ("\ntags: [PowerShell", "\ntags: [powershell"),
                ("PowerShell, ", ""),
            ]);
            replace_in(root, &topic, from, to);
            (
                format!("terms of {}: {from:?} -> {to:?}", topic.display()),
                vec![topic],
            )
        }
        19 => {
            // A synonym group no page uses (a KB023 warning) until a prose edit adds its word.
            let group = "  [\"zebrafinch\", \"finchzebra\"],\n";
            let text = read(root, &p("book.toml"));
            let text = if text.contains(group) {
                text.replacen(group, "", 1)
            } else {
                text.replacen("en = [\n", &format!("en = [\n{group}"), 1)
            };
            write(root, &p("book.toml"), &text);
            ("zebrafinch synonym group".into(), vec![p("book.toml")])
        }
        15 => {
            // A new topic in one language (its twin missing: a lint finding, not a crash).
            let to = copy_with_id(root, &topic, &format!("-new{step}"));
            (format!("new topic {}", to.display()), vec![to])
        }
        // Prose edits (the body's outline unchanged: `kbgen serve`'s short way).
        16 => {
            let text = read(root, &topic);
            let mut lines: Vec<&str> = text.lines().collect();
            let body = body_start(&lines);
            let at = body + rng.below(lines.len().saturating_sub(body) + 1);
            let sentence = format!("\nA sentence added at step {step}, with plain words.\n");
            lines.insert(at.min(lines.len()), &sentence);
            write(root, &topic, &(lines.join("\n") + "\n"));
            (
                format!("prose added to {} at line {at}", topic.display()),
                vec![topic],
            )
        }
        17 => {
            // The word of the test's synonym group comes or goes (KB023 follows prose).
            let text = read(root, &topic);
            let text = if text.contains("zebrafinch") {
                let kept: Vec<&str> = text.lines().filter(|l| !l.contains("zebrafinch")).collect();
                kept.join("\n") + "\n"
            } else {
                format!("{text}\nA zebrafinch sentence.\n")
            };
            write(root, &topic, &text);
            (
                format!("zebrafinch prose in {}", topic.display()),
                vec![topic],
            )
        }
        _ => {
            // A prose line of the body removed.
            let text = read(root, &topic);
            let lines: Vec<&str> = text.lines().collect();
            let body = body_start(&lines);
            let prose: Vec<usize> = (body..lines.len())
                .filter(|&i| {
                    let l = lines[i];
                    l.chars().next().is_some_and(char::is_alphabetic)
                        && !l.contains(['[', '`', '{', '<', '|', '@'])
                })
                .collect();
            if prose.is_empty() {
                return ("no prose line to remove".into(), vec![]);
            }
            let gone = *rng.pick(&prose);
            let kept: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != gone)
                .map(|(_, l)| *l)
                .collect();
            write(root, &topic, &(kept.join("\n") + "\n"));
            (
                format!("prose line {gone} of {} removed", topic.display()),
                vec![topic],
            )
        }
    }
}

/// The index of a topic file's first body line (after the closing `---`).
fn body_start(lines: &[&str]) -> usize {
    lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim_end() == "---")
        .map_or(lines.len(), |(i, _)| i + 1)
}

/// Runs one seed; returns how many of its builds were made from the last one (prose edits).
fn run_seed(seed: u64, steps: u64, kinds: &[usize]) -> usize {
    let project = tempfile::tempdir().expect("tempdir");
    let trash = tempfile::tempdir().expect("tempdir");
    let root = project.path();
    copy_sample(root);
    let options = BuildOptions::new(today());
    let cache = BuildCache::default();
    let mut inputs = Inputs::scan(root);
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut history = Vec::new();
    let mut from_last = 0;
    for step in 0..steps as usize {
        let (what, paths) = random_edit(&mut rng, root, trash.path(), step, kinds);
        history.push(what);
        inputs.refresh(&paths);
        let context = || {
            format!(
                "seed {seed}, step {step}; edits:\n  {}",
                history.join("\n  ")
            )
        };
        assert!(
            inputs.same_as(&Inputs::scan(root)),
            "inputs differ from a scan: {}",
            context()
        );
        let incremental = match build_inputs(&inputs, &options, &cache) {
            Ok(b) => {
                from_last += usize::from(b.from_last);
                fingerprint(&b)
            }
            Err(e) => Err(format!("fatal: {e}")),
        };
        let fresh = fresh(root, &options);
        match (&incremental, &fresh) {
            (Ok(a), Ok(b)) => {
                let names =
                    |v: &[(String, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
                assert_eq!(names(a), names(b), "file sets differ: {}", context());
                for ((path, x), (_, y)) in a.iter().zip(b) {
                    assert!(x == y, "{path} differs from a fresh build: {}", context());
                }
            }
            _ => assert_eq!(incremental, fresh, "results differ: {}", context()),
        }
    }
    from_last
}

#[test]
fn incremental_builds_equal_fresh_builds_over_random_edit_sequences() {
    let seeds = env_number("KBGEN_PROPTEST_SEEDS", 3);
    let steps = env_number("KBGEN_PROPTEST_STEPS", 12);
    let first = env_number("KBGEN_PROPTEST_SEED", 1);
    let started = std::time::Instant::now();
    let mut from_last = 0;
    for seed in first..first + seeds {
        from_last += run_seed(seed, steps, ALL_EDITS);
    }
    eprintln!(
        "{} seeds x {steps} steps = {} edit steps ({from_last} made from the last build), \
         every one equal to a fresh build ({:.1} s)",
        seeds,
        seeds * steps,
        started.elapsed().as_secs_f64()
    );
}

/// Mostly prose edits of a site that stays buildable: the builds made from the last one (the
/// short way of `pipeline::fast`) and the full builds between them all equal fresh builds.
#[test]
fn prose_edits_made_from_the_last_build_equal_fresh_builds() {
    let seeds = env_number("KBGEN_PROPTEST_SEEDS", 3);
    let steps = env_number("KBGEN_PROPTEST_STEPS", 12);
    let first = env_number("KBGEN_PROPTEST_SEED", 1);
    let mut from_last = 0;
    for seed in first..first + seeds {
        from_last += run_seed(seed, steps * 2, BUILDABLE_EDITS);
    }
    assert!(
        from_last * 4 >= (seeds * steps) as usize,
        "only {from_last} of {} builds were made from the last one",
        seeds * steps * 2
    );
    eprintln!(
        "{from_last} of {} builds made from the last one",
        seeds * steps * 2
    );
}

#[test]
fn unused_cache_entries_are_evicted() {
    let project = tempfile::tempdir().expect("tempdir");
    let root = project.path();
    copy_sample(root);
    let options = BuildOptions::new(today());
    let cache = BuildCache::default();
    let mut inputs = Inputs::scan(root);
    build_inputs(&inputs, &options, &cache).expect("build");
    let full = cache.entries();
    for round in 0..5 {
        replace_in(
            root,
            Path::new("content/en/prevention.md"),
            "\ntitle: ",
            &format!("\ntitle: {round} "),
        );
        inputs.refresh(&[PathBuf::from("content/en/prevention.md")]);
        build_inputs(&inputs, &options, &cache).expect("build");
    }
    assert_eq!(
        cache.entries(),
        full,
        "entries of replaced versions were kept"
    );
}
