//! Rendering: Markdown, highlighting and templates turn the model into HTML pages in memory.

pub mod highlight;
pub mod markdown;
pub mod site;
pub mod templates;
pub mod urls;
pub mod views;
