//! File names that work on every system a copy of the site is read on. The site is copied to
//! USB sticks and shares and opened on Windows (NTFS, FAT) and macOS (APFS): a name Windows
//! reserves (`con`, `nul`, `com1`, … with or without an extension), one ending in a dot or a
//! space, or one with a character Windows forbids cannot be created there; two names equal
//! under case folding or Unicode normalisation overwrite each other.

use unicode_normalization::UnicodeNormalization;

/// Device names Windows reserves in every folder, with or without an extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "conin$", "conout$", "clock$", "com0", "com1", "com2", "com3",
    "com4", "com5", "com6", "com7", "com8", "com9", "com¹", "com²", "com³", "lpt0", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³",
];

/// What makes `name` (one path segment) unusable on Windows, or `None` when it is portable.
pub fn problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".into());
    }
    if let Some(c) = name.chars().find(|c| {
        matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') || (*c as u32) < 32
    }) {
        return Some(format!(
            "contains {}, which Windows does not allow in file names",
            if c.is_control() {
                format!("the control character U+{:04X}", c as u32)
            } else {
                format!("`{c}`")
            }
        ));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some("ends with a dot or a space, which Windows removes".into());
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    if RESERVED.iter().any(|r| stem.to_lowercase() == *r) {
        return Some(format!(
            "is the device name `{}` that Windows reserves (with any extension, in any case)",
            stem.to_uppercase()
        ));
    }
    None
}

/// The form two names share when NTFS, FAT or APFS would treat them as the same file: Unicode
/// canonical composition (APFS ignores the difference) and case folding (NTFS, FAT, APFS).
pub fn collision_key(path: &str) -> String {
    path.nfc().collect::<String>().to_lowercase()
}

/// Every problem of a set of output paths (`/`-separated): unportable segments and pairs that
/// collide. Each message names the path(s).
pub fn check_paths<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for path in paths {
        if let Some(p) = path
            .split('/')
            .find_map(|seg| problem(seg).map(|p| (seg, p)))
        {
            problems.push(format!("`{path}`: `{}` {}", p.0, p.1));
        }
        if let Some(first) = seen.insert(collision_key(path), path) {
            problems.push(format!(
                "`{first}` and `{path}` differ only in case or Unicode normalisation: they are the same file on Windows and macOS"
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_reserved_and_forbidden_names_are_found() {
        for bad in [
            "con",
            "CON",
            "Con.html",
            "nul",
            "aux.md",
            "com1",
            "LPT9.txt",
            "com¹",
            "prn.tar.gz",
            "con .html",
            "a.",
            "a ",
            "a:b",
            "a<b",
            "a|b",
            "a?b",
            "a*b",
            "a\"b",
            "a\u{1}b",
            "",
        ] {
            assert!(problem(bad).is_some(), "{bad:?}");
        }
        for good in [
            "console",
            "con-x",
            "com10",
            "icon.png",
            "null",
            "a.b",
            "プロダクト-キー",
        ] {
            assert_eq!(problem(good), None, "{good:?}");
        }
    }

    #[test]
    fn case_and_normalisation_collisions_are_found() {
        let problems = check_paths([
            "static/Logo.png",
            "static/logo.png",
            "ja/cafe\u{301}.html",
            "ja/caf\u{e9}.html",
            "ja/fine.html",
        ]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(check_paths(["static/con.png"])[0].contains("CON"));
    }
}
