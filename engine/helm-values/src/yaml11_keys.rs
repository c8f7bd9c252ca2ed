//! A values document decoded with go-yaml v2's (YAML 1.1) view of map keys: a plain `y`, `on` or `no`
//! key is a boolean there, and sigs.k8s.io/yaml turns it into the JSON key `"true"`/`"false"` (Helm
//! 4.1.4 gives `{"true": 1}` for `y: 1`). A quoted key stays as written. Decoding into
//! `serde_json::Value` directly would keep every key's text, so keys go through their scalar here.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// One YAML node as JSON, map keys resolved as go-yaml v2 resolves them.
pub struct Yaml11Value(pub Value);

impl<'de> Deserialize<'de> for Yaml11Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor).map(Yaml11Value)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
        Number::from_f64(value).map(Value::Number).ok_or_else(|| E::custom(format!("{value} is not a JSON number")))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Yaml11Value::deserialize(deserializer).map(|node| node.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Yaml11Value(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some((Yaml11Value(key), Yaml11Value(value))) = access.next_entry()? {
            // A later key of the same text wins, as in go-yaml's map.
            map.insert(key_text(key), value);
        }
        Ok(Value::Object(map))
    }
}

/// A key as JSON spells it: strings as they are, other scalars as their text (`true`, `1`).
fn key_text(key: Value) -> String {
    match key {
        Value::String(text) => text,
        other => other.to_string(),
    }
}
