//! Telling open tabs what happened: the current state of the served site and a broadcast of
//! changes, delivered to browsers as Server-Sent Events.
//!
//! Events on `/__kbgen/events` (data is JSON):
//! - `state` `{"build": id, "problems": payload|null}`: sent first on every connection (and
//!   again if a slow client fell behind), so a tab that connects after a rebuild still learns
//!   about it and a tab opened while the build is broken still shows the overlay;
//! - `reload` `{"build": id}`: the site changed; tabs showing another build reload;
//! - `problems` payload ([`super::overlay::Problems`]): the last edit did not build;
//! - `clear` `{"build": id}`: the problems are gone but the site did not change.
//!
//! A build id is `<server instance>-<n>`, so a tab left open across a server restart reloads
//! when it reconnects.

use crate::output::Output;
use axum::response::sse::Event;
use futures_util::stream::{self, Stream, StreamExt};
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;

/// How soon a browser reconnects after the stream drops (the server restarted, a laptop woke).
const RETRY: Duration = Duration::from_millis(500);

/// What the server serves right now.
#[derive(Debug)]
pub struct Live {
    /// Id of the build being served; changes only when the served files change.
    pub build: Arc<str>,
    /// The last good site; `None` until a build has succeeded.
    pub site: Option<Arc<Output>>,
    /// The `problems` payload (JSON) of the latest build when it failed.
    pub problems: Option<Arc<str>>,
}

/// A change announced to every connected tab.
#[derive(Debug, Clone)]
pub enum Message {
    /// The site changed; this is the new build id.
    Reload(Arc<str>),
    /// The latest build failed; the JSON payload.
    Problems(Arc<str>),
    /// The latest build succeeded without changing the site.
    Clear(Arc<str>),
}

/// The shared state plus the broadcast channel; one per server.
#[derive(Debug)]
pub struct Hub {
    live: RwLock<Arc<Live>>,
    tx: broadcast::Sender<Message>,
    clients: AtomicUsize,
}

impl Hub {
    /// A hub serving nothing yet under build id `build`.
    pub fn new(build: Arc<str>) -> Hub {
        let (tx, _) = broadcast::channel(64);
        Hub {
            live: RwLock::new(Arc::new(Live {
                build,
                site: None,
                problems: None,
            })),
            tx,
            clients: AtomicUsize::new(0),
        }
    }

    /// The current state (cheap: an `Arc` clone), so a request sees one consistent site even if
    /// a rebuild swaps it meanwhile.
    pub fn current(&self) -> Arc<Live> {
        match self.live.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the state, then tells every tab. Subscribers read the state after subscribing,
    /// so none can miss a change (at worst they see it twice, which is harmless).
    pub fn publish(&self, live: Live, message: Option<Message>) {
        match self.live.write() {
            Ok(mut g) => *g = Arc::new(live),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(live),
        }
        if let Some(m) = message {
            // No receivers is fine: no tab is open.
            let _ = self.tx.send(m);
        }
    }

    /// Number of event streams currently open (tests and the benchmark wait on it).
    pub fn clients(&self) -> usize {
        self.clients.load(Ordering::Acquire)
    }

    /// The event stream of one tab. It ends when the tab goes away (hyper drops it), which
    /// releases its slot; a tab too slow to keep up gets a fresh `state` instead of the backlog.
    pub fn stream(self: &Arc<Self>) -> impl Stream<Item = Result<Event, Infallible>> + Send {
        let rx = self.tx.subscribe();
        let first = state_event(&self.current()).retry(RETRY);
        let guard = ClientGuard::new(self.clone());
        let rest = stream::unfold((rx, guard), |(mut rx, guard)| async move {
            let event = match rx.recv().await {
                Ok(m) => message_event(&m),
                Err(broadcast::error::RecvError::Lagged(_)) => state_event(&guard.0.current()),
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            Some((Ok(event), (rx, guard)))
        });
        stream::once(async move { Ok(first) }).chain(rest)
    }
}

/// Counts a connected tab for as long as its stream lives.
struct ClientGuard(Arc<Hub>);

impl ClientGuard {
    fn new(hub: Arc<Hub>) -> Self {
        hub.clients.fetch_add(1, Ordering::AcqRel);
        ClientGuard(hub)
    }
}

impl Drop for ClientGuard {
    fn drop(&mut self) {
        self.0.clients.fetch_sub(1, Ordering::AcqRel);
    }
}

fn build_json(build: &str) -> String {
    format!(
        "{{\"build\":{}}}",
        serde_json::to_string(build).unwrap_or_else(|_| "\"\"".into())
    )
}

/// The `state` event for `live`.
pub fn state_event(live: &Live) -> Event {
    let build = serde_json::to_string(&*live.build).unwrap_or_else(|_| "\"\"".into());
    let problems = live.problems.as_deref().unwrap_or("null");
    Event::default()
        .event("state")
        .data(format!("{{\"build\":{build},\"problems\":{problems}}}"))
}

fn message_event(m: &Message) -> Event {
    match m {
        Message::Reload(build) => Event::default().event("reload").data(build_json(build)),
        Message::Problems(json) => Event::default().event("problems").data(&**json),
        Message::Clear(build) => Event::default().event("clear").data(build_json(build)),
    }
}
