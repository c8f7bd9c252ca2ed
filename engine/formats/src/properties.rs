//! Java `.properties` files as Conftest reads them (magiconair/properties' `LoadString`, then
//! `Map()`): a flat object of strings, key to value, the last of a key written twice winning.
//!
//! The syntax is Java's (`key=value`, `key: value`, `key value`; `#` and `!` comments; `\`
//! continuing a line; `\uXXXX` and the other escapes), read by the `java-properties` crate, in
//! UTF-8 as Conftest reads the file. `${other.key}` in a value is kept as written, as `Map()`
//! gives the values before expansion.

use crate::FormatError;
use java_properties::{LineContent, PropertiesIter};
use tollgate_model::lines::LineIndex;
use tollgate_model::{MapEntry, Value, ValueKind};

pub(crate) fn parse(lines: &LineIndex, start: usize) -> Result<Value, FormatError> {
    let text = &lines.text()[start..];
    let first_line = lines.text()[..start].matches('\n').count();
    let line_spans: Vec<(usize, usize)> = line_ranges(lines.text());
    let mut entries: Vec<MapEntry> = Vec::new();
    for line in PropertiesIter::new_with_encoding(text.as_bytes(), encoding_rs::UTF_8) {
        let line = line.map_err(|error| {
            let at = error.line_number().unwrap_or(1) + first_line;
            FormatError::at_line(at, format!("not a properties file: {error}"))
        })?;
        let number = line.line_number() + first_line;
        let LineContent::KVPair(key, value) = line.consume_content() else { continue };
        let span = line_spans.get(number.saturating_sub(1)).map(|&(from, to)| lines.span(from..to)).unwrap_or_default();
        let entry = MapEntry { key, key_span: span, value: Value::new(ValueKind::String(value), span) };
        match entries.iter_mut().find(|existing| existing.key == entry.key) {
            Some(existing) => *existing = entry,
            None => entries.push(entry),
        }
    }
    Ok(Value::new(ValueKind::Map(entries), lines.span(0..lines.text().len())))
}

/// The byte range of every line of `text` (1-based line `n` at index `n - 1`), without its break.
fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut offset = 0;
    text.split_inclusive('\n')
        .map(|line| {
            let range = (offset, offset + line.trim_end_matches(['\r', '\n']).len());
            offset += line.len();
            range
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::{json_of, parse, Format};
    use serde_json::json;
    use tollgate_model::FileId;

    #[test]
    fn a_flat_object_of_strings_as_conftest_gives_it() {
        // Conftest's own parser test: comments (`#`, `!`) skipped, leading whitespace trimmed.
        let sample = "# This is a properties file\n    SAMPLE_KEY=https://example.com/\n! some comment=not-a-prop\nmy-property=some-value";
        assert_eq!(
            json_of(Format::Properties, sample),
            json!({"SAMPLE_KEY": "https://example.com/", "my-property": "some-value"})
        );
        let java = "a : 1\nb 2\nlong = one \\\n       two\nunicode = caf\\u00e9\nref = ${a}/x\na = again\nempty\n";
        assert_eq!(
            json_of(Format::Properties, java),
            json!({"a": "again", "b": "2", "long": "one two", "unicode": "café", "ref": "${a}/x", "empty": ""})
        );
        assert_eq!(json_of(Format::Properties, ""), json!({}));
    }

    #[test]
    fn every_property_is_spanned_at_its_line() {
        let documents = parse(Format::Properties, FileId(0), "# c\nhost = db\n\nport = 5432\n").expect("parses");
        let value = &documents[0].value;
        let line_of = |key: &str| value.entry(key).map(|entry| entry.value.span.start.line);
        assert_eq!((line_of("host"), line_of("port")), (Some(2), Some(4)));
    }
}
