//! The built-in theme and a project's overrides (issue #18): one template and one UI string
//! overridden take effect while everything else comes from the built-in theme; an override
//! appearing or going is seen by an incremental build; a UI-strings file from an older kbgen
//! still builds; a template override using a variable the views no longer have is a located
//! error naming the template and the variable.

mod common;

use common::*;
use kbgen::input::builtin;
use kbgen::input::Inputs;
use kbgen::pipeline::{build, build_inputs, BuildCache, BuildOptions};
use kbgen::scaffold::init::{init, InitOptions};
use std::path::{Path, PathBuf};

/// A new project made by `kbgen init` (ja, en): content only, no theme files.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    init(dir.path(), &InitOptions::default(), today()).expect("init");
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn site(root: &Path) -> std::sync::Arc<kbgen::output::Output> {
    let built = build(root, &BuildOptions::new(today())).expect("build runs");
    built.output.unwrap_or_else(|| {
        panic!(
            "{}",
            kbgen::report::human(&built.checked.diagnostics, &built.checked.files, false)
        )
    })
}

fn page(site: &kbgen::output::Output, path: &str) -> String {
    String::from_utf8(site.get(path).expect(path).to_vec()).expect("utf-8")
}

fn builtin_text(rel: &str) -> String {
    String::from_utf8(builtin::file(rel).expect(rel).to_vec()).expect("utf-8")
}

/// The built-in topic template with a marker in the article.
fn marked_topic_template() -> String {
    let topic = builtin_text("templates/topic.html");
    let marked = topic.replacen(
        "<header class=\"kb-topic-header\">",
        "<p class=\"team-marker\">Team edition</p>\n  <header class=\"kb-topic-header\">",
        1,
    );
    assert_ne!(
        marked, topic,
        "the marker's anchor is in the built-in template"
    );
    marked
}

#[test]
fn one_template_and_one_ui_string_override_the_built_in_theme_and_nothing_else() {
    let plain = project();
    let before = site(plain.path());
    let dir = project();
    let root = dir.path();
    write(root, "templates/topic.html", &marked_topic_template());
    write(
        root,
        "i18n/en.toml",
        "# One label changed.\nhome = \"Start page\"\n",
    );
    let after = site(root);

    // The template override: topic pages carry the marker, other pages do not change.
    for lang in ["ja", "en"] {
        let topic = page(&after, &format!("{lang}/writing-a-procedure.html"));
        assert!(
            topic.contains("team-marker"),
            "{lang} topic uses the override"
        );
        let home = format!("{lang}/index.html");
        if lang == "ja" {
            assert_eq!(page(&after, &home), page(&before, &home));
        }
    }
    // The UI string override: English says "Start page" where it said "Home"; every other
    // English string and all Japanese ones are the built-in ones.
    let en_category = page(&after, "en/categories/getting-started.html");
    assert!(en_category.contains(">Start page</a>"), "{en_category}");
    assert!(!en_category.contains(">Home</a>"));
    assert!(page(&after, "en/search.html").contains(">Search</"));
    assert_eq!(
        page(&after, "ja/categories/getting-started.html"),
        page(&before, "ja/categories/getting-started.html")
    );
    // Static files come from the built-in theme, byte for byte.
    for (rel, bytes) in builtin::files() {
        if let Some(name) = rel.strip_prefix("static/") {
            let out = after.get(&format!("static/{name}")).expect(name);
            assert_eq!(out, *bytes, "{rel}");
        }
    }
}

#[test]
fn an_ejected_theme_builds_the_same_site_as_the_built_in_one() {
    let plain = project();
    let ejected = project();
    kbgen::scaffold::eject::eject(ejected.path(), &[]).expect("eject");
    assert!(ejected.path().join("templates/base.html").is_file());
    let (a, b) = (site(plain.path()), site(ejected.path()));
    assert!(
        a.same_as(&b),
        "an ejected copy of the theme changes nothing"
    );
}

#[test]
fn an_override_appearing_and_going_is_seen_by_an_incremental_build() {
    let dir = project();
    let root = dir.path();
    let options = BuildOptions::new(today());
    let cache = BuildCache::default();
    let mut inputs = Inputs::scan(root);
    let first = build_inputs(&inputs, &options, &cache).expect("build");
    let first = first.output.expect("site");
    let rel = PathBuf::from("templates/topic.html");
    write(root, "templates/topic.html", &marked_topic_template());
    let changed = inputs.refresh(std::slice::from_ref(&rel));
    assert_eq!(changed, std::slice::from_ref(&rel));
    let second = build_inputs(&inputs, &options, &cache).expect("build");
    let second = second.output.expect("site");
    assert!(page(&second, "en/writing-a-procedure.html").contains("team-marker"));
    assert!(second.same_as(&site(root)), "incremental = fresh");
    std::fs::remove_file(root.join(&rel)).expect("rm");
    assert_eq!(inputs.refresh(std::slice::from_ref(&rel)), [rel]);
    assert!(inputs.same_as(&Inputs::scan(root)));
    let third = build_inputs(&inputs, &options, &cache).expect("build");
    assert!(
        third.output.expect("site").same_as(&first),
        "back to built-in"
    );
}

#[test]
fn ui_strings_from_an_older_kbgen_still_build_the_new_keys_come_from_the_theme() {
    let dir = project();
    let root = dir.path();
    // An ejected en.toml from before the overlay keys existed, with one label changed.
    let older: String = builtin_text("i18n/en.toml")
        .lines()
        .filter(|l| !l.starts_with("overlay_"))
        .map(|l| {
            if l.starts_with("home =") {
                "home = \"Start page\"\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    write(root, "i18n/en.toml", &older);
    let built = site(root);
    assert!(page(&built, "en/writing-a-procedure.html").contains(">Start page</a>"));
}

#[test]
fn a_template_override_using_a_variable_the_views_do_not_have_is_a_located_error() {
    let dir = project();
    let root = dir.path();
    let template = marked_topic_template().replacen(
        "<p class=\"team-marker\">Team edition</p>",
        "<p class=\"team-marker\">{{ topic.owner_team }}</p>",
        1,
    );
    write(root, "templates/topic.html", &template);
    let line = template
        .lines()
        .position(|l| l.contains("owner_team"))
        .expect("line")
        + 1;
    let built = build(root, &BuildOptions::new(today()));
    let diagnostics = match built {
        Err(kbgen::Error::Invalid { diagnostics, .. }) => diagnostics,
        Err(other) => panic!("not located: {other}"),
        Ok(b) => {
            assert!(b.output.is_none(), "the build must fail");
            b.checked.diagnostics
        }
    };
    let d = diagnostics.first().expect("a diagnostic");
    assert_eq!(d.file, Path::new("templates/topic.html"), "{d:?}");
    assert_eq!(d.pos.line as usize, line, "{d:?}");
    assert!(d.pos.col > 0, "{d:?}");
    assert!(d.message.contains("owner_team"), "{d:?}");
}

/// The body of `GET path` from a `kbgen serve` server.
fn served(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    String::from_utf8_lossy(&raw).into_owned()
}

/// Polls `f` until it holds, for at most 30 s.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !f() {
        assert!(std::time::Instant::now() < deadline, "timed out: {what}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn serve_picks_up_an_override_in_a_folder_made_after_it_started_and_its_removal() {
    let dir = project();
    let root = dir.path();
    assert!(!root.join("templates").exists());
    let mut options = kbgen::serve::ServeOptions::new(root);
    options.port = 0;
    options.today = Some(today());
    options.verbose = false;
    let server = kbgen::serve::start(options).expect("server starts");
    let page = "/en/writing-a-procedure.html";
    assert!(!served(server.addr(), page).contains("team-marker"));
    write(root, "templates/topic.html", &marked_topic_template());
    eventually("the override is served", || {
        served(server.addr(), page).contains("team-marker")
    });
    std::fs::remove_file(root.join("templates/topic.html")).expect("rm");
    eventually("the built-in template is back", || {
        !served(server.addr(), page).contains("team-marker")
    });
}
