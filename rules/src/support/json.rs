//! JSON written inside a Terraform string (an IAM policy in a heredoc or a quoted string), read
//! into a [`Value`] whose spans point at the lines of the file where each part is written, so a
//! finding can name the offending statement's line rather than the whole policy. The reading
//! itself is [`tollgate_model::json`]'s, shared with the `.tf.json` loader.

use std::ops::Range;
use tollgate_model::json::{self, JsonError};
use tollgate_model::{Pos, SourceMap, Span, Value};

/// Parses the JSON held by `string` (a known string value of a loaded file) with the model's
/// strict reader. Positions map into the file when the string is a heredoc (its text starts on
/// the line after `<<EOF`); for a quoted string every part gets the string's own span. `Err` says
/// why and where the text is not JSON, or that the value is not a string.
pub fn parse_embedded(string: &Value, sources: &SourceMap) -> Result<Value, JsonError> {
    let text = string.as_str().ok_or_else(|| JsonError { offset: 0, message: "not a string".into() })?;
    let doc = json::parse(text)?;
    let heredoc = sources
        .get(string.span.file)
        .and_then(|f| f.line(string.span.start.line))
        .map(|line| line.chars().skip(string.span.start.col.saturating_sub(1) as usize).collect::<String>())
        .is_some_and(|rest| rest.trim_start().starts_with("<<"));
    let locate = |byte: usize| {
        let pos = tollgate_model::source::line_col(text, byte);
        Pos::new(string.span.start.line.saturating_add(pos.line), pos.col)
    };
    let span = |range: Range<usize>| {
        if heredoc {
            Span::new(string.span.file, locate(range.start), locate(range.end.saturating_sub(1).max(range.start)))
        } else {
            string.span
        }
    };
    Ok(doc.to_value(&span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(file_text: &str, start: Pos, end: Pos, content: &str) -> (SourceMap, Value) {
        let mut sources = SourceMap::new();
        let file = sources.add("main.tf", file_text);
        (sources, Value::string(content, Span::new(file, start, end)))
    }

    #[test]
    fn heredoc_positions_map_to_file_lines() {
        let content = "{\n  \"Statement\": [\n    {\"Action\": \"*\"}\n  ]\n}\n";
        let file = format!("resource \"x\" \"y\" {{\n  policy = <<EOF\n{content}EOF\n}}\n");
        let (sources, string) = load(&file, Pos::new(2, 12), Pos::new(8, 3), content);
        let v = parse_embedded(&string, &sources).expect("valid JSON");
        let stmt = &v.get("Statement").known().expect("statement list").items()[0];
        assert_eq!(stmt.span.start.line, 5);
        assert_eq!(stmt.get("Action").known().and_then(Value::as_str), Some("*"));
    }

    #[test]
    fn quoted_string_parts_get_the_string_span() {
        let content = "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:\\u002a\"}}";
        let (sources, string) = load("policy = \"...\"\n", Pos::new(1, 10), Pos::new(1, 15), content);
        let v = parse_embedded(&string, &sources).expect("valid JSON");
        assert_eq!(v.lookup(&["Statement", "Action"]).known().and_then(Value::as_str), Some("s3:*"));
        assert_eq!(v.lookup(&["Statement", "Effect"]).known().map(|e| e.span), Some(string.span));
    }

    #[test]
    fn bad_json_is_an_error_not_a_panic() {
        for bad in ["", "{", "{\"a\" 1}", "[1,", "\"\\u12", "tru", &"[".repeat(10_000), "{\"a\":1}x"] {
            let (sources, string) = load("x\n", Pos::new(1, 1), Pos::new(1, 1), bad);
            assert!(parse_embedded(&string, &sources).is_err(), "{bad:?}");
        }
        let (sources, string) = load("x\n", Pos::new(1, 1), Pos::new(1, 1), "{\"Statement\": [}");
        let err = parse_embedded(&string, &sources).unwrap_err();
        assert_eq!(err.to_string(), "expected a JSON value (object, array, string, number, true, false or null) at byte 15");
    }
}
