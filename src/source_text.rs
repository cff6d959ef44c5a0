//! Files kept in memory with a line index, so any byte offset can become `line:col` and the
//! reporter can show the offending line without reading the file again.

use crate::diag::Pos;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A text file's contents, its project-relative path and where each line starts.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// Path relative to the project root, as shown in diagnostics.
    pub path: PathBuf,
    /// The whole file (a leading BOM removed).
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Indexes `text`; a UTF-8 byte-order mark is dropped so columns match what editors show.
    pub fn new(path: impl Into<PathBuf>, text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Line breaks as YAML, Markdown and editors count them: `\n`, `\r\n` and a lone `\r`.
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line_starts.push(i + 1);
            }
        }
        SourceText {
            path: path.into(),
            text: Arc::from(text),
            line_starts,
        }
    }

    /// The 1-based line and character column of a byte offset.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        Pos::new(to_u32(line), to_u32(col))
    }

    /// The byte offset of a 1-based line and character column (clamped to the line).
    pub fn offset(&self, pos: Pos) -> usize {
        if pos.line == 0 {
            return 0;
        }
        let idx = (pos.line as usize - 1).min(self.line_starts.len() - 1);
        let start = self.line_starts[idx];
        let line = self.line_text(idx + 1);
        let within = line
            .char_indices()
            .nth(pos.col.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i);
        start + within
    }

    /// The text of a 1-based line without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Every file a diagnostic may point into, by project-relative path.
///
/// Cheap to copy: the files are shared, and the few inserted since the last copy sit in a
/// small map of their own, so `kbgen serve` carries 10,000 files from one build to the next
/// without copying the map (see `pipeline::fast`).
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Arc<BTreeMap<PathBuf, Arc<SourceText>>>,
    recent: BTreeMap<PathBuf, Arc<SourceText>>,
}

/// How many files [`SourceMap::insert`] keeps apart before merging them into the shared map.
const RECENT_MAX: usize = 64;

impl SourceMap {
    /// Remembers a file; a later file with the same path replaces it.
    pub fn insert(&mut self, file: Arc<SourceText>) {
        self.recent.insert(file.path.clone(), file);
        if self.recent.len() > RECENT_MAX {
            let recent = std::mem::take(&mut self.recent);
            Arc::make_mut(&mut self.files).extend(recent);
        }
    }

    /// Adds every file of `other`.
    pub fn extend(&mut self, other: SourceMap) {
        let SourceMap { files, recent } = other;
        let files = Arc::try_unwrap(files).unwrap_or_else(|shared| (*shared).clone());
        for file in files.into_values().chain(recent.into_values()) {
            self.insert(file);
        }
    }

    /// The file at a project-relative path, if it was loaded.
    pub fn get(&self, path: &Path) -> Option<&Arc<SourceText>> {
        self.recent.get(path).or_else(|| self.files.get(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_line_and_char_column() {
        let s = SourceText::new("a.md", "ab\nプロダクト: x\r\nlast");
        assert_eq!(s.pos(0), Pos::new(1, 1));
        assert_eq!(s.pos(3), Pos::new(2, 1));
        let colon = s.text.find(':').expect("colon");
        assert_eq!(s.pos(colon), Pos::new(2, 6));
        assert_eq!(s.offset(Pos::new(2, 6)), colon);
        assert_eq!(s.line_text(2), "プロダクト: x");
        assert_eq!(s.line_count(), 3);
    }

    #[test]
    fn a_lone_carriage_return_is_a_line_break() {
        // Regression (found by fuzzing): YAML counts a lone CR as a line break, so positions
        // from the parser must land on real lines.
        let s = SourceText::new("a.md", "a\rb\r\nc\nd");
        assert_eq!(s.line_count(), 4);
        assert_eq!(s.line_text(2), "b");
        assert_eq!(s.line_text(3), "c");
        assert_eq!(s.pos(s.text.find('d').expect("d")), Pos::new(4, 1));
    }

    #[test]
    fn drops_bom() {
        let s = SourceText::new("a.md", "\u{feff}---\n");
        assert_eq!(s.line_text(1), "---");
    }
}
