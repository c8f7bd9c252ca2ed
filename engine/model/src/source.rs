//! Source files and positions inside them.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Index of a file in the [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// A range of text in one file. `end` is inclusive of the last line the construct touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn new(file: FileId, start: Pos, end: Pos) -> Self {
        Span { file, start, end }
    }

    /// A span covering both `self` and `other` (which must be in the same file).
    pub fn join(self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Whether `other` lies within `self` (same file, not starting before nor ending after it).
    pub fn contains(self, other: Span) -> bool {
        self.file == other.file && self.start <= other.start && other.end <= self.end
    }
}

/// One file that was read: its path as shown to users and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the scan root when the file is under it, with `/` separators.
    pub path: String,
    pub text: Arc<str>,
}

impl SourceFile {
    /// The text of a 1-based line, without its line ending.
    pub fn line(&self, line: u32) -> Option<&str> {
        let idx = usize::try_from(line).ok()?.checked_sub(1)?;
        self.text.lines().nth(idx)
    }

    /// Converts a byte offset into a 1-based position; offsets past the end clamp to the end.
    pub fn pos_at(&self, byte: usize) -> Pos {
        line_col(&self.text, byte)
    }
}

/// 1-based line and character column of a byte offset in `text`.
pub fn line_col(text: &str, byte: usize) -> Pos {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    let before = &text[..byte];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() + 1;
    Pos { line: line as u32, col: col as u32 }
}

/// `a/./b/../c` as `a/c`, without touching the file system (links are not resolved). A `..`
/// that has nothing to remove is kept on a relative path (`../x` stays) and dropped after a root.
pub fn normalize_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if !matches!(out.components().next_back(), None | Some(Component::ParentDir)) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Every file of a scan, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile { path: path.into(), text: text.into() });
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The display path of a file, or `<unknown>` for an id this map never issued.
    pub fn path(&self, id: FileId) -> &str {
        self.get(id).map(|f| f.path.as_str()).unwrap_or("<unknown>")
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_path_resolves_dots_lexically() {
        assert_eq!(normalize_path(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize_path(Path::new("/../a")), PathBuf::from("/a"));
        assert_eq!(normalize_path(Path::new("a/../../b")), PathBuf::from("../b"));
    }

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), Pos::new(1, 1));
        assert_eq!(line_col(text, 3), Pos::new(2, 1));
        assert_eq!(line_col(text, 7), Pos::new(2, 4));
        assert_eq!(line_col(text, 999), Pos::new(3, 2));
    }
}
