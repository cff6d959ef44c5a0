//! kbgen turns a folder of YAML/Markdown topic pages into a searchable, fully offline,
//! multilingual static knowledge-base site.
//!
//! The modules follow the pipeline in one direction; none imports a later stage:
//!
//! - [`layout`], [`input`]: the project's folders; every input read once into [`input::Inputs`].
//! - [`config`]: `book.toml` → [`config::Config`]. [`i18n`]: UI strings.
//! - [`content`]: topics and sources from the inputs, with positions.
//! - [`lint`]: `kbgen check`'s rules, one per file.
//! - [`render`]: typed page views and HTML; [`render::urls`] owns the output's URL layout.
//! - [`search`]: the search index files.
//! - [`pipeline`]: the orchestrator and the only owner of caching ([`memo`]); [`output`]: writing.
//! - [`serve`]: the live preview, on top of the pipeline. [`verify`]: `kbgen sources verify`.
//!
//! Shared plumbing at the bottom: [`diag`], [`source_text`], [`report`], [`url_policy`],
//! [`text_norm`], [`portable`], [`date`], [`error`]. The CLI (`src/main.rs`) only parses
//! arguments and calls these functions; tests call them too.
//!
//! ```
//! use kbgen::date::Date;
//! use kbgen::pipeline::{build, check, BuildOptions};
//!
//! // The sample knowledge base at the repository root.
//! let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
//! let today = Date::parse("2026-12-01").expect("a date");
//! // Lint: every problem is a diagnostic with file:line:col, none stops the run.
//! let checked = check(root, today).expect("book.toml is valid");
//! assert_eq!(checked.tally().errors, 0);
//! // Build: the whole site in memory, written once by the caller.
//! let built = build(root, &BuildOptions::new(today)).expect("templates render");
//! let site = built.output.expect("no content errors");
//! assert!(site.get("ja/check-methods.html").is_some());
//! ```

// Every public item says why it exists; nothing is `pub` that the crate's API does not reach
// (tests and CI deny warnings).
#![warn(missing_docs, unreachable_pub)]

pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diag;
pub mod error;
pub mod i18n;
pub mod input;
pub mod layout;
pub mod lint;
pub mod memo;
pub mod output;
pub mod pipeline;
pub mod portable;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source_text;
pub mod text_norm;
pub mod url_policy;
pub mod verify;

pub use error::Error;
pub use pipeline::{build, check, BuildOptions};
