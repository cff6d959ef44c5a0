//! Inputs under hostile and careless use (issue 13, items 7, 8 and 11): every input is a
//! bounded regular file read without following symbolic links, no diagnostic (terminal or
//! `kbgen serve` overlay) quotes a file outside the project, the preview answers only its own
//! host names, and editor scratch files are not inputs.

mod common;

use common::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `kbgen ARGS --root ROOT`, killing it (and failing) if it takes longer than `limit`.
fn kbgen_within(args: &[&str], root: &Path, limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("KBGEN_TODAY", "2026-11-23")
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut err = String::new();
            child
                .stderr
                .take()
                .expect("stderr")
                .read_to_string(&mut err)
                .expect("read");
            return (status.code(), err);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("kbgen {args:?} still running after {limit:?} (blocked or unbounded)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

const LIMIT: Duration = Duration::from_secs(30);

#[cfg(unix)]
#[test]
fn item7_book_toml_from_dev_zero_or_a_fifo_is_refused_at_once() {
    for (what, make) in [
        ("symlink to /dev/zero", "link"),
        ("FIFO", "fifo"),
        ("folder", "dir"),
    ] {
        let project = fixture_project("basic");
        let root = project.path();
        let toml = root.join("book.toml");
        std::fs::remove_file(&toml).expect("rm");
        match make {
            "link" => std::os::unix::fs::symlink("/dev/zero", &toml).expect("symlink"),
            "fifo" => {
                let ok = Command::new("mkfifo").arg(&toml).status();
                if !ok.is_ok_and(|s| s.success()) {
                    continue;
                }
            }
            _ => std::fs::create_dir(&toml).expect("mkdir"),
        }
        for cmd in [&["build"][..], &["check"], &["new", "x"]] {
            let (code, err) = kbgen_within(cmd, root, LIMIT);
            assert_eq!(code, Some(2), "{what} {cmd:?}: {err}");
            assert!(err.contains("book.toml"), "{what}: {err}");
        }
    }
}

#[cfg(unix)]
#[test]
fn item7_every_kind_of_input_is_a_bounded_regular_file() {
    // sources.yaml, a topic, UI strings and a template, each as a link to /dev/zero and as a
    // FIFO: refused within the limit, naming the file.
    for rel in [
        "content/sources.yaml",
        "content/en/first.md",
        "i18n/en.toml",
        "templates/base.html",
    ] {
        for make in ["link", "fifo"] {
            let project = fixture_project("basic");
            let root = project.path();
            let path = root.join(rel);
            std::fs::remove_file(&path).expect("rm");
            if make == "link" {
                std::os::unix::fs::symlink("/dev/zero", &path).expect("symlink");
            } else if !Command::new("mkfifo")
                .arg(&path)
                .status()
                .is_ok_and(|s| s.success())
            {
                continue;
            }
            let (code, err) = kbgen_within(&["build"], root, LIMIT);
            assert!(matches!(code, Some(1 | 2)), "{rel} {make}: {code:?} {err}");
            assert!(err.contains(rel), "{rel} {make}: {err}");
        }
    }
    // An oversized topic is refused, not read into memory.
    let project = fixture_project("basic");
    let big = std::fs::File::create(project.path().join("content/en/huge.md")).expect("create");
    big.set_len(kbgen::input::MAX_CONTENT_BYTES + 1)
        .expect("sparse file");
    let (code, err) = kbgen_within(&["check"], project.path(), LIMIT);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("content/en/huge.md") && err.contains("MB limit"),
        "{err}"
    );
}

/// A project whose `content/sources.yaml` is a link to a secret file outside it, and the
/// secret's first line.
#[cfg(unix)]
fn project_with_linked_sources() -> (tempfile::TempDir, tempfile::TempDir, &'static str) {
    const SECRET: &str = "root:$6$SECRET-HASH-LINE:19000:0:99999:7:::";
    let project = fixture_project("basic");
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = outside.path().join("shadow");
    std::fs::write(&secret, format!("{SECRET}\nmore: [\n")).expect("write");
    let sources = project.path().join("content/sources.yaml");
    std::fs::remove_file(&sources).expect("rm");
    std::os::unix::fs::symlink(&secret, &sources).expect("symlink");
    (project, outside, SECRET)
}

#[cfg(unix)]
#[test]
fn item8_a_linked_sources_yaml_is_refused_and_never_quoted() {
    let (project, _outside, secret) = project_with_linked_sources();
    let root = project.path();
    for cmd in [&["build"][..], &["check"], &["sources", "verify"]] {
        let (code, err) = kbgen_within(cmd, root, LIMIT);
        assert!(matches!(code, Some(1 | 2)), "{cmd:?}: {err}");
        assert!(err.contains("content/sources.yaml"), "{cmd:?}: {err}");
        assert!(err.contains("symbolic link"), "{cmd:?}: {err}");
        assert!(!err.contains("SECRET"), "{cmd:?} quoted the target: {err}");
    }
    let json = Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .env("KBGEN_TODAY", "2026-11-23")
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&json.stdout).contains(secret));
    // A linked folder on the way out of the project counts too.
    let project = fixture_project("basic");
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        outside.path().join("leak.md"),
        "---\nid: leak\nSECRET-IN-TOPIC: [\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(outside.path(), project.path().join("content/en/linked"))
        .expect("symlink");
    let (code, err) = kbgen_within(&["check"], project.path(), LIMIT);
    assert_eq!(code, Some(1), "{err}");
    assert!(!err.contains("SECRET-IN-TOPIC"), "{err}");
}

/// Sends a GET with the given `Host` header (none when `None`) and returns the status and
/// the first bytes of the body.
fn get_with_host(addr: SocketAddr, path: &str, host: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    let host_line = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    let version = if host.is_some() { "1.1" } else { "1.0" };
    write!(
        s,
        "GET {path} HTTP/{version}\r\n{host_line}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    // The event stream never ends: read what arrives in the timeout.
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                raw.extend_from_slice(&buf[..n]);
                if raw.windows(7).any(|w| w == b"\nevent:") || raw.len() > 100_000 {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn serve(root: &Path) -> kbgen::serve::Server {
    let mut o = kbgen::serve::ServeOptions::new(root);
    o.port = 0;
    o.today = Some(today());
    o.verbose = false;
    o.allow_hosts = vec!["kb.lan".into()];
    kbgen::serve::start(o).expect("server starts")
}

#[test]
fn item8_serve_answers_only_its_own_host_names() {
    let project = fixture_project("basic");
    let server = serve(project.path());
    let addr = server.addr();
    for path in [
        "/",
        "/en/first.html",
        "/__kbgen/events",
        "/__kbgen/reload.js",
    ] {
        for host in [
            "evil.example",
            "evil.example:80",
            "localhost.evil.example",
            "attacker.127.0.0.1.nip.io",
        ] {
            let (status, text) = get_with_host(addr, path, Some(host));
            assert_eq!(status, 403, "{path} Host: {host}: {text}");
            assert!(!text.contains("event:"), "{path} {host}: stream opened");
        }
        for host in [
            Some(format!("{addr}")),
            Some(format!("localhost:{}", addr.port())),
            Some("kb.lan".to_string()),
            None,
        ] {
            let (status, text) = get_with_host(addr, path, host.as_deref());
            assert!(
                matches!(status, 200 | 308),
                "{path} Host: {host:?}: {status} {text}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn item8_the_overlay_never_carries_a_file_outside_the_project() {
    let (project, _outside, secret) = project_with_linked_sources();
    let server = serve(project.path());
    let (status, text) = get_with_host(
        server.addr(),
        "/__kbgen/events",
        Some(&server.addr().to_string()),
    );
    assert_eq!(status, 200, "{text}");
    assert!(text.contains("event:"), "{text}");
    assert!(text.contains("symbolic link"), "{text}");
    assert!(!text.contains(secret), "{text}");
    assert!(!text.contains("SECRET"), "{text}");
}

#[test]
fn item11_editor_files_do_not_break_build_or_serve() {
    let project = fixture_project("basic");
    let root = project.path();
    let ja = root.join("content/ja");
    // Emacs lock (a dangling link on Unix, a file elsewhere), backups, vim swap and probe
    // files, a hidden folder, and the same in templates/ and i18n/.
    #[cfg(unix)]
    std::os::unix::fs::symlink("user@host.1234:1700000000", ja.join(".#first.md"))
        .expect("lock link");
    std::fs::write(ja.join(".#second.md"), "user@host").expect("write");
    std::fs::write(ja.join("first.md~"), "---\nbroken: [\n").expect("write");
    std::fs::write(ja.join(".first.md.swp"), [0u8, 159, 146, 150]).expect("write");
    std::fs::write(ja.join("4913"), "").expect("write");
    std::fs::write(ja.join("#first.md#"), "---\nbroken").expect("write");
    std::fs::create_dir(ja.join(".drafts")).expect("mkdir");
    std::fs::write(ja.join(".drafts/x.md"), "---\nbroken").expect("write");
    std::fs::write(root.join("templates/.#base.html"), "{% broken").expect("write");
    std::fs::write(root.join("templates/base.html~"), "{% broken").expect("write");
    std::fs::write(root.join("static/.kbgen.css.swp"), "x").expect("write");
    let (code, err) = kbgen_within(&["build"], root, LIMIT);
    assert_eq!(code, Some(0), "{err}");
    assert!(!root.join("book/static/.kbgen.css.swp").exists());

    let server = serve(root);
    let rebuild = server.last_rebuild().expect("first build");
    assert_eq!(
        rebuild.outcome,
        kbgen::serve::Outcome::Reloaded,
        "{rebuild:?}"
    );
    // Saving scratch files does not trigger rebuilds either.
    for path in [
        "content/ja/.#first.md",
        "content/ja/first.md~",
        "content/ja/4913",
    ] {
        assert_eq!(
            kbgen::serve::watch::classify(root, &root.join(path)),
            None,
            "{path}"
        );
    }
}
