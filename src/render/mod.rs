//! Rendering: Markdown, highlighting and templates turn the model into HTML pages.
//!
//! - [`site`]: the borrowed inputs of rendering and the lookups computed once per build.
//! - [`pages`]: which pages exist, each page's complete typed view, and its HTML.
//! - [`frame`]: what every page shares (sidebar, language switch, header).
//! - [`topic_page`], [`lists`]: the topic page's view; topic cards and category lists.
//! - [`flow`]: a topic's decision flow and the "reached from" links of what it leads to.
//! - [`topic_page`], [`lists`]: the topic page's view; topic cards, category, tag and edition
//!   lists; [`terms`]: which tags and editions exist and the file names of their pages;
//!   [`term_pages`]: their pages.
//! - [`markdown`], [`highlight`]: bodies and code; [`shells`]: the PowerShell and command-prompt
//!   lexers.
//! - [`templates`]: loading tera from the inputs; template errors as located diagnostics.
//! - [`urls`]: the one owner of the output's URL layout and the URL policy.
//! - [`views`]: the view structs templates see.

pub mod flow;
pub mod frame;
pub mod highlight;
pub mod lists;
pub mod markdown;
pub mod pages;
pub mod shells;
pub mod site;
pub mod templates;
pub mod term_pages;
pub mod terms;
pub mod topic_page;
pub mod urls;
pub mod views;
