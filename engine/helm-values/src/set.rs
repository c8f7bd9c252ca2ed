//! The `--set` family (Helm's "strvals" format): `a.b=c,list[0]=x,tags={a,b}`.

use serde_json::{Map, Value};
use std::fmt;

/// Helm refuses list indexes above this (a guard against `a[99999999]=x` allocating a huge list).
pub const MAX_INDEX: usize = 65536;
/// Helm refuses names nested deeper than this.
pub const MAX_NESTING: usize = 30;

/// Which flag a `--set`-style argument came from; each types its values differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    /// `--set`: `true`/`false` are booleans, `null` is null, decimal integers are integers.
    Set,
    /// `--set-string`: every value is a string.
    String,
    /// `--set-json`: every value is one JSON value.
    Json,
    /// `--set-file`: every value is a path; the value set is that file's content.
    File,
    /// `--set-literal`: one `key=value` pair; the value is the rest of the argument, commas included.
    Literal,
}

/// A malformed `--set` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetError(pub String);

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetError {}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Parses one argument of `kind` into `values` (later pairs win, maps merge). `read_file` serves
/// `--set-file`: it gets the path and returns the content or an error message.
pub fn parse_set_into(
    kind: SetKind,
    argument: &str,
    values: &mut Map<String, Value>,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(), SetError> {
    let mut cursor = Cursor { chars: argument.chars().collect(), position: 0 };
    while !cursor.at_end() {
        let path = cursor.key_path()?;
        let value = cursor.value(kind, read_file)?;
        set_path(values, &path, value)?;
        if !cursor.at_end() && !cursor.eat(',') {
            return Err(SetError(format!("unexpected data at end of value: {}", cursor.rest())));
        }
    }
    Ok(())
}

/// Parses one argument of `kind` into a new map.
pub fn parse_set(kind: SetKind, argument: &str) -> Result<Map<String, Value>, SetError> {
    let mut values = Map::new();
    let no_files = |path: &str| Err(format!("reading {path}: --set-file is not available here"));
    parse_set_into(kind, argument, &mut values, &no_files)?;
    Ok(values)
}

struct Cursor {
    chars: Vec<char>,
    position: usize,
}

impl Cursor {
    fn at_end(&self) -> bool {
        self.position >= self.chars.len()
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.position).copied()
    }

    fn eat(&mut self, expected: char) -> bool {
        let matched = self.peek() == Some(expected);
        if matched {
            self.position += 1;
        }
        matched
    }

    fn rest(&self) -> String {
        self.chars[self.position.min(self.chars.len())..].iter().collect()
    }

    /// Text up to one of `stops`, with `\x` standing for `x`. Returns the text and the stop found.
    fn until(&mut self, stops: &[char]) -> (String, Option<char>) {
        let mut text = String::new();
        while let Some(character) = self.peek() {
            self.position += 1;
            if character == '\\' {
                if let Some(escaped) = self.peek() {
                    self.position += 1;
                    text.push(escaped);
                }
            } else if stops.contains(&character) {
                return (text, Some(character));
            } else {
                text.push(character);
            }
        }
        (text, None)
    }

    /// `a.b[0].c=`: the segments of a name, consuming the `=`.
    fn key_path(&mut self) -> Result<Vec<Segment>, SetError> {
        let mut path = Vec::new();
        let mut spelled = String::new();
        loop {
            let (name, stop) = self.until(&['.', '[', '=', ',']);
            spelled.push_str(&name);
            if !name.is_empty() || path.is_empty() {
                path.push(Segment::Key(name));
            }
            if path.len() > MAX_NESTING {
                return Err(SetError(format!(
                    "value name nested level is greater than maximum supported nested level of {MAX_NESTING}"
                )));
            }
            match stop {
                Some('=') => return Ok(path),
                Some('.') => spelled.push('.'),
                Some('[') => {
                    path.push(Segment::Index(self.index()?));
                    spelled.push_str("[]");
                }
                _ => return Err(SetError(format!("key \"{spelled}\" has no value"))),
            }
        }
    }

    fn index(&mut self) -> Result<usize, SetError> {
        let (digits, stop) = self.until(&[']']);
        if stop.is_none() {
            return Err(SetError(format!("key \"{digits}\" has no closing bracket")));
        }
        let index: i64 = digits.parse().map_err(|_| SetError(format!("invalid list index \"{digits}\"")))?;
        if index < 0 {
            return Err(SetError(format!("negative {index} index not allowed")));
        }
        if index as u64 > MAX_INDEX as u64 {
            return Err(SetError(format!("index of {index} is greater than maximum supported index {MAX_INDEX}")));
        }
        Ok(index as usize)
    }

    fn value(&mut self, kind: SetKind, read_file: &dyn Fn(&str) -> Result<String, String>) -> Result<Value, SetError> {
        match kind {
            SetKind::Literal => {
                let rest = self.rest();
                self.position = self.chars.len();
                Ok(Value::String(rest))
            }
            SetKind::Json => self.json_value(),
            _ if self.eat('{') => self.list(kind, read_file),
            _ => {
                let (text, stop) = self.until(&[',']);
                if stop.is_some() {
                    self.position -= 1;
                }
                typed_value(kind, text, read_file)
            }
        }
    }

    /// `{a,b}`: a list, each item typed like a plain value.
    fn list(&mut self, kind: SetKind, read_file: &dyn Fn(&str) -> Result<String, String>) -> Result<Value, SetError> {
        let mut items = Vec::new();
        loop {
            let (text, stop) = self.until(&[',', '}']);
            match stop {
                None => return Err(SetError(format!("list must terminate with '}}': {text}"))),
                Some('}') if text.is_empty() && items.is_empty() => return Ok(Value::Array(items)),
                Some(stop) => {
                    items.push(typed_value(kind, text, read_file)?);
                    if stop == '}' {
                        return Ok(Value::Array(items));
                    }
                }
            }
        }
    }

    fn json_value(&mut self) -> Result<Value, SetError> {
        let rest = self.rest();
        let mut stream = serde_json::Deserializer::from_str(&rest).into_iter::<Value>();
        let value = match stream.next() {
            Some(Ok(value)) => value,
            Some(Err(error)) => return Err(SetError(format!("failed to parse JSON value: {error}"))),
            None => return Err(SetError("failed to parse JSON value: no value".to_string())),
        };
        let consumed = rest[..stream.byte_offset()].chars().count();
        self.position += consumed;
        while self.peek().is_some_and(char::is_whitespace) {
            self.position += 1;
        }
        // Helm decodes the JSON into `interface{}`: every number a float64, as in a values file.
        Ok(crate::values_file::numbers_as_floats(value))
    }
}

fn typed_value(
    kind: SetKind,
    text: String,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Value, SetError> {
    match kind {
        SetKind::Set => Ok(inferred(text)),
        SetKind::File => read_file(&text).map(Value::String).map_err(SetError),
        _ => Ok(Value::String(text)),
    }
}

/// `--set`'s inference: booleans and null case-insensitively, and decimal integers that fit in 64 bits
/// without a leading zero (`0` itself is an integer; `012` and `1.5` stay strings).
fn inferred(text: String) -> Value {
    if text.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if text.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if text.eq_ignore_ascii_case("null") {
        return Value::Null;
    }
    if text == "0" {
        return Value::from(0);
    }
    if !text.starts_with('0') {
        if let Ok(integer) = text.parse::<i64>() {
            return Value::from(integer);
        }
    }
    Value::String(text)
}

fn set_path(values: &mut Map<String, Value>, path: &[Segment], value: Value) -> Result<(), SetError> {
    let Some((Segment::Key(first), rest)) = path.split_first() else {
        return Err(SetError("a value name must start with a key".to_string()));
    };
    let slot = values.entry(first.clone()).or_insert(Value::Null);
    set_in(slot, rest, value);
    Ok(())
}

/// Puts `value` at `path` under `slot`, turning whatever is in the way into the map or list needed.
fn set_in(slot: &mut Value, path: &[Segment], value: Value) {
    let Some((segment, rest)) = path.split_first() else {
        *slot = value;
        return;
    };
    match segment {
        Segment::Key(key) => {
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(map) = slot {
                set_in(map.entry(key.clone()).or_insert(Value::Null), rest, value);
            }
        }
        Segment::Index(index) => {
            if !slot.is_array() {
                *slot = Value::Array(Vec::new());
            }
            if let Value::Array(items) = slot {
                if items.len() <= *index {
                    items.resize(index + 1, Value::Null);
                }
                set_in(&mut items[*index], rest, value);
            }
        }
    }
}
