//! Shared helpers for integration tests: building a knowledge base into a temp folder and
//! reading the tags of the generated HTML.

#![allow(dead_code, reason = "each test binary uses a different subset")]

pub mod web_server;

use kbgen::date::Date;
use kbgen::pipeline::{build, BuildOptions};
use std::path::{Path, PathBuf};

/// The repository root (the sample knowledge base).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixed "today" so date rules are reproducible.
pub fn today() -> Date {
    Date::parse("2026-12-01").expect("valid date")
}

/// Builds `root` into `out`, panicking with the diagnostics if the content has errors.
pub fn build_into(root: &Path, out: &Path) {
    let built = build(root, &BuildOptions::new(today())).expect("build runs");
    let Some(output) = built.output else {
        panic!(
            "content errors:\n{}",
            kbgen::report::human(&built.checked.diagnostics, &built.checked.files, false)
        );
    };
    output.write_to(out, root).expect("write output");
}

/// The sample knowledge base built into a new temporary folder: the folder (removed when
/// dropped) and the `book/` inside it.
pub fn sample_book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let book = dir.path().join("book");
    build_into(&repo(), &book);
    (dir, book)
}

/// Text without whitespace or hyphens, to find a long command or URL in a PDF's text: the PDF
/// wraps long lines, and pdftotext joins a line that ends in `-` with the next one.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A fixture knowledge base (content and book.toml) combined with the repository's templates,
/// static files and UI strings, in a temp folder.
pub fn fixture_project(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("tests/fixtures/site").join(name), dir.path());
    for shared in ["templates", "static", "i18n"] {
        if !dir.path().join(shared).exists() {
            copy_dir(&repo().join(shared), &dir.path().join(shared));
        }
    }
    dir
}

/// One start tag: its name and attributes (values with `&amp;` etc. decoded).
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of an HTML document (enough for kbgen's own, well-formed output).
pub fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--") {
            rest = rest.find("-->").map_or("", |j| &rest[j + 3..]);
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name.is_empty() {
            continue;
        }
        let end = find_tag_end(rest);
        let inner = &rest[name.len()..end];
        out.push(Tag {
            name: name.to_ascii_lowercase(),
            attrs: parse_attrs(inner),
        });
        rest = &rest[end..];
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            let close = format!("</{}", name.to_ascii_lowercase());
            rest = rest.find(&close).map_or("", |j| &rest[j..]);
        }
    }
    out
}

fn find_tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

fn parse_attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_whitespace() || b[i] == '/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_whitespace() && b[i] != '=' && b[i] != '/' {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let name: String = b[start..i].iter().collect::<String>().to_ascii_lowercase();
        let mut value = String::new();
        if i < b.len() && b[i] == '=' {
            i += 1;
            if i < b.len() && (b[i] == '"' || b[i] == '\'') {
                let q = b[i];
                i += 1;
                let vs = i;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                value = b[vs..i].iter().collect();
                i += 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_whitespace() {
                    i += 1;
                }
                value = b[vs..i].iter().collect();
            }
        }
        out.push((name, decode_entities(&value)));
    }
    out
}

/// Decodes HTML character references (`&amp;`, `&#x27;`, `&quot;`...), with the same crate
/// the renderer escapes with.
pub fn decode_entities(s: &str) -> String {
    html_escape::decode_html_entities(s).into_owned()
}

/// Percent-decoding for fragment and path comparisons (lossy: a test compares, it does not
/// refuse).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Every file under `dir`, as `/`-separated relative paths.
pub fn files_under(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Whether this run is CI: `CI` is set to anything but `""`, `0` or `false` (the rule insta
/// uses too). `.ci/run` exports `CI=1`, so there no test can pass by skipping.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
}

/// Whether `program` is on `PATH`.
fn installed(program: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|dir| dir.join(program).is_file())
}

/// The one gate for tests that need an external program (`chromium`, `node`, `nginx`,
/// `pdftotext`): `true` when it is installed; when it is not, panics on CI ([`on_ci`]) and
/// otherwise prints `SKIPPED` and returns `false`, so the caller returns early. Use as
/// `if !require_tool("nginx", "serves the site under /kb/") { return; }`.
pub fn require_tool(program: &str, why: &str) -> bool {
    if installed(program) {
        return true;
    }
    assert!(
        !on_ci(),
        "{program} is required on CI ({why}) but is not installed; .ci/run installs it"
    );
    eprintln!("SKIPPED: {program} is not installed ({why}); .ci/run installs it");
    false
}

/// Whether the headless-Chromium tests can run here: Chromium and Node.js are installed (on CI
/// they must be, see [`require_tool`]) and `tests/browser/node_modules` exists (installed with
/// `npm ci` on first use; playwright-core drives Debian's Chromium and downloads no browser).
pub fn browser_ready() -> bool {
    if !(require_tool("chromium", "headless browser tests")
        && require_tool("node", "drives Chromium"))
    {
        return false;
    }
    let dir = repo().join("tests/browser");
    let installed = ["playwright-core", "axe-core"]
        .iter()
        .all(|m| dir.join("node_modules").join(m).is_dir());
    if installed {
        return true;
    }
    if !require_tool("npm", "installs the browser test driver") {
        return false;
    }
    let ok = std::process::Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok || !on_ci(), "npm ci in tests/browser failed");
    if !ok {
        eprintln!("SKIPPED: npm ci in tests/browser failed");
    }
    ok
}

/// Runs a script of `tests/browser/` with `node`; panics with its output if it fails.
pub fn run_node<S: AsRef<std::ffi::OsStr>>(script: &str, args: &[S]) {
    run_node_script(&format!("browser/{script}"), args);
}

/// Runs `tests/<script>` with `node`; panics with its output if it fails.
pub fn run_node_script<S: AsRef<std::ffi::OsStr>>(script: &str, args: &[S]) {
    let out = std::process::Command::new("node")
        .arg(repo().join("tests").join(script))
        .args(args)
        .output()
        .expect("run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{script} failed:\n{text}");
    eprintln!("{text}");
}

/// Inputs beyond the shared fixture whose expected tokens, positions and shard hashes come from
/// the Rust tokenizer itself, so the browser is held to whatever `tokenize.rs` does.
pub const EXTRA_TOKENIZER_INPUTS: &[&str] = &[
    "slmgr.vbs /dlv /ato /ipk XXXXX-XXXXX",
    "(Get-CimInstance -ClassName SoftwareLicensingService).OA3xOriginalProductKey",
    "a/b /c d/ //e x--y z__ .w. -v- _u_ 1.2.3 v1.0-beta_2",
    "C:\\Windows\\System32\\slmgr.vbs",
    "ms-settings:activation",
    "ΣΊΣΥΦΟΣ Σ ὈΔΥΣΣΕΎΣ",
    "İstanbul ǅemal ǄEMAL",
    "ﬁle ﬂow ﬀ straße STRASSE",
    "①②③ Ⅻ ½ x² ℌℍ Ⓐ ㍻ ㈱ ㌔",
    "１２３ＡＢＣ－ＤＥＦ　全角スペース",
    "ｶﾞｷﾞｸﾞ ﾞ ｰ ﾊﾟｿｺﾝ",
    "한국어 검색 ㄱㄴ",
    "今日々 々 ゔ ヴ ・ ゠ ㇰ",
    "𠮷野家 𠮷 emoji 😀 ok",
    "e\u{301}te\u{301} a\u{308}b Å Å",
    "٣٤ ١٢ ๑๒ ۱۲",
    "Windows11のキー PCのOA3キー 0xC004F213エラー",
    "再認証 ライセンス認証 プロダクト キー プロダクトキー",
    "tab\tnew\nline\r\nend",
    "x-/y _/z a./b",
    "",
];

/// The page-relative links and assets (`href`, `src`) of the page served at `page` (a
/// root-relative path), resolved to root-relative paths without query or fragment; absolute,
/// `mailto:` and same-page (`#...`) URLs are left out.
pub fn local_targets(html: &str, page: &str) -> Vec<String> {
    let dir = page.rfind('/').map_or("", |i| &page[..=i]);
    let mut out = Vec::new();
    for tag in tags(html) {
        for attr in ["href", "src"] {
            let Some(url) = tag.attr(attr) else { continue };
            if url.contains("://") || url.starts_with('#') || url.starts_with("mailto:") {
                continue;
            }
            let path = url.split(['#', '?']).next().unwrap_or("");
            let mut parts: Vec<&str> = Vec::new();
            let joined = format!("{dir}{path}");
            let segments: Vec<&str> = joined.split('/').collect();
            for (i, seg) in segments.iter().enumerate() {
                match *seg {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    s => parts.push(s),
                }
                if i + 1 == segments.len() && (seg.is_empty() || *seg == "." || *seg == "..") {
                    parts.push("index.html");
                }
            }
            out.push(parts.join("/"));
        }
    }
    out
}
