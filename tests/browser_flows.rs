//! Decision flows in headless Chromium (issue #17): every sample flow walked to every outcome
//! over `file://` with JavaScript (hash, back button, Back and Start again, the copied ticket
//! text) and without it (anchor links only), axe-core on flow pages, search landing on a flow
//! node (`tests/browser/flows.mjs`); and a printed flow that holds every node, numbered, with
//! its "→ go to N" references and the titles of the outcomes' targets (read back with
//! pdftotext).

mod common;

use common::*;
use kbgen::content::flow::{resolve, Next, NodeKind};
use std::process::Command;

#[test]
fn flows_walk_to_every_outcome_with_and_without_javascript() {
    if !browser_ready() {
        return;
    }
    let (_dir, book) = sample_book();
    run_node("flows.mjs", &[&book]);
}

/// Whether fonts for Japanese are installed (the PDF of a Japanese page holds its text only
/// then). CI installs them (`fonts-noto-cjk`, `.ci/run`), so there the Japanese pages are always
/// printed; elsewhere they are printed where the fonts are.
fn japanese_fonts() -> bool {
    let installed = Command::new("fc-list")
        .arg(":lang=ja")
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    assert!(
        installed || std::env::var_os("CI").is_none(),
        "CI must install Japanese fonts (fonts-noto-cjk) to print the Japanese flow"
    );
    installed
}

#[test]
fn printed_flow_is_a_numbered_outline_with_every_node_and_target() {
    if !browser_ready() || !require_tool("pdftotext", "reads the printed PDF (poppler-utils)") {
        return;
    }
    let (dir, book) = sample_book();
    let checked = kbgen::pipeline::check(&repo(), today()).expect("check");
    let langs: &[&str] = if japanese_fonts() {
        &["en", "ja"]
    } else {
        &["en"]
    };
    for lang in langs {
        let goto = if *lang == "en" {
            "→ go to {n}"
        } else {
            "→ {n} へ"
        };
        for id in ["wont-activate", "which-license"] {
            let pdf = dir.path().join(format!("{lang}-{id}.pdf"));
            run_node(
                "print.mjs",
                &[&book.join(format!("{lang}/{id}.html")), &pdf],
            );
            // `-raw`: in content-stream order; the layout mode reorders lines that mix Latin
            // and Japanese fonts.
            let out = Command::new("pdftotext")
                .args(["-raw", "-enc", "UTF-8"])
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext");
            let text = squash(&String::from_utf8_lossy(&out.stdout));
            let topic = checked.corpus.topic(lang, id).expect("topic");
            let flow = topic.meta.flow.as_ref().expect("flow");
            for (i, node) in flow.nodes.iter().enumerate() {
                let prompt = kbgen::search::text::plain(&node.prompt().expect("prompt").value);
                let kind = match (node.kind(), node.escalates(), *lang) {
                    (NodeKind::Question, _, _) => "",
                    (_, true, "en") => "Escalate:",
                    (_, false, "en") => "Outcome:",
                    (_, true, _) => "エスカレーション:",
                    (_, false, _) => "結論:",
                };
                let numbered = squash(&format!("{}. {kind} {}", i + 1, prompt.trim()));
                assert!(
                    text.contains(&numbered),
                    "{lang}/{id}: node {} is not printed as `{numbered}`",
                    node.id.value
                );
                for a in &node.answers {
                    assert!(
                        text.contains(&squash(&a.answer.value)),
                        "{lang}/{id}: answer `{}` is not printed",
                        a.answer.value
                    );
                    if let Next::Node(to) = flow.next_of(a) {
                        let reference = squash(&goto.replace("{n}", &(to + 1).to_string()));
                        assert!(
                            text.contains(&reference),
                            "{lang}/{id}: no `{reference}` reference"
                        );
                    }
                }
                if let Some(target) = &node.target {
                    let (_, _, title) =
                        resolve(&checked.corpus, topic, &target.value).expect("resolves");
                    assert!(
                        text.contains(&squash(&title)),
                        "{lang}/{id}: the title of target {} (`{title}`) is not printed",
                        target.value
                    );
                }
            }
            let controls: &[&str] = if *lang == "en" {
                &["Skip to content", "Start again"]
            } else {
                &["最初からやり直す"]
            };
            for ui in controls {
                assert!(
                    !text.contains(&squash(ui)),
                    "{lang}/{id}: `{ui}` (a control) was printed"
                );
            }
        }
    }
}
