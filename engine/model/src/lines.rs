//! Byte offsets to 1-based line/column positions in O(log n) per lookup, for loaders that
//! place many values in one file ([`SourceFile::pos_at`](crate::SourceFile::pos_at) rescans the
//! text each time). Long non-ASCII lines (a plan written on one line) are counted from a
//! checkpoint, so positions requested in increasing order cost linear time overall.

use crate::source::{FileId, Pos, Span};
use std::cell::Cell;
use std::ops::Range;

pub struct LineIndex<'a> {
    text: &'a str,
    file: FileId,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Whether each line is pure ASCII (then columns are byte distances).
    ascii: Vec<bool>,
    /// The last non-ASCII position counted: (line index, byte, 0-based column).
    checkpoint: Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(file: FileId, text: &'a str) -> Self {
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
        LineIndex { text, file, starts, ascii, checkpoint: Cell::new((usize::MAX, 0, 0)) }
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    /// Position of a byte offset; offsets past the end clamp to the end.
    pub fn pos(&self, byte: usize) -> Pos {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= byte).max(1) - 1;
        let start = self.starts.get(line).copied().unwrap_or(0);
        let col = if self.ascii.get(line).copied().unwrap_or(false) {
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

    /// The span of a half-open byte range: `end` is the position of the last character, so a
    /// construct ending at the end of a line does not spill onto the next one.
    pub fn span(&self, range: Range<usize>) -> Span {
        let start = range.start.min(self.text.len());
        let end = range.end.clamp(start, self.text.len());
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
}
