//! Updating `verified.on` dates without re-serialising the YAML.
//!
//! `content/sources.yaml` is written by people: it has comments, blank lines, quoting styles
//! and an order that a YAML serializer would throw away. So the file is edited as text: the
//! parser told us where each `on:` value starts, the value's own text is checked to be exactly
//! what was parsed, and only those characters are replaced. Anything unexpected (an alias, an
//! escaped or multi-line scalar) is refused instead of guessed at.
//!
//! The new file is written next to the old one and renamed over it, so a crash or a full disk
//! leaves either the old file or the new one, never half of each.

use crate::diag::Pos;
use crate::error::Error;
use crate::source_text::SourceText;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One `verified.on` value to replace: where the parser saw it and what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateEdit {
    /// Position of the scalar (its opening quote, if quoted) in the file.
    pub pos: Pos,
    /// The value as parsed, e.g. `2026-11-23`.
    pub old: String,
}

/// Why a value could not be edited in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    /// The edit that failed.
    pub pos: Pos,
    /// What was found instead.
    pub reason: String,
}

/// The byte range of the value text of `edit` in `file`, checked against the parsed value.
pub fn locate(file: &SourceText, edit: &DateEdit) -> Result<(usize, usize), EditError> {
    let fail = |reason: String| EditError {
        pos: edit.pos,
        reason,
    };
    if edit.old.is_empty() || edit.old.contains(['\n', '\r', '\'', '"', '\\']) {
        return Err(fail(format!(
            "the current value `{}` cannot be edited in place",
            edit.old
        )));
    }
    if edit.pos.line == 0 || edit.pos.line as usize > file.line_count() {
        return Err(fail("the value's position is unknown".into()));
    }
    let mut start = file.offset(edit.pos);
    let text = &file.text;
    let quote = text.get(start..).and_then(|s| s.chars().next());
    if matches!(quote, Some('\'' | '"')) {
        start += 1;
    }
    let end = start + edit.old.len();
    if text.get(start..end) != Some(edit.old.as_str()) {
        let found: String = text
            .get(start..)
            .unwrap_or("")
            .chars()
            .take_while(|c| *c != '\n' && *c != '\r')
            .take(edit.old.chars().count().max(10))
            .collect();
        return Err(fail(format!(
            "expected `{}` there but found `{found}` (an alias or an unusual scalar?)",
            edit.old
        )));
    }
    // A plain scalar must end where the parsed value ends, or we would cut a longer value.
    if !matches!(quote, Some('\'' | '"')) {
        let next = text.get(end..).and_then(|s| s.chars().next());
        if next
            .is_some_and(|c| !(c.is_whitespace() || c == ',' || c == '}' || c == ']' || c == '#'))
        {
            return Err(fail(format!(
                "the value at this position is longer than `{}`",
                edit.old
            )));
        }
    } else if text.get(end..).and_then(|s| s.chars().next()) != quote {
        return Err(fail("the quoted value does not end where expected".into()));
    }
    Ok((start, end))
}

/// The file text with every edit's value replaced by `new`, or the edits that cannot be
/// applied (then nothing is applied for them; the others still are).
pub fn replace_dates(file: &SourceText, edits: &[DateEdit], new: &str) -> (String, Vec<EditError>) {
    let mut ranges = Vec::new();
    let mut errors = Vec::new();
    for e in edits {
        match locate(file, e) {
            Ok(r) => ranges.push(r),
            Err(err) => errors.push(err),
        }
    }
    ranges.sort_unstable();
    ranges.dedup();
    let mut out = String::with_capacity(file.text.len());
    let mut at = 0;
    for (start, end) in ranges {
        if start < at {
            continue; // overlapping ranges cannot come from distinct scalars; be safe anyway
        }
        out.push_str(&file.text[at..start]);
        out.push_str(new);
        at = end;
    }
    out.push_str(&file.text[at..]);
    (out, errors)
}

/// Replaces `path` with `contents` atomically: a temporary file in the same folder (same file
/// system, so the rename is atomic), flushed to disk, given the old file's permissions, then
/// renamed over the original. `expected` is the text the edits were computed from; if the
/// file changed meanwhile (someone saved it during a long run) nothing is written.
pub fn write_atomically(path: &Path, expected: &str, contents: &str) -> Result<(), Error> {
    // The input policy (see `crate::input`): never through a symbolic link. Checked again
    // here because the file may have been replaced while the pages were fetched.
    let meta = fs::symlink_metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::io(
            path,
            std::io::Error::other(format!(
                "is {} now, not a regular file; nothing was written",
                crate::input::kind(&meta)
            )),
        ));
    }
    let current = fs::read(path).map_err(|e| Error::io(path, e))?;
    let bom = current.starts_with(b"\xef\xbb\xbf");
    let current_text = if bom { &current[3..] } else { &current[..] };
    if current_text != expected.as_bytes() {
        return Err(Error::io(
            path,
            std::io::Error::other(
                "the file changed while the sources were being verified; nothing was written, \
                 run the command again",
            ),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(
        || "sources.yaml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    remove_leftovers(dir, &name);
    let mut bytes = Vec::with_capacity(contents.len() + 3);
    if bom {
        bytes.extend_from_slice(b"\xef\xbb\xbf");
    }
    bytes.extend_from_slice(contents.as_bytes());
    let tmp = temp_path(dir, &name);
    match write_unnamed(dir, &tmp, path, &bytes, &meta) {
        Ok(true) => return Ok(()),
        Ok(false) => {}
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(Error::io(path, e));
        }
    }
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(&bytes)?;
        f.set_permissions(meta.permissions())?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Linux: writes the new text into an unnamed file (`O_TMPFILE`), names it only once it is
/// complete and renames it over `path` at once, so a kill leaves at most a name that lived for
/// two system calls (and the next run removes it). `Ok(false)` where unsupported.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn write_unnamed(
    dir: &Path,
    tmp: &Path,
    path: &Path,
    bytes: &[u8],
    meta: &fs::Metadata,
) -> std::io::Result<bool> {
    use rustix::fs::{linkat, openat, AtFlags, Mode, OFlags, CWD};
    use std::os::fd::AsRawFd;
    let fd = match openat(
        CWD,
        dir,
        OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
        Mode::RUSR | Mode::WUSR,
    ) {
        Ok(fd) => fd,
        // Kernels and file systems without O_TMPFILE.
        Err(_) => return Ok(false),
    };
    let mut f = fs::File::from(fd);
    f.write_all(bytes)?;
    f.set_permissions(meta.permissions())?;
    f.sync_all()?;
    let proc_path = format!("/proc/self/fd/{}", f.as_raw_fd());
    if linkat(CWD, proc_path.as_str(), CWD, tmp, AtFlags::SYMLINK_FOLLOW).is_err() {
        // No /proc: fall back to the named temporary file.
        return Ok(false);
    }
    drop(f);
    fs::rename(tmp, path)?;
    Ok(true)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn write_unnamed(
    _: &Path,
    _: &Path,
    _: &Path,
    _: &[u8],
    _: &fs::Metadata,
) -> std::io::Result<bool> {
    Ok(false)
}

/// Removes `.NAME.kbgen-PID-N.tmp` files that a killed run left, unless that process still
/// runs (Linux: `/proc/PID`).
pub fn remove_leftovers(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.kbgen-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        let pid: Option<u32> = rest.split('-').next().and_then(|p| p.parse().ok());
        let running = pid.is_some_and(|pid| {
            pid == std::process::id()
                || (Path::new("/proc/self").exists() && Path::new(&format!("/proc/{pid}")).exists())
        });
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if !running && is_file {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn temp_path(dir: &Path, name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    dir.join(format!(".{name}.kbgen-{}-{nanos}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn linux_writes_an_unnamed_file_and_names_it_only_to_rename_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sources.yaml");
        fs::write(&path, "old").expect("write");
        let meta = fs::metadata(&path).expect("meta");
        let tmp = temp_path(dir.path(), "sources.yaml");
        assert!(
            write_unnamed(dir.path(), &tmp, &path, b"new", &meta).expect("write"),
            "O_TMPFILE was not used"
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        assert_eq!(fs::read_dir(dir.path()).expect("ls").count(), 1);
    }

    const YAML: &str = "\
# Sources (comment kept)
- id: a   # trailing comment
  verified:
    on: 2026-01-02   # seen by Ana
    quote: x
- id: b
  verified: {quote: 'ジャ', on: '2025-12-31'}
- id: c
  verified:
    on: \"2024-02-29\"\r
";

    fn edit(line: u32, col: u32, old: &str) -> DateEdit {
        DateEdit {
            pos: Pos::new(line, col),
            old: old.into(),
        }
    }

    #[test]
    fn replaces_only_the_date_characters() {
        let f = SourceText::new("content/sources.yaml", YAML);
        let (out, errors) = replace_dates(
            &f,
            &[
                edit(4, 9, "2026-01-02"),
                edit(7, 31, "2025-12-31"),
                edit(10, 9, "2024-02-29"),
            ],
            "2027-03-04",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let expected = YAML
            .replace("2026-01-02", "2027-03-04")
            .replace("2025-12-31", "2027-03-04")
            .replace("2024-02-29", "2027-03-04");
        assert_eq!(out, expected);
    }

    #[test]
    fn refuses_a_position_that_does_not_hold_the_value() {
        let f = SourceText::new("content/sources.yaml", YAML);
        let (out, errors) = replace_dates(&f, &[edit(4, 5, "2026-01-02")], "2027-03-04");
        assert_eq!(out, YAML);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].reason.contains("found `on: 2026-"), "{errors:?}");
    }

    #[test]
    fn refuses_to_cut_a_longer_plain_scalar() {
        let f = SourceText::new("s.yaml", "on: 2026-01-02x\n");
        let (_, errors) = replace_dates(&f, &[edit(1, 5, "2026-01-02")], "2027-03-04");
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn refuses_unknown_positions_and_odd_values() {
        let f = SourceText::new("s.yaml", "on: x\n");
        for e in [
            edit(0, 0, "x"),
            edit(9, 1, "x"),
            edit(1, 5, ""),
            edit(1, 5, "a\nb"),
        ] {
            let (out, errors) = replace_dates(&f, &[e], "2027-03-04");
            assert_eq!(out, "on: x\n");
            assert_eq!(errors.len(), 1);
        }
    }

    #[test]
    fn atomic_write_replaces_the_file_and_keeps_a_bom() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sources.yaml");
        fs::write(&path, "\u{feff}on: 1\n").expect("write");
        write_atomically(&path, "on: 1\n", "on: 2\n").expect("atomic write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "\u{feff}on: 2\n");
        let leftovers = fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn atomic_write_refuses_a_file_changed_meanwhile() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sources.yaml");
        fs::write(&path, "on: edited by someone\n").expect("write");
        assert!(write_atomically(&path, "on: 1\n", "on: 2\n").is_err());
        assert_eq!(
            fs::read_to_string(&path).expect("read"),
            "on: edited by someone\n"
        );
    }
}
