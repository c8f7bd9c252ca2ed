//! The plan text kept for reports. The text report prints the lines a finding points at, and a
//! plan holds secrets in clear text (sensitive attributes, variable values, the prior state).
//! So the source map does not get the plan as written: it gets a copy with the same lines in
//! which only the resource objects Tollgate read are left, every sensitive value among them is
//! replaced by `"(sensitive)"`, and lines too long to show (a plan written on one line) are cut.
//! Spans are computed on the real text before it is replaced, and line numbers are unchanged.

use std::ops::Range;
use tollgate_model::sensitive::SENSITIVE_TEXT;

/// Lines longer than this (in characters) are cut in the copy.
pub const MAX_SHOWN_LINE_CHARS: usize = 240;

/// The copy of `text` keeping the bytes in `keep`, with each range of `secrets` replaced by the
/// sensitive marker (keeping its line breaks), and whitespace; everything else is dropped.
pub(crate) fn display_text(text: &str, keep: &[Range<usize>], secrets: &[Range<usize>]) -> String {
    let keep = merged(keep);
    let secrets = merged(secrets);
    let (mut k, mut s) = (0, 0);
    let mut out = String::with_capacity(text.len().min(1 << 20));
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        while secrets.get(s).is_some_and(|r| r.end <= i) {
            s += 1;
        }
        while keep.get(k).is_some_and(|r| r.end <= i) {
            k += 1;
        }
        if let Some(secret) = secrets.get(s).filter(|r| r.start <= i) {
            // The whole secret at once: the marker, then only its line breaks.
            out.push('"');
            out.push_str(SENSITIVE_TEXT);
            out.push('"');
            let mut c = c;
            loop {
                if c == '\n' {
                    out.push('\n');
                }
                match chars.peek() {
                    Some(&(j, next)) if j < secret.end => {
                        c = next;
                        chars.next();
                    }
                    _ => break,
                }
            }
            continue;
        }
        let kept = keep.get(k).is_some_and(|r| r.start <= i);
        if kept || matches!(c, '\n' | '\r' | ' ' | '\t') {
            out.push(c);
        }
    }
    cut_long_lines(&out)
}

/// Sorted ranges with overlapping ones joined.
fn merged(ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted: Vec<Range<usize>> = ranges.iter().filter(|r| r.start < r.end).cloned().collect();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for range in sorted {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// Blank lines emptied, long lines cut to [`MAX_SHOWN_LINE_CHARS`] with an ellipsis.
fn cut_long_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if line.trim().is_empty() {
            continue;
        }
        match line.char_indices().nth(MAX_SHOWN_LINE_CHARS) {
            Some((cut, _)) => {
                out.push_str(line.get(..cut).unwrap_or_default());
                out.push('…');
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range_of(text: &str, part: &str) -> Range<usize> {
        let start = text.find(part).unwrap();
        start..start + part.len()
    }

    #[test]
    fn keeps_lines_and_only_resource_text() {
        let text = "{\n  \"variables\": {\"pw\": {\"value\": \"hunter2\"}},\n  \"resources\": [\n    {\"a\": \"x\",\n     \"pw\": {\"k\":\n \"hunter2\"}}\n  ]\n}\n";
        let object = text.find("{\"a\"").unwrap()..text.find("}}\n").unwrap() + 2;
        let secret = range_of(text, "{\"k\":\n \"hunter2\"}");
        let shown = display_text(text, &[object], &[secret]);
        assert_eq!(shown.lines().count(), text.lines().count());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(shown.lines().nth(3), Some("    {\"a\": \"x\","));
        assert_eq!(shown.lines().nth(4), Some("     \"pw\": \"(sensitive)\""));
        assert_eq!(shown.lines().nth(1), Some(""));
    }

    #[test]
    fn long_lines_are_cut() {
        let text = format!("{{\"r\": \"{}é\"}}", "x".repeat(500));
        let everything = 0..text.len();
        let shown = display_text(&text, std::slice::from_ref(&everything), &[]);
        assert_eq!(shown.chars().count(), MAX_SHOWN_LINE_CHARS + 1);
        assert!(shown.ends_with('…'));
    }
}
