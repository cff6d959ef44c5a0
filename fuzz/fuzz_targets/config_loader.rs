//! Any text as `book.toml`: parsing and validation must return a configuration or located
//! diagnostics, never panic; positions stay inside the file.
#![no_main]

use kbgen::source_text::SourceText;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = SourceText::new("book.toml", text);
    match kbgen::config::parse(&file, kbgen::lint::rules::is_configurable) {
        Ok(config) => {
            // Validated values keep their promises.
            assert!(config.languages.contains(&config.default_language));
            for k in &config.output_keep {
                assert!(!k.is_empty() && !k.starts_with('/') && !k.split('/').any(|s| s == ".."));
            }
        }
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in diags {
                assert!(d.pos.line as usize <= file.line_count() + 1, "{d:?}");
            }
        }
    }
});
