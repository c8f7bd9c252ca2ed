//! A strict JSON (RFC 8259) reader that keeps the byte range of every value and key, which
//! serde_json does not expose. The Terraform loader reads `.tf.json` files with it; rules read
//! JSON written inside strings (IAM policies) with it and map the ranges to file lines.
//! Nesting is limited so hostile input cannot overflow the stack.

use crate::source::Span;
use crate::value::{MapEntry, Number, Value, ValueKind};
use std::fmt;
use std::ops::Range;

/// Deeper nesting of arrays and objects than this is rejected (real documents need a handful).
pub const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub enum JsonKind {
    Null,
    Bool(bool),
    Int(i64),
    /// A number with a fraction or an exponent, or an integer too large for `i64`.
    Float(f64),
    String(String),
    Array(Vec<Json>),
    /// Members in source order, duplicates included.
    Object(Vec<JsonMember>),
}

/// A JSON value and the byte range of its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    pub kind: JsonKind,
    pub range: Range<usize>,
}

/// An object member; `key_range` covers the quoted key.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonMember {
    pub key: String,
    pub key_range: Range<usize>,
    pub value: Json,
}

/// Why the text is not JSON, and the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for JsonError {}

impl Json {
    pub fn as_object(&self) -> Option<&[JsonMember]> {
        match &self.kind {
            JsonKind::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(s) => Some(s),
            _ => None,
        }
    }

    /// This JSON as a [`Value`], every part spanned by `span` from its byte range (keys by the
    /// range of the quoted key). Of duplicate keys the last is kept, as the loaders do.
    pub fn to_value(&self, span: &dyn Fn(Range<usize>) -> Span) -> Value {
        let kind = match &self.kind {
            JsonKind::Null => ValueKind::Null,
            JsonKind::Bool(b) => ValueKind::Bool(*b),
            JsonKind::Int(i) => ValueKind::Number(Number::Int(*i)),
            JsonKind::Float(f) => ValueKind::Number(Number::Float(*f)),
            JsonKind::String(s) => ValueKind::String(s.clone()),
            JsonKind::Array(items) => ValueKind::List(items.iter().map(|item| item.to_value(span)).collect()),
            JsonKind::Object(members) => {
                let mut entries: Vec<MapEntry> = Vec::with_capacity(members.len());
                for member in members {
                    entries.retain(|e| e.key != member.key);
                    entries.push(MapEntry {
                        key: member.key.clone(),
                        key_span: span(member.key_range.clone()),
                        value: member.value.to_value(span),
                    });
                }
                ValueKind::Map(entries)
            }
        };
        Value::new(kind, span(self.range.clone()))
    }
}

/// Parses one JSON document (surrounding whitespace allowed, nothing else).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut reader = Reader { text, bytes: text.as_bytes(), pos: 0, depth: 0 };
    reader.skip_ws();
    if reader.pos >= reader.bytes.len() {
        return Err(reader.error("the input is empty; expected a JSON value"));
    }
    let value = reader.value()?;
    reader.skip_ws();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error("unexpected text after the end of the JSON value"));
    }
    Ok(value)
}

const EXPECTED_VALUE: &str = "expected a JSON value (object, array, string, number, true, false or null)";

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Reader<'_> {
    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError { offset: self.pos, message: message.into() }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected {what}")))
        }
    }

    fn value(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        let kind = match self.peek() {
            Some(b'{') => self.nested(Self::object)?,
            Some(b'[') => self.nested(Self::array)?,
            Some(b'"') => JsonKind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(b't') => self.keyword("true", JsonKind::Bool(true))?,
            Some(b'f') => self.keyword("false", JsonKind::Bool(false))?,
            Some(b'n') => self.keyword("null", JsonKind::Null)?,
            Some(_) => return Err(self.error(EXPECTED_VALUE)),
            None => return Err(self.error("unexpected end of input; expected a JSON value")),
        };
        Ok(Json { kind, range: start..self.pos })
    }

    fn nested(&mut self, parse: fn(&mut Self) -> Result<JsonKind, JsonError>) -> Result<JsonKind, JsonError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("JSON nested more than {MAX_DEPTH} levels deep")));
        }
        self.depth += 1;
        let result = parse(self);
        self.depth -= 1;
        result
    }

    fn keyword(&mut self, word: &str, kind: JsonKind) -> Result<JsonKind, JsonError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(kind)
        } else {
            Err(self.error(EXPECTED_VALUE))
        }
    }

    fn object(&mut self) -> Result<JsonKind, JsonError> {
        self.pos += 1; // `{`
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(JsonKind::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a quoted object key"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_range = key_start..self.pos;
            self.skip_ws();
            self.expect(b':', "`:` after the object key")?;
            self.skip_ws();
            let value = self.value()?;
            members.push(JsonMember { key, key_range, value });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JsonKind::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` after the object member")),
            }
        }
    }

    fn array(&mut self) -> Result<JsonKind, JsonError> {
        self.pos += 1; // `[`
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(JsonKind::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JsonKind::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` after the array item")),
            }
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // `"`
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.pos += 1;
            }
            // The run stops at an ASCII byte, so both ends are character boundaries.
            out.push_str(self.text.get(run_start..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                Some(_) => return Err(self.error("control character in string; escape it (e.g. `\\n`)")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(byte) = self.peek() else { return Err(self.error("unterminated string")) };
        self.pos += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) && self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                    let checkpoint = self.pos;
                    self.pos += 2;
                    let low = self.hex4()?;
                    if (0xDC00..0xE000).contains(&low) {
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        return Ok(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                    self.pos = checkpoint;
                }
                // Lone surrogates are not characters; JSON parsers commonly replace them.
                char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER)
            }
            _ => {
                self.pos -= 1;
                return Err(self.error("invalid escape in string"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.bytes.get(self.pos..self.pos + 4).filter(|d| d.iter().all(u8::is_ascii_hexdigit));
        match digits.and_then(|d| std::str::from_utf8(d).ok()).and_then(|d| u32::from_str_radix(d, 16).ok()) {
            Some(code) => {
                self.pos += 4;
                Ok(code)
            }
            None => Err(self.error("expected four hex digits after `\\u`")),
        }
    }

    fn number(&mut self) -> Result<JsonKind, JsonError> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.pos += 1;
            }
            r.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if !digits(self) {
            return Err(self.error("expected digits in number"));
        }
        if self.bytes.get(int_start) == Some(&b'0') && self.pos - int_start > 1 {
            return Err(JsonError { offset: int_start, message: "numbers must not have leading zeros".into() });
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            integer = false;
            if !digits(self) {
                return Err(self.error("expected digits after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            integer = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("expected digits in the exponent"));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        if integer {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(JsonKind::Int(i));
            }
        }
        text.parse::<f64>()
            .map(JsonKind::Float)
            .map_err(|_| JsonError { offset: start, message: format!("invalid number `{text}`") })
    }
}

/// Writes `s` as Go's `encoding/json` writes a string: quoted; `"`, `\` and control characters
/// escaped (`\n`, `\r`, `\t`, `\b`, `\f`, others `\u00XX`); U+2028 and U+2029 always; `<`, `>` and
/// `&` as `\u003c`... when `escape_html` (Go's default; off for an encoder told not to).
pub fn write_go_string(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if escape_html => out.push_str(&format!("\\u{:04x}", c as u32)),
            '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Pos};

    fn kind(text: &str) -> JsonKind {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e}")).kind
    }

    #[test]
    fn keeps_ranges_of_values_and_keys() {
        let text = r#"{"a": [1, -2.5e1, "x\u00e9\ud83d\ude00"], "b": null}"#;
        let json = parse(text).unwrap();
        let members = json.as_object().unwrap();
        assert_eq!(members[0].key, "a");
        assert_eq!(&text[members[0].key_range.clone()], r#""a""#);
        let JsonKind::Array(items) = &members[0].value.kind else { panic!() };
        assert_eq!(items[0].kind, JsonKind::Int(1));
        assert_eq!(items[1].kind, JsonKind::Float(-25.0));
        assert_eq!(items[2].kind, JsonKind::String("xé😀".into()));
        assert_eq!(&text[items[2].range.clone()], r#""x\u00e9\ud83d\ude00""#);
        assert_eq!(&text[members[1].value.range.clone()], "null");
        assert_eq!(json.range, 0..text.len());
    }

    #[test]
    fn rejects_malformed_json_with_an_offset() {
        for (text, offset, message) in [
            ("", 0, "the input is empty"),
            ("  \n", 3, "the input is empty"),
            ("{", 1, "expected a quoted object key"),
            ("[", 1, "unexpected end of input"),
            (r#"{"a" 1}"#, 5, "expected `:`"),
            (r#"{"a": 1 "b": 2}"#, 8, "expected `,` or `}`"),
            (r#"{a: 1}"#, 1, "expected a quoted object key"),
            ("[1 2]", 3, "expected `,` or `]`"),
            ("[1,]", 3, "expected a JSON value"),
            ("01", 0, "leading zeros"),
            ("-", 1, "expected digits in number"),
            ("1.", 2, "after the decimal point"),
            ("[1e]", 3, "in the exponent"),
            (r#""abc"#, 4, "unterminated string"),
            ("\"a\nb\"", 2, "control character"),
            ("{} x", 3, "unexpected text after"),
            (r#"{"a": tru}"#, 6, "expected a JSON value"),
            ("'a'", 0, "expected a JSON value"),
            ("\"\\x\"", 2, "invalid escape"),
            ("\"\\u12\"", 3, "four hex digits"),
            ("\"\\u+123\"", 3, "four hex digits"),
        ] {
            let err = parse(text).unwrap_err();
            assert_eq!(err.offset, offset, "{text:?}: {}", err.message);
            assert!(err.message.contains(message), "{text:?}: {}", err.message);
        }
        assert_eq!(parse("[1,]").unwrap_err().to_string(), format!("{EXPECTED_VALUE} at byte 3"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        for open in ["[", "{\"a\":"] {
            let err = parse(&open.repeat(100_000)).unwrap_err();
            assert!(err.message.contains("nested more than 128 levels"), "{}", err.message);
        }
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let too_deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(parse(&too_deep).unwrap_err().offset, MAX_DEPTH);
    }

    #[test]
    fn decodes_escapes_and_surrogates() {
        let string = |text: &str| match kind(text) {
            JsonKind::String(s) => s,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(string(r#""\"\\\/\b\f\n\r\t""#), "\"\\/\u{8}\u{c}\n\r\t");
        assert_eq!(string(r#""s3:\u002A""#), "s3:*");
        assert_eq!(string(r#""\ud83d\ude00""#), "😀");
        // Lone or mismatched surrogates become U+FFFD; the character after them survives.
        assert_eq!(string(r#""\ud83d""#), "\u{FFFD}");
        assert_eq!(string(r#""\ude00x""#), "\u{FFFD}x");
        assert_eq!(string(r#""\ud83d\u0041""#), "\u{FFFD}A");
        assert_eq!(string("\"caf\u{e9} \u{1F600}\""), "café 😀");
    }

    #[test]
    fn reads_numbers_exactly() {
        assert_eq!(kind("0"), JsonKind::Int(0));
        assert_eq!(kind("-0"), JsonKind::Int(0));
        assert_eq!(kind("9223372036854775807"), JsonKind::Int(i64::MAX));
        assert_eq!(kind("-9223372036854775808"), JsonKind::Int(i64::MIN));
        assert_eq!(kind("9223372036854775808"), JsonKind::Float(9223372036854775808.0));
        assert_eq!(kind("1.5"), JsonKind::Float(1.5));
        assert_eq!(kind("1E2"), JsonKind::Float(100.0));
        assert_eq!(kind("2e-1"), JsonKind::Float(0.2));
        assert_eq!(kind("1e+1"), JsonKind::Float(10.0));
        assert_eq!(kind("1e400"), JsonKind::Float(f64::INFINITY));
        assert_eq!(kind(" true "), JsonKind::Bool(true));
        for bad in ["+1", ".5", "1.e2", "--1", "0x10", "NaN"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn to_value_spans_every_part_and_keeps_the_last_duplicate() {
        let text = "{\"a\": 1,\n \"b\": [true, \"x\"],\n \"a\": 2}";
        let json = parse(text).unwrap();
        // One line per span, to see which range each part was given.
        let line = |range: Range<usize>| {
            let pos = crate::source::line_col(text, range.start);
            Span::new(FileId(0), pos, Pos::new(pos.line, pos.col + (range.len() as u32).saturating_sub(1)))
        };
        let value = json.to_value(&line);
        let entries = value.as_map().unwrap();
        assert_eq!(entries.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(value.get("a").known().and_then(Value::as_i64), Some(2));
        assert_eq!(entries[1].key_span.start, Pos::new(3, 2));
        assert_eq!(entries[1].value.span.start, Pos::new(3, 7));
        let list = value.get("b").known().unwrap();
        assert_eq!(list.span.start, Pos::new(2, 7));
        assert_eq!(list.items()[1].as_str(), Some("x"));
        assert_eq!((list.items()[1].span.start, list.items()[1].span.end), (Pos::new(2, 14), Pos::new(2, 16)));
        assert_eq!(value.span.start, Pos::new(1, 1));
    }
}
