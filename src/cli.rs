//! Command-line arguments (clap types only; `main.rs` dispatches them).

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// What `kbgen --version` prints after the name: the crate version and the commit it was
/// built from (`unknown` when built outside a git checkout without `KBGEN_COMMIT`), so a bug
/// report names the exact source.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("KBGEN_COMMIT"),
    ")"
);

/// kbgen: a bilingual, fully offline knowledge-base site from YAML/Markdown topics.
#[derive(Parser, Debug)]
#[command(name = "kbgen", version = VERSION, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  kbgen init my-kb                 start a new knowledge base in my-kb/ (ja and en)
  kbgen init --languages en,de --title \"Acme help desk\"
  kbgen theme eject --only topic.html   copy a built-in template into templates/ to change it
  kbgen build                      build ./ into the output folder of book.toml (default book/)
  kbgen build --root kb --out /srv/www/kb
  kbgen check --deny-warnings      lint the content, fail on warnings too
  kbgen check --format json        one JSON array of diagnostics, for CI
  kbgen check --explain KB001      why a rule exists and how to fix it
  kbgen new reset-activation       scaffold a topic in every language
  kbgen sources verify             re-read every source page, date the quotes still found
  kbgen serve --open               preview at http://127.0.0.1:3000/, rebuilt and reloaded on save
Exit codes: 0 ok, 1 content errors, 2 usage or I/O errors.";

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the content, then write the site (refuses to write a site with errors).
    Build {
        /// Project folder (holds book.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: `output` in book.toml, else book/ under the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Lint the content and report every problem.
    Check {
        /// Project folder (holds book.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (exit 1).
        #[arg(long)]
        deny_warnings: bool,
        /// Explain a rule (code or name) and exit.
        #[arg(long, value_name = "RULE")]
        explain: Option<String>,
        /// List every rule with its code, name and default level, and exit.
        #[arg(long)]
        list_rules: bool,
    },
    /// Scaffold a new topic in every configured language (never overwrites).
    New {
        /// Topic id (lowercase letters, digits and `-`).
        id: String,
        /// Project folder (holds book.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Preview the site: build into memory, serve it, rebuild and reload open tabs on every save.
    /// Bad edits show in the terminal and as an overlay in the browser; the last good site stays.
    Serve {
        /// Project folder (holds book.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Address to listen on; anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Also answer requests for this host name (repeatable); by default only the loopback
        /// names and the bound address are answered, others get 403 (DNS rebinding).
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
    /// Start a new knowledge base in a folder (book.toml, an example source and topic)
    ///
    /// Writes book.toml, content/sources.yaml with one example source, one example topic per
    /// language with a procedure citing it, and a .gitignore for the output folder. The result
    /// passes `kbgen check --deny-warnings` and builds as it is; the look comes from the
    /// built-in theme (`kbgen theme eject` copies files of it to change them).
    Init {
        /// Folder to create the project in (created if missing; must be empty).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Language codes in display order, comma-separated; the first is the default.
        #[arg(long, value_delimiter = ',', default_value = "ja,en")]
        languages: Vec<String>,
        /// Site title (in every language; default: "ナレッジベース" / "Knowledge base").
        #[arg(long)]
        title: Option<String>,
        /// Add only the missing files to a folder that is not empty (overwrites nothing).
        #[arg(long)]
        force: bool,
    },
    /// Work with the built-in theme (templates, static files, UI strings).
    Theme {
        /// What to do with the theme.
        #[command(subcommand)]
        command: ThemeCommand,
    },
    /// Work on `content/sources.yaml`.
    Sources {
        /// What to do with the sources.
        #[command(subcommand)]
        command: SourcesCommand,
    },
}

/// `kbgen theme` subcommands.
#[derive(Subcommand, Debug)]
pub enum ThemeCommand {
    /// Copy built-in theme files into the project to change them (never overwrites)
    ///
    /// A file in templates/, static/ or i18n/ replaces the built-in one of the same path;
    /// `i18n/<lang>.toml` may keep only the keys it changes. An existing file is never
    /// overwritten, so eject can be run again to fetch only what is missing.
    Eject {
        /// Project folder (holds book.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only this file (`templates/topic.html`, `topic.html`) or folder (`static`);
        /// repeatable. Default: every file.
        #[arg(long, value_name = "FILE")]
        only: Vec<String>,
    },
    /// List the built-in theme files and which of them the project overrides.
    List {
        /// Project folder (holds book.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// `kbgen sources` subcommands.
#[derive(Subcommand, Debug)]
pub enum SourcesCommand {
    /// Fetch every source page and check its `verified.quote` is still there; set
    /// `verified.on` to today for those that pass (comments and layout are kept).
    Verify {
        /// Project folder (holds book.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Seconds allowed per page, redirects included.
        #[arg(long, value_name = "SECS", default_value_t = 15,
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        timeout: u64,
        /// Verify only this source id (repeatable).
        #[arg(long, value_name = "ID")]
        only: Vec<String>,
        /// Accept plain http:// URLs (for test servers and intranet mirrors only).
        #[arg(long)]
        allow_http: bool,
    },
}

/// Diagnostic output formats.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-like text with snippets.
    Human,
    /// One JSON array.
    Json,
}
