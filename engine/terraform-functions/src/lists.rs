//! Functions that rearrange sequences: `concat`, `flatten`, `distinct`, `slice`, `reverse`, `sort`,
//! `chunklist`, `compact`, `coalesce`, `coalescelist`, `alltrue`, `anytrue`.

use crate::support::{equal, integer, items};
use crate::types::{convert, type_of, unify, Type, MAX_DEPTH};
use crate::{param, Ctx, FunctionError, Spec, P};
use tollgate_model::{Unknown, Value, ValueKind};

pub(crate) const SPECS: &[Spec] = &[
    Spec::variadic("concat", &[], param("seqs", P::Any), concat),
    Spec::new("flatten", &[param("list", P::Any)], flatten),
    Spec::new("distinct", &[param("list", P::List(&P::Any))], distinct),
    Spec::new("slice", &[param("list", P::Any), param("start_index", P::Number), param("end_index", P::Number)], slice),
    Spec::new("reverse", &[param("list", P::Any)], reverse),
    Spec::new("sort", &[param("list", P::List(&P::String))], sort),
    Spec::new("chunklist", &[param("list", P::List(&P::Any)), param("size", P::Number)], chunklist),
    Spec::new("compact", &[param("list", P::List(&P::String))], compact),
    Spec::variadic("coalesce", &[], param("vals", P::Any).nullable().unknowable(), coalesce),
    Spec::variadic("coalescelist", &[], param("vals", P::Any).nullable().unknowable(), coalescelist),
    Spec::new("alltrue", &[param("list", P::List(&P::Bool))], alltrue),
    Spec::new("anytrue", &[param("list", P::List(&P::Bool))], anytrue),
];

fn concat(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if args.is_empty() {
        return Err(ctx.fail("at least one argument is required"));
    }
    let mut out = Vec::new();
    for (i, arg) in args.into_iter().enumerate() {
        match arg.kind {
            ValueKind::List(items) => out.extend(items),
            _ => {
                let got = type_of(&arg).friendly_name();
                return Err(ctx.arg_fail(i, format!("all arguments must be lists or tuples; got {got}")));
            }
        }
    }
    Ok(ctx.list(out))
}

/// Flattens nested lists; an unknown element could be a list, so it makes the whole result unknown.
fn flatten(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let ValueKind::List(items) = &args[0].kind else {
        return Err(ctx.fail("can only flatten lists, sets and tuples"));
    };
    let mut out = Vec::new();
    match flatten_into(items, &mut out, 0) {
        Ok(()) => Ok(ctx.list(out)),
        Err(Some(u)) => Ok(ctx.unknown_from(u)),
        Err(None) => Err(ctx.fail("the list is nested too deeply")),
    }
}

fn flatten_into<'v>(items: &'v [Value], out: &mut Vec<Value>, depth: usize) -> Result<(), Option<&'v Unknown>> {
    if depth > MAX_DEPTH {
        return Err(None);
    }
    for item in items {
        match &item.kind {
            ValueKind::Unknown(u) => return Err(Some(u)),
            ValueKind::List(inner) => flatten_into(inner, out, depth + 1)?,
            _ => out.push(item.clone()),
        }
    }
    Ok(())
}

fn distinct(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if let Some(unknown) = ctx.unknown_if_any(&args) {
        return Ok(unknown);
    }
    let mut kept: Vec<Value> = Vec::new();
    for item in items(&args[0]) {
        if !kept.iter().any(|k| equal(k, item) == Ok(true)) {
            kept.push(item.clone());
        }
    }
    Ok(ctx.list(kept))
}

fn slice(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let ValueKind::List(list) = &args[0].kind else {
        return Err(ctx.arg_fail(0, "must be a list or tuple value"));
    };
    let start = integer(&args[1]).map_err(|e| ctx.arg_fail(1, format!("invalid start index: {e}")))?;
    let end = integer(&args[2]).map_err(|e| ctx.arg_fail(2, format!("invalid end index: {e}")))?;
    let len = list.len() as i64;
    if start < 0 {
        return Err(ctx.arg_fail(1, "start index must not be less than zero"));
    }
    if start > len {
        return Err(ctx.arg_fail(1, "start index must not be greater than the length of the list"));
    }
    if end < 0 {
        return Err(ctx.arg_fail(2, "end index must not be less than zero"));
    }
    if end > len {
        return Err(ctx.arg_fail(2, "end index must not be greater than the length of the list"));
    }
    if start > end {
        return Err(ctx.arg_fail(1, "start index must not be greater than end index"));
    }
    Ok(ctx.list(list[start as usize..end as usize].to_vec()))
}

fn reverse(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    match &args[0].kind {
        ValueKind::List(items) => Ok(ctx.list(items.iter().rev().cloned().collect())),
        _ => {
            let got = type_of(&args[0]).friendly_name();
            Err(ctx.arg_fail(0, format!("can only reverse list or tuple values, not {got}")))
        }
    }
}

fn sort(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if let Some(unknown) = ctx.unknown_if_any(&args) {
        return Ok(unknown);
    }
    let mut sorted = items(&args[0]).to_vec();
    if let Some(i) = sorted.iter().position(Value::is_null) {
        return Err(ctx.fail(format!("given list element {i} is null; a null string cannot be sorted")));
    }
    sorted.sort_by(|a, b| a.as_str().unwrap_or("").as_bytes().cmp(b.as_str().unwrap_or("").as_bytes()));
    Ok(ctx.list(sorted))
}

fn chunklist(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let size = integer(&args[1]).map_err(|e| ctx.fail(format!("invalid size: {e}")))?;
    if size < 0 {
        return Err(ctx.fail("the size argument must be positive"));
    }
    let list = items(&args[0]);
    if list.is_empty() {
        return Ok(ctx.list(vec![]));
    }
    if size == 0 {
        return Ok(ctx.list(vec![ctx.list(list.to_vec())]));
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    Ok(ctx.list(list.chunks(size).map(|chunk| ctx.list(chunk.to_vec())).collect()))
}

fn compact(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if let Some(unknown) = ctx.unknown_if_any(&args) {
        return Ok(unknown);
    }
    let kept = items(&args[0]).iter().filter(|v| !matches!(v.as_str(), None | Some(""))).cloned().collect();
    Ok(ctx.list(kept))
}

/// The first argument that is neither null nor (when the arguments unify to string) empty, converted
/// to the type all arguments unify to.
fn coalesce(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let types: Vec<Type> = args.iter().map(type_of).collect();
    let Some(common) = unify(&types) else {
        return Err(ctx.fail("all arguments must have the same type"));
    };
    for arg in args {
        let arg = convert(arg, &common).map_err(|e| ctx.fail(e))?;
        match &arg.kind {
            ValueKind::Unknown(u) => return Ok(ctx.unknown_from(u)),
            ValueKind::Null => continue,
            ValueKind::String(s) if s.is_empty() && common == Type::String => continue,
            _ => return Ok(ctx.at(arg)),
        }
    }
    Err(ctx.fail("no non-null, non-empty-string arguments"))
}

fn coalescelist(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if args.is_empty() {
        return Err(ctx.fail("at least one argument is required"));
    }
    // Terraform checks the argument types only when none is unknown.
    if !args.iter().any(Value::is_unknown) && args.iter().any(|a| a.as_list().is_none()) {
        return Err(ctx.fail("coalescelist arguments must be lists or tuples"));
    }
    for arg in args {
        match &arg.kind {
            ValueKind::Unknown(u) => return Ok(ctx.unknown_from(u)),
            ValueKind::List(items) if !items.is_empty() => return Ok(ctx.at(arg)),
            _ => {}
        }
    }
    Err(ctx.fail("no non-null arguments"))
}

fn alltrue(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    for item in items(&args[0]) {
        match &item.kind {
            ValueKind::Unknown(u) => return Ok(ctx.unknown_from(u)),
            ValueKind::Bool(true) => {}
            _ => return Ok(ctx.boolean(false)),
        }
    }
    Ok(ctx.boolean(true))
}

fn anytrue(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let mut undecided = None;
    for item in items(&args[0]) {
        match &item.kind {
            ValueKind::Unknown(u) => undecided = undecided.or(Some(u)),
            ValueKind::Bool(true) => return Ok(ctx.boolean(true)),
            _ => {}
        }
    }
    Ok(match undecided {
        Some(u) => ctx.unknown_from(u),
        None => ctx.boolean(false),
    })
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn concat_keeps_elements_as_they_are() {
        assert_eq!(ok("concat", vec![strings(&["a"]), list(vec![num(1)])]), list(vec![s("a"), num(1)]));
        assert_eq!(ok("concat", vec![list(vec![]), list(vec![])]), list(vec![]));
        assert!(err("concat", vec![]).contains("at least one"));
        assert!(err("concat", vec![strings(&["a"]), s("b")]).contains("got string"));
        assert!(ok("concat", vec![list(vec![unknown("x")])]).as_list().unwrap()[0].is_unknown());
    }

    #[test]
    fn flatten_nested_lists() {
        let nested = list(vec![
            list(vec![num(1), list(vec![num(2), list(vec![num(3)])])]),
            num(4),
            list(vec![]),
            list(vec![list(vec![])]),
        ]);
        assert_eq!(ok("flatten", vec![nested]), list(vec![num(1), num(2), num(3), num(4)]));
        assert_eq!(ok("flatten", vec![list(vec![map(vec![("a", num(1))])])]), list(vec![map(vec![("a", num(1))])]));
        assert!(ok("flatten", vec![list(vec![num(1), unknown("x")])]).is_unknown());
        assert!(err("flatten", vec![s("a")]).contains("can only flatten"));
    }

    #[test]
    fn distinct_converts_to_a_single_type_first() {
        assert_eq!(ok("distinct", vec![list(vec![num(1), num(2), num(1), s("1")])]), strings(&["1", "2"]));
        assert_eq!(ok("distinct", vec![strings(&["b", "a", "b"])]), strings(&["b", "a"]));
        assert!(err("distinct", vec![list(vec![list(vec![num(1)]), map(vec![])])]).contains("same type"));
    }

    #[test]
    fn slice_bounds() {
        let l = list(vec![num(1), num(2), num(3), num(4)]);
        assert_eq!(ok("slice", vec![l.clone(), num(1), num(3)]), list(vec![num(2), num(3)]));
        assert_eq!(ok("slice", vec![l.clone(), num(4), num(4)]), list(vec![]));
        assert!(err("slice", vec![l.clone(), num(1), num(5)]).contains("greater than the length"));
        assert!(err("slice", vec![l.clone(), num(3), num(2)]).contains("greater than end index"));
        assert!(err("slice", vec![l, num(-1), num(2)]).contains("less than zero"));
    }

    #[test]
    fn sort_is_bytewise_on_strings() {
        assert_eq!(ok("sort", vec![strings(&["b", "a", "10", "9", "B"])]), strings(&["10", "9", "B", "a", "b"]));
        assert_eq!(ok("sort", vec![list(vec![num(3), num(10), num(1)])]), strings(&["1", "10", "3"]));
        assert!(err("sort", vec![list(vec![list(vec![num(1)])])]).contains("string required"));
        assert!(err("sort", vec![list(vec![s("a"), null()])]).contains("element 1 is null"));
    }

    #[test]
    fn chunklist_compact_reverse() {
        let l = list(vec![num(1), num(2), num(3), num(4), num(5)]);
        let chunks = ok("chunklist", vec![l.clone(), num(2)]);
        assert_eq!(chunks, list(vec![list(vec![num(1), num(2)]), list(vec![num(3), num(4)]), list(vec![num(5)])]));
        assert_eq!(ok("chunklist", vec![l.clone(), num(0)]), list(vec![l.clone()]));
        assert!(err("chunklist", vec![l, num(-1)]).contains("positive"));
        assert_eq!(ok("compact", vec![list(vec![s("a"), s(""), null(), s("b")])]), strings(&["a", "b"]));
        assert_eq!(ok("reverse", vec![list(vec![num(1), s("a")])]), list(vec![s("a"), num(1)]));
        assert!(err("reverse", vec![s("ab")]).contains("not string"));
    }

    #[test]
    fn coalesce_unifies_its_arguments() {
        assert_eq!(ok("coalesce", vec![num(1), s("a")]), s("1"));
        assert_eq!(ok("coalesce", vec![s(""), s("b")]), s("b"));
        assert_eq!(ok("coalesce", vec![null(), num(2)]), num(2));
        assert_eq!(ok("coalesce", vec![s("a"), unknown("x")]), s("a"));
        assert!(ok("coalesce", vec![null(), unknown("x"), s("a")]).is_unknown());
        assert!(err("coalesce", vec![null()]).contains("no non-null"));
        assert!(err("coalesce", vec![num(1), boolean(true)]).contains("same type"));
        assert_eq!(ok("coalesce", vec![strings(&["a"]), list(vec![num(1)])]), strings(&["a"]));
    }

    #[test]
    fn coalescelist_returns_the_first_non_empty_list() {
        assert_eq!(ok("coalescelist", vec![list(vec![]), strings(&["a"]), strings(&["b"])]), strings(&["a"]));
        assert!(err("coalescelist", vec![list(vec![]), list(vec![])]).contains("no non-null"));
        assert!(err("coalescelist", vec![null(), strings(&["a"])]).contains("lists or tuples"));
        assert!(ok("coalescelist", vec![list(vec![]), unknown("x")]).is_unknown());
        assert_eq!(ok("coalescelist", vec![strings(&["a"]), unknown("x")]), strings(&["a"]));
    }

    #[test]
    fn alltrue_anytrue() {
        assert_eq!(ok("alltrue", vec![list(vec![])]), boolean(true));
        assert_eq!(ok("alltrue", vec![list(vec![boolean(true), s("true")])]), boolean(true));
        assert_eq!(ok("alltrue", vec![list(vec![boolean(true), null()])]), boolean(false));
        assert!(ok("alltrue", vec![list(vec![unknown("x"), boolean(false)])]).is_unknown());
        assert!(err("alltrue", vec![strings(&["x"])]).contains("bool is required"));
        assert_eq!(ok("anytrue", vec![list(vec![])]), boolean(false));
        assert_eq!(ok("anytrue", vec![list(vec![unknown("x"), boolean(true)])]), boolean(true));
        assert!(ok("anytrue", vec![list(vec![unknown("x"), boolean(false)])]).is_unknown());
    }
}
