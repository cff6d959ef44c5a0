//! KB015 `broken-link`: `@/id` links and `related` ids name a topic of the same language.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, links_of, topic_file};
use crate::lint::{Context, Reporter};

/// A link (`@/id`) or a `related` id names a topic that does not exist.
pub static BROKEN_LINK: Rule = Rule {
    code: "KB015",
    name: "broken-link",
    default: Severity::Error,
    summary: "A link (`@/id`) or a `related` id names a topic that does not exist.",
    explain: "Link to other topics with `[text](@/topic-id)` or `[text](@/topic-id#anchor)`; `related:` lists topic ids. The target must exist in the same language.",
    check: Some(check),
};

/// Reports `related` ids and links (in bodies, steps, notes and warnings) whose topic does not
/// exist in the topic's language; each follows from the missing topic's file.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let anchors = cx.anchors();
    for (i, t) in cx.corpus.topics.iter().enumerate() {
        for rel in &t.meta.related {
            if cx.corpus.topic(&t.lang, &rel.value).is_none() {
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
        for (link, pos) in links_of(cx, i) {
            let target = link.topic.as_deref().unwrap_or(t.id());
            if anchors.contains_key(&(t.lang.as_str(), target)) {
                continue;
            }
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
        }
    }
}
