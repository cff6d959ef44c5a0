//! `kbgen sources verify` under careless use (issue 13, item 13): a symlinked
//! `content/sources.yaml` is refused clearly and left a link, and no temporary file outlives a
//! run, even one killed while writing.

use kbgen::date::Date;
use kbgen::verify::{verify_sources, VerifyOptions};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const QUOTE: &str = "Activation helps verify that your copy of Windows is genuine.";

/// Serves one page holding [`QUOTE`] on every path.
fn server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match s.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let body = format!("<html><body><p>{QUOTE}</p></body></html>");
                let _ = write!(
                    s,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    port
}

fn sources_yaml(port: u16, n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "- id: src-{i}   # comment kept\n  title: 'Page {i}'\n  url: http://127.0.0.1:{port}/p{i}\n  publisher: Test\n  lang: en\n  verified:\n    on: 2026-01-01\n    quote: '{QUOTE}'\n\n"
            )
        })
        .collect()
}

fn project(port: u16, n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("content")).expect("mkdir");
    std::fs::write(
        dir.path().join("content/sources.yaml"),
        sources_yaml(port, n),
    )
    .expect("write");
    dir
}

fn options() -> VerifyOptions {
    let mut o = VerifyOptions::new(Date::parse("2026-11-23").expect("date"));
    o.timeout = Duration::from_secs(5);
    o.allow_http = true;
    o
}

fn temp_files(content: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(content)
        .expect("ls")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn item13_a_symlinked_sources_yaml_is_refused_and_stays_a_link() {
    let port = server();
    let dir = project(port, 1);
    let real = dir.path().join("real-sources.yaml");
    std::fs::rename(dir.path().join("content/sources.yaml"), &real).expect("mv");
    std::os::unix::fs::symlink(&real, dir.path().join("content/sources.yaml")).expect("link");
    let before = std::fs::read_to_string(&real).expect("read");
    let report = verify_sources(dir.path(), &options()).expect("runs");
    assert_eq!(report.diagnostics.len(), 1);
    assert!(
        report.diagnostics[0].message.contains("symbolic link"),
        "{:?}",
        report.diagnostics
    );
    let link = std::fs::symlink_metadata(dir.path().join("content/sources.yaml")).expect("meta");
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert_eq!(std::fs::read_to_string(&real).expect("read"), before);
    assert!(temp_files(&dir.path().join("content")).is_empty());
}

#[cfg(unix)]
#[test]
fn item13_a_link_swapped_in_during_the_run_is_not_written_through_or_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sources.yaml");
    let target = dir.path().join("target.yaml");
    std::fs::write(&target, "old").expect("write");
    std::os::unix::fs::symlink(&target, &path).expect("link");
    let err = kbgen::verify::rewrite::write_atomically(&path, "old", "new").expect_err("refused");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert!(std::fs::symlink_metadata(&path)
        .expect("meta")
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "old");
}

#[test]
fn item13_no_temporary_file_outlives_a_run() {
    let port = server();
    let dir = project(port, 3);
    let content = dir.path().join("content");
    // What a run killed while writing left (the PID is above the kernel's maximum).
    std::fs::write(content.join(".sources.yaml.kbgen-4194399-17.tmp"), "half").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            content.join("sources.yaml"),
            std::fs::Permissions::from_mode(0o640),
        )
        .expect("chmod");
    }
    let report = verify_sources(dir.path(), &options()).expect("runs");
    assert!(report.ok(), "{}", report.summary());
    assert!(report.rewritten);
    let text = std::fs::read_to_string(content.join("sources.yaml")).expect("read");
    assert_eq!(text.matches("on: 2026-11-23").count(), 3, "{text}");
    assert!(text.contains("# comment kept"));
    assert!(
        temp_files(&content).is_empty(),
        "{:?}",
        temp_files(&content)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(content.join("sources.yaml"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}

#[test]
fn item13_kill_9_during_verify_leaves_a_whole_file_and_no_temporary_file() {
    let port = server();
    let dir = project(port, 40);
    let content = dir.path().join("content");
    let old = sources_yaml(port, 40);
    let new = old.replace("on: 2026-01-01", "on: 2026-11-23");
    let mut seed = 0x9E3779B97F4A7C15u64;
    let mut leftovers_seen = 0;
    for i in 0..20u64 {
        std::fs::write(content.join("sources.yaml"), &old).expect("reset");
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = Command::new(env!("CARGO_BIN_EXE_kbgen"))
            .args(["sources", "verify", "--allow-http", "--root"])
            .arg(dir.path())
            .env("KBGEN_TODAY", "2026-11-23")
            .env_remove("http_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(seed % 40_000 + i * 1000));
        let _ = child.kill();
        let _ = child.wait();
        let text = std::fs::read_to_string(content.join("sources.yaml")).expect("read");
        assert!(
            text == old || text == new,
            "a torn sources.yaml after kill {i}"
        );
        leftovers_seen += temp_files(&content).len();
    }
    // A leftover can only come from a kill between naming the finished file and renaming it
    // (two system calls on Linux); the next run removes it.
    let report = verify_sources(dir.path(), &options()).expect("runs");
    assert!(report.ok());
    assert!(temp_files(&content).is_empty());
    eprintln!("leftovers seen right after a kill: {leftovers_seen}");
}
