//! KB003 `unknown-shell`: a command's `shell` is one kbgen labels and highlights.

use super::Rule;
use crate::content::model::SHELLS;
use crate::diag::Severity;
use crate::lint::shared::{at, commands};
use crate::lint::{Context, Reporter};

/// A command names a shell kbgen does not know.
pub static UNKNOWN_SHELL: Rule = Rule {
    code: "KB003",
    name: "unknown-shell",
    default: Severity::Error,
    summary: "A command names a shell kbgen does not know.",
    explain: "`shell` decides the label and the syntax highlighting. Use one of `cmd`, `powershell`, `pwsh` or `run` (the Win+R dialog).",
    check: Some(check),
};

/// Reports every command whose shell is not in [`SHELLS`].
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, _, c) in commands(cx.corpus) {
        if !SHELLS.contains(&c.shell.value.as_str()) {
            if let Some(d) = r.report(
                &UNKNOWN_SHELL,
                t.path(),
                at(&c.shell),
                format!("unknown shell `{}`", c.shell.value),
            ) {
                d.help = Some(format!("use one of: {}", SHELLS.join(", ")));
                d.len = c.shell.value.chars().count() as u32;
            }
        }
    }
}
