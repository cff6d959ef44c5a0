//! Procedure rules: every procedure has a real command and a source; deprecated tools only
//! appear next to their replacement.

use super::at;
use crate::config::{Config, DeprecatedCommand};
use crate::content::model::SHELLS;
use crate::content::Corpus;
use crate::lint::rules::{
    DEPRECATED_COMMAND, EMPTY_COMMAND, MISSING_COMMAND, MISSING_SOURCE, UNKNOWN_SHELL,
};
use crate::lint::Reporter;

/// Checks every procedure of every topic.
pub fn check(config: &Config, corpus: &Corpus, r: &mut Reporter) {
    for t in &corpus.topics {
        let path = t.path();
        for p in &t.meta.procedures {
            let pid = &p.id.value;
            if p.commands.is_empty() {
                if let Some(d) = r.report(
                    &MISSING_COMMAND,
                    path,
                    at(&p.id),
                    format!("procedure `{pid}` has no command"),
                ) {
                    d.help = Some("add `commands:` with at least one `shell` and `run`".into());
                    d.len = pid.chars().count() as u32;
                }
            }
            if p.sources.is_empty() {
                if let Some(d) = r.report(
                    &MISSING_SOURCE,
                    path,
                    at(&p.id),
                    format!("procedure `{pid}` cites no source"),
                ) {
                    d.help =
                        Some("add `sources: [id]` with an id from content/sources.yaml".into());
                    d.len = pid.chars().count() as u32;
                }
            }
            for c in &p.commands {
                if c.run.value.trim().is_empty() {
                    r.report(
                        &EMPTY_COMMAND,
                        path,
                        at(&c.run),
                        format!("a command of procedure `{pid}` has an empty `run`"),
                    );
                }
                if !SHELLS.contains(&c.shell.value.as_str()) {
                    if let Some(d) = r.report(
                        &UNKNOWN_SHELL,
                        path,
                        at(&c.shell),
                        format!("unknown shell `{}`", c.shell.value),
                    ) {
                        d.help = Some(format!("use one of: {}", SHELLS.join(", ")));
                        d.len = c.shell.value.chars().count() as u32;
                    }
                }
                for dep in &config.lint.deprecated_commands {
                    if !crate::config::uses_tool(&c.run.value, &dep.tool) {
                        continue;
                    }
                    let has_alternative = p
                        .commands
                        .iter()
                        .any(|o| crate::config::uses_tool(&o.run.value, &dep.replacement));
                    if !has_alternative {
                        let msg = format!(
                            "`{}` is deprecated and procedure `{pid}` does not show `{}`",
                            dep.tool, dep.replacement
                        );
                        if let Some(d) = r.report(&DEPRECATED_COMMAND, path, at(&c.run), msg) {
                            d.help = Some(deprecation_help(dep));
                            d.len = c.run.value.chars().count() as u32;
                        }
                    }
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
