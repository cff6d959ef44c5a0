//! The input layer: every file the build reads, read once, under one policy.
//!
//! - [`policy`]: how one file is read (regular files only, no symbolic links, bounded size,
//!   editor and hidden files are not inputs).
//! - [`set`]: the whole project in memory ([`Inputs`]), each file with a content hash; `kbgen
//!   serve` refreshes only the paths the watcher reports, and a change is a different hash,
//!   never a different size or modification time.
//!
//! - [`builtin`]: the theme compiled into the binary, the layer under the project's files.
//!
//! Every later stage is a pure function of an [`Inputs`] and the build options.

pub mod builtin;
pub mod policy;
pub mod set;

pub use policy::{
    is_ignored, is_ignored_path, kind, read, InputError, MAX_CONFIG_BYTES, MAX_CONTENT_BYTES,
    MAX_STATIC_BYTES, MAX_TEMPLATE_BYTES,
};
pub use set::{InputFile, Inputs, Unreadable};
