//! Type conversion functions: `tostring`, `tonumber`, `tobool`, `tolist`, `toset`, `tomap`; the
//! sensitivity functions (Tollgate does not track sensitivity: `sensitive`, `nonsensitive` and
//! `ephemeralasnull` return their argument, `issensitive` is unknown); the removed `list` / `map`.

use crate::types::{convert, type_of, Type};
use crate::{param, Ctx, FunctionError, Spec, P};
use tollgate_model::{UnknownReason, Value, ValueKind};

const V: crate::Param = param("v", P::Any);

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("tostring", &[V.nullable().unknowable()], |c, a| to(c, a, Type::String)),
    Spec::new("tonumber", &[V.nullable().unknowable()], |c, a| to(c, a, Type::Number)),
    Spec::new("tobool", &[V.nullable().unknowable()], |c, a| to(c, a, Type::Bool)),
    Spec::new("tolist", &[V.nullable().unknowable()], |c, a| to(c, a, Type::List(Box::new(Type::Dynamic)))),
    Spec::new("toset", &[V.nullable().unknowable()], |c, a| to(c, a, Type::Set(Box::new(Type::Dynamic)))),
    Spec::new("tomap", &[V.nullable().unknowable()], |c, a| to(c, a, Type::Map(Box::new(Type::Dynamic)))),
    Spec::new("sensitive", &[param("value", P::Any).nullable().unknowable()], |c, a| Ok(first(c, a))),
    Spec::new("nonsensitive", &[param("value", P::Any).nullable().unknowable()], |c, a| Ok(first(c, a))),
    // Ephemeral values (ephemeral resources, `ephemeral = true` variables) never reach Tollgate as
    // known values, so every known value is a non-ephemeral one and passes through.
    Spec::new("ephemeralasnull", &[param("value", P::Any).nullable().unknowable()], |c, a| Ok(first(c, a))),
    // Whether a value is sensitive depends on declarations Tollgate does not track.
    Spec::new("issensitive", &[param("value", P::Any).nullable().unknowable()], |c, _| {
        Ok(Value::unknown(UnknownReason::Expression, "issensitive(...)", c.span))
    }),
    Spec::variadic("list", &[], param("vals", P::Any).nullable().unknowable(), |c, _| {
        Err(c.fail("the \"list\" function was deprecated in Terraform v0.12 and is no longer available; use tolist([ ... ]) syntax to write a literal list"))
    }),
    Spec::variadic("map", &[], param("vals", P::Any).nullable().unknowable(), |c, _| {
        Err(c.fail("the \"map\" function was deprecated in Terraform v0.12 and is no longer available; use tomap({ ... }) syntax to write a literal map"))
    }),
];

fn first(ctx: &Ctx, args: Vec<Value>) -> Value {
    args.into_iter().next().map(|v| ctx.at(v)).unwrap_or_else(|| ctx.null())
}

fn to(ctx: &Ctx, args: Vec<Value>, want: Type) -> Result<Value, FunctionError> {
    let Some(value) = args.into_iter().next() else {
        return Ok(ctx.null());
    };
    match &value.kind {
        ValueKind::Null => return Ok(ctx.null()),
        ValueKind::Unknown(u) => return Ok(ctx.unknown_from(u)),
        ValueKind::String(s) => {
            let bad = match want {
                Type::Number if crate::parse_number(s).is_none() => {
                    Some("given string must be a decimal representation of a number")
                }
                Type::Bool if !matches!(s.as_str(), "true" | "false" | "1" | "0") => {
                    Some("only the strings \"true\" or \"false\" are allowed")
                }
                _ => None,
            };
            if let Some(why) = bad {
                let to = want.friendly_name();
                return Err(ctx.arg_fail(0, format!("cannot convert {} to {to}; {why}", crate::sets::go_quote(s))));
            }
        }
        _ => {}
    }
    // A set's order and length depend on which elements are equal, so an unknown element leaves the
    // whole set unknown.
    if matches!(want, Type::Set(_)) {
        if let Some(u) = value.as_list().and_then(|items| items.iter().find_map(Value::as_unknown)) {
            return Ok(ctx.unknown_from(u));
        }
    }
    let from = type_of(&value).friendly_name();
    match convert(value, &want) {
        Ok(converted) => Ok(ctx.at(converted)),
        Err(_) => Err(ctx.arg_fail(0, format!("cannot convert {from} to {}", want.friendly_name()))),
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn primitive_conversions() {
        assert_eq!(ok("tostring", vec![float(1.25e3)]), s("1250"));
        assert_eq!(ok("tostring", vec![boolean(true)]), s("true"));
        assert_eq!(ok("tostring", vec![null()]), null());
        assert_eq!(ok("tonumber", vec![s("1e3")]), num(1000));
        assert_eq!(ok("tobool", vec![s("1")]), boolean(true));
        assert!(err("tostring", vec![list(vec![num(1)])]).contains("cannot convert tuple to string"));
        assert!(err("tonumber", vec![boolean(true)]).contains("cannot convert bool to number"));
        assert!(err("tonumber", vec![s("0x10")]).contains("decimal representation"));
        assert!(err("tobool", vec![s("TRUE")]).contains("only the strings"));
        assert!(ok("tostring", vec![unknown("x")]).is_unknown());
    }

    #[test]
    fn collection_conversions_unify() {
        assert_eq!(ok("tolist", vec![list(vec![num(1), s("a")])]), strings(&["1", "a"]));
        assert_eq!(ok("toset", vec![list(vec![s("b"), num(1), boolean(true)])]), strings(&["1", "b", "true"]));
        assert_eq!(ok("toset", vec![list(vec![num(1), float(1.0), s("1")])]), strings(&["1"]));
        assert_eq!(ok("tomap", vec![map(vec![("b", num(1)), ("a", s("x"))])]), map(vec![("a", s("x")), ("b", s("1"))]));
        assert!(err("tomap", vec![map(vec![("a", num(1)), ("b", boolean(true))])]).contains("map of any single type"));
        assert!(err("tolist", vec![map(vec![("a", num(1))])]).contains("cannot convert object to list"));
        assert!(err("tolist", vec![list(vec![num(1), boolean(true)])]).contains("cannot convert tuple to list"));
        assert!(ok("toset", vec![list(vec![s("a"), unknown("x")])]).is_unknown());
        let partly = ok("tolist", vec![list(vec![s("a"), unknown("x")])]);
        assert!(partly.as_list().unwrap()[1].is_unknown());
    }
}
