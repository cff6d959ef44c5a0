//! kbgen turns a folder of YAML/Markdown topic pages into a searchable, fully offline,
//! multilingual static knowledge-base site.
//!
//! The modules follow the pipeline in one direction: [`config`] → [`content`] → [`lint`] →
//! [`render`] → [`output`], orchestrated by [`pipeline`]. The CLI (`src/main.rs`) only parses
//! arguments and calls these functions; tests call them too.

pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod diag;
pub mod error;
pub mod i18n;
pub mod lint;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source_text;
pub mod verify;

pub use error::Error;
pub use pipeline::{build, check, BuildOptions};
