//! `kbgen serve`: a live-reload preview that survives bad edits.
//!
//! A thin shell around [`crate::pipeline::build`]: build into memory, serve that
//! [`Output`] over HTTP, watch the inputs, rebuild on change, tell open tabs over Server-Sent
//! Events. Nothing below this module knows it exists; the only difference from `kbgen build` is
//! one extra script on every page ([`build_options`]) and the files under [`PREFIX`].
//!
//! - [`watch`]: which paths matter (a pure classifier), notify with a debouncer, and a polling
//!   fallback for file systems whose native events never come.
//! - [`http`]: answers from memory only; path checks; MIME types; HEAD; the site's 404 page.
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
//! [`Server::last_rebuild`] returns it as [`Rebuild`]. For the
//! benchmark, [`Server::edit_to_reload`] runs an edit and waits for the resulting broadcast,
//! returning both that figure and the wall time from just before the edit (which adds the file
//! system's event delay and the debounce).

pub mod http;
pub mod overlay;
pub mod reload;
pub mod watch;

use crate::date::Date;
use crate::error::Error;
use crate::output::Output;
use crate::pipeline::{self, BuildOptions};
use crate::report;
use overlay::Problems;
use reload::{Hub, Live, Message};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use watch::{Snapshot, Source, Trigger};

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
            debounce: Duration::from_millis(30),
            poll_interval: Duration::from_secs(1),
            verbose: true,
            color: false,
            allow_hosts: Vec::new(),
        }
    }
}

/// What one rebuild did and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuild {
    /// 1 for the first build, then one more per rebuild.
    pub seq: u64,
    /// Build id served afterwards.
    pub build: String,
    /// What happened.
    pub outcome: Outcome,
    /// How the change was noticed.
    pub source: Source,
    /// Changed paths (root-relative) that triggered it.
    pub paths: Vec<PathBuf>,
    /// Time in [`pipeline::build`].
    pub build_time: Duration,
    /// From change detection to the broadcast (the server-side edit-to-reload latency).
    pub detect_to_broadcast: Duration,
    /// When the broadcast happened (to relate it to an edit's own clock).
    pub finished: Instant,
}

/// The result of a rebuild, as tabs were told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The site changed; tabs were told to reload.
    Reloaded,
    /// The build succeeded with identical output (tabs were told to clear any overlay).
    Unchanged,
    /// The build failed; the last good site is still served and tabs show the overlay.
    Failed,
}

/// Latency of one edit, from [`Server::edit_to_reload`].
#[derive(Debug, Clone)]
pub struct EditLatency {
    /// From just before the edit to the broadcast (includes the file system's event delay and
    /// the debounce).
    pub edit_to_broadcast: Duration,
    /// The rebuild it caused.
    pub rebuild: Rebuild,
}

/// A running preview. Dropping it stops the watcher, the rebuild loop and the HTTP server.
pub struct Server {
    addr: SocketAddr,
    hub: Arc<Hub>,
    stats: Arc<(Mutex<Option<Rebuild>>, Condvar)>,
    tx: Sender<Trigger>,
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
    _native: Option<watch::NativeWatcher>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

/// Builds the site, starts listening and watching, and returns at once. Fatal only when the
/// project cannot be a project (no `book.toml`) or the address cannot be bound; a first build
/// that fails is served as the overlay until it is fixed.
pub fn start(options: ServeOptions) -> Result<Server, Error> {
    if !options.root.join("book.toml").is_file() {
        return Err(Error::io(
            options.root.join("book.toml"),
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    let root = options
        .root
        .canonicalize()
        .map_err(|e| Error::io(&options.root, e))?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(addr)
        .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;

    let instance = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let instance = format!("{instance:x}");
    let hub = Arc::new(Hub::new(format!("{instance}-0").into()));
    let stats = Arc::new((Mutex::new(None), Condvar::new()));
    let built = Arc::new(Mutex::new(None));
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();

    let mut builder = Builder {
        root: root.clone(),
        options: options.clone(),
        hub: hub.clone(),
        stats: stats.clone(),
        built: built.clone(),
        instance,
        generation: 0,
        seq: 0,
        last_report: None,
        cache: pipeline::BuildCache::default(),
    };
    builder.rebuild(Trigger {
        detected: Instant::now(),
        paths: Vec::new(),
        source: Source::Manual,
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("kbgen-serve")
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server runtime: {e}")))?;
    let app = http::router(
        hub.clone(),
        http::HostPolicy {
            bound: options.bind,
            extra: options.allow_hosts.clone(),
        },
    );
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?
    };
    runtime.spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("error: the preview server stopped: {e}");
        }
    });

    let mut threads = Vec::new();
    let stop_b = stop.clone();
    threads.push(spawn("kbgen-rebuild", move || builder.run(rx, &stop_b))?);
    {
        let (root, built, stop, tx) = (root.clone(), built, stop.clone(), tx.clone());
        let interval = options.poll_interval;
        threads.push(spawn("kbgen-poll", move || {
            watch::poll(root, interval, built, stop, tx)
        })?);
    }
    let native = if options.native_watch {
        match watch::native(&root, options.debounce, tx.clone()) {
            Ok(w) => Some(w),
            Err(e) => {
                eprintln!(
                    "warning: cannot watch files natively ({e}); polling every {} ms instead",
                    options.poll_interval.as_millis()
                );
                None
            }
        }
    } else {
        None
    };
    Ok(Server {
        addr,
        hub,
        stats,
        tx,
        stop,
        threads,
        _native: native,
        runtime: Some(runtime),
    })
}

fn spawn(
    name: &str,
    f: impl FnOnce() + Send + 'static,
) -> Result<std::thread::JoinHandle<()>, Error> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map_err(|e| Error::Usage(format!("cannot start the {name} thread: {e}")))
}

impl Server {
    /// The address actually bound (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://addr/`, for printing and for `--open`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Id of the build being served.
    pub fn build_id(&self) -> String {
        self.hub.current().build.to_string()
    }

    /// Number of tabs connected to the event stream.
    pub fn clients(&self) -> usize {
        self.hub.clients()
    }

    /// The latest rebuild, with its timings.
    pub fn last_rebuild(&self) -> Option<Rebuild> {
        self.stats.0.lock().ok().and_then(|g| g.clone())
    }

    /// Waits (bounded) for a rebuild later than `seq` and returns it.
    pub fn wait_for_rebuild_after(&self, seq: u64, timeout: Duration) -> Option<Rebuild> {
        let deadline = Instant::now() + timeout;
        let (lock, cvar) = &*self.stats;
        let mut guard = lock.lock().ok()?;
        loop {
            if let Some(r) = guard.as_ref().filter(|r| r.seq > seq) {
                return Some(r.clone());
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            guard = cvar.wait_timeout(guard, left).ok()?.0;
        }
    }

    /// Asks for a rebuild now, as if a file had changed (no watcher involved).
    pub fn rebuild_now(&self) {
        let _ = self.tx.send(Trigger {
            detected: Instant::now(),
            paths: Vec::new(),
            source: Source::Manual,
        });
    }

    /// The benchmark's hook: runs `edit` (which changes an input file), waits up to `timeout`
    /// for the rebuild it causes to be broadcast, and reports the latency both from just
    /// before the edit and from detection (see the module docs). `None` on timeout.
    pub fn edit_to_reload(&self, edit: impl FnOnce(), timeout: Duration) -> Option<EditLatency> {
        let seq = self.last_rebuild().map_or(0, |r| r.seq);
        let start = Instant::now();
        edit();
        let deadline = start + timeout;
        let mut after = seq;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let rebuild = self.wait_for_rebuild_after(after, left)?;
            // Skip a rebuild for a change seen before the edit (e.g. a late poll).
            let detected = rebuild.finished.checked_sub(rebuild.detect_to_broadcast);
            if detected.is_some_and(|d| d >= start) && rebuild.outcome != Outcome::Unchanged {
                return Some(EditLatency {
                    edit_to_broadcast: rebuild.finished.duration_since(start),
                    rebuild,
                });
            }
            after = rebuild.seq;
        }
    }

    /// Blocks until the server stops (it does not on its own: `kbgen serve` runs until
    /// interrupted).
    pub fn wait(mut self) {
        for t in std::mem::take(&mut self.threads) {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        for t in &self.threads {
            t.thread().unpark();
        }
        // Wakes the rebuild loop so it sees `stop`.
        let _ = self.tx.send(Trigger {
            detected: Instant::now(),
            paths: Vec::new(),
            source: Source::Manual,
        });
        for t in std::mem::take(&mut self.threads) {
            let _ = t.join();
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// The rebuild loop's state: builds, compares with what is served, publishes.
struct Builder {
    root: PathBuf,
    options: ServeOptions,
    hub: Arc<Hub>,
    stats: Arc<(Mutex<Option<Rebuild>>, Condvar)>,
    built: Arc<Mutex<Option<Snapshot>>>,
    instance: String,
    generation: u64,
    seq: u64,
    /// The last terminal report, so an unchanged list of warnings is not reprinted per save.
    last_report: Option<String>,
    /// Parsed topics and the highlighter, kept between rebuilds.
    cache: pipeline::BuildCache,
}

impl Builder {
    fn run(&mut self, rx: Receiver<Trigger>, stop: &AtomicBool) {
        while let Ok(mut trigger) = rx.recv() {
            // Coalesce whatever queued up while the previous build ran into one build.
            while let Ok(more) = rx.try_recv() {
                trigger.detected = trigger.detected.min(more.detected);
                trigger.paths.extend(more.paths);
                if trigger.source == Source::Manual {
                    trigger.source = more.source;
                }
            }
            if stop.load(Ordering::Acquire) {
                return;
            }
            trigger.paths.sort();
            trigger.paths.dedup();
            self.rebuild(trigger);
        }
    }

    fn rebuild(&mut self, trigger: Trigger) {
        let snapshot = Snapshot::scan(&self.root);
        if let Ok(mut b) = self.built.lock() {
            *b = Some(snapshot);
        }
        let today = self.options.today.unwrap_or_else(Date::today_utc);
        let started = Instant::now();
        let result = pipeline::build_cached(&self.root, &build_options(today), &self.cache);
        let build_time = started.elapsed();
        let current = self.hub.current();
        let (outcome, files) = match result {
            Ok(built) => {
                let checked = &built.checked;
                let text = report::human(&checked.diagnostics, &checked.files, self.options.color);
                match built.output {
                    Some(output) => {
                        self.print_report(text);
                        let files = output.len();
                        let unchanged = current.site.as_deref().is_some_and(|s| same(s, &output));
                        if unchanged {
                            let message = current
                                .problems
                                .is_some()
                                .then(|| Message::Clear(current.build.clone()));
                            self.hub.publish(
                                Live {
                                    build: current.build.clone(),
                                    site: current.site.clone(),
                                    problems: None,
                                },
                                message,
                            );
                            (Outcome::Unchanged, files)
                        } else {
                            self.generation += 1;
                            let build: Arc<str> =
                                format!("{}-{}", self.instance, self.generation).into();
                            self.hub.publish(
                                Live {
                                    build: build.clone(),
                                    site: Some(Arc::new(output)),
                                    problems: None,
                                },
                                Some(Message::Reload(build)),
                            );
                            (Outcome::Reloaded, files)
                        }
                    }
                    None => {
                        let mut summary =
                            report::summary(checked.tally(), checked.corpus.topics.len());
                        if let Some(note) = checked.hidden.note() {
                            summary = format!("{summary}; {note}");
                        }
                        self.print_report(format!(
                            "{text}error: the preview keeps the last good site: {summary}\n"
                        ));
                        let mut problems = Problems::from_diagnostics(
                            &checked.diagnostics,
                            &checked.files,
                            checked.corpus.topics.len(),
                        );
                        problems.summary = summary;
                        self.fail(&current, problems);
                        (Outcome::Failed, 0)
                    }
                }
            }
            Err(e) => {
                let text = match &e {
                    Error::Invalid { files, diagnostics } => {
                        report::human(diagnostics, files, self.options.color)
                    }
                    other => format!("error: {other}\n"),
                };
                self.print_report(format!(
                    "{text}error: the preview keeps the last good site\n"
                ));
                self.fail(&current, Problems::from_error(&e));
                (Outcome::Failed, 0)
            }
        };
        let finished = Instant::now();
        self.seq += 1;
        let rebuild = Rebuild {
            seq: self.seq,
            build: self.hub.current().build.to_string(),
            outcome,
            source: trigger.source,
            paths: trigger.paths,
            build_time,
            detect_to_broadcast: finished.saturating_duration_since(trigger.detected),
            finished,
        };
        if self.options.verbose {
            eprintln!("{}", rebuild_line(&rebuild, files));
        }
        let (lock, cvar) = &*self.stats;
        if let Ok(mut g) = lock.lock() {
            *g = Some(rebuild);
        }
        cvar.notify_all();
    }

    fn fail(&self, current: &Live, problems: Problems) {
        let json: Arc<str> = problems.to_json().into();
        self.hub.publish(
            Live {
                build: current.build.clone(),
                site: current.site.clone(),
                problems: Some(json.clone()),
            },
            Some(Message::Problems(json)),
        );
    }

    fn print_report(&mut self, text: String) {
        if self.options.verbose && self.last_report.as_deref() != Some(text.as_str()) {
            report::eprint(&text);
        }
        self.last_report = Some(text);
    }
}

/// Whether two builds produced the same files, so an edit that changes nothing (a save without
/// changes, a broken file restored) does not reload every tab.
fn same(a: &Output, b: &Output) -> bool {
    a.len() == b.len() && a.iter().eq(b.iter())
}

fn rebuild_line(r: &Rebuild, files: usize) -> String {
    let what = match r.paths.as_slice() {
        [] => String::new(),
        [one] => format!(" after {}", one.display()),
        [first, rest @ ..] => format!(" after {} and {} more", first.display(), rest.len()),
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    match r.outcome {
        Outcome::Reloaded if r.seq == 1 => {
            format!("built {files} files in {:.0} ms", ms(r.build_time))
        }
        Outcome::Reloaded => format!(
            "built {files} files in {:.0} ms{what}; reload sent {:.0} ms after the change was seen",
            ms(r.build_time),
            ms(r.detect_to_broadcast)
        ),
        Outcome::Unchanged => format!(
            "rebuilt in {:.0} ms{what}; nothing changed",
            ms(r.build_time)
        ),
        Outcome::Failed => format!(
            "build failed in {:.0} ms{what}; still serving the last good site",
            ms(r.build_time)
        ),
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
