//! JSON written inside a Terraform string (an IAM policy in a heredoc or a quoted string), read
//! into a [`Value`] whose spans point at the lines of the file where each part is written, so a
//! finding can name the offending statement's line rather than the whole policy.

use tollgate_model::{FileId, MapEntry, Number, Pos, SourceMap, Span, Value, ValueKind};

/// Nesting deeper than this is rejected rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 64;

/// Parses the JSON held by `string` (a known string value of a loaded file). Positions map into
/// the file when the string is a heredoc (its text starts on the line after `<<EOF`); for a quoted
/// string every part gets the string's own span. `Err` says why the text is not JSON.
pub fn parse_embedded(string: &Value, sources: &SourceMap) -> Result<Value, String> {
    let text = string.as_str().ok_or("not a string")?;
    let heredoc = sources
        .get(string.span.file)
        .and_then(|f| f.line(string.span.start.line))
        .map(|line| line.chars().skip(string.span.start.col.saturating_sub(1) as usize).collect::<String>())
        .is_some_and(|rest| rest.trim_start().starts_with("<<"));
    let locate = |byte: usize| -> Option<Pos> {
        if !heredoc {
            return None;
        }
        let pos = tollgate_model::source::line_col(text, byte);
        Some(Pos::new(string.span.start.line.saturating_add(pos.line), pos.col))
    };
    let mut parser =
        Parser { text: text.as_bytes(), at: 0, file: string.span.file, fallback: string.span, locate: &locate };
    let value = parser.value(0)?;
    parser.skip_ws();
    if parser.at < parser.text.len() {
        return Err(format!("unexpected text after the JSON value at byte {}", parser.at));
    }
    Ok(value)
}

struct Parser<'t> {
    text: &'t [u8],
    at: usize,
    file: FileId,
    fallback: Span,
    locate: &'t dyn Fn(usize) -> Option<Pos>,
}

impl Parser<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        match ((self.locate)(start), (self.locate)(end.saturating_sub(1).max(start))) {
            (Some(s), Some(e)) => Span::new(self.file, s, e),
            _ => self.fallback,
        }
    }

    fn skip_ws(&mut self) {
        while self.text.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(format!("expected `{}` at byte {}", byte as char, self.at))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("JSON nested too deeply".into());
        }
        self.skip_ws();
        let start = self.at;
        let kind = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => ValueKind::String(self.string()?),
            Some(b't') => self.word("true", ValueKind::Bool(true))?,
            Some(b'f') => self.word("false", ValueKind::Bool(false))?,
            Some(b'n') => self.word("null", ValueKind::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(other) => return Err(format!("unexpected `{}` at byte {}", other as char, self.at)),
            None => return Err("unexpected end of JSON".into()),
        };
        Ok(Value::new(kind, self.span(start, self.at)))
    }

    fn word(&mut self, word: &str, kind: ValueKind) -> Result<ValueKind, String> {
        if self.text[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(kind)
        } else {
            Err(format!("unexpected text at byte {}", self.at))
        }
    }

    fn number(&mut self) -> Result<ValueKind, String> {
        let start = self.at;
        while self.peek().is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
            self.at += 1;
        }
        let text = std::str::from_utf8(&self.text[start..self.at]).map_err(|e| e.to_string())?;
        if let Ok(i) = text.parse::<i64>() {
            return Ok(ValueKind::Number(Number::Int(i)));
        }
        text.parse::<f64>()
            .map(|f| ValueKind::Number(Number::Float(f)))
            .map_err(|_| format!("invalid number `{text}` at byte {start}"))
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut bytes = Vec::new();
        loop {
            let Some(b) = self.peek() else { return Err("unterminated string".into()) };
            self.at += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(esc) = self.peek() else { return Err("unterminated string".into()) };
                    self.at += 1;
                    let decoded = match esc {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        other => return Err(format!("invalid escape `\\{}`", other as char)),
                    };
                    let mut buf = [0u8; 4];
                    bytes.extend_from_slice(decoded.encode_utf8(&mut buf).as_bytes());
                }
                other => bytes.push(other),
            }
        }
        String::from_utf8(bytes).map_err(|e| e.to_string())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.text.get(self.at..self.at + 4).ok_or("truncated \\u escape")?;
        let digits = std::str::from_utf8(digits).map_err(|e| e.to_string())?;
        let code = u32::from_str_radix(digits, 16).map_err(|_| format!("invalid \\u escape `{digits}`"))?;
        self.at += 4;
        Ok(code)
    }

    fn unicode_escape(&mut self) -> Result<char, String> {
        let high = self.hex4()?;
        if (0xD800..0xDC00).contains(&high) && self.text[self.at..].starts_with(b"\\u") {
            self.at += 2;
            let low = self.hex4()?;
            let code = 0x10000 + ((high - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
            return char::from_u32(code).ok_or_else(|| "invalid surrogate pair".to_string());
        }
        Ok(char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn array(&mut self, depth: usize) -> Result<ValueKind, String> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(ValueKind::List(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(ValueKind::List(items));
                }
                _ => return Err(format!("expected `,` or `]` at byte {}", self.at)),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<ValueKind, String> {
        self.expect(b'{')?;
        let mut entries: Vec<MapEntry> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(ValueKind::Map(entries));
        }
        loop {
            self.skip_ws();
            let key_start = self.at;
            let key = self.string()?;
            let key_span = self.span(key_start, self.at);
            self.expect(b':')?;
            let value = self.value(depth + 1)?;
            // Like the loaders, keep the last of duplicate keys.
            entries.retain(|e| e.key != key);
            entries.push(MapEntry { key, key_span, value });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(ValueKind::Map(entries));
                }
                _ => return Err(format!("expected `,` or `}}` at byte {}", self.at)),
            }
        }
    }
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
    }
}
