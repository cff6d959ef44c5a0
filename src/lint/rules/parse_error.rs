//! KB000 `parse-error`: a file that cannot be read or parsed. The content loader reports it while
//! loading (see [`crate::content::PARSE_CODE`]); there is nothing left to check afterwards.

use super::Rule;
use crate::diag::Severity;

/// A file cannot be read or parsed (YAML syntax, wrong type, unknown field, missing front matter).
pub static PARSE_ERROR: Rule = Rule {
    code: "KB000",
    name: "parse-error",
    default: Severity::Error,
    summary: "A file cannot be read or parsed (YAML syntax, wrong type, unknown field, missing front matter).",
    explain: "Topics are Markdown files that start with YAML front matter between `---` lines; `content/sources.yaml` is a YAML list. Unknown fields are rejected so that a misspelt field name is never silently ignored. Fix the file at the position shown.",
    check: None,
};
