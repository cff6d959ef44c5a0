//! Splitting a topic file into YAML front matter and Markdown body, and parsing the YAML with
//! positions counted from the top of the file.

use crate::content::{pos_of, PARSE_CODE, PARSE_RULE};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::source_text::SourceText;
use serde::de::DeserializeOwned;

/// Where the front matter and the body are in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the fences.
    pub yaml: (usize, usize),
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    /// Byte offset where the body starts.
    pub body: usize,
}

/// Finds the `---` fences. A file must open with `---` on its first line and close it with
/// `---` (or `...`) on a line of its own.
pub fn split(file: &SourceText) -> Result<Split, Diagnostic> {
    let text = &file.text;
    let first = file.line_text(1);
    if first.trim_end() != "---" {
        let msg = if text.trim().is_empty() {
            "the file is empty: a topic needs front matter"
        } else {
            "a topic must start with a `---` line opening its YAML front matter"
        };
        return Err(parse_error(file, Pos::new(1, 1), msg).with_help(
            "start the file with `---`, the fields `id`, `title`, `summary`, `category` and `reviewed`, then `---`",
        ));
    }
    let yaml_start = file.offset(Pos::new(2, 1)).min(text.len());
    for line in 2..=file.line_count() {
        let l = file.line_text(line).trim_end();
        if l == "---" || l == "..." {
            let close = file.offset(Pos::new(u32::try_from(line).unwrap_or(u32::MAX), 1));
            let body = if line < file.line_count() {
                file.offset(Pos::new(u32::try_from(line + 1).unwrap_or(u32::MAX), 1))
            } else {
                text.len()
            };
            return Ok(Split {
                yaml: (yaml_start, close),
                yaml_line: 2,
                body,
            });
        }
    }
    Err(parse_error(
        file,
        Pos::new(1, 1),
        "the front matter opened here is never closed",
    )
    .with_len(3)
    .with_help("add a line with only `---` after the last front-matter field"))
}

/// Deserializes YAML that starts at `first_line` of `file`, reporting errors at file positions.
pub fn parse_yaml<T: DeserializeOwned>(
    file: &SourceText,
    range: (usize, usize),
    first_line: usize,
) -> Result<T, Diagnostic> {
    let yaml = file.text.get(range.0..range.1).unwrap_or("");
    // Pad with empty lines so the parser counts lines from the top of the file.
    let mut padded = "\n".repeat(first_line.saturating_sub(1));
    padded.push_str(yaml);
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 64,
        },
    };
    serde_saphyr::from_str_with_options::<T>(&padded, options).map_err(|e| {
        let pos = e
            .location()
            .map_or(Pos::new(first_line.try_into().unwrap_or(1), 1), |l| {
                pos_of(&l)
            });
        let pos = if pos.line == 0 { Pos::new(1, 1) } else { pos };
        parse_error(file, pos, clean_message(&e.without_snippet().to_string()))
    })
}

fn clean_message(msg: &str) -> String {
    // The parser appends its own " at line N column M"; the diagnostic carries the position.
    let first = msg.lines().next().unwrap_or(msg).trim();
    match first.rfind(" at line ") {
        Some(i) => first[..i].trim_end_matches(',').to_string(),
        None => first.to_string(),
    }
}

fn parse_error(file: &SourceText, pos: Pos, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        PARSE_CODE,
        PARSE_RULE,
        &file.path,
        pos,
        msg,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        #[allow(dead_code, reason = "only parsed")]
        id: String,
    }

    #[test]
    fn splits_front_matter_and_body() {
        let f = SourceText::new("t.md", "---\nid: a\n---\n# Body\n");
        let s = split(&f).expect("split");
        assert_eq!(&f.text[s.yaml.0..s.yaml.1], "id: a\n");
        assert_eq!(&f.text[s.body..], "# Body\n");
    }

    #[test]
    fn crlf_is_accepted() {
        let f = SourceText::new("t.md", "---\r\nid: a\r\n---\r\nbody");
        let s = split(&f).expect("split");
        assert_eq!(&f.text[s.body..], "body");
    }

    #[test]
    fn unterminated_and_missing_front_matter_are_diagnostics() {
        assert!(split(&SourceText::new("t.md", "---\nid: a\n")).is_err());
        assert!(split(&SourceText::new("t.md", "# no front matter")).is_err());
        assert!(split(&SourceText::new("t.md", "")).is_err());
    }

    #[test]
    fn yaml_errors_are_counted_from_the_top_of_the_file() {
        let f = SourceText::new("t.md", "---\nid: a\ncolour: red\n---\n");
        let s = split(&f).expect("split");
        let err = parse_yaml::<Meta>(&f, s.yaml, s.yaml_line).expect_err("unknown field");
        assert_eq!(err.pos.line, 3, "{err:?}");
        assert!(err.message.contains("colour"), "{}", err.message);
    }
}
