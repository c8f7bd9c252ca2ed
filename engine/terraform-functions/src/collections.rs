//! Functions that look into or build lists and maps: `length`, `element`, `index`, `keys`,
//! `values`, `lookup`, `merge`, `zipmap`, `one`, `contains`, `transpose`, `matchkeys`.
//!
//! They work on what is known: `length` of a list with unknown elements, `keys` of a map with
//! unknown values, `lookup` of a present key and `element` at a known index are all known.

use crate::support::{equal, integer, items, text};
use crate::types::{type_of, unify, Type};
use crate::{param, Ctx, FunctionError, Spec, P};
use tollgate_model::{MapEntry, Value, ValueKind};
use unicode_segmentation::UnicodeSegmentation;

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("length", &[param("value", P::Any).unknowable()], length),
    Spec::new("element", &[param("list", P::Any), param("index", P::Number)], element),
    Spec::new("index", &[param("list", P::Any), param("value", P::Any)], index),
    Spec::new("keys", &[param("inputMap", P::Any).unknowable()], keys),
    Spec::new("values", &[param("values", P::Any)], values),
    Spec::variadic(
        "lookup",
        &[param("inputMap", P::Any), param("key", P::String)],
        param("default", P::Any).nullable().unknowable(),
        lookup,
    ),
    Spec::variadic("merge", &[], param("maps", P::Any).nullable(), merge),
    Spec::new("zipmap", &[param("keys", P::List(&P::String)), param("values", P::Any)], zipmap),
    Spec::new("one", &[param("list", P::Any)], one),
    Spec::new("contains", &[param("list", P::Any), param("value", P::Any)], contains),
    Spec::new("transpose", &[param("values", P::Map(&P::List(&P::String)))], transpose),
    Spec::new(
        "matchkeys",
        &[param("values", P::List(&P::Any)), param("keys", P::List(&P::Any)), param("searchset", P::List(&P::Any))],
        matchkeys,
    ),
];

impl Ctx<'_, '_> {
    /// An existing value returned as the call's result: located at the call.
    pub(crate) fn at(&self, mut value: Value) -> Value {
        value.span = self.span;
        value
    }
}

fn length(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    match &args[0].kind {
        ValueKind::Unknown(u) => Ok(ctx.unknown_from(u)),
        ValueKind::String(s) => Ok(ctx.int(s.graphemes(true).count() as i64)),
        ValueKind::List(items) => Ok(ctx.int(items.len() as i64)),
        ValueKind::Map(entries) => Ok(ctx.int(entries.len() as i64)),
        _ => Err(ctx.fail("argument must be a string, a collection type, or a structural type")),
    }
}

/// `element` wraps around: indexes past the end start again, negative ones count from the end.
fn element(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let index = integer(&args[1]).map_err(|e| ctx.fail(format!("invalid index: {e}")))?;
    let ValueKind::List(list) = &args[0].kind else {
        return Err(ctx.fail(format!("cannot read elements from {}", type_of(&args[0]).friendly_name())));
    };
    if list.is_empty() {
        return Err(ctx.fail("cannot use element function with an empty list"));
    }
    let position = index.rem_euclid(list.len() as i64) as usize;
    Ok(ctx.at(list[position].clone()))
}

fn index(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let ValueKind::List(list) = &args[0].kind else {
        return Err(ctx.fail("argument must be a list or tuple"));
    };
    if list.is_empty() {
        return Err(ctx.fail("cannot search an empty list"));
    }
    for (i, item) in list.iter().enumerate() {
        match equal(item, &args[1]) {
            Err(u) => return Ok(ctx.unknown_from(u)),
            Ok(true) => return Ok(ctx.int(i as i64)),
            Ok(false) => {}
        }
    }
    Err(ctx.fail("item not found"))
}

fn keys(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    match &args[0].kind {
        ValueKind::Unknown(u) => Ok(ctx.unknown_from(u)),
        ValueKind::Map(entries) => {
            let mut keys: Vec<&MapEntry> = entries.iter().collect();
            keys.sort_by(|a, b| a.key.cmp(&b.key));
            keys.dedup_by(|a, b| a.key == b.key);
            Ok(ctx.list(keys.into_iter().map(|e| Value::string(e.key.clone(), e.key_span)).collect()))
        }
        _ => Err(ctx.arg_fail(0, "must have map or object type")),
    }
}

fn values(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    match &args[0].kind {
        ValueKind::Map(entries) => {
            let sorted = crate::types::sorted_entries(entries.clone());
            Ok(ctx.list(sorted.into_iter().map(|e| e.value).collect()))
        }
        _ => Err(ctx.fail("values() requires a map as the first argument")),
    }
}

/// `lookup(map, key[, default])`. Tollgate cannot tell a map from an object, so a missing key
/// without a default is an error (as for objects) and a default is returned as given.
fn lookup(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if args.len() > 3 {
        return Err(ctx.fail(format!("lookup() takes two or three arguments, got {}", args.len())));
    }
    let ValueKind::Map(_) = &args[0].kind else {
        return Err(ctx.arg_fail(0, "lookup() requires a map as the first argument"));
    };
    let key = text(&args[1]).to_string();
    if let Some(found) = args[0].entry(&key) {
        return Ok(ctx.at(found.value.clone()));
    }
    match args.into_iter().nth(2) {
        Some(default) => match default.as_unknown() {
            Some(u) => Ok(ctx.unknown_from(u)),
            None => Ok(ctx.at(default)),
        },
        None => Err(ctx.arg_fail(0, format!("the given object has no attribute {}", crate::sets::go_quote(&key)))),
    }
}

fn merge(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let mut merged: Vec<MapEntry> = Vec::new();
    for arg in args {
        match arg.kind {
            ValueKind::Null => {}
            ValueKind::Map(entries) => merged.extend(entries),
            _ => {
                let got = type_of(&arg).friendly_name();
                return Err(ctx.fail(format!("arguments must be maps or objects, got \"{got}\"")));
            }
        }
    }
    Ok(ctx.map(merged))
}

fn zipmap(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let ValueKind::List(values) = &args[1].kind else {
        return Err(ctx.fail("values argument must be a list or tuple value"));
    };
    if let Some(unknown) = ctx.unknown_if_any(&args[..1]) {
        return Ok(unknown);
    }
    let keys = items(&args[0]);
    if keys.len() != values.len() {
        return Err(ctx.fail(format!(
            "number of keys ({}) does not match number of values ({})",
            keys.len(),
            values.len()
        )));
    }
    let mut entries = Vec::with_capacity(keys.len());
    for (i, (key, value)) in keys.iter().zip(values).enumerate() {
        let Some(name) = key.as_str() else {
            return Err(ctx.fail(format!("keys list has null value at index {i}")));
        };
        entries.push(MapEntry { key: name.to_string(), key_span: key.span, value: value.clone() });
    }
    Ok(ctx.map(entries))
}

fn one(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    match &args[0].kind {
        ValueKind::List(items) if items.is_empty() => Ok(ctx.null()),
        ValueKind::List(items) if items.len() == 1 => Ok(ctx.at(items[0].clone())),
        _ => Err(ctx.arg_fail(0, "must be a list, set, or tuple value with either zero or one elements")),
    }
}

fn contains(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let ValueKind::List(list) = &args[0].kind else {
        return Err(ctx.fail("argument must be list, tuple, or set"));
    };
    let mut undecided = None;
    for item in list {
        match equal(&args[1], item) {
            Ok(true) => return Ok(ctx.boolean(true)),
            Ok(false) => {}
            Err(u) => undecided = undecided.or(Some(u)),
        }
    }
    Ok(match undecided {
        Some(u) => ctx.unknown_from(u),
        None => ctx.boolean(false),
    })
}

fn transpose(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if let Some(unknown) = ctx.unknown_if_any(&args) {
        return Ok(unknown);
    }
    let mut inverted: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for entry in args[0].as_map().unwrap_or(&[]) {
        for value in items(&entry.value) {
            let Some(out_key) = value.as_str() else {
                return Err(ctx.fail("input list must not contain null string"));
            };
            inverted.entry(out_key.to_string()).or_default().push(entry.key.clone());
        }
    }
    let entries = inverted
        .into_iter()
        .map(|(key, mut names)| {
            names.sort();
            ctx.entry(key, ctx.list(names.into_iter().map(|n| ctx.string(n)).collect()))
        })
        .collect();
    Ok(ctx.map(entries))
}

fn matchkeys(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let element_type = |v: &Value| {
        let types: Vec<Type> = items(v).iter().map(type_of).collect();
        unify(&types).unwrap_or(Type::Dynamic)
    };
    let key_types = [Type::List(Box::new(element_type(&args[1]))), Type::List(Box::new(element_type(&args[2])))];
    let Some(Type::List(common)) = unify(&key_types) else {
        return Err(ctx.fail("keys and searchset must be of the same type"));
    };
    let (values, keys, searchset) = (items(&args[0]), items(&args[1]), items(&args[2]));
    if values.len() != keys.len() {
        return Err(ctx.fail("length of keys and values should be equal"));
    }
    if searchset.is_empty() {
        return Ok(ctx.list(vec![]));
    }
    if let Some(unknown) = ctx.unknown_if_any(&args[..2]) {
        return Ok(unknown);
    }
    let convert = |v: &Value| crate::types::convert(v.clone(), &common).unwrap_or_else(|_| v.clone());
    let searchset: Vec<Value> = searchset.iter().map(convert).collect();
    let mut out = Vec::new();
    for (value, key) in values.iter().zip(keys) {
        let key = convert(key);
        for search in &searchset {
            match equal(&key, search) {
                Err(_) => return Ok(ctx.list(vec![])),
                Ok(true) => {
                    out.push(value.clone());
                    break;
                }
                Ok(false) => {}
            }
        }
    }
    Ok(ctx.list(out))
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use tollgate_model::UnknownReason;

    #[test]
    fn length_counts_what_is_known() {
        assert_eq!(ok("length", vec![list(vec![num(1), unknown("x")])]), num(2));
        assert_eq!(ok("length", vec![s("héllo👍🏽")]), num(6));
        assert_eq!(ok("length", vec![map(vec![("a", num(1))])]), num(1));
        assert_eq!(unknown_reason(&ok("length", vec![unknown("x")])), UnknownReason::AfterApply);
        assert!(err("length", vec![num(5)]).contains("collection type"));
        assert!(err("length", vec![null()]).contains("must not be null"));
    }

    #[test]
    fn element_wraps_around() {
        let abc = strings(&["a", "b", "c"]);
        assert_eq!(ok("element", vec![abc.clone(), num(5)]), s("c"));
        assert_eq!(ok("element", vec![abc.clone(), num(-1)]), s("c"));
        assert_eq!(ok("element", vec![abc.clone(), num(-4)]), s("c"));
        assert_eq!(ok("element", vec![list(vec![unknown("x"), s("b")]), num(1)]), s("b"));
        assert!(err("element", vec![list(vec![]), num(0)]).contains("empty list"));
        assert!(err("element", vec![abc, float(1.5)]).contains("whole number"));
        assert!(err("element", vec![map(vec![]), num(0)]).contains("from object"));
    }

    #[test]
    fn index_and_contains_compare_by_type() {
        assert_eq!(ok("index", vec![strings(&["a", "b"]), s("b")]), num(1));
        assert!(err("index", vec![list(vec![num(1), num(2)]), s("2")]).contains("item not found"));
        assert!(err("index", vec![list(vec![]), num(1)]).contains("empty list"));
        assert_eq!(ok("contains", vec![list(vec![num(1), num(2)]), float(2.0)]), boolean(true));
        assert_eq!(ok("contains", vec![list(vec![num(1)]), s("1")]), boolean(false));
        assert_eq!(ok("contains", vec![list(vec![unknown("x"), s("a")]), s("a")]), boolean(true));
        assert!(ok("contains", vec![list(vec![unknown("x"), s("a")]), s("b")]).is_unknown());
        assert!(err("contains", vec![map(vec![]), num(1)]).contains("list, tuple, or set"));
    }

    #[test]
    fn keys_and_values_in_key_order() {
        let m = map(vec![("b", num(1)), ("a", s("x"))]);
        assert_eq!(ok("keys", vec![m.clone()]), strings(&["a", "b"]));
        assert_eq!(ok("values", vec![m]), list(vec![s("x"), num(1)]));
        assert_eq!(ok("keys", vec![map(vec![("a", unknown("x"))])]), strings(&["a"]));
        assert!(err("keys", vec![strings(&["a"])]).contains("map or object"));
        assert!(err("values", vec![strings(&["a"])]).contains("requires a map"));
    }

    #[test]
    fn lookup_with_and_without_default() {
        let m = map(vec![("a", num(1)), ("b", unknown("x"))]);
        assert_eq!(ok("lookup", vec![m.clone(), s("a")]), num(1));
        assert_eq!(ok("lookup", vec![m.clone(), s("z"), s("d")]), s("d"));
        assert_eq!(ok("lookup", vec![m.clone(), s("z"), null()]), null());
        assert_eq!(ok("lookup", vec![m.clone(), s("a"), unknown("y")]), num(1));
        assert!(ok("lookup", vec![m.clone(), s("z"), unknown("y")]).is_unknown());
        assert!(err("lookup", vec![m.clone(), s("z")]).contains("no attribute \"z\""));
        assert!(err("lookup", vec![m, s("a"), s("x"), s("y")]).contains("two or three"));
        assert!(err("lookup", vec![strings(&["a"]), s("0")]).contains("requires a map"));
        assert!(ok("lookup", vec![unknown("m"), s("a")]).is_unknown());
    }

    #[test]
    fn merge_later_wins_and_skips_null() {
        let merged = ok("merge", vec![map(vec![("b", num(1)), ("a", num(1))]), null(), map(vec![("b", s("x"))])]);
        assert_eq!(merged, map(vec![("a", num(1)), ("b", s("x"))]));
        assert_eq!(ok("merge", vec![]), map(vec![]));
        assert!(err("merge", vec![map(vec![]), strings(&["x"])]).contains("got \"tuple\""));
        assert!(ok("merge", vec![map(vec![]), unknown("x")]).is_unknown());
        assert!(ok("merge", vec![map(vec![("a", unknown("x"))])]).get("a").is_unknown());
    }

    #[test]
    fn zipmap_pairs_keys_and_values() {
        assert_eq!(
            ok("zipmap", vec![strings(&["b", "a"]), list(vec![s("x"), num(1)])]),
            map(vec![("a", num(1)), ("b", s("x"))])
        );
        assert_eq!(ok("zipmap", vec![strings(&["a", "a"]), list(vec![num(1), num(2)])]), map(vec![("a", num(2))]));
        assert_eq!(ok("zipmap", vec![list(vec![num(1)]), strings(&["x"])]), map(vec![("1", s("x"))]));
        assert!(err("zipmap", vec![strings(&["a"]), list(vec![num(1), num(2)])]).contains("number of keys (1)"));
        assert!(err("zipmap", vec![list(vec![s("a"), null()]), list(vec![num(1), num(2)])])
            .contains("null value at index 1"));
        assert!(ok("zipmap", vec![list(vec![unknown("k")]), list(vec![num(1)])]).is_unknown());
    }

    #[test]
    fn one_transpose_matchkeys() {
        assert_eq!(ok("one", vec![list(vec![])]), null());
        assert_eq!(ok("one", vec![strings(&["a"])]), s("a"));
        assert!(err("one", vec![strings(&["a", "b"])]).contains("zero or one"));
        let t = ok("transpose", vec![map(vec![("a", strings(&["1", "2"])), ("b", strings(&["2", "3"]))])]);
        assert_eq!(t, map(vec![("1", strings(&["a"])), ("2", strings(&["a", "b"])), ("3", strings(&["b"]))]));
        let picked =
            ok("matchkeys", vec![strings(&["i1", "i2", "i3"]), strings(&["us", "eu", "us"]), strings(&["us"])]);
        assert_eq!(picked, strings(&["i1", "i3"]));
        assert_eq!(
            ok("matchkeys", vec![strings(&["a", "b"]), list(vec![num(1), num(2)]), strings(&["2"])]),
            strings(&["b"])
        );
        assert!(err("matchkeys", vec![strings(&["a"]), list(vec![num(1)]), list(vec![boolean(true)])])
            .contains("same type"));
    }
}
