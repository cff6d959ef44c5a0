//! `kbgen serve` end to end: a server on a free port over a temp copy of a fixture knowledge
//! base, driven over raw TCP (so no HTTP client normalises the paths we send) and watched
//! through its Server-Sent Events stream. Every wait is bounded and returns as soon as the
//! expected thing happens.

mod common;

use common::*;
use kbgen::serve::{self, Outcome, ServeOptions, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Long enough for a debug build on a busy 2-core machine; waits end as soon as they succeed.
const WAIT: Duration = Duration::from_secs(30);

fn options(root: &Path) -> ServeOptions {
    let mut o = ServeOptions::new(root);
    o.port = 0;
    o.today = Some(today());
    o.verbose = false;
    o
}

fn start(root: &Path) -> Server {
    serve::start(options(root)).expect("server starts")
}

/// A parsed HTTP response.
#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `METHOD target` exactly as given and reads the whole response.
fn request(addr: SocketAddr, method: &str, target: &str) -> Response {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(WAIT)).expect("timeout");
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    parse_response(&raw, method == "HEAD")
}

fn get(addr: SocketAddr, target: &str) -> Response {
    request(addr, "GET", target)
}

fn parse_response(raw: &[u8], head: bool) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head_text = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head_text.split("\r\n");
    let status_line = lines.next().expect("status line");
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked && !head {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(String::from_utf8_lossy(&b[..eol]).trim(), 16)
            .expect("chunk size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

/// One tab's event stream, read on its own thread.
struct Events {
    rx: mpsc::Receiver<(String, String)>,
    seen: Vec<(String, String)>,
    stream: TcpStream,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut s = TcpStream::connect(addr).expect("connect");
        // HTTP/1.0: the stream is close-delimited, not chunked, so lines are the SSE lines.
        write!(
            s,
            "GET /__kbgen/events HTTP/1.0\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let reader = s.try_clone().expect("clone");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(reader).lines();
            // Status line and headers.
            for line in lines.by_ref() {
                match line {
                    Ok(l) if l.is_empty() => break,
                    Ok(_) => {}
                    Err(_) => return,
                }
            }
            let (mut name, mut data) = (String::new(), String::new());
            for line in lines {
                let Ok(line) = line else { return };
                if line.is_empty() {
                    if !name.is_empty() || !data.is_empty() {
                        let ev = (std::mem::take(&mut name), std::mem::take(&mut data));
                        if tx.send(ev).is_err() {
                            return;
                        }
                    }
                } else if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    if !data.is_empty() {
                        data.push('\n');
                    }
                    data.push_str(v.strip_prefix(' ').unwrap_or(v));
                }
            }
        });
        Events {
            rx,
            seen: Vec::new(),
            stream: s,
        }
    }

    /// The data of the next event named one of `names` whose data satisfies `pred`.
    fn wait(&mut self, names: &[&str], pred: impl Fn(&str) -> bool) -> (String, String) {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((name, data)) => {
                    self.seen.push((name.clone(), data.clone()));
                    if names.contains(&name.as_str()) && pred(&data) {
                        return (name, data);
                    }
                }
                Err(_) => panic!("no {names:?} event; saw {:#?}", self.seen),
            }
        }
    }

    fn state(&mut self) -> String {
        self.wait(&["state"], |_| true).1
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Polls `f` until it returns `Some`, for at most [`WAIT`].
fn eventually<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

const TITLE: &str = "title: \"Check the key <script>alert(1)</script>\"";

#[test]
fn edit_reloads_and_bad_front_matter_keeps_the_last_good_page_until_fixed() {
    let project = fixture_project("basic");
    let root = project.path();
    let server = start(root);
    let addr = server.addr();
    let first = root.join("content/en/first.md");

    let page = get(addr, "/en/first.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("__kbgen/reload.js"));
    let mut events = Events::open(addr);
    let state = events.state();
    assert!(state.contains("\"problems\":null"), "{state}");

    // An edit: the new HTML is served and a reload is announced.
    let build_before = server.build_id();
    replace_in(&first, TITLE, "title: \"Freshly edited title\"");
    let (_, reload) = events.wait(&["reload"], |_| true);
    assert!(!reload.contains(&build_before), "{reload}");
    assert!(get(addr, "/en/first.html")
        .text()
        .contains("Freshly edited title"));

    // Broken front matter: the last good page stays, tabs get the problems with file:line:col.
    replace_in(
        &first,
        "title: \"Freshly edited title\"",
        "title: [unclosed",
    );
    // (Waits match on content: a save caught half-written may produce an extra event first.)
    let (_, problems) = events.wait(&["problems"], |d| {
        d.contains("\"location\":\"content/en/first.md:3:8\"")
    });
    assert!(problems.contains("\"message\":"), "{problems}");
    let kept = get(addr, "/en/first.html");
    assert_eq!(kept.status, 200);
    assert!(kept.text().contains("Freshly edited title"));
    // A tab opened now sees the overlay payload at once.
    let late = Events::open(addr).state();
    assert!(late.contains("content/en/first.md:3:8"), "{late}");

    // Fixed differently: reload to the new page, and the problems are gone for everyone.
    replace_in(&first, "title: [unclosed", "title: \"Fixed title\"");
    events.wait(&["reload"], |_| true);
    assert!(get(addr, "/en/first.html").text().contains("Fixed title"));
    assert!(Events::open(addr).state().contains("\"problems\":null"));

    // Broken then restored byte for byte: the site is unchanged, so `clear` rather than reload.
    replace_in(&first, "title: \"Fixed title\"", "title: [unclosed");
    events.wait(&["problems"], |d| d.contains("content/en/first.md:3:8"));
    let build = server.build_id();
    replace_in(&first, "title: [unclosed", "title: \"Fixed title\"");
    events.wait(&["clear"], |d| d.contains(&build));
    assert_eq!(server.build_id(), build);
    assert!(Events::open(addr).state().contains("\"problems\":null"));
}

#[test]
fn lint_template_and_config_errors_show_in_the_overlay_and_clear_when_fixed() {
    let project = fixture_project("basic");
    let root = project.path();
    let server = start(root);
    let addr = server.addr();
    let mut events = Events::open(addr);
    events.state();

    // A lint error (a related topic that does not exist).
    let second = root.join("content/en/second.md");
    replace_in(&second, "related: [first]", "related: [nowhere]");
    let (_, p) = events.wait(&["problems"], |d| {
        d.contains("\"location\":\"content/en/second.md:7:11\"")
    });
    assert!(p.contains("KB015"), "{p}");
    replace_in(&second, "related: [nowhere]", "related: [first]");
    events.wait(&["clear", "reload"], |_| true);

    // A template that does not parse.
    let base = root.join("templates/base.html");
    replace_in(&base, "{{ site_title }}</a>", "{{ site_title( }}</a>");
    events.wait(&["problems"], |d| {
        d.contains("\"location\":\"templates/base.html:")
    });
    assert_eq!(get(addr, "/en/first.html").status, 200);
    replace_in(&base, "{{ site_title( }}</a>", "{{ site_title }}</a>");
    events.wait(&["clear", "reload"], |_| true);

    // An invalid book.toml.
    let book = root.join("book.toml");
    replace_in(&book, "default_language = \"ja\"", "default_language = 7");
    events.wait(&["problems"], |d| d.contains("\"location\":\"book.toml:2:"));
    assert_eq!(get(addr, "/ja/first.html").status, 200);
    replace_in(&book, "default_language = 7", "default_language = \"ja\"");
    events.wait(&["clear", "reload"], |_| true);
    assert!(Events::open(addr).state().contains("\"problems\":null"));
}

#[test]
fn a_project_that_does_not_build_yet_is_served_once_fixed() {
    let project = fixture_project("basic");
    let root = project.path();
    let first = root.join("content/en/first.md");
    replace_in(&first, TITLE, "title: [unclosed");
    let server = start(root);
    let addr = server.addr();
    let page = get(addr, "/en/first.html");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("/__kbgen/reload.js"));
    let mut events = Events::open(addr);
    assert!(events.state().contains("content/en/first.md:3:8"));
    replace_in(&first, "title: [unclosed", "title: \"Now it builds\"");
    events.wait(&["reload"], |_| true);
    assert!(get(addr, "/en/first.html").text().contains("Now it builds"));
}

#[test]
fn traversal_attempts_never_leave_the_in_memory_site() {
    let project = fixture_project("basic");
    let server = start(project.path());
    let addr = server.addr();
    for target in [
        "/../book.toml",
        "/ja/../../book.toml",
        "/%2e%2e/book.toml",
        "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
        "/.%2e/book.toml",
        "/ja/..%2f..%2fbook.toml",
        "/static/%2F..%2F..%2Fbook.toml",
        "/..%5cbook.toml",
        "/static/..\\..\\book.toml",
        "/static\\..\\book.toml",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/%00",
        "/./index.html",
        "/content/en/first.md",
        "/book.toml",
        "/etc/passwd",
        "http://127.0.0.1/../book.toml",
        "../book.toml",
        "*",
    ] {
        let r = request(addr, "GET", target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        let text = r.text();
        assert!(
            !text.contains("trusted_hosts") && !text.contains("root:x:0"),
            "{target} leaked a file"
        );
    }
    // The server is still fine afterwards.
    assert_eq!(get(addr, "/").status, 200);
}

#[test]
fn mime_types_head_404_and_index_pages() {
    let project = fixture_project("basic");
    let root = project.path();
    let files: &[(&str, &[u8], &str)] = &[
        (
            "static/logo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "image/svg+xml",
        ),
        ("static/pixel.png", b"\x89PNG\r\n\x1a\n", "image/png"),
        ("static/font.woff2", b"wOF2", "font/woff2"),
        ("static/data.json", b"{}", "application/json"),
    ];
    for (path, bytes, _) in files {
        std::fs::write(root.join(path), bytes).expect("write static file");
    }
    let server = start(root);
    let addr = server.addr();
    let mut checks: Vec<(&str, &str)> = vec![
        ("/", "text/html; charset=utf-8"),
        ("/en/first.html", "text/html; charset=utf-8"),
        ("/static/kbgen.css", "text/css; charset=utf-8"),
        ("/static/kbgen.js", "text/javascript; charset=utf-8"),
        ("/__kbgen/reload.js", "text/javascript; charset=utf-8"),
        ("/__kbgen/overlay.css", "text/css; charset=utf-8"),
    ];
    let statics: Vec<String> = files.iter().map(|(p, _, _)| format!("/{p}")).collect();
    for (i, (_, _, mime)) in files.iter().enumerate() {
        checks.push((&statics[i], mime));
    }
    for (path, mime) in checks {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(mime), "{path}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    assert_eq!(get(addr, "/static/pixel.png").body, b"\x89PNG\r\n\x1a\n");

    // HEAD: same status and headers, no body.
    let got = get(addr, "/en/first.html");
    let head = request(addr, "HEAD", "/en/first.html");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-type"), got.header("content-type"));
    assert_eq!(
        head.header("content-length"),
        Some(got.body.len().to_string().as_str())
    );
    assert_eq!(request(addr, "HEAD", "/missing").status, 404);
    let post = request(addr, "POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));

    // Directories serve their index page, never a listing.
    let built = kbgen::pipeline::build(root, &serve::build_options(today()))
        .expect("build")
        .output
        .expect("no errors");
    for (path, file) in [
        ("/", "index.html"),
        ("/ja/", "ja/index.html"),
        ("/en/", "en/index.html"),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.body, built.get(file).expect("built"), "{path}");
    }
    let r = get(addr, "/ja?x=1");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/ja/?x=1"));
    // Missing pages get the 404 page of their language (else the site's) with status 404,
    // in place: at the 404 page's own depth byte for byte, deeper with its links rebased so
    // that every link and asset still resolves.
    for (path, page, same_depth) in [
        ("/static/", "404.html", false),
        ("/ja/categories/", "ja/404.html", false),
        ("/en/no-such-topic.html", "en/404.html", true),
        ("/ja/chek.html", "ja/404.html", true),
        ("/nowhere.html", "404.html", true),
        ("/en/a/b/typo.html", "en/404.html", false),
        ("/xx/a/b/typo.html", "404.html", false),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 404, "{path}");
        let want = built.get(page).expect("404 page");
        if same_depth {
            assert_eq!(r.body, want, "{path} → {page}");
        }
        let html = String::from_utf8_lossy(&r.body);
        let lang = if page.starts_with("en/") { "en" } else { "ja" };
        assert!(
            html.contains(&format!("<html lang=\"{lang}\"")),
            "{path}: {html}"
        );
        let key = kbgen::serve::http::resolve(path).expect("valid path");
        let targets = local_targets(&html, &key);
        assert!(
            targets.iter().any(|t| t == "static/kbgen.css"),
            "{path}: no stylesheet"
        );
        for t in targets.iter().filter(|t| !t.starts_with("__kbgen/")) {
            assert!(built.get(t).is_some(), "{path}: `{t}` does not resolve");
        }
        // The site root the page's script works from (`data-root-url`) is rebased too.
        let root = tags(&html)
            .into_iter()
            .find_map(|t| t.attr("data-root-url").map(str::to_string))
            .expect("data-root-url");
        let resolved = local_targets(&format!("<a href=\"{root}\">"), &key);
        assert_eq!(resolved, ["index.html"], "{path}: data-root-url {root}");
    }
}

#[test]
fn the_served_site_is_the_build_plus_the_reload_script_and_nothing_is_written() {
    let project = fixture_project("basic");
    let root = project.path();
    let before = files_under(root);
    let server = start(root);
    let addr = server.addr();

    let plain = kbgen::pipeline::build(root, &kbgen::BuildOptions::new(today()))
        .expect("build")
        .output
        .expect("no errors");
    let served = kbgen::pipeline::build(root, &serve::build_options(today()))
        .expect("build")
        .output
        .expect("no errors");
    assert_eq!(
        plain.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        served.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        "serve builds the same set of files"
    );
    for (path, bytes) in served.iter() {
        let r = get(addr, &format!("/{path}"));
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.body, bytes, "{path}");
        let text = String::from_utf8_lossy(bytes);
        let without: String = text
            .lines()
            .filter(|l| !l.contains("__kbgen/reload.js"))
            .map(|l| format!("{l}\n"))
            .collect();
        let plain_text = String::from_utf8_lossy(plain.get(path).expect("same path"));
        if path.ends_with(".html") {
            assert_eq!(
                without.trim_end(),
                plain_text.trim_end(),
                "{path} differs by more than the reload script"
            );
        } else {
            assert_eq!(bytes, plain.get(path).expect("same path"), "{path}");
        }
    }

    // `kbgen build` output carries no trace of the dev server.
    let out = tempfile::tempdir().expect("tempdir");
    let book = out.path().join("book");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&book)
        .env("KBGEN_TODAY", "2026-12-01")
        .status()
        .expect("run kbgen build");
    assert!(status.success());
    for rel in files_under(&book) {
        let bytes = std::fs::read(book.join(&rel)).expect("read");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__kbgen"),
            "{rel} mentions __kbgen"
        );
    }

    // Serving wrote nothing into the project (no book/, content untouched).
    drop(server);
    assert_eq!(files_under(root), before);
}

#[test]
fn many_tabs_and_clients_that_disconnect_mid_stream() {
    let project = fixture_project("basic");
    let root = project.path();
    let server = start(root);
    let addr = server.addr();
    let mut tabs: Vec<Events> = (0..24).map(|_| Events::open(addr)).collect();
    for t in &mut tabs {
        t.state();
    }
    assert!(server.clients() >= 24);
    // Half go away mid-stream; some others never finish their request.
    let staying = tabs.split_off(12);
    drop(tabs);
    for _ in 0..6 {
        let mut s = TcpStream::connect(addr).expect("connect");
        let _ = s.write_all(b"GET /__kbgen/ev");
    }
    let mut staying = staying;
    replace_in(
        &root.join("content/en/first.md"),
        TITLE,
        "title: \"Seen by many tabs\"",
    );
    for t in &mut staying {
        t.wait(&["reload"], |_| true);
    }
    assert!(get(addr, "/en/first.html")
        .text()
        .contains("Seen by many tabs"));
    // The departed streams are released once the server writes to them.
    server.rebuild_now();
    eventually("disconnected streams to be released", || {
        (server.clients() <= 12).then_some(())
    });
}

#[test]
fn the_polling_fallback_rebuilds_without_native_events() {
    let project = fixture_project("basic");
    let root = project.path();
    let mut o = options(root);
    o.native_watch = false;
    o.poll_interval = Duration::from_millis(100);
    let server = serve::start(o).expect("server starts");
    let mut events = Events::open(server.addr());
    events.state();
    replace_in(
        &root.join("content/en/first.md"),
        TITLE,
        "title: \"Seen by polling\"",
    );
    events.wait(&["reload"], |_| true);
    // The first build is rebuild 1; the stats are recorded just after the broadcast.
    let last = server.wait_for_rebuild_after(1, WAIT).expect("rebuilt");
    assert_eq!(last.source, serve::watch::Source::Poll);
    assert!(get(server.addr(), "/en/first.html")
        .text()
        .contains("Seen by polling"));
}

/// Runs `edit`, waits for the reload it causes, and returns the wall time from just before the
/// edit to the broadcast with the rebuild (what `bench/serve_latency.sh` measures end to end).
fn edit_to_reload(server: &Server, edit: impl FnOnce()) -> (Duration, serve::Rebuild) {
    let mut after = server.last_rebuild().map_or(0, |r| r.seq);
    let start = Instant::now();
    edit();
    loop {
        let left = (start + WAIT).saturating_duration_since(Instant::now());
        let rebuild = server
            .wait_for_rebuild_after(after, left)
            .expect("a rebuild followed the edit");
        let detected = rebuild.finished.checked_sub(rebuild.detect_to_broadcast);
        if detected.is_some_and(|d| d >= start) && rebuild.outcome != Outcome::Unchanged {
            return (rebuild.finished.duration_since(start), rebuild);
        }
        after = rebuild.seq;
    }
}

#[test]
fn edit_to_reload_latency_is_reported() {
    let project = fixture_project("basic");
    let root = project.path();
    let server = start(root);
    let first = root.join("content/en/first.md");
    let (wall, rebuild) = edit_to_reload(&server, || replace_in(&first, TITLE, "title: \"Timed\""));
    assert_eq!(rebuild.outcome, Outcome::Reloaded);
    assert!(wall >= rebuild.detect_to_broadcast);
    assert!(rebuild.detect_to_broadcast >= rebuild.build_time);
    assert!(rebuild
        .paths
        .iter()
        .any(|p| p == Path::new("content/en/first.md")));
}

/// Replaces one ASCII letter of `path` with another (same size) and puts the modification
/// time back, so neither the size nor the time tells the edit apart.
fn same_size_same_time_edit(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let before = std::fs::metadata(path)
        .expect("stat")
        .modified()
        .expect("mtime");
    replace_in(path, from, to);
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    file.set_modified(before).expect("set mtime");
    assert_eq!(
        std::fs::metadata(path)
            .expect("stat")
            .modified()
            .expect("mtime"),
        before
    );
}

#[test]
fn a_same_size_edit_within_the_same_second_is_picked_up() {
    for native in [true, false] {
        let project = fixture_project("basic");
        let root = project.path();
        let mut o = options(root);
        o.native_watch = native;
        o.poll_interval = Duration::from_millis(100);
        let server = serve::start(o).expect("server starts");
        let first = root.join("content/en/first.md");
        let (_, rebuild) = edit_to_reload(&server, || {
            same_size_same_time_edit(&first, "title: \"Check", "title: \"Chock")
        });
        assert_eq!(rebuild.outcome, Outcome::Reloaded, "native watch: {native}");
        assert!(
            get(server.addr(), "/en/first.html")
                .text()
                .contains("Chock the key"),
            "native watch: {native}"
        );
    }
}

/// Runs `kbgen serve ARGS` and returns its stderr up to the "serving" line, then stops it.
fn cli_banner(args: &[&str], root: &Path) -> String {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .arg("serve")
        .arg("--root")
        .arg(root)
        .args(args)
        .env("KBGEN_TODAY", "2026-12-01")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start kbgen serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let deadline = Instant::now() + WAIT;
    let mut text = String::new();
    while let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        text.push_str(&line);
        text.push('\n');
        if line.starts_with("serving ") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    text
}

#[test]
fn the_cli_binds_loopback_by_default_and_warns_otherwise() {
    let project = fixture_project("basic");
    let local = cli_banner(&["--port", "0"], project.path());
    assert!(local.contains("at http://127.0.0.1:"), "{local}");
    assert!(!local.contains("warning: listening on"), "{local}");
    let open = cli_banner(&["--port", "0", "--bind", "0.0.0.0"], project.path());
    assert!(open.contains("warning: listening on 0.0.0.0"), "{open}");
    assert!(open.contains("at http://0.0.0.0:"), "{open}");

    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["serve", "--port", "0", "--root"])
        .arg(project.path().join("no-such-folder"))
        .output()
        .expect("run kbgen serve");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
}
