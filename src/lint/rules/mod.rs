//! The registry of lint rules: stable code, stable name, default level, the `--explain` text
//! and the check, one rule per file. Codes never change meaning; new rules get new codes: add
//! a file here, then its line to [`ALL`].

use crate::diag::Severity;
use crate::lint::{Context, Reporter};

mod broken_anchor;
mod broken_link;
mod code_block_without_language;
mod deprecated_command;
mod duplicate_id;
mod empty_command;
mod empty_field;
mod flow_answer_leads_nowhere;
mod flow_broken_target;
mod flow_cycle;
mod flow_invalid_node;
mod flow_too_deep;
mod flow_translation_mismatch;
mod flow_unanswered_question;
mod flow_unreachable_node;
mod heading_attribute;
mod invalid_field;
mod missing_translation;
mod parse_error;
mod procedure_without_command;
mod procedure_without_source;
mod source_not_https;
mod source_not_verified;
mod source_stale;
mod source_verified_in_future;
mod translation_lag;
mod translation_mismatch;
mod unknown_category;
mod unknown_shell;
mod unknown_source;
mod unsafe_url;
mod untrusted_host;
mod unused_source;
mod unused_synonym;

pub use broken_anchor::BROKEN_ANCHOR;
pub use broken_link::BROKEN_LINK;
pub use code_block_without_language::CODE_WITHOUT_LANGUAGE;
pub use deprecated_command::DEPRECATED_COMMAND;
pub use duplicate_id::DUPLICATE_ID;
pub use empty_command::EMPTY_COMMAND;
pub use empty_field::EMPTY_FIELD;
pub use flow_answer_leads_nowhere::FLOW_ANSWER_LEADS_NOWHERE;
pub use flow_broken_target::FLOW_BROKEN_TARGET;
pub use flow_cycle::FLOW_CYCLE;
pub use flow_invalid_node::FLOW_INVALID_NODE;
pub use flow_too_deep::FLOW_TOO_DEEP;
pub use flow_translation_mismatch::FLOW_TRANSLATION_MISMATCH;
pub use flow_unanswered_question::FLOW_UNANSWERED_QUESTION;
pub use flow_unreachable_node::FLOW_UNREACHABLE_NODE;
pub use heading_attribute::HEADING_ATTRIBUTE;
pub use invalid_field::INVALID_FIELD;
pub use missing_translation::MISSING_TRANSLATION;
pub use parse_error::PARSE_ERROR;
pub use procedure_without_command::MISSING_COMMAND;
pub use procedure_without_source::MISSING_SOURCE;
pub use source_not_https::SOURCE_NOT_HTTPS;
pub use source_not_verified::SOURCE_NOT_VERIFIED;
pub use source_stale::SOURCE_STALE;
pub use source_verified_in_future::SOURCE_FUTURE_DATE;
pub use translation_lag::TRANSLATION_LAG;
pub use translation_mismatch::TRANSLATION_MISMATCH;
pub use unknown_category::UNKNOWN_CATEGORY;
pub use unknown_shell::UNKNOWN_SHELL;
pub use unknown_source::UNKNOWN_SOURCE;
pub use unsafe_url::UNSAFE_URL;
pub use untrusted_host::UNTRUSTED_HOST;
pub use unused_source::UNUSED_SOURCE;
pub use unused_synonym::UNUSED_SYNONYM;

/// A lint rule's identity, documentation and check.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `KB001`.
    pub code: &'static str,
    /// Stable kebab-case name, usable in `[lint.rules]`.
    pub name: &'static str,
    /// Level unless `book.toml` overrides it.
    pub default: Severity,
    /// One line for `--list-rules`.
    pub summary: &'static str,
    /// Why the rule exists and how to fix a finding, for `--explain`.
    pub explain: &'static str,
    /// Looks at the corpus and reports this rule's findings; `None` when another stage reports
    /// them (parse errors come from the content loader, which cannot build a topic otherwise).
    pub check: Option<fn(&Context<'_>, &mut Reporter<'_>)>,
}

/// The rules that read a topic's text beyond its front matter and its body's outline
/// (headings, links, code blocks, destinations: [`crate::content::body::Outline`]). Every other
/// rule finds the same when only a body's prose changes, which `kbgen serve` relies on to lint
/// such an edit by running just these (`pipeline::fast`). A rule that starts reading
/// `Topic::body`, the file's text or its search normalisation must be listed here.
pub static READS_PROSE: &[&Rule] = &[&UNUSED_SYNONYM];

/// Every rule, in code order (the order `--list-rules` prints and the checks run).
pub static ALL: &[&Rule] = &[
    &PARSE_ERROR,
    &MISSING_COMMAND,
    &EMPTY_COMMAND,
    &UNKNOWN_SHELL,
    &MISSING_SOURCE,
    &UNKNOWN_SOURCE,
    &SOURCE_NOT_VERIFIED,
    &SOURCE_FUTURE_DATE,
    &SOURCE_NOT_HTTPS,
    &SOURCE_STALE,
    &UNTRUSTED_HOST,
    &DEPRECATED_COMMAND,
    &MISSING_TRANSLATION,
    &TRANSLATION_MISMATCH,
    &TRANSLATION_LAG,
    &BROKEN_LINK,
    &BROKEN_ANCHOR,
    &DUPLICATE_ID,
    &EMPTY_FIELD,
    &UNKNOWN_CATEGORY,
    &UNUSED_SOURCE,
    &CODE_WITHOUT_LANGUAGE,
    &INVALID_FIELD,
    &UNUSED_SYNONYM,
    &HEADING_ATTRIBUTE,
    &UNSAFE_URL,
    // KB026..KB029 are kept for other rules; decision flows start at KB030.
    &FLOW_UNREACHABLE_NODE,
    &FLOW_UNANSWERED_QUESTION,
    &FLOW_ANSWER_LEADS_NOWHERE,
    &FLOW_CYCLE,
    &FLOW_BROKEN_TARGET,
    &FLOW_TRANSLATION_MISMATCH,
    &FLOW_TOO_DEEP,
    &FLOW_INVALID_NODE,
];

/// Whether a `[lint.rules]` key names a rule whose level may be changed. Parse errors cannot be
/// silenced: a topic that does not parse would vanish from the site without notice.
pub fn is_configurable(name_or_code: &str) -> bool {
    find(name_or_code).is_some_and(|r| r.code != PARSE_ERROR.code && r.code != UNSAFE_URL.code)
}

/// Finds a rule by name or code (case-insensitive for codes).
pub fn find(name_or_code: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.name == name_or_code || r.code.eq_ignore_ascii_case(name_or_code))
}

#[cfg(test)]
mod tests {
    use super::{ALL, PARSE_ERROR};

    #[test]
    fn registry_is_in_code_order() {
        // Codes are `KBnnn`, strictly increasing; a gap is a block of codes kept for rules
        // being written elsewhere (KB026..KB029 before the decision-flow rules at KB030).
        let mut last = None;
        for rule in ALL {
            let n: u32 = rule
                .code
                .strip_prefix("KB")
                .filter(|d| d.len() == 3)
                .and_then(|d| d.parse().ok())
                .unwrap_or_else(|| panic!("{}: code `{}` is not KBnnn", rule.name, rule.code));
            assert!(last.is_none_or(|l| n > l), "{} is out of order", rule.code);
            last = Some(n);
        }
        assert_eq!(ALL[0].code, "KB000");
    }

    #[test]
    fn the_loader_reports_parse_errors_under_kb000() {
        assert_eq!(PARSE_ERROR.code, crate::content::PARSE_CODE);
        assert_eq!(PARSE_ERROR.name, crate::content::PARSE_RULE);
        assert!(PARSE_ERROR.check.is_none(), "the loader reports them");
        assert!(ALL.iter().skip(1).all(|r| r.check.is_some()));
    }
}
