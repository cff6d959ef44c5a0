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
    let (_dir, book) = sample_book();
    run_node("axe.mjs", &[&book]);
}

#[test]
fn printed_topic_contains_every_command_in_full() {
    if !browser_ready() || !require_tool("pdftotext", "reads the printed PDF (poppler-utils)") {
        return;
    }
    let (dir, book) = sample_book();
    let checked = kbgen::pipeline::check(&repo(), today()).expect("check");
    for id in ["check-methods", "reactivation"] {
        let pdf = dir.path().join(format!("{id}.pdf"));
        run_node("print.mjs", &[&book.join(format!("en/{id}.html")), &pdf]);
        let out = Command::new("pdftotext")
            .args(["-raw", "-enc", "UTF-8"])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = squash(&String::from_utf8_lossy(&out.stdout));
        let topic = checked.corpus.topic("en", id).expect("topic");
        let mut commands = 0;
        for p in &topic.meta.procedures {
            for (_, c) in p.all_commands() {
                commands += 1;
                assert!(
                    text.contains(&squash(&c.run.value)),
                    "{id}: command `{}` is not in the printed text",
                    c.run.value
                );
            }
            for s in &p.sources {
                let url = &checked.corpus.source(&s.value).expect("source").url.value;
                let readable = kbgen::render::urls::readable(url);
                assert!(
                    text.contains(&squash(&readable)),
                    "{id}: source URL {readable} is not printed"
                );
            }
        }
        assert!(commands > 0);
        for ui in [
            "Skip to content",
            "Dark mode",
            "Light mode",
            "Copy link",
            "Print this procedure",
        ] {
            assert!(
                !text.contains(&squash(ui)),
                "{id}: `{ui}` (navigation or controls) was printed"
            );
        }
    }
}

/// The printed text of `procedure` on the page `lang/id.html`, printed with its own button.
fn print_one(
    book: &std::path::Path,
    dir: &std::path::Path,
    lang: &str,
    id: &str,
    procedure: &str,
) -> String {
    let pdf = dir.join(format!("{lang}-{id}-{procedure}.pdf"));
    run_node(
        "print.mjs",
        &[
            book.join(format!("{lang}/{id}.html")).display().to_string(),
            pdf.display().to_string(),
            procedure.to_string(),
        ],
    );
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn printing_one_procedure_prints_it_alone_as_a_checklist() {
    if !browser_ready() || !require_tool("pdftotext", "reads the printed PDF (poppler-utils)") {
        return;
    }
    let (dir, book) = sample_book();
    let checked = kbgen::pipeline::check(&repo(), today()).expect("check");
    for (lang, id, wanted) in [
        ("en", "check-methods", "powershell-cim"),
        ("ja", "check-methods", "settings-activation"),
    ] {
        let raw = print_one(&book, dir.path(), lang, id, wanted);
        let text = squash(&raw);
        let topic = checked.corpus.topic(lang, id).expect("topic");
        for p in &topic.meta.procedures {
            let title = squash(&p.title.value);
            if p.id.value != wanted {
                assert!(
                    !text.contains(&title),
                    "{lang}/{id}#{wanted}: another procedure ({}) was printed",
                    p.id.value
                );
                continue;
            }
            assert!(
                text.contains(&title),
                "{lang}/{id}#{wanted}: its title is missing:\n{raw}"
            );
            // A box per step, each step's text, and each command in full inside its step:
            // after the step's text, before the next step's.
            assert_eq!(
                raw.matches('☐').count(),
                p.steps.len(),
                "{lang}/{id}#{wanted}: boxes\n{raw}"
            );
            let mut from = 0;
            for (i, step) in p.steps.iter().enumerate() {
                let plain = squash(&kbgen::search::text::plain(&step.text.value));
                let head: String = plain.chars().take(12).collect();
                let at = text[from..].find(&head).map(|k| k + from).unwrap_or_else(|| {
                    panic!("{lang}/{id}#{wanted}: step {} ({head}) is missing or out of order:\n{raw}", i + 1)
                });
                from = at + head.len();
                for c in &step.commands {
                    let run = squash(&c.run.value);
                    let k = text[from..].find(&run).unwrap_or_else(|| {
                        panic!("{lang}/{id}#{wanted}: command `{}` is not printed inside step {}:\n{raw}", c.run.value, i + 1)
                    });
                    let next = p.steps.get(i + 1).map(|n| {
                        let h: String = squash(&kbgen::search::text::plain(&n.text.value))
                            .chars()
                            .take(12)
                            .collect();
                        text[from..].find(&h).map_or(usize::MAX, |j| j + from)
                    });
                    assert!(
                        next.is_none_or(|n| from + k < n),
                        "{lang}/{id}#{wanted}: command of step {} printed after step {}",
                        i + 1,
                        i + 2
                    );
                }
            }
            // Sources with readable URLs (a Japanese URL as text, not %E3%83...).
            for s in &p.sources {
                let url = &checked.corpus.source(&s.value).expect("source").url.value;
                let readable = kbgen::render::urls::readable(url);
                assert!(
                    text.contains(&squash(&readable)),
                    "{lang}/{id}#{wanted}: source {readable} is not printed:\n{raw}"
                );
            }
        }
        assert!(
            !text.contains("%E3%83"),
            "{lang}/{id}#{wanted}: a percent-encoded URL was printed"
        );
        // Nothing of the rest of the page: the topic's title, body, contents, controls.
        let body_heading = topic
            .outline
            .headings
            .first()
            .expect("a heading")
            .text
            .clone();
        for absent in [
            body_heading.as_str(),
            topic.meta.title.value.as_str(),
            "Copy link",
            "リンクをコピー",
            "On this page",
        ] {
            assert!(
                !text.contains(&squash(absent)),
                "{lang}/{id}#{wanted}: `{absent}` was printed"
            );
        }
    }
}
