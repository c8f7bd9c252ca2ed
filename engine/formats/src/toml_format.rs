//! TOML as Conftest reads it (BurntSushi/toml into Go values, then JSON): the document is the
//! root table as an object; integers and floats are numbers, dates and times their TOML text
//! (Go marshals its `time.Time` as an RFC 3339 string; local dates and times have no zone to
//! add, so their text is kept as written).

use crate::FormatError;
use tollgate_model::json::MAX_DEPTH;
use tollgate_model::lines::LineIndex;
use tollgate_model::{MapEntry, Number, Value, ValueKind};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

pub(crate) fn parse(lines: &LineIndex, start: usize) -> Result<Value, FormatError> {
    let text = &lines.text()[start..];
    let table = DeTable::parse(text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        FormatError::at_offset(lines, start + offset, error.message().trim().to_string())
    })?;
    // The root table is the whole file (the parser's span of it may end early).
    table_value(lines, start, table.get_ref(), 0..text.len(), 0)
}

fn table_value(
    lines: &LineIndex,
    start: usize,
    table: &DeTable,
    span: std::ops::Range<usize>,
    depth: usize,
) -> Result<Value, FormatError> {
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in table.iter() {
        entries.push(MapEntry {
            key: key.get_ref().to_string(),
            key_span: lines.span(shifted(start, key.span())),
            value: value_of(lines, start, value, depth + 1)?,
        });
    }
    Ok(Value::new(ValueKind::Map(entries), lines.span(shifted(start, span))))
}

fn value_of(lines: &LineIndex, start: usize, value: &Spanned<DeValue>, depth: usize) -> Result<Value, FormatError> {
    let span = value.span();
    if depth > MAX_DEPTH {
        let message = format!("TOML nested more than {MAX_DEPTH} levels deep");
        return Err(FormatError::at_offset(lines, start + span.start, message));
    }
    let kind = match value.get_ref() {
        DeValue::String(s) => ValueKind::String(s.to_string()),
        DeValue::Integer(integer) => match i64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(i) => ValueKind::Number(Number::Int(i)),
            Err(_) => return Err(FormatError::at_offset(lines, start + span.start, "integer out of the 64-bit range")),
        },
        DeValue::Float(float) => match float.as_str().parse::<f64>() {
            Ok(f) => ValueKind::Number(Number::Float(f)),
            Err(_) => return Err(FormatError::at_offset(lines, start + span.start, "invalid float")),
        },
        DeValue::Boolean(b) => ValueKind::Bool(*b),
        DeValue::Datetime(datetime) => ValueKind::String(datetime.to_string()),
        DeValue::Array(items) => {
            ValueKind::List(items.iter().map(|item| value_of(lines, start, item, depth + 1)).collect::<Result<_, _>>()?)
        }
        DeValue::Table(table) => return table_value(lines, start, table, span, depth),
    };
    Ok(Value::new(kind, lines.span(shifted(start, span))))
}

fn shifted(start: usize, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    start + span.start..start + span.end
}

#[cfg(test)]
mod tests {
    use crate::{parse, Format};
    use serde_json::json;
    use tollgate_model::FileId;

    #[test]
    fn tables_are_objects_with_typed_values() {
        let text = "title = \"app\"\nport = 8080\nratio = 0.5\nhex = 0x1F\non = true\nwhen = 1979-05-27T07:32:00Z\n\
                    day = 1979-05-27\n\n[server]\nhosts = [\"a\", \"b\"]\n\n[[users]]\nname = \"x\"\n[[users]]\nname = \"y\"\n";
        let documents = parse(Format::Toml, FileId(0), text).expect("toml");
        assert_eq!(documents.len(), 1);
        assert_eq!(
            documents[0].value.to_json(),
            json!({
                "title": "app", "port": 8080, "ratio": 0.5, "hex": 31, "on": true,
                "when": "1979-05-27T07:32:00Z", "day": "1979-05-27",
                "server": {"hosts": ["a", "b"]},
                "users": [{"name": "x"}, {"name": "y"}],
            })
        );
        let hosts = documents[0].value.entry("server").and_then(|s| s.value.entry("hosts")).expect("hosts");
        assert_eq!(hosts.value.span.start.line, 10);
        assert_eq!((documents[0].span.start.line, documents[0].span.end.line), (1, 15));
    }

    #[test]
    fn documents_nested_too_deep_are_errors_not_crashes() {
        for count in [200, 100_000] {
            let deep = format!("a = {}{}\n", "[".repeat(count), "]".repeat(count));
            let error = parse(Format::Toml, FileId(0), &deep).expect_err("too deep");
            assert_eq!(error.line, 1, "{error}");
        }
    }

    #[test]
    fn errors_have_the_line() {
        let error = parse(Format::Toml, FileId(0), "a = 1\nb = \n").expect_err("invalid");
        assert_eq!(error.line, 2, "{error}");
        let duplicate = parse(Format::Toml, FileId(0), "a = 1\na = 2\n").expect_err("duplicate key");
        assert_eq!(duplicate.line, 2, "{duplicate}");
    }
}
