//! Hosting under a sub-path: Debian's nginx serves the built sample at `/kb/` on 127.0.0.1 and
//! every page, every asset and every relative link found in the pages answers 200.

mod common;

use common::web_server::{self, agent, fetch, free_port, is_root, readable_sample_book, WebServer};
use common::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The README's one line for a 404 page at any depth under `/kb/` (see "Hosting recipes").
const NOT_FOUND_LINE: &str = "error_page 404 $scheme://$http_host/kb/404.html?from=$request_uri;";

fn start_nginx(book: &Path, work: &Path, port: u16) -> WebServer {
    for d in ["tmp", "logs"] {
        std::fs::create_dir_all(work.join(d)).expect("mkdir");
    }
    let w = work.display();
    let conf = format!(
        "worker_processes 1;\ndaemon off;\npid {w}/nginx.pid;\nerror_log {w}/logs/error.log;\n{user}\
         events {{ worker_connections 64; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n\
           client_body_temp_path {w}/tmp/body; proxy_temp_path {w}/tmp/proxy; fastcgi_temp_path {w}/tmp/fcgi;\n\
           uwsgi_temp_path {w}/tmp/uwsgi; scgi_temp_path {w}/tmp/scgi;\n\
           server {{\n    listen 127.0.0.1:{port};\n    location /kb/ {{ alias {book}/; index index.html; {NOT_FOUND_LINE} }}\n  }}\n}}\n",
        user = if is_root() { "user root;\n" } else { "" },
        book = book.display(),
    );
    let conf_path = work.join("nginx.conf");
    std::fs::write(&conf_path, conf).expect("write conf");
    let mut command = Command::new("nginx");
    command.arg("-c").arg(&conf_path).arg("-p").arg(work);
    web_server::start(command, port, &work.join("logs/error.log"))
}

#[test]
fn every_page_link_and_asset_answers_200_under_kb() {
    if !require_tool("nginx", "serves the site under /kb/") {
        return;
    }
    let (dir, book) = readable_sample_book();
    let port = free_port();
    let _nginx = start_nginx(&book, &dir.path().join("nginx"), port);
    let base = format!("http://127.0.0.1:{port}/kb/");
    let agent = agent(true);
    let mut urls: BTreeSet<String> = BTreeSet::new();
    for file in files_under(&book) {
        urls.insert(format!("{base}{file}"));
        if file.ends_with(".html") {
            let html = std::fs::read_to_string(book.join(&file)).expect("read");
            let page_dir = Path::new(&file)
                .parent()
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_default();
            for tag in tags(&html) {
                for attr in ["href", "src"] {
                    let Some(url) = tag.attr(attr) else { continue };
                    if url.contains("://") || url.starts_with('#') || url.starts_with("mailto:") {
                        continue;
                    }
                    let path = url.split(['#', '?']).next().unwrap_or("");
                    let joined = if page_dir.is_empty() {
                        path.to_string()
                    } else {
                        format!("{page_dir}/{path}")
                    };
                    urls.insert(format!("{base}{}", resolve_dots(&joined)));
                }
            }
        }
    }
    urls.insert(base.clone());
    let failures: Vec<String> = urls
        .iter()
        .filter_map(|u| {
            let s = fetch(&agent, u).0;
            (s != 200).then(|| format!("{s} {u}"))
        })
        .collect();
    assert!(urls.len() > 30, "too few URLs checked: {}", urls.len());
    assert!(
        failures.is_empty(),
        "{} of {} URLs failed:\n{}",
        failures.len(),
        urls.len(),
        failures.join("\n")
    );
}

fn resolve_dots(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[test]
fn missing_urls_at_depth_1_and_3_get_a_styled_404_with_working_links() {
    if !require_tool("nginx", "serves the site under /kb/") {
        return;
    }
    let (dir, book) = sample_book();
    let _ = Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(dir.path())
        .status();
    let port = free_port();
    let _nginx = start_nginx(&book, &dir.path().join("nginx"), port);
    let origin = format!("http://127.0.0.1:{port}");
    let agent = agent(false);
    for missing in [
        "/kb/ja/chek.html",
        "/kb/en/a/b/typo.html",
        "/kb/ja/categories/nope/x.html",
        "/kb/nowhere",
    ] {
        let (status, location, _) = fetch(&agent, &format!("{origin}{missing}"));
        assert_eq!(status, 302, "{missing}");
        let want = format!("{origin}/kb/404.html?from={missing}");
        assert_eq!(location.as_deref(), Some(want.as_str()), "{missing}");
        let (status, _, html) = fetch(&agent, &want);
        assert_eq!(status, 200, "{want}");
        assert!(html.contains("kb-not-found"), "{missing}: not the 404 page");
        let targets = local_targets(&html, "404.html");
        assert!(
            targets.iter().any(|t| t == "static/kbgen.css"),
            "{missing}: no stylesheet"
        );
        assert!(
            targets.iter().any(|t| t == "ja/index.html"),
            "{missing}: no home link"
        );
        assert!(
            targets.iter().any(|t| t == "en/404.html"),
            "{missing}: no English 404"
        );
        for t in targets {
            let url = format!("{origin}/kb/{t}");
            let (status, _, body) = fetch(&agent, &url);
            assert_eq!(status, 200, "{missing}: {url}");
            if t.ends_with(".css") {
                assert!(body.contains('{'), "{url} is not a stylesheet");
            }
        }
    }
}
