//! A real web server (Debian's nginx or Apache) run for one test on 127.0.0.1, and what the
//! hosting tests ask of it.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server process, stopped when the test ends (passing or not).
pub struct WebServer(Child);

impl Drop for WebServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// Whether the tests run as root (servers then need a `user` to drop to).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Starts `command` and waits (10 s at most) until it listens on `port`; on failure the panic
/// shows the server's `error_log`.
pub fn start(mut command: Command, port: u16, error_log: &Path) -> WebServer {
    let name = command.get_program().to_string_lossy().into_owned();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {name}: {e}"));
    let server = WebServer(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{name} did not start: {}",
            std::fs::read_to_string(error_log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// The sample built for a web server: readable by every user, since the server's workers may
/// run as another one (www-data).
pub fn readable_sample_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, book) = super::sample_book();
    let _ = Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(dir.path())
        .status();
    (dir, book)
}

/// An HTTP client that does not follow redirects; `errors` makes a 4xx/5xx status an error.
pub fn agent(errors: bool) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .max_redirects(0)
        .http_status_as_error(errors)
        .build()
        .into()
}

/// Fetches `url` without following redirects: (status, Location, body).
pub fn fetch(agent: &ureq::Agent, url: &str) -> (u16, Option<String>, String) {
    match agent.get(url).call() {
        Ok(mut r) => {
            let location = r
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let status = r.status().as_u16();
            let body = r.body_mut().read_to_string().unwrap_or_default();
            (status, location, body)
        }
        Err(ureq::Error::StatusCode(code)) => (code, None, String::new()),
        Err(e) => panic!("{url}: {e}"),
    }
}
