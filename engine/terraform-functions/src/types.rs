//! Terraform's type system, as far as functions need it.
//!
//! Tollgate values carry no static type: a list literal is a tuple, a map literal an object, and a
//! `tolist(...)` result is again just a list. Functions still behave by type in Terraform (HCL converts
//! every argument to its parameter's type, `tolist` unifies element types, `coalesce` unifies its
//! arguments), so this module infers a value's type ([`type_of`]), unifies several types into one the
//! way cty's `UnifyUnsafe` does ([`unify`]), and converts values as cty's unsafe conversions do
//! ([`convert`]): numbers and bools become strings, strings holding numbers or bools convert back.
//! Declared constraints (`variable` types, `optional(T, default)`) are the evaluator's `eval::types`, not these.

use crate::number::{format_number, parse_number};
use crate::sets::normalize_set;
use std::collections::BTreeMap;
use tollgate_model::{MapEntry, Value, ValueKind};

/// Deeper values than this are not walked (they cannot come from real configurations).
pub(crate) const MAX_DEPTH: usize = 256;

/// A Terraform type. `Dynamic` stands for "any type" (and is the type of `null` and of unknowns,
/// whose type Tollgate does not track).
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Dynamic,
    Bool,
    Number,
    String,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(BTreeMap<String, Type>),
}

impl Type {
    /// The name Terraform uses in messages: `string`, `list of number`, `tuple`, `object`...
    pub fn friendly_name(&self) -> String {
        match self {
            Type::Dynamic => "dynamic".into(),
            Type::Bool => "bool".into(),
            Type::Number => "number".into(),
            Type::String => "string".into(),
            Type::List(e) => format!("list of {}", element_name(e)),
            Type::Set(e) => format!("set of {}", element_name(e)),
            Type::Map(e) => format!("map of {}", element_name(e)),
            Type::Tuple(_) => "tuple".into(),
            Type::Object(_) => "object".into(),
        }
    }

    fn is_primitive(&self) -> bool {
        matches!(self, Type::Bool | Type::Number | Type::String)
    }
}

fn element_name(t: &Type) -> String {
    match t {
        Type::Dynamic => "any single type".into(),
        other => other.friendly_name(),
    }
}

/// The type a value has as written: lists are tuples, maps are objects, `null` and unknowns are dynamic.
pub fn type_of(value: &Value) -> Type {
    type_at(value, 0)
}

fn type_at(value: &Value, depth: usize) -> Type {
    if depth > MAX_DEPTH {
        return Type::Dynamic;
    }
    match &value.kind {
        ValueKind::Null | ValueKind::Unknown(_) => Type::Dynamic,
        ValueKind::Bool(_) => Type::Bool,
        ValueKind::Number(_) => Type::Number,
        ValueKind::String(_) => Type::String,
        ValueKind::List(items) => Type::Tuple(items.iter().map(|v| type_at(v, depth + 1)).collect()),
        ValueKind::Map(entries) => {
            Type::Object(entries.iter().map(|e| (e.key.clone(), type_at(&e.value, depth + 1))).collect())
        }
    }
}

/// The most general type all `types` convert to, as cty's `UnifyUnsafe` finds it: objects with the same
/// attributes unify attribute-wise, otherwise into a map; tuples of one length element-wise, otherwise
/// into a list; primitives into `string` when one of them is a string (number and bool do not unify).
pub fn unify(types: &[Type]) -> Option<Type> {
    if types.is_empty() {
        return None;
    }
    let objects: Vec<&Type> = types.iter().filter(|t| matches!(t, Type::Object(_))).collect();
    let tuples: Vec<&Type> = types.iter().filter(|t| matches!(t, Type::Tuple(_))).collect();
    let dynamic = types.iter().filter(|t| **t == Type::Dynamic).count();
    if !objects.is_empty() && !tuples.is_empty() {
        return None;
    }
    if !objects.is_empty() && objects.len() + dynamic == types.len() {
        return unify_objects(&objects);
    }
    if !tuples.is_empty() && tuples.len() + dynamic == types.len() {
        return unify_tuples(&tuples);
    }
    // Most general first: strings before other primitives, dynamic last.
    let mut order: Vec<&Type> = types.iter().collect();
    order.sort_by_key(|t| match t {
        Type::String => 0,
        Type::Dynamic => 2,
        _ => 1,
    });
    order.into_iter().find(|want| types.iter().all(|t| convertible(t, want))).cloned()
}

fn unify_objects(objects: &[&Type]) -> Option<Type> {
    let attrs: Vec<&BTreeMap<String, Type>> = objects
        .iter()
        .filter_map(|t| match t {
            Type::Object(a) => Some(a),
            _ => None,
        })
        .collect();
    let first = attrs.first()?;
    let same_names = attrs.iter().all(|a| a.len() == first.len() && a.keys().all(|k| first.contains_key(k)));
    if same_names {
        let mut unified = BTreeMap::new();
        for name in first.keys() {
            let across: Vec<Type> = attrs.iter().filter_map(|a| a.get(name).cloned()).collect();
            unified.insert(name.clone(), unify(&across)?);
        }
        return Some(Type::Object(unified));
    }
    let all: Vec<Type> = attrs.iter().flat_map(|a| a.values().cloned()).collect();
    Some(Type::Map(Box::new(unify(&all)?)))
}

fn unify_tuples(tuples: &[&Type]) -> Option<Type> {
    let elems: Vec<&Vec<Type>> = tuples
        .iter()
        .filter_map(|t| match t {
            Type::Tuple(e) => Some(e),
            _ => None,
        })
        .collect();
    let first = elems.first()?;
    if elems.iter().all(|e| e.len() == first.len()) {
        let mut unified = Vec::with_capacity(first.len());
        for i in 0..first.len() {
            let across: Vec<Type> = elems.iter().filter_map(|e| e.get(i).cloned()).collect();
            unified.push(unify(&across)?);
        }
        return Some(Type::Tuple(unified));
    }
    let all: Vec<Type> = elems.iter().flat_map(|e| e.iter().cloned()).collect();
    Some(Type::List(Box::new(unify(&all)?)))
}

/// Whether cty has an (unsafe) conversion from `from` to `to`.
fn convertible(from: &Type, to: &Type) -> bool {
    if from == to || *to == Type::Dynamic || *from == Type::Dynamic {
        return true;
    }
    match (from, to) {
        (f, t) if f.is_primitive() && t.is_primitive() => *f == Type::String || *t == Type::String,
        (Type::Tuple(es), Type::List(e) | Type::Set(e)) => elements_convertible(es.iter(), e),
        (Type::List(f) | Type::Set(f), Type::List(e) | Type::Set(e)) => convertible(f, e),
        (Type::Object(attrs), Type::Map(e)) => elements_convertible(attrs.values(), e),
        (Type::Map(f), Type::Map(e)) => convertible(f, e),
        (Type::Tuple(fs), Type::Tuple(ts)) => fs.len() == ts.len() && fs.iter().zip(ts).all(|(f, t)| convertible(f, t)),
        (Type::Object(fs), Type::Object(ts)) => {
            ts.iter().all(|(name, t)| fs.get(name).is_some_and(|f| convertible(f, t)))
        }
        _ => false,
    }
}

fn elements_convertible<'a>(mut elements: impl Iterator<Item = &'a Type> + Clone, to: &Type) -> bool {
    if *to == Type::Dynamic {
        let all: Vec<Type> = elements.clone().cloned().collect();
        return all.is_empty() || unify(&all).is_some();
    }
    elements.all(|e| convertible(e, to))
}

/// Converts `value` to `want` as HCL converts function arguments (cty's unsafe conversions). `null`
/// and unknown values convert to anything unchanged. The error is cty's message (`string required`,
/// `element 0: a number is required`...).
pub fn convert(value: Value, want: &Type) -> Result<Value, String> {
    convert_at(value, want, 0)
}

fn convert_at(value: Value, want: &Type, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err("value is nested too deeply".into());
    }
    if matches!(want, Type::Dynamic) || matches!(value.kind, ValueKind::Null | ValueKind::Unknown(_)) {
        return Ok(value);
    }
    let span = value.span;
    match want {
        Type::String => match value.kind {
            ValueKind::String(_) => Ok(value),
            ValueKind::Number(n) => Ok(Value::string(format_number(n), span)),
            ValueKind::Bool(b) => Ok(Value::string(if b { "true" } else { "false" }, span)),
            _ => Err("string required".into()),
        },
        Type::Number => match &value.kind {
            ValueKind::Number(_) => Ok(value),
            ValueKind::String(s) => match parse_number(s) {
                Some(n) => Ok(Value::new(ValueKind::Number(n), span)),
                None => Err("a number is required".into()),
            },
            _ => Err("number required".into()),
        },
        Type::Bool => match &value.kind {
            ValueKind::Bool(_) => Ok(value),
            ValueKind::String(s) => match s.as_str() {
                "true" | "1" => Ok(Value::new(ValueKind::Bool(true), span)),
                "false" | "0" => Ok(Value::new(ValueKind::Bool(false), span)),
                _ => Err("a bool is required".into()),
            },
            _ => Err("bool required".into()),
        },
        Type::List(element) | Type::Set(element) => {
            let ValueKind::List(items) = value.kind else {
                return Err(format!("{} required", want.friendly_name()));
            };
            let kind = if matches!(want, Type::Set(_)) { "set" } else { "list" };
            let element = element_type(&items, element, kind)?;
            let items = convert_elements(items, &element, depth)?;
            let items = if matches!(want, Type::Set(_)) { normalize_set(items, &element) } else { items };
            Ok(Value::new(ValueKind::List(items), span))
        }
        Type::Tuple(types) => {
            let ValueKind::List(items) = value.kind else {
                return Err("tuple required".into());
            };
            if items.len() != types.len() {
                return Err(format!("tuple required with {} elements", types.len()));
            }
            let mut out = Vec::with_capacity(items.len());
            for (i, (item, t)) in items.into_iter().zip(types).enumerate() {
                out.push(convert_at(item, t, depth + 1).map_err(|e| format!("element {i}: {e}"))?);
            }
            Ok(Value::new(ValueKind::List(out), span))
        }
        Type::Map(element) => {
            let ValueKind::Map(entries) = value.kind else {
                return Err(format!("{} required", want.friendly_name()));
            };
            let values: Vec<Value> = entries.iter().map(|e| e.value.clone()).collect();
            let element = element_type(&values, element, "map")?;
            let mut out = Vec::with_capacity(entries.len());
            for entry in entries {
                let converted = convert_at(entry.value, &element, depth + 1)
                    .map_err(|e| format!("element {:?}: {e}", entry.key))?;
                out.push(MapEntry { key: entry.key, key_span: entry.key_span, value: converted });
            }
            Ok(Value::new(ValueKind::Map(sorted_entries(out)), span))
        }
        Type::Object(attrs) => {
            let ValueKind::Map(entries) = value.kind else {
                return Err("object required".into());
            };
            let mut out = Vec::with_capacity(attrs.len());
            for (name, t) in attrs {
                let Some(entry) = entries.iter().rev().find(|e| &e.key == name) else {
                    return Err(format!("attribute {name:?} is required"));
                };
                let converted =
                    convert_at(entry.value.clone(), t, depth + 1).map_err(|e| format!("attribute {name:?}: {e}"))?;
                out.push(MapEntry { key: name.clone(), key_span: entry.key_span, value: converted });
            }
            Ok(Value::new(ValueKind::Map(out), span))
        }
        Type::Dynamic => Ok(value),
    }
}

/// The element type of a collection conversion: the wanted one, or the unification of the elements'
/// types when any single type will do.
fn element_type(items: &[Value], wanted: &Type, kind: &str) -> Result<Type, String> {
    if *wanted != Type::Dynamic {
        return Ok(wanted.clone());
    }
    if items.is_empty() {
        return Ok(Type::Dynamic);
    }
    let types: Vec<Type> = items.iter().map(type_of).collect();
    unify(&types).ok_or_else(|| format!("all {kind} elements must have the same type"))
}

fn convert_elements(items: Vec<Value>, element: &Type, depth: usize) -> Result<Vec<Value>, String> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        out.push(convert_at(item, element, depth + 1).map_err(|e| format!("element {i}: {e}"))?);
    }
    Ok(out)
}

/// Map entries in Terraform's iteration order (by key, bytewise), the last of duplicate keys kept.
pub(crate) fn sorted_entries(mut entries: Vec<MapEntry>) -> Vec<MapEntry> {
    // A stable sort keeps duplicates in source order; dedup_by keeps the first of a run, so reverse
    // each run's order first by sorting on (key, reversed position).
    let mut indexed: Vec<(usize, MapEntry)> = entries.drain(..).enumerate().collect();
    indexed.sort_by(|(ia, a), (ib, b)| a.key.cmp(&b.key).then(ib.cmp(ia)));
    indexed.dedup_by(|(_, later), (_, kept)| later.key == kept.key);
    indexed.into_iter().map(|(_, e)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn primitives_unify_into_string_only_when_a_string_is_present() {
        assert_eq!(unify(&[Type::Number, Type::String]), Some(Type::String));
        assert_eq!(unify(&[Type::Bool, Type::String, Type::Number]), Some(Type::String));
        assert_eq!(unify(&[Type::Number, Type::Bool]), None);
        assert_eq!(unify(&[Type::Dynamic, Type::Number]), Some(Type::Number));
        assert_eq!(unify(&[Type::Dynamic]), Some(Type::Dynamic));
    }

    #[test]
    fn objects_unify_attribute_wise_or_into_a_map() {
        let same = [type_of(&map(vec![("a", num(1))])), type_of(&map(vec![("a", s("x"))]))];
        assert_eq!(unify(&same), Some(Type::Object(BTreeMap::from([("a".to_string(), Type::String)]))));
        let different = [type_of(&map(vec![("a", num(1))])), type_of(&map(vec![("b", s("x"))]))];
        assert_eq!(unify(&different), Some(Type::Map(Box::new(Type::String))));
        let mixed = [type_of(&map(vec![])), type_of(&list(vec![]))];
        assert_eq!(unify(&mixed), None);
    }

    #[test]
    fn tuples_of_different_lengths_unify_into_a_list() {
        let types = [type_of(&list(vec![num(1)])), type_of(&list(vec![]))];
        assert_eq!(unify(&types), Some(Type::List(Box::new(Type::Number))));
    }

    #[test]
    fn conversion_follows_cty() {
        assert_eq!(convert(num(5), &Type::String).unwrap(), s("5"));
        assert_eq!(convert(boolean(true), &Type::String).unwrap(), s("true"));
        assert_eq!(convert(s("1.5"), &Type::Number).unwrap(), float(1.5));
        assert_eq!(convert(s("0"), &Type::Bool).unwrap(), boolean(false));
        assert_eq!(convert(s("x"), &Type::Number).unwrap_err(), "a number is required");
        assert_eq!(convert(num(1), &Type::Bool).unwrap_err(), "bool required");
        let list_any = Type::List(Box::new(Type::Dynamic));
        assert_eq!(convert(list(vec![num(1), s("a")]), &list_any).unwrap(), list(vec![s("1"), s("a")]));
        assert_eq!(
            convert(list(vec![num(1), boolean(true)]), &list_any).unwrap_err(),
            "all list elements must have the same type"
        );
        let strings = Type::List(Box::new(Type::String));
        assert_eq!(convert(list(vec![list(vec![])]), &strings).unwrap_err(), "element 0: string required");
    }

    #[test]
    fn map_conversion_sorts_keys() {
        let converted = convert(map(vec![("b", num(1)), ("a", s("x"))]), &Type::Map(Box::new(Type::Dynamic)));
        assert_eq!(converted.unwrap(), map(vec![("a", s("x")), ("b", s("1"))]));
    }

    #[test]
    fn sorted_entries_keep_the_last_duplicate() {
        let entries = vec![entry("b", num(1)), entry("a", num(2)), entry("b", num(3))];
        let sorted = sorted_entries(entries);
        assert_eq!(sorted.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(sorted[1].value, num(3));
    }
}
