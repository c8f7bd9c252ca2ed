//! Terraform sets as Tollgate lists: deduplicated and in cty's order. Strings sort bytewise,
//! numbers numerically, `false` before `true`, nulls after them and unknowns last; sets of other
//! types are ordered bytewise by cty's hash encoding of each element, as Terraform prints them.
//! Also the set functions: `setunion`, `setintersection`, `setsubtract`, `setproduct`.

use crate::number::{self, format_g};
use crate::support::{equal, items};
use crate::types::{convert, type_of, unify, Type};
use crate::{param, Ctx, FunctionError, Spec, P};
use std::cmp::Ordering;
use tollgate_model::{Value, ValueKind};

const SET: P = P::Set(&P::Any);

pub(crate) const SPECS: &[Spec] = &[
    Spec::variadic("setunion", &[param("first_set", SET)], param("other_sets", SET), setunion),
    Spec::variadic("setintersection", &[param("first_set", SET)], param("other_sets", SET), setintersection),
    Spec::new("setsubtract", &[param("a", SET), param("b", SET)], setsubtract),
    Spec::variadic("setproduct", &[], param("sets", P::Any), setproduct),
];

/// Set arguments converted to their common element type, with that type.
type CommonSets = (Vec<Vec<Value>>, Type);

/// The sets converted to their common element type, or `Err` with the result (unknown) or error.
fn common_sets(ctx: &Ctx, args: Vec<Value>) -> Result<CommonSets, Result<Value, FunctionError>> {
    if let Some(unknown) = ctx.unknown_if_any(&args) {
        return Err(Ok(unknown));
    }
    let types: Vec<Type> = args.iter().flat_map(|a| items(a).iter().map(type_of)).collect();
    let element = if types.is_empty() { Some(Type::Dynamic) } else { unify(&types) };
    let Some(element) = element else {
        return Err(Err(ctx.fail("given sets must all have compatible element types")));
    };
    let mut sets = Vec::with_capacity(args.len());
    for arg in args {
        let converted = items(&arg).iter().map(|v| convert(v.clone(), &element)).collect::<Result<Vec<_>, _>>();
        sets.push(converted.map_err(|e| Err(ctx.fail(e)))?);
    }
    Ok((sets, element))
}

fn setunion(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let (sets, element) = match common_sets(ctx, args) {
        Ok(found) => found,
        Err(result) => return result,
    };
    Ok(ctx.list(normalize_set(sets.into_iter().flatten().collect(), &element)))
}

fn setintersection(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let (mut sets, element) = match common_sets(ctx, args) {
        Ok(found) => found,
        Err(result) => return result,
    };
    let first = sets.remove(0);
    let kept = first.into_iter().filter(|v| sets.iter().all(|set| set.iter().any(|o| equal(v, o) == Ok(true))));
    Ok(ctx.list(normalize_set(kept.collect(), &element)))
}

fn setsubtract(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let (mut sets, element) = match common_sets(ctx, args) {
        Ok(found) => found,
        Err(result) => return result,
    };
    let removed = sets.pop().unwrap_or_default();
    let first = sets.pop().unwrap_or_default();
    let kept = first.into_iter().filter(|v| !removed.iter().any(|o| equal(v, o) == Ok(true)));
    Ok(ctx.list(normalize_set(kept.collect(), &element)))
}

/// Products larger than this are refused rather than built.
const MAX_PRODUCT: usize = 1_024_000;

/// The cartesian product of lists, in order (Tollgate cannot tell sets from lists here).
fn setproduct(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if args.len() < 2 {
        return Err(ctx.fail("at least two arguments are required"));
    }
    let mut columns = Vec::with_capacity(args.len());
    for (i, arg) in args.iter().enumerate() {
        let ValueKind::List(list) = &arg.kind else {
            return Err(ctx.arg_fail(i, "a set or a list is required"));
        };
        let types: Vec<Type> = list.iter().map(type_of).collect();
        let element = if types.is_empty() { Some(Type::Dynamic) } else { unify(&types) };
        let Some(element) = element else {
            return Err(ctx.arg_fail(i, "all elements must be of the same type"));
        };
        let converted = list.iter().map(|v| convert(v.clone(), &element)).collect::<Result<Vec<_>, _>>();
        columns.push(converted.map_err(|e| ctx.arg_fail(i, e))?);
    }
    let total = columns.iter().try_fold(1usize, |acc, c| acc.checked_mul(c.len()));
    match total {
        Some(0) => return Ok(ctx.list(vec![])),
        Some(n) if n <= MAX_PRODUCT => {}
        _ => return Err(ctx.fail(format!("the product would have more than {MAX_PRODUCT} elements"))),
    }
    let mut rows: Vec<Vec<Value>> = vec![vec![]];
    for column in &columns {
        rows = rows
            .into_iter()
            .flat_map(|row| {
                column.iter().map(move |v| {
                    let mut next = row.clone();
                    next.push(v.clone());
                    next
                })
            })
            .collect();
    }
    Ok(ctx.list(rows.into_iter().map(|row| ctx.list(row)).collect()))
}

/// Removes duplicates (the first of equal elements stays) and orders the elements as cty orders a
/// set whose element type is `element`.
pub(crate) fn normalize_set(items: Vec<Value>, element: &Type) -> Vec<Value> {
    let mut unique: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !unique.iter().any(|kept| equal(kept, &item) == Ok(true)) {
            unique.push(item);
        }
    }
    let (unknown, mut known): (Vec<Value>, Vec<Value>) = unique.into_iter().partition(Value::is_unknown);
    match element {
        Type::String | Type::Number | Type::Bool | Type::Dynamic => known.sort_by(compare_primitives),
        other => known.sort_by_cached_key(|v| hash_bytes(v, other)),
    }
    known.extend(unknown);
    known
}

fn compare_primitives(a: &Value, b: &Value) -> Ordering {
    match (&a.kind, &b.kind) {
        (ValueKind::String(x), ValueKind::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        (ValueKind::Number(x), ValueKind::Number(y)) => number::compare(*x, *y),
        (ValueKind::Bool(x), ValueKind::Bool(y)) => x.cmp(y),
        (ValueKind::Null, ValueKind::Null) => Ordering::Equal,
        (ValueKind::Null, _) => Ordering::Greater,
        (_, ValueKind::Null) => Ordering::Less,
        _ => Ordering::Equal,
    }
}

/// cty's set hash encoding of a value of type `ty`.
fn hash_bytes(value: &Value, ty: &Type) -> Vec<u8> {
    let mut out = Vec::new();
    append_hash(value, ty, &mut out, 0);
    out
}

fn append_hash(value: &Value, ty: &Type, out: &mut Vec<u8>, depth: usize) {
    if depth > crate::types::MAX_DEPTH {
        return;
    }
    let inferred;
    let ty = if *ty == Type::Dynamic {
        inferred = type_of(value);
        &inferred
    } else {
        ty
    };
    match &value.kind {
        ValueKind::Unknown(_) => out.push(b'?'),
        ValueKind::Null => out.push(b'~'),
        ValueKind::Number(n) => out.extend(format_g(*n, Some(10)).bytes()),
        ValueKind::Bool(b) => out.push(if *b { b'T' } else { b'F' }),
        ValueKind::String(s) => out.extend(go_quote(s).bytes()),
        ValueKind::List(items) => {
            let (open, close) = if matches!(ty, Type::Tuple(_)) { (b'<', b'>') } else { (b'[', b']') };
            out.push(open);
            for (i, item) in items.iter().enumerate() {
                let item_ty = match ty {
                    Type::List(e) | Type::Set(e) => (**e).clone(),
                    Type::Tuple(es) => es.get(i).cloned().unwrap_or(Type::Dynamic),
                    _ => Type::Dynamic,
                };
                append_hash(item, &item_ty, out, depth + 1);
                out.push(b';');
            }
            out.push(close);
        }
        ValueKind::Map(entries) => {
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_by(|a, b| a.key.cmp(&b.key));
            match ty {
                Type::Map(e) => {
                    out.push(b'{');
                    for entry in sorted {
                        out.extend(go_quote(&entry.key).bytes());
                        out.push(b':');
                        append_hash(&entry.value, e, out, depth + 1);
                        out.push(b';');
                    }
                    out.push(b'}');
                }
                _ => {
                    out.push(b'<');
                    for entry in sorted {
                        let attr_ty = match ty {
                            Type::Object(attrs) => attrs.get(&entry.key).cloned().unwrap_or(Type::Dynamic),
                            _ => Type::Dynamic,
                        };
                        append_hash(&entry.value, &attr_ty, out, depth + 1);
                        out.push(b';');
                    }
                    out.push(b'>');
                }
            }
        }
    }
}

/// Go's `%q` of a string (strconv.Quote).
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32))
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use std::collections::BTreeMap;

    #[test]
    fn set_operations() {
        assert_eq!(ok("setunion", vec![strings(&["b", "a"]), strings(&["c", "a"])]), strings(&["a", "b", "c"]));
        assert_eq!(ok("setunion", vec![list(vec![num(1)]), strings(&["a"])]), strings(&["1", "a"]));
        assert_eq!(
            ok("setunion", vec![list(vec![num(3), num(1)]), list(vec![num(2)])]),
            list(vec![num(1), num(2), num(3)])
        );
        assert_eq!(ok("setintersection", vec![strings(&["a", "b"]), strings(&["b", "c"])]), strings(&["b"]));
        assert_eq!(ok("setsubtract", vec![strings(&["a", "b"]), strings(&["b"])]), strings(&["a"]));
        assert!(err("setunion", vec![map(vec![("a", num(1))])]).contains("set of any single type required"));
        assert!(ok("setunion", vec![list(vec![unknown("x")])]).is_unknown());
    }

    #[test]
    fn setproduct_in_order() {
        let product = ok("setproduct", vec![strings(&["a", "b"]), list(vec![num(1), num(2)])]);
        let expected = list(vec![
            list(vec![s("a"), num(1)]),
            list(vec![s("a"), num(2)]),
            list(vec![s("b"), num(1)]),
            list(vec![s("b"), num(2)]),
        ]);
        assert_eq!(product, expected);
        assert_eq!(ok("setproduct", vec![list(vec![]), list(vec![num(1)])]), list(vec![]));
        assert!(err("setproduct", vec![strings(&["a"])]).contains("at least two"));
        let big = list((0..200).map(num).collect());
        assert!(err("setproduct", vec![big.clone(), big.clone(), big]).contains("more than"));
    }

    #[test]
    fn primitive_sets_sort_and_deduplicate() {
        let set = normalize_set(vec![s("b"), null(), s("a"), s("b"), null()], &Type::String);
        assert_eq!(set, vec![s("a"), s("b"), null()]);
        let set = normalize_set(vec![num(3), float(1.5), num(-2)], &Type::Number);
        assert_eq!(set, vec![num(-2), float(1.5), num(3)]);
    }

    #[test]
    fn object_sets_follow_terraforms_hash_order() {
        // terraform console: toset([{a=1}, {a=10}, {a=2}, {a=3}, {a=4}]) lists a=10 first.
        let ty = Type::Object(BTreeMap::from([("a".to_string(), Type::Number)]));
        let items = [1, 10, 2, 3, 4].iter().map(|n| map(vec![("a", num(*n))])).collect();
        let order: Vec<Value> = normalize_set(items, &ty);
        let firsts: Vec<i64> = order.iter().map(|v| v.get("a").known().unwrap().as_i64().unwrap()).collect();
        assert_eq!(firsts, vec![10, 1, 2, 3, 4]);
    }

    #[test]
    fn list_sets_follow_terraforms_hash_order() {
        // terraform console: toset([[3],[1],[2],[10]]) lists [10] first.
        let ty = Type::List(Box::new(Type::Number));
        let items = [3, 1, 2, 10].iter().map(|n| list(vec![num(*n)])).collect();
        let order = normalize_set(items, &ty);
        assert_eq!(order, vec![list(vec![num(10)]), list(vec![num(1)]), list(vec![num(2)]), list(vec![num(3)])]);
    }
}
