//! Sprig's dicts: `dict`, `get`, `set`, `unset`, `hasKey`, `pluck`, `dig`, `merge`, `mergeOverwrite`,
//! `mustMerge`, `mustMergeOverwrite`, `keys`, `values`, `pick`, `omit`, `deepCopy`, `mustDeepCopy`.
//!
//! Mutation: `set`, `unset`, `merge` and `mergeOverwrite` change their first map in place and return it,
//! as in Go: maps are shared references ([`tollgate_gotemplate::Map`]), so `$_ := set $ctx "k" v` is seen
//! through every variable, `.Values` path or `include` argument holding the same map. A change that
//! would put a map inside itself is refused (Go would build the cycle and crash printing it).
//! `merge` shares the source's nested maps where the destination had none, as mergo does.
//!
//! Order: Go's `keys` and `values` follow random map order; here they follow sorted key order.

use std::collections::BTreeMap;

use tollgate_gotemplate::{Functions, Map, Value};

use crate::defaults::is_empty;
use crate::types::{arg1, string_param, to_string};

pub fn register(functions: &mut Functions) {
    functions.add("dict", |args| {
        let mut entries = BTreeMap::new();
        for pair in args.chunks(2) {
            let value = pair.get(1).cloned().unwrap_or_else(|| Value::from(""));
            entries.insert(to_string(&pair[0]), value);
        }
        Ok(Value::map(entries))
    });
    functions.add("get", |args| match args {
        [map, key] => {
            let key = string_param(key)?;
            Ok(map_arg(map)?.and_then(|map| map.get(&key)).unwrap_or_else(|| Value::from("")))
        }
        _ => Err(crate::types::wrong_count("get", 2, args.len())),
    });
    functions.add("hasKey", |args| match args {
        [map, key] => {
            let key = string_param(key)?;
            Ok(Value::Bool(map_arg(map)?.is_some_and(|map| map.contains_key(&key))))
        }
        _ => Err(crate::types::wrong_count("hasKey", 2, args.len())),
    });
    functions.add("set", |args| match args {
        [map, key, value] => {
            let key = string_param(key)?;
            let map = map_arg(map)?.ok_or("assignment to entry in nil map")?;
            refuse_cycle(&map, value)?;
            map.insert(&key, value.clone());
            Ok(Value::Map(map))
        }
        _ => Err(crate::types::wrong_count("set", 3, args.len())),
    });
    functions.add("unset", |args| match args {
        [map, key] => {
            let key = string_param(key)?;
            // Deleting from Go's nil map is allowed; it prints as an empty map.
            let map = map_arg(map)?.unwrap_or_default();
            map.remove(&key);
            Ok(Value::Map(map))
        }
        _ => Err(crate::types::wrong_count("unset", 2, args.len())),
    });
    register_queries(functions);
    register_merges(functions);
}

/// The Go type of Helm's `.Files` (`%T`), a `map[string][]byte`: no `map[string]interface {}` parameter
/// takes it (`common.Values`, a `map[string]interface {}` underneath, is taken), and encoders write its
/// contents in base64.
pub const FILES_TYPE: &str = "engine.files";

/// A `map[string]interface{}` parameter: a map, or nil (Go's nil map).
fn map_arg(value: &Value) -> Result<Option<Map>, String> {
    match value {
        Value::Map(map) if map.type_name() == FILES_TYPE => {
            Err(format!("wrong type for value; expected map[string]interface {{}}; got {FILES_TYPE}"))
        }
        Value::Map(map) => Ok(Some(map.clone())),
        Value::Nil | Value::NoValue => Ok(None),
        other => Err(format!("can't handle {} for arg of type map[string]interface {{}}", other.to_go_string())),
    }
}

fn refuse_cycle(map: &Map, value: &Value) -> Result<(), String> {
    if value.reaches(map) {
        return Err("cannot put a map inside itself: the result could never be printed".to_string());
    }
    Ok(())
}

fn register_queries(functions: &mut Functions) {
    functions.add("pluck", |args| {
        let Some((key, maps)) = args.split_first() else {
            return Err("wrong number of args for pluck: want at least 1 got 0".to_string());
        };
        let key = string_param(key)?;
        let mut found = Vec::new();
        for map in maps {
            if let Some(value) = map_arg(map)?.and_then(|map| map.get(&key)) {
                found.push(value);
            }
        }
        Ok(Value::list(found))
    });
    functions.add("dig", dig);
    functions.add("keys", |args| {
        let mut keys = Vec::new();
        for map in args {
            keys.extend(map_arg(map)?.map(|map| map.keys()).unwrap_or_default().into_iter().map(Value::String));
        }
        Ok(Value::list(keys))
    });
    functions.add("values", |args| {
        let map = map_arg(arg1("values", args)?)?;
        Ok(Value::list(map.map(|map| map.snapshot().values().cloned().collect()).unwrap_or_default()))
    });
    functions.add("pick", |args| select("pick", args, true));
    functions.add("omit", |args| select("omit", args, false));
    for name in ["deepCopy", "mustDeepCopy"] {
        functions.add(name, move |args| match arg1(name, args)? {
            Value::Nil | Value::NoValue => Err("reflect: call of reflect.Value.Type on zero Value".to_string()),
            value => Ok(deep_copy(value)),
        });
    }
}

/// `dig KEY... DEFAULT MAP`: the value at the key path, the default where a key is missing.
fn dig(args: &[Value]) -> Result<Value, String> {
    if args.len() < 3 {
        return Err("dig needs at least three arguments".to_string());
    }
    let (keys, rest) = args.split_at(args.len() - 2);
    let (default, dict) = (&rest[0], &rest[1]);
    // Sprig asserts the dict, then every key, before walking; a named map type (`.Values` itself) fails
    // the assertion as it does in Go.
    let mut current = plain_map(dict)?.clone();
    let keys: Vec<&String> = keys.iter().map(|key| asserted(key, "string", string_of)).collect::<Result<_, _>>()?;
    for (depth, key) in keys.iter().enumerate() {
        match current.get(key) {
            Some(value) if depth + 1 == keys.len() => return Ok(value),
            Some(value) => current = plain_map(&value)?.clone(),
            None => return Ok(default.clone()),
        }
    }
    Ok(default.clone())
}

/// `value.(map[string]interface {})`: only a map of that very type passes.
fn plain_map(value: &Value) -> Result<&Map, String> {
    asserted(value, "map[string]interface {}", |value| match value {
        Value::Map(map) if map.type_name() == "map[string]interface {}" => Some(map),
        _ => None,
    })
}

fn string_of(value: &Value) -> Option<&String> {
    match value {
        Value::String(text) => Some(text),
        _ => None,
    }
}

/// A Go type assertion from `interface {}`, failing with the panic text Helm reports.
fn asserted<'a, T: ?Sized>(
    value: &'a Value,
    want: &str,
    get: impl Fn(&'a Value) -> Option<&'a T>,
) -> Result<&'a T, String> {
    get(value).ok_or_else(|| {
        let found = if matches!(value, Value::Nil | Value::NoValue) { "nil" } else { value.type_name() };
        format!("interface conversion: interface {{}} is {found}, not {want}")
    })
}

fn select(name: &str, args: &[Value], keep: bool) -> Result<Value, String> {
    let Some((map, keys)) = args.split_first() else {
        return Err(format!("wrong number of args for {name}: want at least 1 got 0"));
    };
    let keys: Vec<String> = keys.iter().map(string_param).collect::<Result<_, _>>()?;
    let entries = map_arg(map)?.map(|map| map.snapshot()).unwrap_or_default();
    let chosen = entries.iter().filter(|(key, _)| keys.contains(key) == keep);
    Ok(Value::map(chosen.map(|(key, value)| (key.clone(), value.clone())).collect()))
}

/// A copy sharing nothing with the original: new maps all the way down.
pub fn deep_copy(value: &Value) -> Value {
    match value {
        Value::List(items) => Value::list(items.iter().map(deep_copy).collect()),
        Value::Map(map) => Value::map(map.snapshot().iter().map(|(k, v)| (k.clone(), deep_copy(v))).collect()),
        other => other.clone(),
    }
}

fn register_merges(functions: &mut Functions) {
    for (name, overwrite) in
        [("merge", false), ("mustMerge", false), ("mergeOverwrite", true), ("mustMergeOverwrite", true)]
    {
        functions.add(name, move |args| {
            let Some((destination, sources)) = args.split_first() else {
                return Err(format!("wrong number of args for {name}: want at least 1 got 0"));
            };
            let destination = map_arg(destination)?.unwrap_or_default();
            for source in sources {
                if let Some(source) = map_arg(source)? {
                    merge_into(&destination, &source, overwrite)?;
                }
            }
            Ok(Value::Map(destination))
        });
    }
}

/// mergo's deep merge as Sprig calls it: maps on both sides merge key by key; otherwise the source's
/// value is taken where the destination has none or an empty one, or always with `overwrite` (nil
/// included). Without `overwrite`, a nil source value is never taken.
fn merge_into(destination: &Map, source: &Map, overwrite: bool) -> Result<(), String> {
    if destination.same(source) {
        return Ok(());
    }
    for (key, source_value) in source.snapshot().iter() {
        let existing = destination.get(key);
        if let (Some(Value::Map(inner)), Value::Map(source_inner)) = (&existing, source_value) {
            merge_into(inner, source_inner, overwrite)?;
            continue;
        }
        let take = if overwrite {
            true
        } else {
            !matches!(source_value, Value::Nil | Value::NoValue) && existing.as_ref().is_none_or(is_empty)
        };
        if take {
            refuse_cycle(destination, source_value)?;
            destination.insert(key, source_value.clone());
        }
    }
    Ok(())
}
