//! INI as Conftest reads it (go-ini's `ini.Load` with its default options, then Conftest's
//! conversion): an object of sections, each an object of its keys. Keys outside any section
//! belong to go-ini's `DEFAULT` section, which Conftest leaves out (as it does an explicit
//! `[DEFAULT]`). A value that Go's `strconv.ParseFloat` reads is a number, one `ParseBool`
//! reads (`true`, `false`, `t`, `F`, `TRUE`...) a boolean; every other value a string.
//!
//! go-ini's defaults: `;` and `#` start comment lines, and also end a value wherever they appear
//! in it (`url = a#b` is `a`); `=` or `:` separates key and value; a line without either is an
//! error; a value surrounded by one pair of `"` or `'` loses them; a value in backticks or
//! `"""` is taken as written (`"""` may span lines); a trailing `\` continues the value on the
//! next line; a repeated key keeps its last value, repeated sections merge.

use crate::{numbered_lines, FormatError};
use tollgate_model::lines::LineIndex;
use tollgate_model::{MapEntry, Number, Span, Value, ValueKind};

/// go-ini's name for the keys outside any section.
const DEFAULT_SECTION: &str = "DEFAULT";

struct Section {
    name: String,
    header: Span,
    span: Span,
    keys: Vec<MapEntry>,
}

pub(crate) fn parse(lines: &LineIndex, start: usize) -> Result<Value, FormatError> {
    let mut sections: Vec<Section> = Vec::new();
    let mut current: Option<usize> = None;
    let mut source = numbered_lines(lines.text(), start).peekable();
    while let Some((number, offset, raw)) = source.next() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        let span = crate::line_span(lines, offset, raw);
        if let Some(header) = line.strip_prefix('[') {
            let name = section_name(header).ok_or_else(|| FormatError::at_line(number, unclosed(line)))?;
            current = Some(section_index(&mut sections, name, span));
            continue;
        }
        let (key, rest) = split_key(line).ok_or_else(|| FormatError::at_line(number, no_delimiter(line)))?;
        let mut end = span;
        let text = read_value(rest, &mut source, &mut end, number)?;
        let index = *current.get_or_insert_with(|| section_index(&mut sections, DEFAULT_SECTION.to_string(), span));
        let section = &mut sections[index];
        section.span.end = end.end;
        let value = Value::new(typed(&text), Span { start: span.start, ..end });
        section.keys.retain(|entry| entry.key != key);
        section.keys.push(MapEntry { key: key.to_string(), key_span: span, value });
    }
    let whole = crate::whole(lines);
    let entries = sections
        .into_iter()
        .filter(|section| section.name != DEFAULT_SECTION)
        .map(|section| MapEntry {
            key: section.name,
            key_span: section.header,
            value: Value::new(ValueKind::Map(section.keys), section.span),
        })
        .collect();
    Ok(Value::new(ValueKind::Map(entries), whole))
}

fn unclosed(line: &str) -> String {
    format!("unclosed section header `{line}` (no `]`)")
}

fn no_delimiter(line: &str) -> String {
    format!("`{line}` is neither a section header, a comment nor `key = value` (no `=` or `:`)")
}

/// The name in `[name]` (the text after `[`), trimmed; `None` when there is no `]`.
fn section_name(header: &str) -> Option<String> {
    let close = header.rfind(']')?;
    Some(header[..close].trim().to_string())
}

/// The index of section `name`, added when it is new (go-ini merges repeated sections).
fn section_index(sections: &mut Vec<Section>, name: String, header: Span) -> usize {
    if let Some(index) = sections.iter().position(|section| section.name == name) {
        return index;
    }
    sections.push(Section { name, header, span: header, keys: Vec::new() });
    sections.len() - 1
}

/// `key` and what follows its `=` or `:`; a key may be quoted (`"a=b" = c`).
fn split_key(line: &str) -> Option<(&str, &str)> {
    for quote in ['"', '`'] {
        if let Some(rest) = line.strip_prefix(quote) {
            let close = rest.find(quote)?;
            let after = rest[close + 1..].trim_start();
            let value = after.strip_prefix(['=', ':'])?;
            return Some((&rest[..close], value));
        }
    }
    let at = line.find(['=', ':'])?;
    Some((line[..at].trim(), &line[at + 1..]))
}

/// The value after the delimiter, reading further lines for `"""` and `\` continuations
/// (`end` becomes the span of the last line read).
fn read_value<'a>(
    rest: &str,
    source: &mut impl Iterator<Item = (usize, usize, &'a str)>,
    end: &mut Span,
    number: usize,
) -> Result<String, FormatError> {
    let value = rest.trim();
    if let Some(body) = value.strip_prefix("\"\"\"").filter(|_| value.len() > 3) {
        if let Some(close) = body.find("\"\"\"") {
            return Ok(body[..close].to_string());
        }
        let mut text = body.to_string();
        for (_, _, line) in source.by_ref() {
            end.end.line += 1;
            if let Some(close) = line.find("\"\"\"") {
                text.push('\n');
                text.push_str(&line[..close]);
                return Ok(text);
            }
            text.push('\n');
            text.push_str(line);
        }
        return Err(FormatError::at_line(number, "a `\"\"\"` value is not closed"));
    }
    if let Some(body) = value.strip_prefix('`') {
        if let Some(close) = body.rfind('`') {
            return Ok(body[..close].to_string());
        }
    }
    let mut value = value.to_string();
    while let Some(head) = value.strip_suffix('\\') {
        let mut joined = head.to_string();
        match source.next() {
            Some((_, _, line)) => {
                end.end.line += 1;
                joined.push_str(line.trim());
            }
            None => break,
        }
        value = joined;
    }
    Ok(unquoted(without_comment(&value)).to_string())
}

/// go-ini (without `SpaceBeforeInlineComment`) ends a value at the first `#` or `;`.
fn without_comment(value: &str) -> &str {
    match value.find(['#', ';']) {
        Some(at) => value[..at].trim(),
        None => value,
    }
}

/// A value surrounded by one pair of `"` or `'` (and holding no other) without them.
fn unquoted(value: &str) -> &str {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) && value.matches(quote).count() == 2 {
            return &value[1..value.len() - 1];
        }
    }
    value
}

/// Conftest's conversion of a value: number, then boolean, else string.
fn typed(value: &str) -> ValueKind {
    if let Some(number) = go_float(value) {
        return ValueKind::Number(number);
    }
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => ValueKind::Bool(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => ValueKind::Bool(false),
        _ => ValueKind::String(value.to_string()),
    }
}

/// A decimal number as Go's `strconv.ParseFloat` reads it, written as Go's JSON encoder
/// writes a float64 (a whole number without a fraction). Infinities and NaN, which Go reads
/// but cannot write as JSON, stay strings, as do hexadecimal floats.
fn go_float(value: &str) -> Option<Number> {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let numeric = digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !numeric {
        return None;
    }
    let float: f64 = value.parse().ok().filter(|f: &f64| f.is_finite())?;
    let whole = float.fract() == 0.0 && float.abs() < 9_007_199_254_740_992.0;
    Some(if whole { Number::Int(float as i64) } else { Number::Float(float) })
}

#[cfg(test)]
mod tests {
    use crate::{parse, Format};
    use serde_json::json;
    use tollgate_model::FileId;

    fn ini(text: &str) -> serde_json::Value {
        crate::json_of(Format::Ini, text)
    }

    #[test]
    fn sections_are_objects_and_values_are_typed_as_conftest_types_them() {
        let text = "top = dropped\n; comment\n# comment\n[server]\nport = 8080\nratio: 0.5\nexp = 1e3\n\
                    debug = true\nshort = t\nzero = 0\nname = \"web 1\"\nurl = http://x/#frag\n\
                    path = /srv/app ; inline\nempty =\n\n[DEFAULT]\nalso = dropped\n[server]\nport = 9090\n";
        assert_eq!(
            ini(text),
            json!({"server": {
                "port": 9090, "ratio": 0.5, "exp": 1000, "debug": true, "short": true, "zero": 0,
                "name": "web 1", "url": "http://x/", "path": "/srv/app", "empty": "",
            }})
        );
    }

    #[test]
    fn quoted_multiline_and_continued_values() {
        let text =
            "[a]\nraw = `x # not a comment`\nlong = \"\"\"one\ntwo\"\"\"\njoined = first \\\n  second\nafter = 1\n";
        assert_eq!(
            ini(text),
            json!({"a": {"raw": "x # not a comment", "long": "one\ntwo", "joined": "first second", "after": 1}})
        );
    }

    #[test]
    fn keys_and_sections_keep_their_lines() {
        let documents = parse(Format::Ini, FileId(0), "[a]\nx = 1\n\n[b]\ny = 2\nz = 3\n").expect("ini");
        let b = documents[0].value.entry("b").expect("b");
        assert_eq!((b.key_span.start.line, b.value.span.start.line, b.value.span.end.line), (4, 4, 6));
        assert_eq!(b.value.entry("z").map(|z| z.value.span.start.line), Some(6));
    }

    #[test]
    fn lines_that_are_not_ini_are_errors_with_their_line() {
        let error = parse(Format::Ini, FileId(0), "[a]\nx = 1\njust words\n").expect_err("no delimiter");
        assert_eq!(error.line, 3, "{error}");
        let error = parse(Format::Ini, FileId(0), "[a\nx = 1\n").expect_err("unclosed");
        assert_eq!(error.line, 1, "{error}");
    }
}
