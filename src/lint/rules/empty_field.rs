//! KB018 `empty-field`: titles, summaries and steps are not blank.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, sources};
use crate::lint::{Context, Reporter};

/// A title, summary or step is empty.
pub static EMPTY_FIELD: Rule = Rule {
    code: "KB018",
    name: "empty-field",
    default: Severity::Error,
    summary: "A title, summary or step is empty.",
    explain: "Lists and search results show titles and summaries; empty ones make a page impossible to find.",
    check: Some(check),
};

/// Reports blank topic titles and summaries, procedure titles and steps, and source titles.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for t in &cx.corpus.topics {
        let (m, path) = (&t.meta, t.path());
        for (what, v) in [("title", &m.title), ("summary", &m.summary)] {
            if v.value.trim().is_empty() {
                r.report(
                    &EMPTY_FIELD,
                    path,
                    at(v),
                    format!("the topic's {what} is empty"),
                );
            }
        }
        for p in &m.procedures {
            let pid = &p.id.value;
            if p.title.value.trim().is_empty() {
                r.report(
                    &EMPTY_FIELD,
                    path,
                    at(&p.title),
                    format!("procedure `{pid}` has an empty title"),
                );
            }
            let steps = p.steps.iter().map(|s| &s.text);
            for s in steps.filter(|s| s.value.trim().is_empty()) {
                r.report(
                    &EMPTY_FIELD,
                    path,
                    at(s),
                    format!("procedure `{pid}` has an empty step"),
                );
            }
        }
    }
    let Some((path, sources)) = sources(cx.corpus) else {
        return;
    };
    for s in sources.iter().filter(|s| s.title.value.trim().is_empty()) {
        r.report(
            &EMPTY_FIELD,
            path,
            at(&s.title),
            format!("source `{}` has an empty title", s.id.value),
        );
    }
}
