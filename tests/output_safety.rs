//! The output folder under hostile and careless use (issue 13, items 1–4 and 14): no path that
//! is not a folder is touched, no spelling of a source folder is written to, killed builds leave
//! nothing behind for long, readers never see a missing file, and files kbgen did not write are
//! never deleted without a word.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn kbgen(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kbgen"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("KBGEN_TODAY", "2026-11-23")
        .output()
        .expect("run kbgen")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` with its bytes, to show a folder was left untouched.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            out.push((
                e.path().to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            ));
        }
    }
    out
}

fn project_snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    ["content", "templates", "static", "i18n"]
        .iter()
        .flat_map(|d| snapshot(&root.join(d)))
        .collect()
}

#[cfg(unix)]
#[test]
fn item1_non_folders_are_refused_untouched() {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let project = fixture_project("basic");
    let root = project.path();
    let spot = tempfile::tempdir().expect("tempdir");

    // A regular file.
    let file = spot.path().join("file");
    std::fs::write(&file, "precious").expect("write");
    // A FIFO (a build that opened it for writing would block; one that renamed it would lose it).
    let fifo = spot.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    // A socket.
    let sock = spot.path().join("sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("socket");
    // A character device like /dev/null (only root can make one; tested when possible).
    let dev = spot.path().join("null");
    let dev_made = Command::new("mknod")
        .arg(&dev)
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    // A dangling symbolic link.
    let dangling = spot.path().join("dangling");
    std::os::unix::fs::symlink(spot.path().join("nowhere"), &dangling).expect("symlink");

    let mut cases: Vec<(&Path, &str)> = vec![
        (&file, "a file"),
        (&sock, "a socket"),
        (&dangling, "symbolic link"),
    ];
    if made.is_ok_and(|s| s.success()) {
        cases.push((&fifo, "a FIFO"));
    }
    if dev_made {
        cases.push((&dev, "a device"));
    }
    for (path, what) in cases {
        let before = std::fs::symlink_metadata(path).expect("meta");
        let out = kbgen(&["build", "--out", path.to_str().expect("utf8")], root);
        assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr(&out));
        assert!(stderr(&out).contains(what), "{what}: {}", stderr(&out));
        let after = std::fs::symlink_metadata(path).expect("still there");
        assert_eq!(before.ino(), after.ino(), "{what} was replaced");
        assert_eq!(before.file_type(), after.file_type(), "{what}");
        assert_eq!(before.rdev(), after.rdev(), "{what}");
    }
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "precious");
    assert!(std::fs::symlink_metadata(&sock)
        .expect("meta")
        .file_type()
        .is_socket());
    // Nothing was left beside them either.
    let names: Vec<String> = std::fs::read_dir(spot.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kbgen"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[cfg(unix)]
#[test]
fn item2_no_spelling_of_a_source_folder_is_written_to() {
    let project = fixture_project("basic");
    let root = project.path();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let link = elsewhere.path().join("link");
    std::os::unix::fs::symlink(root, &link).expect("symlink to project");
    let to_static = elsewhere.path().join("to-static");
    std::os::unix::fs::symlink(root.join("static"), &to_static).expect("symlink to static");
    std::fs::create_dir(root.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink(root.join("content/ja"), root.join("sub/deep")).expect("symlink");
    let before = project_snapshot(root);
    let s = |p: PathBuf| p.to_string_lossy().into_owned();
    for out in [
        s(link.join("static/site")),
        s(link.join("content")),
        s(link.clone()),
        s(link.join("templates/../i18n/x")),
        s(to_static.clone()),
        s(to_static.join("new/deeper")),
        s(root.join("sub/deep/../../static/x")),
        s(root.join("sub/deep/x")),
        s(root.join("content/../static")),
        s(root.join("./i18n/.")),
        s(root.to_path_buf()),
        s(root.join("..")),
        s(elsewhere.path().join("link/./templates")),
    ] {
        let o = kbgen(&["build", "--out", &out], root);
        assert_eq!(o.status.code(), Some(2), "{out}: {}", stderr(&o));
        assert!(stderr(&o).contains("refusing"), "{out}: {}", stderr(&o));
        assert!(
            project_snapshot(root) == before,
            "{out} changed the project's sources"
        );
    }
    // The same checks hold for `output` in book.toml.
    let toml = std::fs::read_to_string(root.join("book.toml")).expect("read");
    let toml = format!("output = \"{}\"\n{toml}", s(link.join("static/site")));
    std::fs::write(root.join("book.toml"), toml).expect("write");
    let o = kbgen(&["build"], root);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(project_snapshot(root) == before);
}

/// Folders beside `book/` that a killed build could leave.
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".kbgen-"))
        .collect()
}

#[test]
fn item3_leftovers_of_killed_builds_are_removed_by_the_next_build() {
    let project = fixture_project("basic");
    let root = project.path();
    // What builds killed at various points leave: a marked temporary folder (killed while
    // writing), a marked old folder (killed after the swap), an empty one (killed right after
    // creating it). PIDs above the kernel's maximum are never running.
    for (name, marked) in [
        (".book.kbgen-new-4194399-0", true),
        (".book.kbgen-old-4194398", true),
        (".book.kbgen-new-4194397-3", false),
    ] {
        let dir = root.join(name);
        std::fs::create_dir_all(dir.join("ja")).expect("mkdir");
        if marked {
            std::fs::write(dir.join(kbgen::output::MARKER), "x").expect("marker");
            std::fs::write(dir.join("ja/index.html"), vec![b'x'; 10_000]).expect("page");
        }
        if !marked {
            std::fs::remove_dir(dir.join("ja")).expect("empty it");
        }
    }
    // A folder with a similar name that is not kbgen's is left alone.
    let foreign = root.join(".book.kbgen-new-4194396-0");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(foreign.join("mine.txt"), "mine").expect("write");

    let o = kbgen(&["build"], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(leftovers(root), [".book.kbgen-new-4194396-0"]);
    assert_eq!(
        std::fs::read_to_string(foreign.join("mine.txt")).expect("kept"),
        "mine"
    );
    assert!(root.join("book/ja/index.html").is_file());
}

#[test]
fn item3_kill_9_at_random_points_leaves_a_complete_site_and_no_leftovers() {
    let project = fixture_project("basic");
    let root = project.path();
    let first = kbgen(&["build"], root);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let reference = snapshot(&root.join("book"));
    let bin = env!("CARGO_BIN_EXE_kbgen");
    // A spread of delays covering start-up, rendering, writing and swapping.
    let mut seed = 0x2545F4914F6CDD1Du64;
    for i in 0..24u64 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = std::time::Duration::from_micros(seed % 60_000 + i * 500);
        let mut child = Command::new(bin)
            .args(["build", "--root"])
            .arg(root)
            .env("KBGEN_TODAY", "2026-11-23")
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        // Whatever the moment, book/ is a complete site (the old or the new one: they are equal).
        let now = snapshot(&root.join("book"));
        assert_eq!(
            now.len(),
            reference.len(),
            "incomplete book/ after a kill at {delay:?}"
        );
        assert!(now == reference, "book/ differs after a kill at {delay:?}");
    }
    let last = kbgen(&["build"], root);
    assert_eq!(last.status.code(), Some(0), "{}", stderr(&last));
    assert!(leftovers(root).is_empty(), "{:?}", leftovers(root));
}

#[test]
fn item4_readers_never_see_a_missing_file_during_repeated_builds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("project");
    std::fs::create_dir(&root).expect("mkdir");
    let book = dir.path().join("book");
    let mut out = kbgen::output::Output::default();
    for i in 0..300 {
        out.insert(format!("ja/page-{i}.html"), format!("page {i}"));
    }
    out.insert("ja/index.html", "v0");
    out.write_to(&book, &root).expect("first write");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (stop, page) = (stop.clone(), book.join("ja/index.html"));
        std::thread::spawn(move || {
            let (mut reads, mut missing) = (0u64, 0u64);
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                reads += 1;
                if std::fs::read(&page).is_err() {
                    missing += 1;
                }
            }
            (reads, missing)
        })
    };
    for n in 1..=40 {
        out.insert("ja/index.html", format!("v{n}"));
        out.write_to(&book, &root).expect("write");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (reads, missing) = reader.join().expect("reader");
    assert!(reads > 100, "the reader hardly ran ({reads} reads)");
    assert_eq!(missing, 0, "{missing} of {reads} reads found no file");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn item14_files_kbgen_did_not_write_stop_the_build_unless_kept() {
    let project = fixture_project("basic");
    let root = project.path();
    assert_eq!(kbgen(&["build"], root).status.code(), Some(0));
    let book = root.join("book");
    std::fs::write(book.join("CNAME"), "kb.example.com\n").expect("write");
    std::fs::create_dir_all(book.join(".git/objects")).expect("mkdir");
    std::fs::write(book.join(".git/config"), "[core]\n").expect("write");
    std::fs::write(book.join("ja/notes.txt"), "mine").expect("write");
    let before = snapshot(&book);

    let o = kbgen(&["build"], root);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    for name in ["CNAME", ".git/", "ja/notes.txt"] {
        assert!(err.contains(name), "{name} not named: {err}");
    }
    assert!(snapshot(&book) == before, "the output was changed");

    // Keeping two of them is not enough: the third still stops the build.
    let toml = std::fs::read_to_string(root.join("book.toml")).expect("read");
    let with_keep = format!("{toml}\n[output]\nkeep = [\"CNAME\", \".git\"]\n");
    std::fs::write(root.join("book.toml"), &with_keep).expect("write");
    let o = kbgen(&["build"], root);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("did not write: ja/notes.txt;"),
        "{}",
        stderr(&o)
    );

    std::fs::remove_file(book.join("ja/notes.txt")).expect("rm");
    for _ in 0..2 {
        let o = kbgen(&["build"], root);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(
            std::fs::read_to_string(book.join("CNAME")).expect("carried over"),
            "kb.example.com\n"
        );
        assert_eq!(
            std::fs::read_to_string(book.join(".git/config")).expect("carried over"),
            "[core]\n"
        );
        assert!(book.join(".git/objects").is_dir());
    }
    // A file kbgen wrote itself and no longer writes is removed without complaint.
    std::fs::write(root.join("static/extra.txt"), "extra").expect("write");
    assert_eq!(kbgen(&["build"], root).status.code(), Some(0));
    assert!(book.join("static/extra.txt").is_file());
    std::fs::remove_file(root.join("static/extra.txt")).expect("rm");
    let o = kbgen(&["build"], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!book.join("static/extra.txt").exists());
}

#[test]
fn item14_a_fresh_folder_holding_only_kept_entries_is_adopted() {
    let project = fixture_project("basic");
    let root = project.path();
    let book = root.join("book");
    std::fs::create_dir_all(book.join(".git")).expect("mkdir");
    std::fs::write(book.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").expect("write");
    let o = kbgen(&["build"], root);
    assert_eq!(o.status.code(), Some(2), "unmarked folder was taken over");
    let toml = std::fs::read_to_string(root.join("book.toml")).expect("read");
    std::fs::write(
        root.join("book.toml"),
        format!("{toml}\n[output]\nkeep = [\".git\"]\n"),
    )
    .expect("write");
    let o = kbgen(&["build"], root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(book.join(".git/HEAD").is_file());
    assert!(book.join(kbgen::output::MARKER).is_file());
}
