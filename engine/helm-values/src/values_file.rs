//! Reading a values file as Helm reads it: `sigs.k8s.io/yaml`, i.e. YAML 1.1 (`go-yaml` v2) turned into JSON
//! and decoded into `map[string]interface{}`.

use serde_json::{Map, Number, Value};
use std::fmt;

use crate::yaml11_keys::Yaml11Value;

/// A values file that could not be read, with the file and (when the parser knows it) the line.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuesFileError {
    pub file: String,
    pub line: Option<u64>,
    pub message: String,
}

impl fmt::Display for ValuesFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ValuesFileError {}

/// Reads one values file the way Helm does:
/// - only the first YAML document counts (Helm decodes one document and ignores the rest);
/// - an empty file (or one holding only `null`) is an empty map; any other non-map top level is an error;
/// - YAML 1.1 scalars: `yes/no/on/off` are booleans, `012` is octal, `1_000` is 1000;
/// - every number becomes a float, because Helm goes through JSON into `interface{}` (so a template
///   prints `1000000` from a values file as `1e+06`); `--set` integers, by contrast, stay integers;
/// - anchors and aliases are expanded, merge keys (`<<`) applied, duplicate keys: the last one wins;
/// - non-string keys become their text (`1:` is the key `"1"`, a plain `y:` or `on:` the key `"true"`); `.inf`/`.nan` are errors (JSON has none).
/// - nesting deeper than 64 levels is refused with an error (a guard against hostile input).
pub fn read_values_file(file: &str, text: &str) -> Result<Map<String, Value>, ValuesFileError> {
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins,
        legacy_octal_numbers: true,
    };
    let documents: Vec<Yaml11Value> =
        serde_saphyr::from_multiple_with_options(text, options).map_err(|error| ValuesFileError {
            file: file.to_string(),
            line: error.location().map(|location| location.line()),
            message: first_line(&error.to_string()),
        })?;
    match documents.into_iter().next().map(|document| document.0) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(numbers_as_floats_in_map(map)),
        Some(other) => Err(ValuesFileError {
            file: file.to_string(),
            line: Some(1),
            message: format!("cannot unmarshal {} into the values map: the top level must be a map", kind(&other)),
        }),
    }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim_start_matches("error: ").to_string()
}

/// The JSON type name of a value, as error messages name it.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "map",
    }
}

fn numbers_as_floats_in_map(map: Map<String, Value>) -> Map<String, Value> {
    map.into_iter().map(|(key, value)| (key, numbers_as_floats(value))).collect()
}

pub(crate) fn numbers_as_floats(value: Value) -> Value {
    match value {
        Value::Number(number) => match number.as_f64().and_then(Number::from_f64) {
            Some(float) => Value::Number(float),
            None => Value::Number(number),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(numbers_as_floats_in_map(map)),
        other => other,
    }
}
