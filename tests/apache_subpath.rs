//! The README's one Apache line for a 404 page at any depth, checked with Debian's Apache
//! (`apache2-bin`) serving the built sample at `/kb/` on 127.0.0.1: a missing URL one and three
//! folders deep is redirected to the 404 page with `?from=`, and that page's stylesheet and
//! links all answer 200.

mod common;

use common::web_server::{self, agent, fetch, free_port, is_root, readable_sample_book, WebServer};
use common::*;
use std::path::Path;
use std::process::Command;

/// The README's Apache line (see "Hosting recipes").
const NOT_FOUND_LINE: &str =
    "ErrorDocument 404 http://%{HTTP_HOST}/kb/404.html?from=%{REQUEST_URI}";

fn start_apache(book: &Path, work: &Path, port: u16) -> WebServer {
    std::fs::create_dir_all(work).expect("mkdir");
    // mod_mime reads a types file; the few types the site uses are added below.
    std::fs::write(work.join("mime.types"), "").expect("write mime.types");
    let modules = "/usr/lib/apache2/modules";
    let conf = format!(
        "ServerRoot {w}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\n\
         LoadModule mpm_event_module {modules}/mod_mpm_event.so\n\
         LoadModule authz_core_module {modules}/mod_authz_core.so\n\
         LoadModule alias_module {modules}/mod_alias.so\n\
         LoadModule dir_module {modules}/mod_dir.so\n\
         LoadModule mime_module {modules}/mod_mime.so\n\
         {user}PidFile {w}/httpd.pid\nErrorLog {w}/error.log\n\
         AddType text/html .html\nAddType text/css .css\nAddType text/javascript .js\n\
         AddType image/svg+xml .svg\nDirectoryIndex index.html\n\
         Alias /kb/ {book}/\n<Directory {book}>\n  Require all granted\n  {NOT_FOUND_LINE}\n</Directory>\n",
        w = work.display(),
        book = book.display(),
        user = if is_root() {
            "User www-data\nGroup www-data\n"
        } else {
            ""
        },
    );
    let conf_path = work.join("httpd.conf");
    std::fs::write(&conf_path, conf).expect("write conf");
    let mut command = Command::new("apache2");
    command.arg("-f").arg(&conf_path).arg("-X");
    web_server::start(command, port, &work.join("error.log"))
}

#[test]
fn missing_urls_at_depth_1_and_3_are_sent_to_a_styled_404_with_working_links() {
    if !require_tool(
        "apache2",
        "serves the site under /kb/ with the README's 404 line",
    ) {
        return;
    }
    let (dir, book) = readable_sample_book();
    let port = free_port();
    let _apache = start_apache(&book, &dir.path().join("apache"), port);
    let origin = format!("http://127.0.0.1:{port}");
    let agent = agent(false);
    let (status, _, _) = fetch(&agent, &format!("{origin}/kb/ja/check-methods.html"));
    assert_eq!(status, 200, "an existing page");
    for missing in ["/kb/ja/chek.html", "/kb/en/a/b/typo.html"] {
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
        for t in targets {
            let url = format!("{origin}/kb/{t}");
            let (status, _, _) = fetch(&agent, &url);
            assert_eq!(status, 200, "{missing}: {url}");
        }
    }
}
