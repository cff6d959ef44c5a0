//! Any bytes as a topic file: splitting the front matter and parsing the YAML must return a
//! value or a diagnostic, never panic or hang.
#![no_main]

use kbgen::content::front_matter::{parse_yaml, split};
use kbgen::content::model::TopicMeta;
use kbgen::source_text::SourceText;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceText::new("content/en/fuzz.md", text);
    if let Ok(parts) = split(&file) {
        if let Err(d) = parse_yaml::<TopicMeta>(&file, parts.yaml, parts.yaml_line) {
            // Positions must stay inside the file.
            assert!(d.pos.line as usize <= file.line_count() + 1);
        }
    }
});
