//! Offline search: a tokenizer shared (by specification and test vectors) with the browser
//! client, and a sharded index built from the parsed topics, never from HTML.

pub mod index;
pub mod pack;
pub use crate::text_norm as normalize;
pub mod text;
pub mod tokenize;
