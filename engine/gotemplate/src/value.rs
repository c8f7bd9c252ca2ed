//! The values templates see: Go's `interface{}` world reduced to what Helm passes (JSON-like data),
//! plus "no value" (Go's invalid `reflect.Value`, printed `<no value>`) and function values.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::object::Object;
use crate::time::Time;

/// A function callable from a template: `call`, or a map entry used as a method (`.APIVersions.Has "v1"`).
pub type FunctionBody = dyn Fn(&[Value]) -> Result<Value, String> + Send + Sync;

/// A named function value. Equality is identity of the closure.
#[derive(Clone)]
pub struct FunctionValue {
    pub name: String,
    pub body: Arc<FunctionBody>,
    /// A method (Go calls a method ending a field chain even without arguments: `.Files.AsConfig`);
    /// otherwise a func-typed value, called only by `call` or when given arguments.
    pub is_method: bool,
}

impl FunctionValue {
    pub fn new(name: &str, body: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static) -> Self {
        FunctionValue { name: name.to_string(), body: Arc::new(body), is_method: false }
    }

    /// A method of the map holding it: called whenever a field chain ends at it.
    pub fn method(name: &str, body: impl Fn(&[Value]) -> Result<Value, String> + Send + Sync + 'static) -> Self {
        FunctionValue { is_method: true, ..FunctionValue::new(name, body) }
    }
}

impl fmt::Debug for FunctionValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "func {}", self.name)
    }
}

impl PartialEq for FunctionValue {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.body, &other.body)
    }
}

/// A Go map: a shared reference, as Go's maps are. Sprig's `set`, `unset`, `merge`, ... change it in
/// place and every holder sees the change: a variable, `.Values` as another template sees it, a map
/// passed to `include`. Readers take a [`Map::snapshot`] (a cheap `Arc`), so no lock is held while
/// walking it; a writer copies the entries only when a snapshot is still alive (copy on write).
/// A map set into itself (`set $d "me" $d`) is a cycle, as in Go: printers stop at it.
#[derive(Clone, Default)]
pub struct Map {
    entries: Arc<Mutex<Arc<BTreeMap<String, Value>>>>,
    /// A named Go map type (`common.Values`, Helm's `.Files`); none for `map[string]interface {}`.
    go_type: Option<Arc<MapType>>,
}

/// A named Go map type Helm hands templates: its name (`%T`, error messages, type assertions) and its
/// methods, which a field chain reaches before the entries but which are no entries themselves:
/// `len`, `range`, `keys` and the encoders never see them.
#[derive(Debug, Default)]
pub struct MapType {
    pub name: &'static str,
    pub methods: Vec<FunctionValue>,
}

impl Map {
    pub fn new(entries: BTreeMap<String, Value>) -> Map {
        Map { entries: Arc::new(Mutex::new(Arc::new(entries))), go_type: None }
    }

    /// The same Go map (shared entries) seen as another map type, as Go's type conversion gives it.
    pub fn with_type(&self, go_type: Arc<MapType>) -> Map {
        Map { entries: self.entries.clone(), go_type: Some(go_type) }
    }

    /// The same Go map (shared entries) as a `map[string]interface {}`.
    pub fn untyped(&self) -> Map {
        Map { entries: self.entries.clone(), go_type: None }
    }

    /// The Go type's name: `map[string]interface {}` unless the map has a named type.
    pub fn type_name(&self) -> &'static str {
        self.go_type.as_ref().map_or("map[string]interface {}", |go_type| go_type.name)
    }

    /// The method `name` of the map's type, if any.
    pub fn method(&self, name: &str) -> Option<FunctionValue> {
        self.go_type.as_ref()?.methods.iter().find(|method| method.name == name).cloned()
    }

    fn lock(&self) -> MutexGuard<'_, Arc<BTreeMap<String, Value>>> {
        // No code panics while holding the lock, so a poisoned lock still holds consistent entries.
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The entries as they are now, unaffected by later changes.
    pub fn snapshot(&self) -> Arc<BTreeMap<String, Value>> {
        self.lock().clone()
    }

    pub fn get(&self, key: &str) -> Option<Value> {
        self.lock().get(key).cloned()
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.lock().contains_key(key)
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// The entries as they are now, in key order, as owned pairs (cheap: values are shared).
    pub fn iter(&self) -> std::vec::IntoIter<(String, Value)> {
        let entries: Vec<(String, Value)> = self.lock().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        entries.into_iter()
    }

    /// The keys, sorted.
    pub fn keys(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// Sets `key` in place (Go's `m[key] = value`).
    pub fn insert(&self, key: &str, value: Value) {
        Arc::make_mut(&mut self.lock()).insert(key.to_string(), value);
    }

    /// Deletes `key` in place (Go's `delete(m, key)`).
    pub fn remove(&self, key: &str) -> Option<Value> {
        Arc::make_mut(&mut self.lock()).remove(key)
    }

    /// Whether both are the same Go map (not merely equal entries).
    pub fn same(&self, other: &Map) -> bool {
        Arc::ptr_eq(&self.entries, &other.entries)
    }

    /// An address naming this map while it lives, for cycle checks.
    pub fn identity(&self) -> usize {
        Arc::as_ptr(&self.entries) as usize
    }
}

impl PartialEq for Map {
    fn eq(&self, other: &Self) -> bool {
        self.same(other) || self.snapshot() == other.snapshot()
    }
}

impl fmt::Debug for Map {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.snapshot().iter()).finish()
    }
}

/// A template value. Maps have string keys and iterate in sorted key order, as Go's `range` and `fmt` do.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    /// A missing map key under the default `missingkey` option (Go's invalid value): prints `<no value>`.
    #[default]
    NoValue,
    /// Go's nil interface (JSON `null`).
    Nil,
    Bool(bool),
    /// Go's `int`: template literals, `len`, `int`, `atoi`, range indexes.
    Int(i64),
    /// Go's `int64`: `--set` integers, Sprig's integer math (`add`, `mul`, ...), `int64`, `toDecimal`.
    Int64(i64),
    /// Go's `uint8` (a byte): `index` of a string.
    Uint8(u8),
    /// Go's `uint64`: a semantic version's `Major`, `Minor` and `Patch`.
    Uint64(u64),
    /// Go's `float64`: numbers from values files, `fromJson`/`fromYaml`, Sprig's `*f` math.
    Float(f64),
    String(String),
    /// Shared, so passing `.` to `include` or ranging does not copy the data.
    List(Arc<Vec<Value>>),
    /// Shared and mutable in place, as Go's maps are ([`Map`]).
    Map(Map),
    /// A function value: called by `call`, or as a method when it ends a field chain.
    Function(FunctionValue),
    /// Go's `time.Time` (Sprig's `now`, `toDate`): a struct, so always true; prints as Go's `String()`.
    Time(Arc<Time>),
    /// Another Go struct or pointer to one (a version, `.Capabilities.KubeVersion`): always true.
    Object(Arc<Object>),
}

impl Value {
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    pub fn map(entries: BTreeMap<String, Value>) -> Value {
        Value::Map(Map::new(entries))
    }

    /// Go's truth: false, 0, nil, no value and empty strings, lists and maps are false.
    pub fn is_true(&self) -> bool {
        match self {
            Value::NoValue | Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(_) | Value::Int64(_) | Value::Uint8(_) | Value::Uint64(_) => self.integer() != Some(0),
            Value::Float(f) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            Value::Map(m) => !m.is_empty(),
            Value::Function(_) | Value::Time(_) | Value::Object(_) => true,
        }
    }

    /// The Go type name used in error messages and `%!verb(type=value)` forms.
    pub fn type_name(&self) -> &str {
        match self {
            Value::NoValue | Value::Nil => "<nil>",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Uint8(_) => "uint8",
            Value::Uint64(_) => "uint64",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::List(_) => "[]interface {}",
            Value::Map(map) => map.type_name(),
            Value::Function(_) => "func(...interface {}) (interface {}, error)",
            Value::Time(_) => "time.Time",
            Value::Object(object) => &object.type_name,
        }
    }

    /// The value of an integer of any Go size (wide enough for both `int64` and `uint64`), or `None`
    /// for anything else. Go's `eq`, `index`, `range` and `printf` accept integers of every size.
    pub fn integer(&self) -> Option<i128> {
        match self {
            Value::Int(i) | Value::Int64(i) => Some(i128::from(*i)),
            Value::Uint8(u) => Some(i128::from(*u)),
            Value::Uint64(u) => Some(i128::from(*u)),
            _ => None,
        }
    }

    /// An integer of any Go size as `i64`; `None` for other values and for a `uint64` beyond `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.integer().and_then(|i| i64::try_from(i).ok())
    }

    /// `n` as an integer of this value's Go type (`int` when this is not an integer); `n` must fit it.
    pub fn integer_of_same_type(&self, n: i64) -> Value {
        match self {
            Value::Int64(_) => Value::Int64(n),
            Value::Uint8(_) => Value::Uint8(u8::try_from(n).unwrap_or(u8::MAX)),
            Value::Uint64(_) => Value::Uint64(u64::try_from(n).unwrap_or_default()),
            _ => Value::Int(n),
        }
    }

    /// Whether `map` is this value or is reachable inside it: setting this value into `map` would make
    /// a cycle. Sprig's mutating functions refuse to, so printers and encoders never meet one (Go
    /// would overflow its stack printing it).
    pub fn reaches(&self, map: &Map) -> bool {
        match self {
            Value::Map(inner) => inner.same(map) || inner.snapshot().values().any(|value| value.reaches(map)),
            Value::List(items) => items.iter().any(|value| value.reaches(map)),
            _ => false,
        }
    }

    /// What a function argument receives: Go turns an invalid value into a nil interface.
    pub fn into_argument(self) -> Value {
        match self {
            Value::NoValue => Value::Nil,
            other => other,
        }
    }

    /// JSON integers become [`Value::Int64`] (what `--set n=4` gives in Helm), other numbers
    /// [`Value::Float`]. (Helm decodes values files and `--set-json` into float64 only, so `1000000`
    /// prints `1e+06` there; helm-values turns those numbers into floats before they get here.)
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int64(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => Value::list(items.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(map) => {
                Value::map(map.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
            }
        }
    }

    /// JSON for this value; no value and functions become `null`, non-finite floats too.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::NoValue | Value::Nil | Value::Function(_) => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Int(i) | Value::Int64(i) => serde_json::Value::from(*i),
            Value::Uint8(u) => serde_json::Value::from(*u),
            Value::Uint64(u) => serde_json::Value::from(*u),
            Value::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Time(time) => serde_json::Value::String(time.rfc3339_nano()),
            Value::Object(object) => object.json.clone(),
            Value::List(items) => serde_json::Value::Array(items.iter().map(Value::to_json).collect()),
            Value::Map(map) => serde_json::Value::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }

    /// Go's `fmt.Sprint` of one operand (`%v`): `map[a:1 b:2]`, `[1 2 3]`, `<nil>`.
    pub fn to_go_string(&self) -> String {
        let mut out = String::new();
        write_go_value(&mut out, self);
        out
    }
}

impl From<Time> for Value {
    fn from(time: Time) -> Self {
        Value::Time(Arc::new(time))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<serde_json::Value> for Value {
    fn from(json: serde_json::Value) -> Self {
        Value::from_json(&json)
    }
}

fn write_go_value(out: &mut String, value: &Value) {
    match value {
        Value::NoValue | Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(_) | Value::Int64(_) | Value::Uint8(_) | Value::Uint64(_) => {
            out.push_str(&value.integer().unwrap_or_default().to_string())
        }
        Value::Float(f) => out.push_str(&crate::printf::format_float_shortest(*f)),
        Value::String(s) => out.push_str(s),
        Value::Time(time) => out.push_str(&time.to_string()),
        Value::Object(object) => out.push_str(&object.formatted(false)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_go_value(out, item);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push_str("map[");
            for (i, (key, item)) in map.snapshot().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(key);
                out.push(':');
                write_go_value(out, item);
            }
            out.push(']');
        }
        // Go prints a func value as its address; a name is the deterministic stand-in.
        Value::Function(f) => out.push_str(&format!("func {}", f.name)),
    }
}
