//! Byte offsets to 1-based line/column positions in O(log n) per lookup, for loaders that
//! place many values in one file ([`SourceFile::pos_at`](crate::SourceFile::pos_at) rescans the
//! text each time). Long non-ASCII lines (a plan written on one line) are counted from a
//! checkpoint, so positions requested in increasing order cost linear time overall. The
//! [`LineTable`] can be computed once and kept with a parsed file.

use crate::source::{FileId, Pos, Span};
use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

pub struct LineIndex<'a> {
    text: &'a str,
    file: FileId,
    table: Cow<'a, LineTable>,
    /// The last non-ASCII position counted: (line index, byte, 0-based column).
    checkpoint: Cell<(usize, usize, usize)>,
}

/// Where the lines of a text start, computed once per text.
#[derive(Debug, Clone, Default)]
pub struct LineTable {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Whether each line is pure ASCII (then columns are byte distances).
    ascii: Vec<bool>,
}

impl LineTable {
    pub fn new(text: &str) -> Self {
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
    pub fn new(file: FileId, text: &'a str) -> Self {
        Self::from_table(file, text, Cow::Owned(LineTable::new(text)))
    }

    /// An index over `text` whose line table was computed before (by [`LineTable::new`] on
    /// the same text).
    pub fn with_table(file: FileId, text: &'a str, table: &'a LineTable) -> Self {
        Self::from_table(file, text, Cow::Borrowed(table))
    }

    fn from_table(file: FileId, text: &'a str, table: Cow<'a, LineTable>) -> Self {
        LineIndex { text, file, table, checkpoint: Cell::new((usize::MAX, 0, 0)) }
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    /// The whole text indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The source text of a byte range, trimmed; empty when the range is not valid.
    pub fn slice(&self, range: Range<usize>) -> &'a str {
        self.text.get(range).unwrap_or_default().trim()
    }

    /// Position of a byte offset; offsets past the end clamp to the end.
    pub fn pos(&self, byte: usize) -> Pos {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.table.starts.partition_point(|&start| start <= byte).max(1) - 1;
        let start = self.table.starts.get(line).copied().unwrap_or(0);
        let col = if self.table.ascii.get(line).copied().unwrap_or(false) {
            byte - start
        } else {
            let (cp_line, cp_byte, cp_col) = self.checkpoint.get();
            let (from, base) = if cp_line == line && cp_byte <= byte { (cp_byte, cp_col) } else { (start, 0) };
            let col = base + self.text.get(from..byte).map(|s| s.chars().count()).unwrap_or(0);
            self.checkpoint.set((line, byte, col));
            col
        };
        Pos::new(clamp_u32(line + 1), clamp_u32(col + 1))
    }

    /// The span of a half-open byte range. `end` is the position of the last character, so a
    /// construct ending at the end of a line does not spill onto the next one; trailing
    /// whitespace (which HCL parsers include in block and attribute ranges) is not counted.
    pub fn span(&self, range: Range<usize>) -> Span {
        let start = range.start.min(self.text.len());
        let mut end = range.end.clamp(start, self.text.len());
        if let Some(slice) = self.text.get(start..end) {
            end = start + slice.trim_end().len();
        }
        let last = if end > start { end - 1 } else { start };
        Span::new(self.file, self.pos(start), self.pos(last))
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::line_col;

    #[test]
    fn agrees_with_line_col_in_any_order() {
        let text = "ab\ncdé\u{1F600}x\n\nfinal é line";
        let index = LineIndex::new(FileId(0), text);
        let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        for &i in offsets.iter().chain(offsets.iter().rev()) {
            assert_eq!(index.pos(i), line_col(text, i), "byte {i}");
        }
        assert_eq!(index.span(3..5).end, Pos::new(2, 2));
    }

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

    #[test]
    fn a_precomputed_table_gives_the_same_positions() {
        let text = "a\nbé c\n";
        let table = LineTable::new(text);
        let shared = LineIndex::with_table(FileId(0), text, &table);
        let own = LineIndex::new(FileId(0), text);
        for i in 0..=text.len() {
            assert_eq!(shared.pos(i), own.pos(i), "byte {i}");
        }
    }
}
