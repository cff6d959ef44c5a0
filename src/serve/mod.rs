//! `kbgen serve`: a live-reload preview that survives bad edits.
//!
//! A thin shell around [`crate::pipeline::build`]: build into memory, serve that
//! [`Output`](crate::output::Output) over HTTP, watch the inputs, rebuild on change, tell open tabs over Server-Sent
//! Events. Nothing below this module knows it exists; the only difference from `kbgen build` is
//! one extra script on every page ([`build_options`]) and the files under [`PREFIX`].
//!
//! - [`watch`]: which paths matter (a pure classifier), notify with a debouncer, and a polling
//!   fallback for file systems whose native events never come.
//! - [`http`]: answers from memory only; path checks; MIME types; HEAD; the site's 404 page.
//! - [`not_found`]: which 404 page a missing URL gets, rebased to the URL's depth.
//! - [`reload`]: the served state and the event stream.
//! - [`overlay`]: the error payload and the script and stylesheet that draw it.
//!
//! A failed rebuild (bad YAML, a lint error, a broken template, an invalid `book.toml`) never
//! stops the server: the terminal prints the report, tabs show an overlay with `file:line:col`
//! and the message, and the last good site stays up until the next good build.
//!
//! # Measuring edit-to-reload latency
//! Every rebuild is timed from the moment the change was detected (the debounced native event
//! was delivered or a poll saw a difference) to the moment the reload was broadcast; the
//! terminal prints it (`built N files in B ms after PATH; reload sent L ms after the change was
//! seen`, easy to grep from a script driving the `kbgen serve` binary) and
//! [`Server::last_rebuild`] returns it as [`Rebuild`].
//!
//! The rooms: [`lifecycle`] starts and stops the threads and the HTTP runtime; [`rebuild`] is the
//! loop that refreshes the inputs and builds; [`http`] answers requests.

pub mod http;
pub mod lifecycle;
pub mod not_found;
pub mod overlay;
pub mod rebuild;
pub mod reload;
pub mod watch;

pub use lifecycle::{start, Server};
pub use rebuild::{Outcome, Rebuild};

use crate::date::Date;
use crate::error::Error;
use crate::pipeline::BuildOptions;
use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// URL prefix of the server's own files (`reload.js`, `overlay.css`, `events`); no site path
/// starts with it, so it cannot shadow a page.
pub const PREFIX: &str = "__kbgen/";

/// The script every served page loads. Root-relative, so the pipeline makes it relative to each
/// page and the preview keeps working under any base path.
pub const RELOAD_SCRIPT: &str = "__kbgen/reload.js";

/// The build options serve uses: those of `kbgen build` plus the reload script. Public so
/// tests can check the served site is exactly the built one plus that script.
pub fn build_options(today: Date) -> BuildOptions {
    let mut options = BuildOptions::new(today);
    options.extra_scripts.push(RELOAD_SCRIPT.to_string());
    options
}

/// How to run the preview.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Project folder (holds `book.toml`).
    pub root: PathBuf,
    /// Address to listen on; loopback unless the writer asks otherwise, because the preview
    /// has no authentication.
    pub bind: IpAddr,
    /// Port; 0 picks a free one (tests).
    pub port: u16,
    /// Fixed "today" for date rules (`KBGEN_TODAY`); `None` asks the clock on every build, so a
    /// preview left running overnight does not judge dates by yesterday.
    pub today: Option<Date>,
    /// Use the OS's file events (with the poller as a backstop). Off only to test the poller.
    pub native_watch: bool,
    /// How long native events must be quiet before a rebuild: an editor's save (write a temp
    /// file, rename, touch) becomes one build.
    pub debounce: Duration,
    /// How often the polling fallback stats the inputs.
    pub poll_interval: Duration,
    /// Print diagnostics and rebuild lines to stderr.
    pub verbose: bool,
    /// Colour in the terminal report.
    pub color: bool,
    /// Host names answered besides the loopback's and the bound address (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

impl ServeOptions {
    /// The defaults of `kbgen serve` for the project at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 3000,
            today: None,
            native_watch: true,
            debounce: Duration::from_millis(10),
            poll_interval: Duration::from_secs(1),
            verbose: true,
            color: false,
            allow_hosts: Vec::new(),
        }
    }
}

/// `kbgen serve`: starts the preview, prints where it is, optionally opens a browser, and runs
/// until interrupted.
pub fn run(options: ServeOptions, open: bool) -> Result<(), Error> {
    let root = options.root.clone();
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the preview; \
             use --bind 127.0.0.1 to keep it local",
            options.bind
        );
    }
    let server = start(options)?;
    eprintln!(
        "serving {} at {} (watching content/, templates/, static/, i18n/ and book.toml; Ctrl-C stops)",
        display_root(&root),
        server.url()
    );
    if open {
        open_browser(&server.url());
    }
    server.wait();
    Ok(())
}

fn display_root(root: &Path) -> String {
    root.canonicalize()
        .unwrap_or_else(|_| root.to_path_buf())
        .display()
        .to_string()
}

/// Opens the URL in the desktop's browser; failing to is only a warning.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    if let Err(e) = cmd.spawn() {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}
