//! Decision flows (issue #17) without a browser: the sample flows build in both languages and
//! keep the markup contract (`.kb-flow`, `section.kb-flow-node[id]`, `a.kb-flow-answer`,
//! `.kb-flow-outcome`); following answer links alone (no script) reaches every node and every
//! outcome; outcomes link their targets with the targets' titles; procedures a flow leads to
//! link back to it; flows are listed on the home page and marked on their category page; the
//! search index lands on the node that handles an error code; an edit to a flow rebuilds
//! incrementally like a fresh build; and a fixture project shows prompts escaped, a flow
//! without `start`, same-page targets and the default title.
//! The browser half (one node at a time, hash and back button, ticket text, axe, print) is in
//! `tests/browser_flows.rs`; one lint fixture per rule is in `tests/fixtures/lint/KB03*`.

mod common;

use common::*;
use kbgen::input::Inputs;
use kbgen::pipeline::{build, build_inputs, BuildCache, BuildOptions};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

const FLOWS: &[&str] = &["wont-activate", "which-license"];
const LANGS: &[&str] = &["ja", "en"];

fn built_sample() -> (tempfile::TempDir, PathBuf) {
    let (dir, book) = sample_book();
    (dir, book)
}

fn read(book: &Path, rel: &str) -> String {
    std::fs::read_to_string(book.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn has_class(t: &Tag, class: &str) -> bool {
    t.attr("class")
        .is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

/// A flow as its page shows it: start, and per node (in page order) its classes and answers.
#[derive(Debug, Default)]
struct PageFlow {
    start: String,
    nodes: Vec<PageNode>,
}

#[derive(Debug, Default, Clone)]
struct PageNode {
    id: String,
    outcome: bool,
    escalate: bool,
    answers: Vec<String>,
    target: Option<String>,
    checklist: Option<String>,
}

/// Reads the flow of a page from its tags (sections are never nested; an answer or target
/// belongs to the last node section before it).
fn page_flow(html: &str) -> Option<PageFlow> {
    let tags = tags(html);
    let root = tags.iter().position(|t| has_class(t, "kb-flow"))?;
    let mut flow = PageFlow {
        start: tags[root].attr("data-kb-start").unwrap_or("").to_string(),
        nodes: Vec::new(),
    };
    for t in &tags[root + 1..] {
        if t.name == "section" && has_class(t, "kb-flow-node") {
            flow.nodes.push(PageNode {
                id: t.attr("id").unwrap_or("").to_string(),
                outcome: has_class(t, "kb-flow-outcome"),
                escalate: has_class(t, "kb-flow-escalate"),
                ..PageNode::default()
            });
        } else if let Some(n) = flow.nodes.last_mut() {
            let href = t.attr("href").map(str::to_string);
            if t.name == "a" && has_class(t, "kb-flow-answer") {
                n.answers.push(href.expect("an answer has an href"));
            } else if t.name == "a" && has_class(t, "kb-flow-go") {
                n.target = href;
            } else if t.name == "a" && has_class(t, "kb-flow-checklist") {
                n.checklist = href;
            }
        }
        if t.name == "div" && has_class(t, "kb-flow-toolbar") {
            break;
        }
    }
    Some(flow)
}

/// The ids of a built page.
fn ids(html: &str) -> BTreeSet<String> {
    tags(html)
        .iter()
        .filter_map(|t| t.attr("id").map(str::to_string))
        .collect()
}

/// Whether `href`, seen from the page `page` of `book`, names a file that has the fragment.
fn resolves(book: &Path, page: &str, href: &str) -> bool {
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let file = if path.is_empty() {
        page.to_string()
    } else {
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        dir.join(path).to_string_lossy().replace('\\', "/")
    };
    let Ok(html) = std::fs::read_to_string(book.join(&file)) else {
        return false;
    };
    fragment.is_empty() || ids(&html).contains(&percent_decode(fragment))
}

#[test]
fn sample_flows_keep_the_markup_contract_and_every_outcome_is_reached_by_links_alone() {
    let (_dir, book) = built_sample();
    let checked = kbgen::pipeline::check(&repo(), today()).expect("check");
    let mut outcomes = 0;
    for lang in LANGS {
        for id in FLOWS {
            let page = format!("{lang}/{id}.html");
            let html = read(&book, &page);
            let flow = page_flow(&html).unwrap_or_else(|| panic!("{page}: no .kb-flow"));
            let model = checked
                .corpus
                .topic(lang, id)
                .and_then(|t| t.meta.flow.as_ref())
                .expect("the topic has a flow");
            let model_ids: Vec<&str> = model.nodes.iter().map(|n| n.id.value.as_str()).collect();
            let page_ids: Vec<&str> = flow.nodes.iter().map(|n| n.id.as_str()).collect();
            assert_eq!(
                page_ids, model_ids,
                "{page}: one section per node, in order"
            );
            let by_id: HashMap<&str, &PageNode> =
                flow.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
            // Walk the answers as a reader without script would: links only.
            let mut seen = BTreeSet::from([flow.start.clone()]);
            let mut queue = vec![flow.start.clone()];
            while let Some(at) = queue.pop() {
                let node = by_id
                    .get(at.as_str())
                    .unwrap_or_else(|| panic!("{page}: no node `{at}`"));
                assert_eq!(
                    node.outcome,
                    node.answers.is_empty(),
                    "{page}#{at}: a question has answers, an outcome none"
                );
                for href in &node.answers {
                    assert!(
                        resolves(&book, &page, href),
                        "{page}#{at}: answer {href} leads nowhere"
                    );
                    if let Some(next) = href.strip_prefix('#') {
                        assert!(by_id.contains_key(next), "{page}: `{href}` is not a node");
                        if seen.insert(next.to_string()) {
                            queue.push(next.to_string());
                        }
                    } else {
                        assert!(href.contains(".html#"), "{page}: {href} names its anchor");
                    }
                }
                if node.outcome {
                    outcomes += 1;
                    let target = node.target.as_deref().or(node.checklist.as_deref());
                    let target = target.unwrap_or_else(|| panic!("{page}#{at}: points nowhere"));
                    assert!(resolves(&book, &page, target), "{page}#{at}: {target}");
                    if node.escalate {
                        let checklist = node.checklist.as_deref().expect("links the checklist");
                        assert!(
                            checklist.ends_with("support-preparation.html#checklist"),
                            "{page}#{at}: checklist {checklist}"
                        );
                    }
                }
            }
            let all: BTreeSet<String> = flow.nodes.iter().map(|n| n.id.clone()).collect();
            assert_eq!(seen, all, "{page}: every node is reached from the start");
            assert!(
                flow.nodes.iter().any(|n| n.escalate),
                "{page}: the sample escalates somewhere"
            );
        }
    }
    assert!(outcomes >= 20, "{outcomes} outcomes walked");
}

#[test]
fn outcomes_show_their_targets_titles_and_procedures_link_back() {
    let (_dir, book) = built_sample();
    let en = read(&book, "en/wont-activate.html");
    assert!(
        en.contains("Reactivating after a hardware change or reinstall › Reactivate with the Activation troubleshooter (digital license)"),
        "an outcome names its target topic and procedure"
    );
    let ja = read(&book, "ja/wont-activate.html");
    assert!(ja.contains("ハードウェア変更・再インストール後の再認証 › トラブルシューティング ツールで再認証する (デジタル ライセンス)"));
    // The procedure the outcome leads to says where readers come from.
    for (lang, label) in [("en", "Reached from"), ("ja", "ここに案内する判断フロー")] {
        let target = read(&book, &format!("{lang}/reactivation.html"));
        let section = target
            .split("id=\"troubleshooter-hardware-change\"")
            .nth(1)
            .and_then(|s| s.split("</section>").next())
            .expect("the procedure's section");
        assert!(section.contains(label), "{lang}: no back-link label");
        assert!(
            section.contains("href=\"wont-activate.html#troubleshooter-hardware\""),
            "{lang}: the procedure links back to the outcome node"
        );
    }
    // A heading target (not a procedure) is linked back from the page header.
    let prep = read(&book, "en/support-preparation.html");
    let header = prep.split("</header>").nth(1).unwrap_or("");
    let header = prep.len() - header.len();
    let header = &prep[..header];
    assert!(header.contains("href=\"wont-activate.html#escalate-hardware\""));
    assert!(header.contains("href=\"which-license.html#no-match\""));
}

#[test]
fn flows_are_listed_on_the_home_page_and_marked_in_their_category() {
    let (_dir, book) = built_sample();
    for lang in LANGS {
        let home = read(&book, &format!("{lang}/index.html"));
        let index = home
            .split("class=\"kb-flow-index\"")
            .nth(1)
            .and_then(|s| s.split("</section>").next())
            .unwrap_or_else(|| panic!("{lang}: no flow list on the home page"));
        for id in FLOWS {
            assert!(
                index.contains(&format!("href=\"{id}.html#kb-flow\"")),
                "{lang}: home lists {id}"
            );
        }
        for (cat, id) in [("activation", "wont-activate"), ("keys", "which-license")] {
            let page = read(&book, &format!("{lang}/categories/{cat}.html"));
            let after = page
                .split(&format!("class=\"kb-topic-link\" href=\"../{id}.html\""))
                .nth(1)
                .unwrap_or_else(|| panic!("{lang}/{cat}: no {id}"));
            let line = after.split("</li>").next().unwrap_or("");
            assert!(
                line.contains("kb-badge-flow"),
                "{lang}/{cat}: {id} is marked"
            );
        }
    }
}

#[test]
fn search_lands_on_the_flow_node_that_handles_an_error_code() {
    if !require_tool("node", "runs static/search.js without a browser") {
        return;
    }
    let (_dir, book) = built_sample();
    let script = format!(
        "import {{ loadClient }} from {client:?};\n\
         const kb = loadClient({book:?});\n\
         const out = {{}};\n\
         for (const [lang, q] of [['en', '0xC004F050'], ['ja', '0xC004F050'], ['en', '0x80070005'], ['ja', 'ライセンス認証できない']]) {{\n\
           const r = await kb.search(lang, q);\n\
           out[lang + ' ' + q] = r.results.slice(0, 5).map((x) => x.url);\n\
         }}\n\
         console.log(JSON.stringify(out));",
        client = repo().join("tests/search/client.mjs").display().to_string(),
        book = book.display().to_string(),
    );
    let out = std::process::Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .output()
        .expect("node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&out.stdout).expect("JSON results");
    for q in ["en 0xC004F050", "ja 0xC004F050", "en 0x80070005"] {
        assert!(
            found[q]
                .iter()
                .any(|u| u == "wont-activate.html#error-code"),
            "{q}: the flow node that asks for the code is a result: {:?}",
            found[q]
        );
    }
    assert_eq!(
        found["ja ライセンス認証できない"]
            .first()
            .map(String::as_str),
        Some("wont-activate.html"),
        "the flow's title finds it"
    );
}

#[test]
fn editing_a_flow_rebuilds_like_a_fresh_build() {
    let project = tempfile::tempdir().expect("tempdir");
    let root = project.path();
    for part in ["content", "templates", "static", "i18n"] {
        copy_dir(&repo().join(part), &root.join(part));
    }
    std::fs::copy(repo().join("book.toml"), root.join("book.toml")).expect("book.toml");
    let options = BuildOptions::new(today());
    let cache = BuildCache::default();
    let mut inputs = Inputs::scan(root);
    build_inputs(&inputs, &options, &cache).expect("first build");
    // Move one outcome to another procedure in both languages: the back-link moves with it.
    for lang in LANGS {
        let rel = PathBuf::from(format!("content/{lang}/wont-activate.md"));
        let text = std::fs::read_to_string(root.join(&rel)).expect("read");
        let edited = text.replacen(
            "target: \"@/reactivation#troubleshooter-hardware-change\"",
            "target: \"@/reactivation#phone-activation\"",
            1,
        );
        assert_ne!(text, edited);
        std::fs::write(root.join(&rel), edited).expect("write");
        inputs.refresh(&[rel]);
    }
    let incremental = build_inputs(&inputs, &options, &cache).expect("incremental build");
    let fresh = build(root, &options).expect("fresh build");
    let (a, b) = (
        incremental.output.expect("incremental output"),
        fresh.output.expect("fresh output"),
    );
    let files = |o: &kbgen::output::Output| {
        o.iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect::<Vec<_>>()
    };
    assert!(files(&a) == files(&b), "the incremental build differs");
    let page = files(&a)
        .into_iter()
        .find(|(p, _)| p == "en/reactivation.html")
        .map(|(_, b)| String::from_utf8(b).expect("utf-8"))
        .expect("reactivation page");
    let phone = page
        .split("id=\"phone-activation\"")
        .nth(1)
        .expect("the phone procedure");
    assert!(phone
        .split("</section>")
        .next()
        .unwrap_or("")
        .contains("wont-activate.html#troubleshooter-hardware"));
}

/// The fixture project in `tests/fixtures/flows-site` with the repository's templates, static
/// files and UI strings.
fn flows_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("tests/fixtures/flows-site"), dir.path());
    for shared in ["templates", "static", "i18n"] {
        copy_dir(&repo().join(shared), &dir.path().join(shared));
    }
    dir
}

#[test]
fn fixture_flow_escapes_markup_and_uses_defaults() {
    let project = flows_fixture();
    let built = build(project.path(), &BuildOptions::new(today())).expect("build runs");
    assert!(
        built.checked.diagnostics.is_empty(),
        "{}",
        kbgen::report::human(&built.checked.diagnostics, &built.checked.files, false)
    );
    let out = built.output.expect("output");
    let page = |p: &str| {
        out.iter()
            .find(|(path, _)| *path == p)
            .map(|(_, b)| String::from_utf8(b.to_vec()).expect("utf-8"))
            .unwrap_or_else(|| panic!("no {p}"))
    };
    let en = page("en/guide.html");
    // No `start`: the first node starts; no `title`: the UI string.
    assert!(en.contains("data-kb-start=\"first\""), "{en}");
    assert!(en.contains("<h2 class=\"kb-flow-title\">Guided troubleshooting "));
    // Raw HTML in a prompt is text, never markup; a block prompt becomes plain text.
    assert!(!en.contains("<b>bold</b>"), "raw HTML escaped");
    assert!(en.contains("&lt;b&gt;bold&lt;/b&gt;"));
    assert!(!en.contains("<h3 class=\"kb-flow-prompt\"><span class=\"kb-flow-n\">2.</span> <p>"));
    // A same-page target is a fragment; an answer leading to a topic names the file and anchor.
    assert!(en.contains("class=\"kb-flow-go\" href=\"#notes\""), "{en}");
    assert!(en.contains("class=\"kb-flow-answer\" href=\"other.html#intro\""));
    // The TOC starts with the flow.
    let toc = en.split("class=\"kb-toc\"").nth(1).expect("toc");
    assert!(toc.find("href=\"#kb-flow\"") < toc.find("href=\"#notes\""));
    // The other page links back to the flow, in the page header (a heading target).
    let other = page("en/other.html");
    assert!(other.contains("href=\"guide.html#to-other\""), "{other}");
    // ja too, with its own words.
    let ja = page("ja/guide.html");
    assert!(ja.contains("→ 2 へ"));
}

#[test]
fn explain_describes_every_flow_rule() {
    for code in [
        "KB030", "KB031", "KB032", "KB033", "KB034", "KB035", "KB036", "KB037",
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .args(["check", "--explain", code, "--root"])
            .arg(repo())
            .output()
            .expect("kbgen");
        assert_eq!(out.status.code(), Some(0), "{code}");
        let text = String::from_utf8_lossy(&out.stdout);
        let rule = kbgen::lint::rules::find(code).expect("rule");
        assert!(
            text.contains(rule.name) && text.contains("flow"),
            "{code}: {text}"
        );
    }
}
