//! KB019 `unknown-category`: every topic's category is a `[[categories]]` entry of book.toml.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::at;
use crate::lint::{Context, Reporter};

/// A topic's category is not defined in book.toml.
pub static UNKNOWN_CATEGORY: Rule = Rule {
    code: "KB019",
    name: "unknown-category",
    default: Severity::Error,
    summary: "A topic's category is not defined in book.toml.",
    explain: "Categories are `[[categories]]` entries in book.toml; use one of their ids.",
    check: Some(check),
};

/// Reports every topic whose category book.toml does not define.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    let config = cx.config;
    for t in &cx.corpus.topics {
        let category = &t.meta.category;
        if config.category(&category.value).is_some() {
            continue;
        }
        let known: Vec<&str> = config.categories.iter().map(|c| c.id.as_str()).collect();
        if let Some(d) = r.report(
            &UNKNOWN_CATEGORY,
            t.path(),
            at(category),
            format!("category `{}` is not defined in book.toml", category.value),
        ) {
            d.help = Some(format!("use one of: {}", known.join(", ")));
            d.len = category.value.chars().count() as u32;
        }
    }
}
