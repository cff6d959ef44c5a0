//! The rule implementations, grouped by what they look at.

pub mod fields;
pub mod links;
pub mod parity;
pub mod procedures;
pub mod safety;
pub mod sources;
pub mod synonyms;

use crate::content::{pos_of, Topic};
use crate::diag::Pos;
use serde_saphyr::Spanned;

/// The file position of a front-matter value.
pub fn at<T>(v: &Spanned<T>) -> Pos {
    pos_of(&v.referenced)
}

/// The file position of a byte offset inside a topic's body.
pub fn body_pos(topic: &Topic, offset: usize) -> Pos {
    topic.file.pos(topic.body_offset + offset)
}
