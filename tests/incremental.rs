//! Rebuilds with a kept [`BuildCache`] (the `kbgen serve` path: parse cache, rendered bodies,
//! search-index entries, reused pages) must produce exactly what a fresh build produces, after
//! every kind of edit. A page that went stale would show up here as a byte difference.

mod common;

use common::*;
use kbgen::pipeline::{build, build_cached, BuildCache, BuildOptions};
use std::path::Path;

fn assert_same_as_fresh(root: &Path, cache: &BuildCache, what: &str) {
    let options = BuildOptions::new(today());
    let cached = build_cached(root, &options, cache).expect("cached build");
    let fresh = build(root, &options).expect("fresh build");
    let (Some(a), Some(b)) = (cached.output, fresh.output) else {
        panic!(
            "{what}: content errors:\n{}",
            kbgen::report::human(&fresh.checked.diagnostics, &fresh.checked.files, false)
        );
    };
    let a: Vec<(&str, &[u8])> = a.iter().collect();
    let b: Vec<(&str, &[u8])> = b.iter().collect();
    assert_eq!(a.len(), b.len(), "{what}: different file sets");
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb, "{what}: different file sets");
        assert!(ba == bb, "{what}: {pa} differs from a fresh build");
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    let new = f(text.clone());
    assert_ne!(text, new, "edit of {rel} changed nothing");
    std::fs::write(&path, new).expect("write");
}

#[test]
fn cached_rebuilds_equal_fresh_builds_after_every_kind_of_edit() {
    let project = tempfile::tempdir().expect("tempdir");
    for part in ["book.toml", "content", "templates", "static", "i18n"] {
        let from = repo().join(part);
        if from.is_dir() {
            copy_dir(&from, &project.path().join(part));
        } else {
            std::fs::copy(&from, project.path().join(part)).expect("copy");
        }
    }
    let root = project.path();
    let cache = BuildCache::default();
    assert_same_as_fresh(root, &cache, "first build");
    assert_same_as_fresh(root, &cache, "no change");
    edit(root, "content/en/reactivation.md", |t| {
        t + "\nA new closing paragraph.\n"
    });
    assert_same_as_fresh(root, &cache, "body edit");
    edit(root, "content/en/license-types.md", |t| {
        t.replacen("\ntitle: ", "\ntitle: Renamed - ", 1)
    });
    assert_same_as_fresh(root, &cache, "title edit (sidebar, home, related cards)");
    edit(root, "content/ja/prevention.md", |t| {
        t.replacen("\nsummary: ", "\nsummary: 要約を変更。", 1)
    });
    assert_same_as_fresh(root, &cache, "summary edit");
    edit(root, "content/sources.yaml", |t| {
        t.replacen("title: ", "title: Edited ", 1)
    });
    assert_same_as_fresh(root, &cache, "source edit");
    edit(root, "i18n/en.toml", |t| t.replacen("= \"", "= \"X ", 1));
    assert_same_as_fresh(root, &cache, "UI string edit");
    edit(root, "templates/topic.html", |t| t + "\n");
    assert_same_as_fresh(root, &cache, "template edit");
    edit(root, "book.toml", |t| {
        t.replace("max_source_age_days = 365", "max_source_age_days = 1")
    });
    assert_same_as_fresh(root, &cache, "lint limit edit (stale badges)");
    for lang in ["ja", "en"] {
        let text = std::fs::read_to_string(root.join(format!("content/{lang}/prevention.md")))
            .expect("read");
        std::fs::write(
            root.join(format!("content/{lang}/zz-new.md")),
            text.replacen("id: prevention", "id: zz-new", 1),
        )
        .expect("write");
    }
    assert_same_as_fresh(root, &cache, "topic added");
    for lang in ["ja", "en"] {
        std::fs::remove_file(root.join(format!("content/{lang}/zz-new.md"))).expect("rm");
    }
    assert_same_as_fresh(root, &cache, "topic removed");
}
