//! Link rules: `@/id` links, `#anchors` and `related` ids resolve within the same language.

use super::{at, body_pos};
use crate::content::body::{outline, TopicLink};
use crate::content::{Corpus, Topic};
use crate::diag::Pos;
use crate::lint::rules::{BROKEN_ANCHOR, BROKEN_LINK};
use crate::lint::Reporter;
use std::collections::HashMap;

/// The anchors a topic page offers: procedure ids and heading ids.
pub fn anchors_of(topic: &Topic) -> Vec<String> {
    let procs: Vec<&str> = topic
        .meta
        .procedures
        .iter()
        .map(|p| p.id.value.as_str())
        .collect();
    let mut ids: Vec<String> = procs.iter().map(|s| s.to_string()).collect();
    ids.extend(topic.outline.headings.iter().map(|h| h.id.clone()));
    ids
}

/// Checks links in bodies, steps, notes and warnings, and `related` ids.
pub fn check(corpus: &Corpus, r: &mut Reporter) {
    let mut anchors: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    for t in &corpus.topics {
        anchors.insert((t.lang.as_str(), t.id()), anchors_of(t));
    }
    for t in &corpus.topics {
        for rel in &t.meta.related {
            if corpus.topic(&t.lang, &rel.value).is_none() {
                if let Some(d) = r.report(
                    &BROKEN_LINK,
                    t.path(),
                    at(rel),
                    format!(
                        "related topic `{}` does not exist in `{}`",
                        rel.value, t.lang
                    ),
                ) {
                    d.len = rel.value.chars().count() as u32;
                }
                r.follows_from(topic_file(&t.lang, &rel.value));
            }
        }
        let mut links: Vec<(TopicLink, Pos)> = t
            .outline
            .links
            .iter()
            .cloned()
            .map(|l| {
                let pos = body_pos(t, l.offset);
                (l, pos)
            })
            .collect();
        for p in &t.meta.procedures {
            for s in &p.steps {
                links.extend(outline(&s.value, &[]).links.into_iter().map(|l| (l, at(s))));
            }
            let notes = p
                .commands
                .iter()
                .filter_map(|c| c.note.as_ref().map(|n| (n.value.as_str(), at(n))));
            for (text, pos) in notes.chain(p.warnings.iter().map(|w| (w.value.as_str(), at(w)))) {
                links.extend(outline(text, &[]).links.into_iter().map(|l| (l, pos)));
            }
        }
        for (link, pos) in links {
            let target = link.topic.as_deref().unwrap_or(t.id());
            let Some(ids) = anchors.get(&(t.lang.as_str(), target)) else {
                if let Some(d) = r.report(
                    &BROKEN_LINK,
                    t.path(),
                    pos,
                    format!(
                        "link `{}` points to topic `{target}`, which does not exist in `{}`",
                        link.written, t.lang
                    ),
                ) {
                    d.help = Some("link to topics as `@/topic-id` or `@/topic-id#anchor`".into());
                }
                r.follows_from(topic_file(&t.lang, target));
                continue;
            };
            if let Some(anchor) = link.anchor.as_deref().filter(|a| !a.is_empty()) {
                if !ids.iter().any(|i| i == anchor) {
                    if let Some(d) = r.report(
                        &BROKEN_ANCHOR,
                        t.path(),
                        pos,
                        format!("`#{anchor}` is not an anchor of topic `{target}`"),
                    ) {
                        let mut sample: Vec<&str> =
                            ids.iter().map(String::as_str).take(8).collect();
                        if sample.is_empty() {
                            sample.push("(none)");
                        }
                        d.help = Some(format!("anchors of `{target}`: {}", sample.join(", ")));
                    }
                }
            }
        }
    }
}

/// Where topic `id` of `lang` lives: a finding about a missing topic follows from that file
/// when it exists but does not parse.
fn topic_file(lang: &str, id: &str) -> std::path::PathBuf {
    std::path::Path::new("content")
        .join(lang)
        .join(format!("{id}.md"))
}
