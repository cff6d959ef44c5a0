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
    explain: "Translations share their procedures: the same procedure ids in the same order, and the same commands (`shell` and identical `run` text) written at the same step (or in the procedure's own `commands`). Only prose, titles, steps and notes are translated.",
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
/// commands (in steps and in the procedure's list alike), each with the same shell and `run`
/// text, written at the same step.
fn compare_commands(t: &Topic, orig: &Topic, p: &Procedure, op: &Procedure, r: &mut Reporter) {
    let pid = &p.id.value;
    let (ours, theirs): (Vec<_>, Vec<_>) =
        (p.all_commands().collect(), op.all_commands().collect());
    if ours.len() != theirs.len() {
        if let Some(d) = r.report(
            &TRANSLATION_MISMATCH,
            t.path(),
            at(&p.id),
            format!(
                "procedure `{pid}` has {} command(s); the original has {}",
                ours.len(),
                theirs.len()
            ),
        ) {
            d.help = Some(format!("copy the commands from {}", orig.path().display()));
        }
        return;
    }
    for ((place, c), (oplace, oc)) in ours.into_iter().zip(theirs) {
        let opos = at(&oc.run);
        if c.run.value != oc.run.value || c.shell.value != oc.shell.value {
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
        } else if place != oplace {
            if let Some(d) = r.report(
                &TRANSLATION_MISMATCH,
                t.path(),
                at(&c.run),
                format!(
                    "command of procedure `{pid}` is {}; the original has it {}",
                    place_name(place),
                    place_name(oplace)
                ),
            ) {
                d.help = Some(format!(
                    "move it as in the original ({}:{})",
                    orig.path().display(),
                    opos.line
                ));
                d.len = c.run.value.chars().count() as u32;
            }
        }
    }
}

/// Where a command is written, for messages.
fn place_name(place: Option<usize>) -> String {
    match place {
        Some(i) => format!("in step {}", i + 1),
        None => "in the procedure's `commands`".to_string(),
    }
}
