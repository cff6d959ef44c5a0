//! KB002 `empty-command`: a command's `run` text is not blank.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, commands};
use crate::lint::{Context, Reporter};

/// A command's `run` text is empty.
pub static EMPTY_COMMAND: Rule = Rule {
    code: "KB002",
    name: "empty-command",
    default: Severity::Error,
    summary: "A command's `run` text is empty.",
    explain: "An empty `run` renders an empty code block with a copy button that copies nothing. Write the exact command to type.",
    check: Some(check),
};

/// Reports every command whose `run` is blank.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, p, c) in commands(cx.corpus) {
        if c.run.value.trim().is_empty() {
            r.report(
                &EMPTY_COMMAND,
                t.path(),
                at(&c.run),
                format!("a command of procedure `{}` has an empty `run`", p.id.value),
            );
        }
    }
}
