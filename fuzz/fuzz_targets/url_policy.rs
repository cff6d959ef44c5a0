//! Any text as an HTML page for the last URL check of every page, and as a URL for the policy:
//! never panics, and a URL the policy allows, written into an attribute as kbgen writes it
//! (escaped), is never reported.
#![no_main]

use kbgen::render::highlight::escape_html;
use kbgen::render::urls::{allowed, refused_in_page};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = refused_in_page(text);
    let page = format!("<a href=\"{}\">x</a>", escape_html(text));
    assert_eq!(allowed(text), refused_in_page(&page).is_empty(), "{text:?}");
});
