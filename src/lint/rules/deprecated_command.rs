//! KB011 `deprecated-command`: a deprecated tool only appears next to its supported replacement.

use super::Rule;
use crate::config::{uses_tool, DeprecatedCommand};
use crate::diag::Severity;
use crate::lint::shared::{at, commands};
use crate::lint::{Context, Reporter};

/// A procedure uses a deprecated tool without also showing its supported replacement.
pub static DEPRECATED_COMMAND: Rule = Rule {
    code: "KB011",
    name: "deprecated-command",
    default: Severity::Error,
    summary: "A procedure uses a deprecated tool without also showing its supported replacement.",
    explain: "`[[lint.deprecated_commands]]` in book.toml lists tools such as `wmic` with their replacement (`Get-CimInstance`). A procedure may still show the deprecated command for older PCs, but only next to a command that uses the replacement.",
    check: Some(check),
};

/// Reports every command using a tool of `[[lint.deprecated_commands]]` in a procedure that
/// has no command using the replacement.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, p, c) in commands(cx.corpus) {
        for dep in &cx.config.lint.deprecated_commands {
            if !uses_tool(&c.run.value, &dep.tool) {
                continue;
            }
            let has_alternative = p
                .all_commands()
                .any(|(_, o)| uses_tool(&o.run.value, &dep.replacement));
            if !has_alternative {
                let msg = format!(
                    "`{}` is deprecated and procedure `{}` does not show `{}`",
                    dep.tool, p.id.value, dep.replacement
                );
                if let Some(d) = r.report(&DEPRECATED_COMMAND, t.path(), at(&c.run), msg) {
                    d.help = Some(deprecation_help(dep));
                    d.len = c.run.value.chars().count() as u32;
                }
            }
        }
    }
}

fn deprecation_help(dep: &DeprecatedCommand) -> String {
    let mut help = format!(
        "add a command that uses `{}` to the same procedure",
        dep.replacement
    );
    if let Some(reason) = &dep.reason {
        help.push_str(&format!(" ({reason})"));
    }
    help
}
