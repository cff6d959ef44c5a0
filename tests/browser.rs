//! Behaviour that lives in the browser, checked in headless Chromium (Debian's, driven by
//! playwright-core from `tests/browser/`): file:// navigation across every topic in both
//! languages with no console error.

mod common;

use common::*;

#[test]
fn file_url_navigation_between_every_topic_in_both_languages() {
    if !browser_ready() {
        return;
    }
    let (_dir, book) = sample_book();
    run_node("file_navigation.mjs", &[&book]);
}

fn built_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, book) = sample_book();
    (dir, book)
}

#[test]
fn search_over_file_urls() {
    if !browser_ready() {
        return;
    }
    let (_dir, book) = built_sample();
    run_node("search.mjs", &[book.display().to_string()]);
}

#[test]
fn search_under_http_subpath() {
    if !browser_ready() {
        return;
    }
    let (_dir, book) = built_sample();
    let server = subpath_server::Server::start(book.clone(), "/kb/");
    let base = format!("http://127.0.0.1:{}/kb/", server.port());
    run_node("search.mjs", &[book.display().to_string(), base]);
    assert!(server.requests() > 0, "the browser used the server");
}

#[test]
fn tokenizer_vectors_match_in_chromium() {
    if !browser_ready() {
        return;
    }
    use kbgen::search::index::shard_key_hash;
    use kbgen::search::tokenize::tokenize;
    let (dir, book) = built_sample();
    let extra: Vec<serde_json::Value> = EXTRA_TOKENIZER_INPUTS
        .iter()
        .map(|input| {
            let tokens = tokenize(input);
            serde_json::json!({
                "input": input,
                "tokens": tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>(),
                "pos": tokens.iter().map(|t| t.pos).collect::<Vec<_>>(),
                "hashes": tokens.iter().map(|t| shard_key_hash(&t.text)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let extra_path = dir.path().join("extra-vectors.json");
    std::fs::write(
        &extra_path,
        serde_json::to_string_pretty(&extra).expect("json"),
    )
    .expect("write extra vectors");
    run_node(
        "tokenizer_vectors.mjs",
        &[book.display().to_string(), extra_path.display().to_string()],
    );
}

/// A tiny static HTTP server for the built book under a sub-path (`/kb/`), on 127.0.0.1 and a
/// free port, in a background thread that stops when the [`Server`] is dropped.
mod subpath_server {
    use std::io::{BufRead, BufReader, Write};
    use std::net::{TcpListener, TcpStream};
    use std::path::{Component, Path, PathBuf};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::thread::JoinHandle;
    use std::time::Duration;

    pub struct Server {
        port: u16,
        stop: Arc<AtomicBool>,
        served: Arc<AtomicUsize>,
        thread: Option<JoinHandle<()>>,
    }

    impl Server {
        pub fn start(root: PathBuf, prefix: &'static str) -> Server {
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
            let port = listener.local_addr().expect("local addr").port();
            let stop = Arc::new(AtomicBool::new(false));
            let served = Arc::new(AtomicUsize::new(0));
            let (stop2, served2) = (stop.clone(), served.clone());
            let thread = std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop2.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let root = root.clone();
                    let served = served2.clone();
                    std::thread::spawn(move || {
                        if handle(stream, &root, prefix).is_ok() {
                            served.fetch_add(1, Ordering::SeqCst);
                        }
                    });
                }
            });
            Server {
                port,
                stop,
                served,
                thread: Some(thread),
            }
        }

        pub fn port(&self) -> u16 {
            self.port
        }

        pub fn requests(&self) -> usize {
            self.served.load(Ordering::SeqCst)
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::SeqCst);
            // Wake the accept loop so it sees the flag.
            let _ = TcpStream::connect(("127.0.0.1", self.port));
            if let Some(t) = self.thread.take() {
                let _ = t.join();
            }
        }
    }

    /// The dev server's `Content-Type` choice, so both servers label files alike.
    fn content_type(path: &Path) -> String {
        kbgen::serve::http::mime(&path.to_string_lossy())
    }

    fn respond(
        stream: &mut TcpStream,
        status: &str,
        kind: &str,
        extra: &str,
        body: &[u8],
    ) -> std::io::Result<()> {
        let length = body.len();
        write!(stream, "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n")?;
        write!(
            stream,
            "Content-Length: {length}\r\nX-Content-Type-Options: nosniff\r\n"
        )?;
        write!(
            stream,
            "Cache-Control: no-store\r\nConnection: close\r\n{extra}\r\n"
        )?;
        stream.write_all(body)?;
        stream.flush()
    }

    fn handle(mut stream: TcpStream, root: &Path, prefix: &str) -> std::io::Result<()> {
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
                break;
            }
        }
        let mut parts = line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        if method != "GET" && method != "HEAD" {
            return respond(
                &mut stream,
                "405 Method Not Allowed",
                "text/plain",
                "",
                b"method not allowed",
            );
        }
        let path = target.split(['?', '#']).next().unwrap_or("/");
        if path == "/favicon.ico" {
            // The browser asks the host, not the site under the sub-path, for an icon; a real
            // host answers it, so this one does too instead of logging a 404 console error.
            return respond(&mut stream, "204 No Content", "image/x-icon", "", b"");
        }
        if path == prefix.trim_end_matches('/') {
            return respond(
                &mut stream,
                "301 Moved Permanently",
                "text/plain",
                &format!("Location: {prefix}\r\n"),
                b"",
            );
        }
        let Some(rel) = path.strip_prefix(prefix).map(crate::common::percent_decode) else {
            return respond(
                &mut stream,
                "404 Not Found",
                "text/plain",
                "",
                b"not under the sub-path",
            );
        };
        let rel = Path::new(&rel);
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            return respond(&mut stream, "404 Not Found", "text/plain", "", b"bad path");
        }
        let mut file = root.join(rel);
        if file.is_dir() {
            file = file.join("index.html");
        }
        match std::fs::read(&file) {
            Ok(body) => {
                let body = if method == "HEAD" { Vec::new() } else { body };
                respond(&mut stream, "200 OK", &content_type(&file), "", &body)
            }
            Err(_) => respond(&mut stream, "404 Not Found", "text/plain", "", b"not found"),
        }
    }
}
