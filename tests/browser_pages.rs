//! How pages read in a browser: axe-core finds no serious or critical accessibility violation on
//! any page type in both languages and themes, and a printed topic keeps every command in full
//! (checked in the PDF's text) with its sources' URLs and without navigation.

mod common;

use common::*;
use std::process::Command;

#[test]
fn axe_finds_no_serious_violation_on_any_page_type() {
    if !browser_ready() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("book");
    build_into(&repo(), &book);
    run_node("axe.mjs", &[&book]);
}

/// Text without whitespace or hyphens: the PDF wraps long commands and URLs, and pdftotext
/// joins a line that ends in `-` with the next one.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[test]
fn printed_topic_contains_every_command_in_full() {
    if !browser_ready() || !require_tool("pdftotext", "reads the printed PDF (poppler-utils)") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("book");
    build_into(&repo(), &book);
    let checked = kbgen::pipeline::check(&repo(), today()).expect("check");
    for id in ["check-methods", "reactivation"] {
        let pdf = dir.path().join(format!("{id}.pdf"));
        run_node("print.mjs", &[&book.join(format!("en/{id}.html")), &pdf]);
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = squash(&String::from_utf8_lossy(&out.stdout));
        let topic = checked.corpus.topic("en", id).expect("topic");
        let mut commands = 0;
        for p in &topic.meta.procedures {
            for c in &p.commands {
                commands += 1;
                assert!(
                    text.contains(&squash(&c.run.value)),
                    "{id}: command `{}` is not in the printed text",
                    c.run.value
                );
            }
            for s in &p.sources {
                let url = &checked.corpus.source(&s.value).expect("source").url.value;
                assert!(
                    text.contains(&squash(url)),
                    "{id}: source URL {url} is not printed"
                );
            }
        }
        assert!(commands > 0);
        for ui in ["Skip to content", "Dark mode", "Light mode"] {
            assert!(
                !text.contains(&squash(ui)),
                "{id}: `{ui}` (navigation or controls) was printed"
            );
        }
    }
}
