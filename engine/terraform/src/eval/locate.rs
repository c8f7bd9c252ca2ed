//! Where the parts of an expression are: spans for values, source text for unknowns.

use std::ops::Range;
use tollgate_model::lines::LineIndex;
use tollgate_model::Span;

/// Maps the byte ranges of a parsed expression to spans and source text: through the file's
/// line index (HCL), or onto one fixed span (a template parsed out of a JSON string, whose
/// offsets are relative to the string).
#[derive(Clone, Copy)]
pub(crate) struct Locator<'a> {
    lines: Option<&'a LineIndex<'a>>,
    fixed: Span,
    text: &'a str,
}

impl<'a> Locator<'a> {
    pub(crate) fn file(lines: &'a LineIndex<'a>) -> Self {
        Locator { lines: Some(lines), fixed: Span::default(), text: lines.text() }
    }

    /// Every part of the expression located at `span`; `text` is the parsed text itself.
    pub(crate) fn fixed(span: Span, text: &'a str) -> Self {
        Locator { lines: None, fixed: span, text }
    }

    pub(crate) fn span(&self, range: Option<Range<usize>>) -> Span {
        match self.lines {
            Some(lines) => lines.span(range.unwrap_or(0..0)),
            None => self.fixed,
        }
    }

    /// The source text of a range, trimmed.
    pub(crate) fn source(&self, range: Option<Range<usize>>) -> &'a str {
        range.and_then(|r| self.text.get(r)).unwrap_or_default().trim()
    }
}
