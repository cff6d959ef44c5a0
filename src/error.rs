//! Fatal errors: the build cannot go on (I/O, invalid configuration, UI strings or templates,
//! an unsafe output folder). Content problems are [`crate::diag::Diagnostic`] values.

use crate::diag::Diagnostic;
use crate::source_text::SourceMap;
use std::fmt;
use std::path::PathBuf;

/// Why a command could not run at all (exit code 2).
#[derive(Debug)]
pub enum Error {
    /// Reading or writing a path failed.
    Io {
        /// The path involved.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// `book.toml`, `i18n/*.toml` or a template is invalid; each problem is a diagnostic.
    Invalid {
        /// The files the diagnostics point into.
        files: SourceMap,
        /// Every problem found.
        diagnostics: Vec<Diagnostic>,
    },
    /// The output folder is unsafe to write (see [`crate::output`]).
    Output(String),
    /// The command line asked for something impossible.
    Usage(String),
}

impl Error {
    /// Wraps an I/O error with its path.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Invalid { diagnostics, .. } => {
                write!(f, "{} problem(s) in the configuration", diagnostics.len())
            }
            Error::Output(msg) => write!(f, "{msg}"),
            Error::Usage(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Error {}
