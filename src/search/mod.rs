//! Offline search: the tokenizer shared (by specification and test vectors) with the browser
//! client. The index itself is built from the parsed documents, never from HTML.

pub mod tokenize;
