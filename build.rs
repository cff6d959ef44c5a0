//! Build script: embeds the built-in theme and records the commit for `kbgen --version`.
//!
//! The theme is every file under `templates/`, `static/` and `i18n/` at the repository root,
//! found by walking the folders, so a file added there is built into the binary without editing
//! a list. The commit comes from git when the source is a git checkout; `KBGEN_COMMIT` overrides
//! it (release scripts, distribution packages), and a source without `.git` (a `cargo install`
//! from a tarball) says so instead of failing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The theme folders, relative to the manifest directory.
const THEME_DIRS: [&str; 3] = ["templates", "static", "i18n"];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    embed_theme(&manifest, &out);
    record_commit(&manifest);
}

/// Writes `$OUT_DIR/theme_files.rs`: `(path, bytes)` for every theme file, sorted by path.
fn embed_theme(manifest: &Path, out: &Path) {
    let mut files = Vec::new();
    for dir in THEME_DIRS {
        println!("cargo:rerun-if-changed={dir}");
        walk(manifest, &manifest.join(dir), &mut files);
    }
    // What a project scan reads from these folders (`input::set::input_limit`): templates are
    // `.html`, UI strings `i18n/<lang>.toml`; a note left beside them is not part of the theme.
    files.retain(|rel| match rel.split_once('/') {
        Some(("templates", _)) => rel.ends_with(".html"),
        Some(("i18n", name)) => name.ends_with(".toml") && !name.contains('/'),
        _ => true,
    });
    files.sort();
    // Paths relative to the crate being compiled (`CARGO_MANIFEST_DIR` at compile time), and the
    // folder this list was made from: two checkouts sharing one target folder share this
    // script's output, and the crate refuses to compile with a list made for the other one.
    let mut code = format!(
        "/// The folder the list below was made from.\n\
         pub(crate) const LISTED_IN: &str = {:?};\n\
         /// Every built-in theme file: `(project-relative path, contents)`, sorted by path.\n\
         pub(crate) static FILES: &[(&str, &[u8])] = &[\n",
        manifest.to_string_lossy()
    );
    for rel in &files {
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/\", {rel:?}))),"
        );
    }
    code.push_str("];\n");
    std::fs::write(out.join("theme_files.rs"), code).expect("write theme_files.rs");
}

/// Collects the project-relative paths (with `/`) of the files under `dir`, skipping what kbgen
/// never reads as an input (hidden files, editors' scratch files; the same names as
/// `layout::is_ignored`, which a build script cannot import).
fn walk(manifest: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ignored(&name) {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(manifest, &path, files);
        } else if kind.is_file() {
            let rel = path.strip_prefix(manifest).expect("under the manifest");
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn is_ignored(name: &str) -> bool {
    (name.starts_with('.') && name != ".well-known")
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [".swp", ".swx", ".swo", ".kate-swp"]
            .iter()
            .any(|s| name.ends_with(s))
}

/// Sets `KBGEN_COMMIT` for the crate: `KBGEN_COMMIT` from the environment, else the short
/// hash of `HEAD`, else `unknown`.
fn record_commit(manifest: &Path) {
    println!("cargo:rerun-if-env-changed=KBGEN_COMMIT");
    let commit = std::env::var("KBGEN_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| git_commit(manifest))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=KBGEN_COMMIT={}", commit.trim());
}

fn git(manifest: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(manifest)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The commit of a git checkout, and the files whose change means a new commit (so cargo
/// re-runs this script after a commit or a checkout, and only then).
fn git_commit(manifest: &Path) -> Option<String> {
    // Only this repository's own git folder: a source unpacked inside another checkout must
    // not report that checkout's commit.
    if !manifest.join(".git").exists() {
        return None;
    }
    let hash = git(manifest, &["rev-parse", "--short=12", "HEAD"])?;
    let git_dir = git(manifest, &["rev-parse", "--absolute-git-dir"])?;
    let common = git(manifest, &["rev-parse", "--git-common-dir"])
        .map(|c| manifest.join(c))
        .unwrap_or_else(|| PathBuf::from(&git_dir));
    // A path that does not exist would re-run this script on every build: name only real ones.
    let mut watched = vec![Path::new(&git_dir).join("HEAD"), common.join("packed-refs")];
    if let Some(head_ref) = git(manifest, &["symbolic-ref", "-q", "HEAD"]) {
        watched.push(common.join(head_ref));
    }
    for path in watched.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    Some(hash)
}
