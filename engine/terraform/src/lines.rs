//! Byte offsets to 1-based line/column positions, in O(log n) per lookup (the model's
//! `SourceFile::pos_at` rescans the file each time, which is quadratic over a whole file).

use std::borrow::Cow;
use tollgate_model::{FileId, Pos, Span};

pub(crate) struct LineIndex<'a> {
    text: &'a str,
    file: FileId,
    table: Cow<'a, LineTable>,
}

/// Where the lines of a text start, computed once per file and kept with the parsed file.
#[derive(Debug, Clone, Default)]
pub(crate) struct LineTable {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Whether each line is pure ASCII (then columns are byte distances).
    ascii: Vec<bool>,
}

impl LineTable {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                text.as_bytes().get(start..end).is_some_and(|line| line.is_ascii())
            })
            .collect();
        LineTable { starts, ascii }
    }
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(file: FileId, text: &'a str) -> Self {
        LineIndex { text, file, table: Cow::Owned(LineTable::new(text)) }
    }

    /// An index over `text` whose line table was computed before.
    pub(crate) fn with_table(file: FileId, text: &'a str, table: &'a LineTable) -> Self {
        LineIndex { text, file, table: Cow::Borrowed(table) }
    }

    /// Position of a byte offset; offsets past the end clamp to the end.
    pub(crate) fn pos(&self, byte: usize) -> Pos {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.table.starts.partition_point(|&start| start <= byte).max(1) - 1;
        let start = self.table.starts.get(line).copied().unwrap_or(0);
        let col = if self.table.ascii.get(line).copied().unwrap_or(false) {
            byte - start
        } else {
            self.text.get(start..byte).map(|s| s.chars().count()).unwrap_or(0)
        };
        Pos::new(clamp_u32(line + 1), clamp_u32(col + 1))
    }

    /// The span of a half-open byte range. `end` is the position of the last character, so a
    /// construct ending at the end of a line does not spill onto the next one; trailing
    /// whitespace is not counted.
    pub(crate) fn span(&self, range: std::ops::Range<usize>) -> Span {
        let start = range.start.min(self.text.len());
        let mut end = range.end.clamp(start, self.text.len());
        if let Some(slice) = self.text.get(start..end) {
            end = start + slice.trim_end().len();
        }
        let last = if end > start { end - 1 } else { start };
        Span::new(self.file, self.pos(start), self.pos(last))
    }

    /// The whole text indexed.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The source text of a byte range, trimmed; empty when the range is not valid.
    pub(crate) fn slice(&self, range: std::ops::Range<usize>) -> &'a str {
        self.text.get(range).unwrap_or_default().trim()
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let index = LineIndex::new(FileId(0), "ab\ncdé\nf");
        assert_eq!(index.pos(0), Pos::new(1, 1));
        assert_eq!(index.pos(3), Pos::new(2, 1));
        assert_eq!(index.pos(7), Pos::new(2, 4));
        assert_eq!(index.pos(999), Pos::new(3, 2));
    }

    #[test]
    fn spans_end_on_their_last_character() {
        let index = LineIndex::new(FileId(0), "x {\n}\n");
        let span = index.span(0..6);
        assert_eq!((span.start, span.end), (Pos::new(1, 1), Pos::new(2, 1)));
        assert_eq!(index.span(2..2).end, Pos::new(1, 3));
    }
}
