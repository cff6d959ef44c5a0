//! KB001 `procedure-without-command`: every procedure shows at least one command.

use super::Rule;
use crate::diag::Severity;
use crate::lint::shared::{at, procedures};
use crate::lint::{Context, Reporter};

/// A procedure has no command.
pub static MISSING_COMMAND: Rule = Rule {
    code: "KB001",
    name: "procedure-without-command",
    default: Severity::Error,
    summary: "A procedure has no command.",
    explain: "Help-desk staff follow procedures on customers' PCs; a procedure must show at least one command (`commands:` with `shell` and `run`, in the step that uses it or for the procedure as a whole). If the procedure is only a Settings path, add the command that opens it (e.g. `start ms-settings:activation`).",
    check: Some(check),
};

/// Reports every procedure with no command, in its steps or its own `commands:` list.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, p) in procedures(cx.corpus) {
        let pid = &p.id.value;
        if p.all_commands().next().is_none() {
            if let Some(d) = r.report(
                &MISSING_COMMAND,
                t.path(),
                at(&p.id),
                format!("procedure `{pid}` has no command"),
            ) {
                d.help = Some("add `commands:` with at least one `shell` and `run`, to the step that uses it (`- text: ...` with `commands:`) or to the procedure".into());
                d.len = pid.chars().count() as u32;
            }
        }
    }
}
