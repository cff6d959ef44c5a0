//! The output contract of `kbgen build`: every page exists in every language, every internal
//! link and asset is relative and resolves to a file (and every `#anchor` to an id), nothing
//! loads from the network, the language switcher pairs pages, and PowerShell is highlighted.

mod common;

use common::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const TOPICS: &[&str] = &[
    "check-methods",
    "loss-recovery",
    "gray-market-risk",
    "reactivation",
    "legitimate-purchase",
    "activation-errors",
    "support-preparation",
    "license-types",
    "prevention",
];

/// The sample knowledge base, built once for this test binary.
fn sample() -> &'static Path {
    static BOOK: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BOOK
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let out = dir.path().join("book");
            build_into(&repo(), &out);
            (dir, out)
        })
        .1
}

fn basic() -> &'static Path {
    static BOOK: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BOOK
        .get_or_init(|| {
            let project = fixture_project("basic");
            let out = project.path().join("book");
            build_into(project.path(), &out);
            (project, out)
        })
        .1
}

fn read(book: &Path, rel: &str) -> String {
    std::fs::read_to_string(book.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_page_exists_in_both_languages() {
    let book = sample();
    for rel in [
        "index.html",
        "404.html",
        "static/kbgen.css",
        "static/kbgen.js",
        "static/highlight.css",
    ] {
        assert!(book.join(rel).is_file(), "{rel} missing");
    }
    for lang in ["ja", "en"] {
        for page in [
            "index.html",
            "search.html",
            "categories/keys.html",
            "categories/activation.html",
            "categories/purchase.html",
        ] {
            assert!(
                book.join(lang).join(page).is_file(),
                "{lang}/{page} missing"
            );
        }
        for id in TOPICS {
            assert!(
                book.join(lang).join(format!("{id}.html")).is_file(),
                "{lang}/{id}.html missing"
            );
        }
        let search = read(book, &format!("{lang}/search.html"));
        assert!(
            search.contains("id=\"kb-search-results\""),
            "{lang}/search.html lacks the results list"
        );
    }
}

/// Checks every href/src of every HTML page of `book`.
fn assert_links_resolve(book: &Path) {
    let files: HashSet<String> = files_under(book).into_iter().collect();
    let mut ids: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let pages: Vec<String> = files
        .iter()
        .filter(|f| f.ends_with(".html"))
        .cloned()
        .collect();
    for page in &pages {
        let set = tags(&read(book, page))
            .iter()
            .filter_map(|t| t.attr("id").map(str::to_string))
            .collect();
        ids.insert(page.clone(), set);
    }
    let mut problems = Vec::new();
    for page in &pages {
        let html = read(book, page);
        for tag in tags(&html) {
            for attr in ["href", "src", "action"] {
                let Some(url) = tag.attr(attr) else { continue };
                if url.starts_with("https://") || url.starts_with("http://") {
                    if tag.name != "a" {
                        problems.push(format!(
                            "{page}: <{} {attr}=\"{url}\"> loads from the network",
                            tag.name
                        ));
                    }
                    continue;
                }
                if url.starts_with("mailto:") {
                    continue;
                }
                if url.starts_with('/') || url.contains("://") || url.starts_with("javascript:") {
                    problems.push(format!(
                        "{page}: {attr}=\"{url}\" is not a relative file URL"
                    ));
                    continue;
                }
                let (path, fragment) = url
                    .split_once('#')
                    .map_or((url, None), |(p, f)| (p, Some(f)));
                let path = path.split('?').next().unwrap_or("");
                let target = if path.is_empty() {
                    page.clone()
                } else {
                    let base = Path::new(page).parent().unwrap_or(Path::new(""));
                    normalize(&base.join(percent_decode(path)))
                };
                if !files.contains(&target) {
                    problems.push(format!(
                        "{page}: {attr}=\"{url}\" points to missing file {target}"
                    ));
                    continue;
                }
                if path.ends_with('/') || (!path.is_empty() && !path.contains('.')) {
                    problems.push(format!("{page}: {attr}=\"{url}\" is a directory URL"));
                }
                if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                    let f = percent_decode(f);
                    if !ids.get(&target).is_some_and(|s| s.contains(&f)) {
                        problems.push(format!("{page}: {attr}=\"{url}\": no id `{f}` in {target}"));
                    }
                }
            }
            if tag.name == "script" && tag.attr("src").is_none() {
                problems.push(format!("{page}: inline <script> (the CSP forbids it)"));
            }
            if tag.attr("style").is_some() {
                problems.push(format!(
                    "{page}: style attribute on <{}> (the CSP forbids it)",
                    tag.name
                ));
            }
        }
    }
    for css in files.iter().filter(|f| f.ends_with(".css")) {
        let text = read(book, css);
        for (i, _) in text.match_indices("url(") {
            let arg = text[i + 4..].trim_start_matches(['"', '\'']);
            if arg.starts_with("http") || arg.starts_with("//") || arg.starts_with('/') {
                problems.push(format!(
                    "{css}: url({}…) is not local",
                    &arg[..arg.len().min(30)]
                ));
            }
        }
        if text.contains("@import") {
            problems.push(format!("{css}: @import"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn sample_links_and_assets_resolve_and_are_relative() {
    assert_links_resolve(sample());
}

#[test]
fn fixture_links_and_assets_resolve_and_are_relative() {
    assert_links_resolve(basic());
}

#[test]
fn language_switcher_pairs_topic_pages() {
    let book = sample();
    for id in TOPICS {
        for (lang, other) in [("ja", "en"), ("en", "ja")] {
            let html = read(book, &format!("{lang}/{id}.html"));
            let twin = format!("../{other}/{id}.html");
            assert!(
                tags(&html)
                    .iter()
                    .any(|t| t.name == "a" && t.attr("href") == Some(twin.as_str())),
                "{lang}/{id}.html does not link to its twin {twin}"
            );
            assert!(
                html.contains(&format!("lang=\"{lang}\"")),
                "{lang}/{id}.html lacks lang"
            );
        }
    }
}

#[test]
fn powershell_blocks_are_highlighted_with_classes() {
    let html = read(sample(), "ja/check-methods.html");
    assert!(
        html.contains("data-shell=\"powershell\""),
        "no PowerShell command block"
    );
    let block = |shell: &str| {
        let start = html
            .find(&format!("data-shell=\"{shell}\""))
            .unwrap_or_else(|| panic!("no {shell} block"));
        html[start..]
            .split("</pre>")
            .next()
            .unwrap_or("")
            .to_string()
    };
    let ps = block("powershell");
    assert!(
        ps.contains("<span class=\"hl-fn\">Get-CimInstance</span>")
            && ps.contains("<span class=\"hl-pa\">"),
        "PowerShell is not highlighted: {ps}"
    );
    let cmd = block("cmd");
    assert!(
        cmd.contains("<span class=\"hl-fn\">"),
        "cmd is not highlighted: {cmd}"
    );
    let css = read(sample(), "static/highlight.css");
    assert!(css.contains(":root[data-theme=\"dark\"]"), "no dark theme");
    for class in ["hl-cm", "hl-st", "hl-fn", "hl-pa", "hl-va", "hl-kw"] {
        assert!(
            css.contains(&format!(".{class} {{")),
            "no colour for {class}"
        );
    }
}

#[test]
fn topic_page_shows_procedure_parts_and_escapes_markup() {
    let html = read(basic(), "en/first.html");
    assert!(
        !html.contains("<script>alert(1)"),
        "title markup reached the page unescaped"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)"),
        "title not shown escaped"
    );
    assert!(html.contains("id=\"read-key\""), "procedure anchor missing");
    assert!(
        html.contains("kb-badge-admin"),
        "administrator badge missing"
    );
    assert!(
        html.contains("data-copy=\"(Get-CimInstance"),
        "copy text keeps the prompt"
    );
    assert!(
        html.contains("2026-11-01"),
        "verified/reviewed date missing"
    );
    assert!(
        html.contains("href=\"https://learn.microsoft.com/powershell/module/cimcmdlets\""),
        "source link missing"
    );
    assert!(
        html.contains("href=\"second.html#more\""),
        "step link not rewritten"
    );
    assert!(html.contains("class=\"kb-table\""), "table wrapper missing");
}

#[test]
fn build_output_is_identical_at_any_depth_of_hosting() {
    // The same bytes serve /, /kb/ and file://: nothing in a page names its own location.
    let book = sample();
    for page in files_under(book).iter().filter(|f| f.ends_with(".html")) {
        let html = read(book, page);
        assert!(!html.contains("file://"), "{page} names file://");
        assert!(!html.contains("<base"), "{page} uses <base>");
    }
}

#[test]
fn build_refuses_content_errors_and_keeps_previous_site() {
    let project = fixture_project("basic");
    let out = project.path().join("book");
    build_into(project.path(), &out);
    let before = read(&out, "en/first.html");
    let topic = project.path().join("content/en/first.md");
    let text = std::fs::read_to_string(&topic)
        .expect("read")
        .replace("sources: [learn-cim]\n---", "---");
    std::fs::write(&topic, text).expect("write");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["build", "--root"])
        .arg(project.path())
        .env("KBGEN_TODAY", "2026-12-01")
        .output()
        .expect("run kbgen");
    assert_eq!(
        status.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_eq!(
        read(&out, "en/first.html"),
        before,
        "a failed build touched the previous site"
    );
}

#[test]
fn search_index_is_sharded_script_files_per_language() {
    let book = sample();
    for lang in ["ja", "en"] {
        let meta = read(book, &format!("{lang}/search/meta.js"));
        assert!(
            meta.starts_with(&format!("kbSearch.meta(\"{lang}\", {{")),
            "{meta}"
        );
        let files: Vec<String> = files_under(&book.join(lang).join("search"));
        assert!(
            files.iter().any(|f| f.starts_with("t-")),
            "{lang}: no term shard"
        );
        assert!(
            files.iter().any(|f| f.starts_with("d-")),
            "{lang}: no doc shard"
        );
        for f in &files {
            let js = read(book, &format!("{lang}/search/{f}"));
            assert!(js.starts_with("kbSearch."), "{f} does not register itself");
            assert!(
                !js.contains("</") && !js.contains("<!--") && !js.contains('\u{2028}'),
                "{f} is not script-safe"
            );
        }
    }
    // Each language's docs only hold that language's pages.
    let en_docs: String = files_under(&book.join("en/search"))
        .iter()
        .filter(|f| f.starts_with("d-"))
        .map(|f| read(book, &format!("en/search/{f}")))
        .collect();
    assert!(
        en_docs.contains("Check") || en_docs.contains("check"),
        "English docs missing"
    );
    assert!(
        !en_docs.contains("プロダクトキーを確認"),
        "Japanese titles leaked into the English index"
    );
}

#[test]
fn markup_in_content_never_reaches_search_shards_unescaped() {
    let js: String = files_under(&basic().join("en/search"))
        .iter()
        .map(|f| read(basic(), &format!("en/search/{f}")))
        .collect();
    assert!(
        js.contains("\\u003cscript\\u003ealert(1)"),
        "title not in index escaped"
    );
    assert!(!js.contains("<script>"), "raw markup in index");
}

#[test]
fn topics_follow_the_writers_weight_then_title() {
    let project = fixture_project("basic");
    let root = project.path();
    let position = |html: &str, needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle} not listed"))
    };
    let order = |root: &Path| {
        let out = root.join("book");
        build_into(root, &out);
        let html = read(&out, "en/categories/general.html");
        position(&html, "second.html") < position(&html, "first.html")
    };
    // No weights: by title ("Check the key…" before "Second").
    assert!(!order(root), "without weights the titles decide");
    let second = root.join("content/en/second.md");
    let text = std::fs::read_to_string(&second).expect("read");
    std::fs::write(
        &second,
        text.replacen("\ntitle:", "\nweight: -1\ntitle:", 1),
    )
    .expect("write");
    assert!(order(root), "a lower weight comes first");
}

/// The `<li>` of step `n` (1-based) of procedure `id` on a page.
fn step_item<'a>(html: &'a str, id: &str, n: usize) -> &'a str {
    let start = html
        .find(&format!("<section class=\"kb-procedure\" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no procedure {id}"));
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    let steps = &section[section.find("<ol class=\"kb-steps\">").expect("steps")..];
    let mut rest = steps;
    for _ in 0..n {
        rest = &rest[rest.find("<li").expect("step") + 3..];
    }
    &rest[..rest.find("</li>").expect("end of step")]
}

#[test]
fn a_step_shows_its_own_commands_and_the_procedure_form_still_works() {
    for lang in ["ja", "en"] {
        let html = read(sample(), &format!("{lang}/check-methods.html"));
        // `powershell-cim` writes its command in step 2: it is inside that step, once.
        let step2 = step_item(&html, "powershell-cim", 2);
        assert!(
            step2.contains("data-copy=\"(Get-CimInstance -ClassName SoftwareLicensingService).OA3xOriginalProductKey\""),
            "{lang}: the command is not inside step 2: {step2}"
        );
        assert!(!step_item(&html, "powershell-cim", 1).contains("kb-command"));
        // `legacy-wmic` keeps the procedure-level list: after the steps, not in them.
        let legacy = &html[html.find("id=\"legacy-wmic\"").expect("legacy-wmic")..];
        let legacy = &legacy[..legacy.find("</section>").expect("end")];
        let after_steps = &legacy[legacy.find("</ol>").expect("steps end")..];
        assert_eq!(
            after_steps.matches("class=\"kb-command\"").count(),
            3,
            "{lang}"
        );
    }
}

#[test]
fn tag_and_edition_pages_list_exactly_the_topics_whose_chips_link_to_them() {
    let book = sample();
    for lang in ["ja", "en"] {
        // From every topic page: chip link (as a root-relative path) → topics carrying it.
        let mut want: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut topics = 0;
        for file in files_under(&book.join(lang)) {
            if file.contains('/') || !file.ends_with(".html") {
                continue;
            }
            let page = format!("{lang}/{file}");
            let html = read(book, &page);
            if !html.contains("data-page-kind=\"topic\"") {
                continue;
            }
            topics += 1;
            for tag in tags(&html) {
                if tag.attr("class") == Some("kb-chip-link") {
                    let href = tag.attr("href").expect("chip href");
                    let target = local_targets(&format!("<a href=\"{href}\">"), &page);
                    want.entry(target[0].clone())
                        .or_default()
                        .push(page.clone());
                }
            }
        }
        assert!(topics > 5, "{lang}: too few topics");
        assert!(
            want.keys().any(|k| k.starts_with(&format!("{lang}/tags/"))),
            "{lang}: no tag chip links"
        );
        assert!(
            want.keys()
                .any(|k| k.starts_with(&format!("{lang}/applies-to/"))),
            "{lang}: no edition chip links"
        );
        for (term_page, mut topics) in want {
            let html = read(book, &term_page);
            let mut listed: Vec<String> = tags(&html)
                .iter()
                .filter(|t| t.attr("class") == Some("kb-topic-link"))
                .flat_map(|t| {
                    local_targets(
                        &format!("<a href=\"{}\">", t.attr("href").unwrap_or("")),
                        &term_page,
                    )
                })
                .collect();
            listed.sort();
            topics.sort();
            topics.dedup();
            assert_eq!(listed, topics, "{term_page}");
            // Each is listed on the facet's index page, with its count.
            let folder = term_page.rsplit_once('/').expect("folder").0;
            let index = read(book, &format!("{folder}/index.html"));
            let name = term_page.rsplit_once('/').expect("name").1;
            assert!(
                index.contains(&format!("href=\"{name}\"")),
                "{folder}/index.html does not list {name}"
            );
            assert!(
                index.contains(&format!("({})</span>", topics.len())),
                "{folder}/index.html: no count {} for {name}",
                topics.len()
            );
        }
    }
}

#[test]
fn feedback_links_are_absent_by_default_and_filled_in_from_book_toml() {
    // Absent by default: the sample's book.toml has no [feedback].
    assert!(!read(sample(), "en/check-methods.html").contains("kb-feedback"));
    let project = fixture_project("basic");
    let toml = project.path().join("book.toml");
    let mut text = std::fs::read_to_string(&toml).expect("book.toml");
    text.push_str(
        "\n[feedback]\nurl = \"mailto:kb@example.com?subject={title}&body={url}%0A{procedure}\"\n",
    );
    std::fs::write(&toml, &text).expect("write");
    let out = project.path().join("book");
    build_into(project.path(), &out);
    let html = read(&out, "en/first.html");
    let link = tags(&html)
        .into_iter()
        .find(|t| t.attr("class") == Some("kb-action kb-feedback"))
        .expect("a feedback link");
    let href = link.attr("href").expect("href");
    assert!(
        href.starts_with("mailto:kb@example.com?subject=Check%20the%20key%20%3Cscript%3Ealert(1)%3C%2Fscript%3E&body=en%2Ffirst.html%23read-key%0A"),
        "{href}"
    );
    // The page carries the template so kbgen.js can put in the address it is read at.
    assert!(html.contains(
        "data-feedback=\"mailto:kb@example.com?subject={title}&amp;body={url}%0A{procedure}\""
    ));

    // A scheme outside the URL policy, or an unknown placeholder, is a located error.
    for (bad, words) in [
        (
            "javascript:alert(1)",
            "is not an https:, http: or mailto: URL",
        ),
        (
            "https://t.example/new?x={page}",
            "unknown placeholder `{page}`",
        ),
    ] {
        std::fs::write(
            &toml,
            text.replace(
                "mailto:kb@example.com?subject={title}&body={url}%0A{procedure}",
                bad,
            ),
        )
        .expect("write");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .args(["check", "--root"])
            .arg(project.path())
            .output()
            .expect("kbgen check");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad} was accepted: {err}");
        assert!(err.contains(words), "{bad}: {err}");
        let line = text.lines().count();
        assert!(
            err.contains(&format!("book.toml:{line}:")),
            "{bad}: not located: {err}"
        );
    }
}

#[test]
fn a_source_past_the_age_limit_is_flagged_on_the_page_as_kbgen_check_reports_it() {
    // The basic fixture's source was verified on 2026-11-01: 30 days before `today()`.
    for (limit, stale) in [(29, true), (30, false)] {
        let project = fixture_project("basic");
        let toml = project.path().join("book.toml");
        let text = std::fs::read_to_string(&toml).expect("book.toml");
        let text = text.replacen(
            "[lint]\n",
            &format!("[lint]\nmax_source_age_days = {limit}\n"),
            1,
        );
        std::fs::write(&toml, text).expect("write");
        let checked = kbgen::pipeline::check(project.path(), today()).expect("check");
        let reported = checked.diagnostics.iter().any(|d| d.code == "KB009");
        assert_eq!(reported, stale, "limit {limit}: KB009");
        let out = project.path().join("book");
        build_into(project.path(), &out);
        for (lang, label) in [("en", "needs re-checking"), ("ja", "要再確認")] {
            let html = read(&out, &format!("{lang}/first.html"));
            assert_eq!(
                html.contains("kb-source kb-source-stale"),
                stale,
                "limit {limit}: {lang}"
            );
            assert_eq!(
                html.contains(&format!("<span class=\"kb-stale\">{label}</span>")),
                stale,
                "limit {limit}: {lang}"
            );
        }
    }
}
