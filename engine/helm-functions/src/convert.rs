//! Helm's and Sprig's encoders and decoders: `toYaml`/`toYamlPretty`/`mustToYaml`/`fromYaml`/
//! `fromYamlArray`, `toJson`/`toPrettyJson`/`toRawJson` (and `must` forms)/`fromJson`/`fromJsonArray`/
//! `mustFromJson`, `toToml`/`fromToml`.
//!
//! Helm's decoders never fail a render: an error becomes `{"Error": message}` (or a one-string list
//! for the array forms); its non-`must` encoders print an empty string. Decoded numbers are float64,
//! as Go's JSON decoding into `interface{}` gives them. Error texts name the problem as our parsers
//! word it, after Helm's prefix (`error converting YAML to JSON: `); Go's own parser wording differs.

use std::collections::BTreeMap;

use tollgate_gotemplate::{sprintf, Functions, Value};
use tollgate_model::json::write_go_string;

use crate::yaml::to_yaml;

pub fn register(functions: &mut Functions) {
    functions.add("toYaml", |args| Ok(Value::String(yaml_or_empty(one("toYaml", args)?, false))));
    functions.add("toYamlPretty", |args| Ok(Value::String(yaml_or_empty(one("toYamlPretty", args)?, true))));
    functions.add("mustToYaml", |args| {
        let value = one("mustToYaml", args)?;
        let yaml = to_yaml(value, false).ok_or_else(|| unsupported_number(value))?;
        Ok(Value::String(yaml.trim_end_matches('\n').to_string()))
    });
    functions.add("fromYaml", |args| Ok(from_yaml(string_arg("fromYaml", args)?)));
    functions.add("fromYamlArray", |args| Ok(from_yaml_array(string_arg("fromYamlArray", args)?)));
    register_json(functions);
    functions.add("toToml", |args| Ok(Value::String(to_toml(one("toToml", args)?))));
    functions.add("fromToml", |args| Ok(from_toml(string_arg("fromToml", args)?)));
}

fn register_json(functions: &mut Functions) {
    for (name, style, must) in [
        ("toJson", JsonStyle::Compact, false),
        ("mustToJson", JsonStyle::Compact, true),
        ("toPrettyJson", JsonStyle::Pretty, false),
        ("mustToPrettyJson", JsonStyle::Pretty, true),
        ("toRawJson", JsonStyle::Raw, false),
        ("mustToRawJson", JsonStyle::Raw, true),
    ] {
        functions.add(name, move |args| {
            let value = one(name, args)?;
            match to_json(value, style) {
                Some(json) => Ok(Value::String(json)),
                None if must => Err(unsupported_number(value)),
                None => Ok(Value::String(String::new())),
            }
        });
    }
    functions.add("fromJson", |args| {
        Ok(match parse_json(string_arg("fromJson", args)?) {
            Ok(Value::Map(map)) => Value::Map(map),
            Ok(other) => error_map(&cannot_unmarshal(&other, "map[string]interface {}")),
            Err(message) => error_map(&message),
        })
    });
    functions.add("fromJsonArray", |args| {
        Ok(match parse_json(string_arg("fromJsonArray", args)?) {
            Ok(Value::List(items)) => Value::List(items),
            Ok(other) => Value::list(vec![Value::String(cannot_unmarshal(&other, "[]interface {}"))]),
            Err(message) => Value::list(vec![Value::String(message)]),
        })
    });
    functions.add("mustFromJson", |args| parse_json(string_arg("mustFromJson", args)?));
}

pub(crate) fn one<'a>(name: &str, args: &'a [Value]) -> Result<&'a Value, String> {
    match args {
        [value] => Ok(value),
        _ => Err(format!("wrong number of args for {name}: want 1 got {}", args.len())),
    }
}

fn string_arg<'a>(name: &str, args: &'a [Value]) -> Result<&'a str, String> {
    match one(name, args)? {
        Value::String(s) => Ok(s),
        other => Err(format!("wrong type for value; expected string; got {}", other.type_name())),
    }
}

/// Go's JSON error for the first NaN or infinity inside `value`.
fn unsupported_number(value: &Value) -> String {
    format!("json: unsupported value: {}", first_non_finite(value).unwrap_or_default())
}

fn first_non_finite(value: &Value) -> Option<String> {
    match value {
        Value::Float(f) if f.is_nan() => Some("NaN".to_string()),
        Value::Float(f) if f.is_infinite() => Some(if *f > 0.0 { "+Inf" } else { "-Inf" }.to_string()),
        Value::List(items) => items.iter().find_map(first_non_finite),
        Value::Map(map) => map.snapshot().values().find_map(first_non_finite),
        _ => None,
    }
}

fn yaml_or_empty(value: &Value, pretty: bool) -> String {
    to_yaml(value, pretty).map(|yaml| yaml.trim_end_matches('\n').to_string()).unwrap_or_default()
}

fn error_map(message: &str) -> Value {
    Value::map(BTreeMap::from([("Error".to_string(), Value::String(message.to_string()))]))
}

fn cannot_unmarshal(value: &Value, into: &str) -> String {
    let kind = match value {
        Value::List(_) => "array",
        Value::Map(_) => "object",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    };
    format!("json: cannot unmarshal {kind} into Go value of type {into}")
}

/// Decoded JSON as Go decodes into `interface{}`: every number a float64.
fn from_decoded(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::Array(items) => Value::list(items.iter().map(from_decoded).collect()),
        serde_json::Value::Object(map) => Value::map(map.iter().map(|(k, v)| (k.clone(), from_decoded(v))).collect()),
        other => Value::from_json(other),
    }
}

fn parse_json(text: &str) -> Result<Value, String> {
    serde_json::from_str::<serde_json::Value>(text).map(|json| from_decoded(&json)).map_err(|error| error.to_string())
}

/// The first YAML document, as `sigs.k8s.io/yaml` reads it (YAML 1.1 scalars, numbers as float64).
fn parse_yaml(text: &str) -> Result<Value, String> {
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins,
        legacy_octal_numbers: true,
    };
    let documents: Vec<serde_json::Value> = serde_saphyr::from_multiple_with_options(text, options)
        .map_err(|error| format!("error converting YAML to JSON: {}", first_line(&error.to_string())))?;
    Ok(documents.first().map_or(Value::Nil, from_decoded))
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or_default().trim_start_matches("error: ").to_string()
}

fn from_yaml(text: &str) -> Value {
    match parse_yaml(text) {
        Ok(Value::Map(map)) => Value::Map(map),
        Ok(Value::Nil) => Value::map(BTreeMap::new()),
        Ok(other) => error_map(&format!(
            "error unmarshaling JSON: while decoding JSON: {}",
            cannot_unmarshal(&other, "map[string]interface {}")
        )),
        Err(message) => error_map(&message),
    }
}

fn from_yaml_array(text: &str) -> Value {
    let message = match parse_yaml(text) {
        Ok(Value::List(items)) => return Value::List(items),
        Ok(Value::Nil) => return Value::list(Vec::new()),
        Ok(other) => {
            format!("error unmarshaling JSON: while decoding JSON: {}", cannot_unmarshal(&other, "[]interface {}"))
        }
        Err(message) => message,
    };
    Value::list(vec![Value::String(message)])
}

#[derive(Clone, Copy, PartialEq)]
enum JsonStyle {
    /// Go's `json.Marshal`: `<`, `>`, `&` escaped for HTML.
    Compact,
    /// `json.MarshalIndent(v, "", "  ")`.
    Pretty,
    /// An encoder with HTML escaping off.
    Raw,
}

/// JSON as Go's `encoding/json` writes it; `None` for NaN or infinities (Go's encoder refuses them).
fn to_json(value: &Value, style: JsonStyle) -> Option<String> {
    let mut out = String::new();
    write_json(&mut out, value, style, 0)?;
    Some(out)
}

fn write_json(out: &mut String, value: &Value, style: JsonStyle, depth: usize) -> Option<()> {
    match value {
        Value::Float(f) => out.push_str(&json_float(*f)?),
        Value::String(s) => write_go_string(out, s, style != JsonStyle::Raw),
        Value::List(items) => {
            let parts = items.iter().map(|item| {
                let mut part = String::new();
                write_json(&mut part, item, style, depth + 1).map(|()| part)
            });
            write_json_container(out, ('[', ']'), parts.collect::<Option<Vec<_>>>()?, style, depth);
        }
        Value::Map(map) => {
            let entries = map.snapshot();
            let parts = entries.iter().map(|(key, item)| {
                let mut part = String::new();
                write_go_string(&mut part, key, style != JsonStyle::Raw);
                part.push_str(if style == JsonStyle::Pretty { ": " } else { ":" });
                write_json(&mut part, item, style, depth + 1).map(|()| part)
            });
            let parts = parts.collect::<Option<Vec<_>>>()?;
            write_json_container(out, ('{', '}'), parts, style, depth);
        }
        // Nil, booleans, integers (and any other scalar) as their JSON; a string inside is escaped as Go does.
        other => match other.to_json() {
            serde_json::Value::String(s) => write_go_string(out, &s, style != JsonStyle::Raw),
            json => out.push_str(&json.to_string()),
        },
    }
    Some(())
}

fn write_json_container(out: &mut String, brackets: (char, char), parts: Vec<String>, style: JsonStyle, depth: usize) {
    out.push(brackets.0);
    if style == JsonStyle::Pretty && !parts.is_empty() {
        let inner = "  ".repeat(depth + 1);
        out.push('\n');
        out.push_str(&inner);
        out.push_str(&parts.join(&format!(",\n{inner}")));
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    } else {
        out.push_str(&parts.join(","));
    }
    out.push(brackets.1);
}

/// Go's float encoding: shortest digits, plain notation from 1e-6 up to 1e21, `1e-7`/`1e+21` beyond.
pub(crate) fn json_float(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let magnitude = f.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        let text = format!("{f:e}");
        return Some(match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => format!("{mantissa}e+{exponent}"),
            _ => text,
        });
    }
    Some(format!("{f}"))
}

/// TOML as Helm's encoder (BurntSushi's) writes it: plain keys first, then each table as `[a.b]` with
/// its entries indented two spaces per level; nil values left out. A value that is not a map is an
/// error text, as Helm prints it.
fn to_toml(value: &Value) -> String {
    let Value::Map(map) = value else {
        return "toml: top-level values must be Go maps or structs".to_string();
    };
    let mut out = String::new();
    write_toml_table(&mut out, &map.snapshot(), &mut Vec::new());
    out
}

fn write_toml_table(out: &mut String, entries: &BTreeMap<String, Value>, path: &mut Vec<String>) {
    let indent = "  ".repeat(path.len());
    for (key, item) in entries {
        if matches!(item, Value::Map(_) | Value::Nil | Value::NoValue) || is_table_array(item) {
            continue;
        }
        out.push_str(&format!("{indent}{} = {}\n", toml_key(key), toml_inline(item)));
    }
    for (key, item) in entries {
        path.push(toml_key(key));
        let header_indent = "  ".repeat(path.len() - 1);
        match item {
            Value::Map(inner) => {
                out.push_str(&format!("{}{header_indent}[{}]\n", blank_before(out, path), path.join(".")));
                write_toml_table(out, &inner.snapshot(), path);
            }
            Value::List(items) if is_table_array(item) => {
                for table in items.iter() {
                    if let Value::Map(inner) = table {
                        let blank = blank_before(out, path);
                        out.push_str(&format!("{blank}{header_indent}[[{}]]\n", path.join(".")));
                        write_toml_table(out, &inner.snapshot(), path);
                    }
                }
            }
            _ => {}
        }
        path.pop();
    }
}

/// A blank line separates top-level tables from what precedes them; nested headers follow their parent's
/// entries directly.
fn blank_before(out: &str, path: &[String]) -> &'static str {
    if path.len() == 1 && !out.is_empty() {
        "\n"
    } else {
        ""
    }
}

fn is_table_array(value: &Value) -> bool {
    matches!(value, Value::List(items) if !items.is_empty() && items.iter().all(|item| matches!(item, Value::Map(_))))
}

fn toml_key(key: &str) -> String {
    let bare = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        let mut quoted = String::new();
        write_go_string(&mut quoted, key, false);
        quoted
    }
}

fn toml_inline(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let mut quoted = String::new();
            write_go_string(&mut quoted, s, false);
            quoted
        }
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 => format!("{f:.1}"),
        Value::Float(f) if f.is_nan() => "nan".to_string(),
        Value::Float(f) if f.is_infinite() => if *f > 0.0 { "inf" } else { "-inf" }.to_string(),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(toml_inline).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Map(map) => {
            let parts: Vec<String> =
                map.snapshot().iter().map(|(k, v)| format!("{} = {}", toml_key(k), toml_inline(v))).collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => sprintf("%v", std::slice::from_ref(other)),
    }
}

fn from_toml(text: &str) -> Value {
    match text.parse::<toml::Table>() {
        Ok(table) => from_toml_value(&toml::Value::Table(table)),
        Err(error) => error_map(&format!("toml: {}", first_line(&error.to_string()))),
    }
}

/// TOML as BurntSushi decodes into `interface{}`: integers stay int64, floats float64, dates as text.
fn from_toml_value(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::Int64(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::list(items.iter().map(from_toml_value).collect()),
        toml::Value::Table(table) => Value::map(table.iter().map(|(k, v)| (k.clone(), from_toml_value(v))).collect()),
    }
}
