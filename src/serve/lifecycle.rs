//! Starting and stopping the preview: the listener, the HTTP runtime, the rebuild thread, the
//! poller and the native watcher, and the handle ([`Server`]) that owns them.

use super::http;
use super::rebuild::{Builder, Rebuild, Stats};
use super::reload::Hub;
use super::watch::{self, Source, Trigger};
use super::ServeOptions;
use crate::error::Error;
use crate::layout;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A running preview. Dropping it stops the watcher, the rebuild loop and the HTTP server.
pub struct Server {
    addr: SocketAddr,
    hub: Arc<Hub>,
    stats: Stats,
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
    if !options.root.join(layout::CONFIG_FILE).is_file() {
        return Err(Error::io(
            options.root.join(layout::CONFIG_FILE),
            std::io::Error::from(std::io::ErrorKind::NotFound),
        ));
    }
    let root = options
        .root
        .canonicalize()
        .map_err(|e| Error::io(&options.root, e))?;
    let (listener, addr) = bind(&options)?;

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

    let mut builder = Builder::new(
        root.clone(),
        options.clone(),
        hub.clone(),
        stats.clone(),
        built.clone(),
        instance,
    );
    builder.handle(Trigger {
        detected: Instant::now(),
        paths: Vec::new(),
        source: Source::Manual,
    });

    let runtime = serve_http(&options, hub.clone(), listener, addr)?;

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
    let native = options
        .native_watch
        .then(|| native_watcher(&root, &options, tx.clone()))
        .flatten();
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

/// Binds the listening socket (non-blocking, for tokio) and returns the address bound.
fn bind(options: &ServeOptions) -> Result<(std::net::TcpListener, SocketAddr), Error> {
    let addr = SocketAddr::new(options.bind, options.port);
    let refused = |e: std::io::Error| Error::Usage(format!("cannot listen on {addr}: {e}"));
    let listener = std::net::TcpListener::bind(addr).map_err(refused)?;
    let addr = listener.local_addr().map_err(refused)?;
    listener.set_nonblocking(true).map_err(refused)?;
    Ok((listener, addr))
}

/// Starts the HTTP runtime answering from `hub` on `listener`.
fn serve_http(
    options: &ServeOptions,
    hub: Arc<Hub>,
    listener: std::net::TcpListener,
    addr: SocketAddr,
) -> Result<tokio::runtime::Runtime, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("kbgen-serve")
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server runtime: {e}")))?;
    let app = http::router(
        hub,
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
    Ok(runtime)
}

/// The OS's file events, or `None` with a warning (the poller then does the work alone).
fn native_watcher(
    root: &std::path::Path,
    options: &ServeOptions,
    tx: Sender<Trigger>,
) -> Option<watch::NativeWatcher> {
    match watch::native(root, options.debounce, tx) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!(
                "warning: cannot watch files natively ({e}); polling every {} ms instead",
                options.poll_interval.as_millis()
            );
            None
        }
    }
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
