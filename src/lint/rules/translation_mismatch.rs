//! KB013 `translation-mismatch`: translations carry the original's procedures and commands
//! unchanged.

use super::Rule;
use crate::content::model::Procedure;
use crate::content::Topic;
use crate::diag::Severity;
use crate::lint::shared::{at, procedure_ids, translations};
use crate::lint::{Context, Reporter};

/// A translation's procedures or commands differ from the original's.
pub static TRANSLATION_MISMATCH: Rule = Rule {
    code: "KB013",
    name: "translation-mismatch",
    default: Severity::Error,
    summary: "A translation's procedures or commands differ from the original's.",
    explain: "Translations share their procedures: the same procedure ids in the same order, and the same commands (`shell` and identical `run` text). Only prose, titles, steps and notes are translated.",
    check: Some(check),
};

/// Compares each translation with its original: first the procedure ids, then (only when they
/// agree) the commands of each procedure.
fn check(cx: &Context<'_>, r: &mut Reporter<'_>) {
    for (t, orig) in translations(cx) {
        let (ours, theirs) = (procedure_ids(t), procedure_ids(orig));
        if ours != theirs {
            let pos = t
                .meta
                .procedures
                .first()
                .map_or(at(&t.meta.id), |p| at(&p.id));
            if let Some(d) = r.report(
                &TRANSLATION_MISMATCH,
                t.path(),
                pos,
                format!("procedure ids {ours:?} differ from the original's {theirs:?}"),
            ) {
                d.help = Some(format!(
                    "use the same procedure ids, in the same order, as {}",
                    orig.path().display()
                ));
            }
            continue;
        }
        for (p, op) in t.meta.procedures.iter().zip(&orig.meta.procedures) {
            compare_commands(t, orig, p, op, r);
        }
    }
}

/// Procedure `p` of translation `t` against `op` of the original `orig`: the same number of
/// commands, each with the same shell and `run` text.
fn compare_commands(t: &Topic, orig: &Topic, p: &Procedure, op: &Procedure, r: &mut Reporter) {
    let pid = &p.id.value;
    if p.commands.len() != op.commands.len() {
        if let Some(d) = r.report(
            &TRANSLATION_MISMATCH,
            t.path(),
            at(&p.id),
            format!(
                "procedure `{pid}` has {} command(s); the original has {}",
                p.commands.len(),
                op.commands.len()
            ),
        ) {
            d.help = Some(format!("copy the commands from {}", orig.path().display()));
        }
        return;
    }
    for (c, oc) in p.commands.iter().zip(&op.commands) {
        if c.run.value != oc.run.value || c.shell.value != oc.shell.value {
            let opos = at(&oc.run);
            if let Some(d) = r.report(
                &TRANSLATION_MISMATCH,
                t.path(),
                at(&c.run),
                format!("command of procedure `{pid}` differs from the original"),
            ) {
                d.help = Some(format!(
                    "the original ({}:{}) has `{}: {}`",
                    orig.path().display(),
                    opos.line,
                    oc.shell.value,
                    oc.run.value
                ));
                d.len = c.run.value.chars().count() as u32;
            }
        }
    }
}
