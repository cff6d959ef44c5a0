//! Loading the knowledge base: topics (one Markdown file per topic per language with YAML
//! front matter) and the shared `content/sources.yaml`, into plain data with positions.

pub mod body;
pub mod flow;
pub mod front_matter;
pub mod loader;
pub mod model;

pub use loader::load;
pub use model::{Command, Corpus, Procedure, Source, Step, Topic, Verified};

use crate::diag::Pos;
use serde_saphyr::Location;

/// Rule code for files that cannot be parsed at all.
pub const PARSE_CODE: &str = "KB000";
/// Rule name for files that cannot be parsed at all.
pub const PARSE_RULE: &str = "parse-error";

/// The file position of a YAML value. Front matter is parsed with its leading lines padded, so
/// the parser's line numbers are already counted from the top of the file.
pub fn pos_of(loc: &Location) -> Pos {
    Pos::new(
        u32::try_from(loc.line()).unwrap_or(u32::MAX),
        u32::try_from(loc.column()).unwrap_or(u32::MAX),
    )
}
