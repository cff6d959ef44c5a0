//! `kbgen sources verify` against a canned-page HTTP server on 127.0.0.1 (never the real
//! network): quotes found through markup, entities and full-width text update only their
//! `verified.on` date; changed pages, 404s, redirect loops and silent servers fail without
//! touching the file; comments and layout of `content/sources.yaml` survive byte for byte.

use kbgen::date::Date;
use kbgen::verify::fetch::FetchError;
use kbgen::verify::{verify_sources, Failure, Outcome, VerifyOptions, VerifyReport};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

const TODAY: &str = "2027-05-06";

/// The page the quotes were taken from, written the way real pages are: entities, inline
/// markup inside sentences, full-width letters, line breaks and irregular Japanese spacing.
const PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Activation</title>\
<style>p { color: red }</style><script>var x = '<p>';</script></head><body>\n\
<p>Digital&nbsp;entitlement\n      doesn&rsquo;t <b>require</b> you to enter a\n\
<a href=\"/key\" title=\"a > b\">product&#32;key</a>.</p>\n\
<p>Run <strong>ＰｏｗｅｒＳｈｅｌｌ</strong> as administrator&#x2E;</p>\n\
<p>プロダクト&#x30AD;ーまたは<span>デジタル</span>ライセンスは、相互の 代用とすることは\n\
できません。</p>\n</body></html>\n";

/// The page after an edit: the old sentence is gone from the text and survives only where a
/// reader cannot see it.
const CHANGED: &str = "<html><body><!-- Digital entitlement doesn't require you to enter a \
product key. --><script>const old = \"Digital entitlement doesn't require you to enter a \
product key.\";</script><p>Digital licenses now need a Microsoft account.</p></body></html>";

/// A server answering canned responses by path; it records each request's head.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
}

fn start_server() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = requests.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || serve(stream, port, &log));
        }
    });
    Server { port, requests }
}

fn serve(mut stream: TcpStream, port: u16, log: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    if let Ok(mut l) = log.lock() {
        l.push(head);
    }
    let (status, location, body) = match path.as_str() {
        "/page" => ("200 OK", None, PAGE),
        "/changed" => ("200 OK", None, CHANGED),
        "/moved" => ("301 Moved Permanently", Some("/page".to_string()), ""),
        "/found" => (
            "302 Found",
            Some(format!("http://127.0.0.1:{port}/page")),
            "",
        ),
        "/loop" => ("302 Found", Some("/loop".to_string()), ""),
        _ => ("404 Not Found", None, "<p>Not found</p>"),
    };
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(l) = location {
        response.push_str(&format!("Location: {l}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(body);
    let _ = stream.write_all(response.as_bytes());
}

/// A server that accepts connections and never answers (kept open until the test ends).
fn start_silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

/// A project folder holding only `content/sources.yaml`, from a fixture with the ports
/// substituted. Returns the folder and the file text as written.
fn project(fixture: &str, port: u16, hang_port: u16) -> (tempfile::TempDir, String) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/verify")
        .join(fixture);
    let text = std::fs::read_to_string(&src)
        .expect("fixture")
        .replace("{PORT}", &port.to_string())
        .replace("{HANG_PORT}", &hang_port.to_string());
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("content")).expect("mkdir");
    std::fs::write(sources_path(dir.path()), &text).expect("write");
    (dir, text)
}

fn sources_path(root: &Path) -> PathBuf {
    root.join("content/sources.yaml")
}

fn read(root: &Path) -> String {
    std::fs::read_to_string(sources_path(root)).expect("read sources.yaml")
}

fn options(only: &[&str]) -> VerifyOptions {
    let mut o = VerifyOptions::new(Date::parse(TODAY).expect("date"));
    o.timeout = Duration::from_secs(1);
    o.only = only.iter().map(|s| s.to_string()).collect();
    o.allow_http = true;
    o.proxy_from_env = false;
    o
}

fn outcome<'a>(report: &'a VerifyReport, id: &str) -> &'a Outcome {
    &report
        .results
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no result for {id}: {report:?}"))
        .outcome
}

/// The fixture text with the given old dates replaced by today, nothing else.
fn with_today(original: &str, old_dates: &[&str]) -> String {
    old_dates.iter().fold(original.to_string(), |text, d| {
        assert_eq!(
            text.matches(d).count(),
            1,
            "{d} must be unique in the fixture"
        );
        text.replace(d, TODAY)
    })
}

#[test]
fn quote_behind_markup_entities_and_full_width_text_passes_and_only_dates_change() {
    let server = start_server();
    let (dir, original) = project("sources.yaml", server.port, 9);
    let ids = ["entities-page", "fullwidth-page", "japanese-page"];
    let report = verify_sources(dir.path(), &options(&ids)).expect("runs");
    for id in ids {
        assert!(
            matches!(outcome(&report, id), Outcome::Passed { .. }),
            "{id}: {report:?}"
        );
    }
    assert!(report.ok() && report.rewritten, "{report:?}");
    let written = read(dir.path());
    assert_eq!(
        written,
        with_today(&original, &["2026-01-01", "2026-01-02", "2026-01-03"])
    );
    // Spelled out: comments and quoting styles are still there.
    assert!(written.contains("    on: 2027-05-06    # seen by Ana\n"));
    assert!(written.contains("    on: '2027-05-06'\n"));
    assert!(written.contains(", on: \"2027-05-06\"}\n"));
    assert!(written.ends_with("# End of the fixture; this trailing comment must survive too.\n"));
    // The page was fetched once for the three sources, with kbgen's User-Agent.
    let requests = server.requests.lock().expect("log").clone();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let ua = format!("user-agent: kbgen/{}", env!("CARGO_PKG_VERSION"));
    assert!(
        requests[0].to_ascii_lowercase().contains(&ua),
        "{}",
        requests[0]
    );
    // No temporary file is left next to it.
    let entries = std::fs::read_dir(dir.path().join("content"))
        .expect("list")
        .count();
    assert_eq!(entries, 1);
}

#[test]
fn changed_page_without_the_quote_fails_and_keeps_its_date() {
    let server = start_server();
    let (dir, original) = project("sources.yaml", server.port, 9);
    let report =
        verify_sources(dir.path(), &options(&["changed-page", "moved-page"])).expect("runs");
    assert_eq!(
        outcome(&report, "changed-page"),
        &Outcome::Failed(Failure::QuoteMissing)
    );
    assert!(!report.ok());
    // The passing source is still written; the failing one keeps 2026-01-04.
    assert_eq!(read(dir.path()), with_today(&original, &["2026-01-06"]));
}

#[test]
fn not_found_fails_with_the_status_and_url_position() {
    let server = start_server();
    let (dir, _) = project("sources.yaml", server.port, 9);
    let report = verify_sources(dir.path(), &options(&["missing-page"])).expect("runs");
    assert_eq!(
        outcome(&report, "missing-page"),
        &Outcome::Failed(Failure::Fetch(FetchError::Status(404)))
    );
    let r = &report.results[0];
    assert_eq!(
        r.line(&report.path),
        "content/sources.yaml:43:8: missing-page: FAILED: the server answered HTTP 404"
    );
}

#[test]
fn redirects_are_followed_and_loops_are_cut() {
    let server = start_server();
    let (dir, original) = project("sources.yaml", server.port, 9);
    let report = verify_sources(
        dir.path(),
        &options(&["moved-page", "found-page", "loop-page"]),
    )
    .expect("runs");
    assert!(matches!(
        outcome(&report, "moved-page"),
        Outcome::Passed { .. }
    ));
    assert!(matches!(
        outcome(&report, "found-page"),
        Outcome::Passed { .. }
    ));
    assert_eq!(
        outcome(&report, "loop-page"),
        &Outcome::Failed(Failure::Fetch(FetchError::TooManyRedirects(5)))
    );
    assert_eq!(
        read(dir.path()),
        with_today(&original, &["2026-01-06", "2026-01-07"])
    );
}

#[test]
fn a_server_that_never_answers_times_out_within_the_limit() {
    let hang_port = start_silent_server();
    let (dir, original) = project("sources.yaml", 9, hang_port);
    let started = Instant::now();
    let report = verify_sources(dir.path(), &options(&["slow-page"])).expect("runs");
    let elapsed = started.elapsed();
    assert!(
        matches!(
            outcome(&report, "slow-page"),
            Outcome::Failed(Failure::Fetch(FetchError::Timeout(_)))
        ),
        "{report:?}"
    );
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    assert!(!report.rewritten);
    assert_eq!(read(dir.path()), original);
}

#[test]
fn nothing_passing_means_the_file_is_not_rewritten() {
    let server = start_server();
    let (dir, original) = project("sources.yaml", server.port, 9);
    let path = sources_path(dir.path());
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(old))
        .expect("set mtime");
    let report = verify_sources(
        dir.path(),
        &options(&["changed-page", "missing-page", "loop-page"]),
    )
    .expect("runs");
    assert_eq!(report.passed(), 0);
    assert!(!report.rewritten);
    assert_eq!(read(dir.path()), original);
    let mtime = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(mtime, old, "the file was written although nothing passed");
}

#[test]
fn http_urls_fail_unless_allowed() {
    let server = start_server();
    let (dir, original) = project("sources.yaml", server.port, 9);
    let mut o = options(&["entities-page"]);
    o.allow_http = false;
    let report = verify_sources(dir.path(), &o).expect("runs");
    assert!(matches!(
        outcome(&report, "entities-page"),
        Outcome::Failed(Failure::Fetch(FetchError::NotHttps(_)))
    ));
    assert!(server.requests.lock().expect("log").is_empty());
    assert_eq!(read(dir.path()), original);
}

// ---- the command line ----

fn kbgen(args: &[&str], root: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kbgen"));
    cmd.args(args)
        .arg("--root")
        .arg(root)
        .env("KBGEN_TODAY", TODAY);
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().expect("run kbgen")
}

#[test]
fn cli_prints_a_line_per_source_and_exits_1_on_failures() {
    let server = start_server();
    let hang_port = start_silent_server();
    let (dir, original) = project("sources.yaml", server.port, hang_port);
    let out = kbgen(
        &["sources", "verify", "--allow-http", "--timeout", "1"],
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    for line in [
        "content/sources.yaml:8:8: entities-page: ok",
        "content/sources.yaml:18:8: fullwidth-page: ok",
        "content/sources.yaml:27:8: japanese-page: ok",
        "content/sources.yaml:34:8: changed-page: FAILED: the page no longer contains",
        "content/sources.yaml:43:8: missing-page: FAILED: the server answered HTTP 404",
        "content/sources.yaml:52:8: moved-page: ok",
        "content/sources.yaml:61:8: found-page: ok",
        "content/sources.yaml:70:8: slow-page: FAILED: no complete answer within 1 s (timeout)",
        "content/sources.yaml:79:8: loop-page: FAILED: more than 5 redirects",
    ] {
        assert!(stdout.contains(line), "missing `{line}` in\n{stdout}");
    }
    assert_eq!(stdout.lines().count(), 9, "{stdout}");
    assert!(
        stderr.contains("5 of 9 source(s) verified, 4 failed; content/sources.yaml updated"),
        "{stderr}"
    );
    assert_eq!(
        read(dir.path()),
        with_today(
            &original,
            &[
                "2026-01-01",
                "2026-01-02",
                "2026-01-03",
                "2026-01-06",
                "2026-01-07"
            ]
        )
    );
}

#[test]
fn cli_exits_0_when_everything_passes_and_refuses_http_by_default() {
    let server = start_server();
    let (dir, _) = project("sources.yaml", server.port, 9);
    let ok = kbgen(
        &[
            "sources",
            "verify",
            "--allow-http",
            "--only",
            "entities-page",
            "--only",
            "moved-page",
        ],
        dir.path(),
    );
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let refused = kbgen(
        &["sources", "verify", "--only", "entities-page"],
        dir.path(),
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("is not https"));
}

#[test]
fn cli_reports_parse_errors_as_diagnostics_and_usage_errors_with_2() {
    let (dir, _) = project("broken.yaml", 9, 9);
    let out = kbgen(&["sources", "verify"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/sources.yaml:7:"), "{stderr}");
    assert!(stderr.contains("verifed"), "{stderr}");

    let (dir, _) = project("sources.yaml", 9, 9);
    let unknown = kbgen(&["sources", "verify", "--only", "no-such-id"], dir.path());
    assert_eq!(unknown.status.code(), Some(2));
    let zero = kbgen(&["sources", "verify", "--timeout", "0"], dir.path());
    assert_eq!(zero.status.code(), Some(2));
    let empty = tempfile::tempdir().expect("tempdir");
    let missing = kbgen(&["sources", "verify"], empty.path());
    assert_eq!(missing.status.code(), Some(2));
}
