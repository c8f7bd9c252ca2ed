//! Terraform type constraints (`list(string)`, `object({ a = optional(number, 1) })`, ...) and
//! the conversions Terraform applies to a value given for a typed variable.
//! Separate from the functions crate's `types` (argument inference): keeps `optional(T, default)` and attribute order.

use super::ops::{compare_numbers, number_string, parse_number, primitive_string, type_name};
use hcl_edit::expr::{Expression, ObjectKey};
use std::cmp::Ordering;
use tollgate_model::{MapEntry, Value, ValueKind};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(Vec<Attribute>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attribute {
    pub(crate) name: String,
    pub(crate) ty: Type,
    pub(crate) optional: bool,
    /// `optional(T, default)`: the value used when the attribute is absent or null.
    pub(crate) default: Option<Value>,
}

/// Reads a type constraint. `default` evaluates the constant default of `optional(T, default)`.
pub(crate) fn parse_type(
    expr: &Expression,
    default: &mut dyn FnMut(&Expression) -> Result<Value, String>,
) -> Result<Type, String> {
    match expr {
        Expression::Variable(name) => match name.as_str() {
            "any" => Ok(Type::Any),
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            other => Err(format!("`{other}` is not a type; use string, number, bool, any, list(...), map(...), ...")),
        },
        Expression::Parenthesis(inner) => parse_type(inner.inner(), default),
        Expression::FuncCall(call) => {
            let args: Vec<&Expression> = call.args.iter().collect();
            let name = call.name.name.as_str();
            let one = |args: &[&Expression], default: &mut dyn FnMut(&Expression) -> Result<Value, String>| match args {
                [element] => parse_type(element, default).map(Box::new),
                _ => Err(format!("`{name}(...)` takes one element type")),
            };
            match name {
                "list" => Ok(Type::List(one(&args, default)?)),
                "set" => Ok(Type::Set(one(&args, default)?)),
                "map" => Ok(Type::Map(one(&args, default)?)),
                "tuple" => match args[..] {
                    [Expression::Array(items)] => {
                        Ok(Type::Tuple(items.iter().map(|t| parse_type(t, default)).collect::<Result<_, _>>()?))
                    }
                    _ => Err("`tuple(...)` takes a list of element types".into()),
                },
                "object" => match args[..] {
                    [Expression::Object(object)] => {
                        let mut attributes = Vec::new();
                        for (key, value) in object.iter() {
                            let name = match key {
                                ObjectKey::Ident(ident) => ident.as_str().to_string(),
                                ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                                ObjectKey::Expression(Expression::Variable(v)) => v.as_str().to_string(),
                                ObjectKey::Expression(_) => return Err("object attribute names must be names".into()),
                            };
                            attributes.push(attribute(name, value.expr(), default)?);
                        }
                        Ok(Type::Object(attributes))
                    }
                    _ => Err("`object(...)` takes an object of attribute types".into()),
                },
                "optional" => Err("`optional(...)` is only allowed for object attributes".into()),
                other => Err(format!("`{other}(...)` is not a type constructor")),
            }
        }
        _ => Err("not a type constraint; use string, number, bool, any, list(...), map(...), ...".into()),
    }
}

fn attribute(
    name: String,
    expr: &Expression,
    default: &mut dyn FnMut(&Expression) -> Result<Value, String>,
) -> Result<Attribute, String> {
    if let Expression::FuncCall(call) = expr {
        if call.name.name.as_str() == "optional" {
            let args: Vec<&Expression> = call.args.iter().collect();
            let (ty, value) = match args[..] {
                [ty] => (parse_type(ty, default)?, None),
                [ty, value] => {
                    let ty = parse_type(ty, default)?;
                    let value = default(value)?;
                    let value = convert(&value, &ty).map_err(|e| format!("default of `{name}`: {e}"))?;
                    (ty, Some(value))
                }
                _ => return Err("`optional(...)` takes a type and an optional default".into()),
            };
            return Ok(Attribute { name, ty, optional: true, default: value });
        }
    }
    Ok(Attribute { name, ty: parse_type(expr, default)?, optional: false, default: None })
}

/// Converts `value` to `ty` as Terraform converts a variable's value, applying the defaults of
/// optional object attributes. Unknown values stay unknown; null stays null.
pub(crate) fn convert(value: &Value, ty: &Type) -> Result<Value, String> {
    let span = value.span;
    let mismatch = |want: &str| Err(format!("{want} required, but the value is {}", describe(value)));
    match (&value.kind, ty) {
        (ValueKind::Unknown(_) | ValueKind::Null, _) | (_, Type::Any) => Ok(value.clone()),
        (ValueKind::String(_), Type::String) => Ok(value.clone()),
        (ValueKind::Number(_) | ValueKind::Bool(_), Type::String) => {
            Ok(Value::string(primitive_string(value).unwrap_or_default(), span))
        }
        (_, Type::String) => mismatch("a string is"),
        (ValueKind::Number(_), Type::Number) => Ok(value.clone()),
        (ValueKind::String(s), Type::Number) => match parse_number(s) {
            Some(n) => Ok(Value::new(ValueKind::Number(n), span)),
            None => Err(format!("a number is required, but \"{s}\" is not a number")),
        },
        (_, Type::Number) => mismatch("a number is"),
        (ValueKind::Bool(_), Type::Bool) => Ok(value.clone()),
        (ValueKind::String(s), Type::Bool) if s == "true" || s == "false" => {
            Ok(Value::new(ValueKind::Bool(s == "true"), span))
        }
        (_, Type::Bool) => mismatch("a bool is"),
        (ValueKind::List(items), Type::List(element)) => {
            Ok(Value::new(ValueKind::List(convert_items(items, element)?), span))
        }
        (ValueKind::List(items), Type::Set(element)) => {
            Ok(Value::new(ValueKind::List(set_items(convert_items(items, element)?)), span))
        }
        (_, Type::List(_) | Type::Set(_)) => mismatch("a list is"),
        (ValueKind::List(items), Type::Tuple(types)) if items.len() == types.len() => {
            let converted = items
                .iter()
                .zip(types)
                .enumerate()
                .map(|(i, (item, ty))| convert(item, ty).map_err(|e| format!("element {i}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::new(ValueKind::List(converted), span))
        }
        (_, Type::Tuple(types)) => mismatch(&format!("a tuple of {} elements is", types.len())),
        (ValueKind::Map(entries), Type::Map(element)) => {
            let mut converted = entries
                .iter()
                .map(|e| {
                    let value = convert(&e.value, element).map_err(|err| format!("key \"{}\": {err}", e.key))?;
                    Ok(MapEntry { key: e.key.clone(), key_span: e.key_span, value })
                })
                .collect::<Result<Vec<_>, String>>()?;
            if has_any(element) {
                let values = converted.iter().map(|e| e.value.clone()).collect();
                let unified = super::unify::unify_elements(values)?;
                for (entry, value) in converted.iter_mut().zip(unified) {
                    entry.value = value;
                }
            }
            Ok(Value::new(ValueKind::Map(converted), span))
        }
        (_, Type::Map(_)) => mismatch("a map is"),
        (ValueKind::Map(entries), Type::Object(attributes)) => {
            let mut converted = Vec::with_capacity(attributes.len());
            for attribute in attributes {
                let given = entries.iter().rev().find(|e| e.key == attribute.name);
                let (key_span, value) = match given {
                    Some(entry) if !(entry.value.is_null() && attribute.default.is_some()) => {
                        let value = convert(&entry.value, &attribute.ty)
                            .map_err(|e| format!("attribute \"{}\": {e}", attribute.name))?;
                        (entry.key_span, value)
                    }
                    _ if attribute.optional => {
                        let value = match &attribute.default {
                            Some(default) => crate::eval::expr::respan(default.clone(), span),
                            None => Value::null(span),
                        };
                        (given.map(|e| e.key_span).unwrap_or(span), value)
                    }
                    _ => return Err(format!("attribute \"{}\" is required", attribute.name)),
                };
                converted.push(MapEntry { key: attribute.name.clone(), key_span, value });
            }
            Ok(Value::new(ValueKind::Map(converted), span))
        }
        (_, Type::Object(_)) => mismatch("an object is"),
    }
}

/// The elements of a list or set converted to its element type; with `any` in it, to the one
/// type they all share.
fn convert_items(items: &[Value], element: &Type) -> Result<Vec<Value>, String> {
    let converted = items
        .iter()
        .enumerate()
        .map(|(i, item)| convert(item, element).map_err(|e| format!("element {i}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    match has_any(element) {
        true => super::unify::unify_elements(converted),
        false => Ok(converted),
    }
}

fn has_any(ty: &Type) -> bool {
    match ty {
        Type::Any => true,
        Type::String | Type::Number | Type::Bool => false,
        Type::List(element) | Type::Set(element) | Type::Map(element) => has_any(element),
        Type::Tuple(types) => types.iter().any(has_any),
        Type::Object(attributes) => attributes.iter().any(|a| has_any(&a.ty)),
    }
}

/// A set's elements as Terraform orders them: deduplicated, strings lexically, numbers by value.
pub(crate) fn set_items(mut items: Vec<Value>) -> Vec<Value> {
    items.sort_by(set_order);
    items.dedup_by(|a, b| super::ops::equal(a, b) == Some(true));
    items
}

fn set_order(a: &Value, b: &Value) -> Ordering {
    match (&a.kind, &b.kind) {
        (ValueKind::String(x), ValueKind::String(y)) => x.cmp(y),
        (ValueKind::Number(x), ValueKind::Number(y)) => compare_numbers(*x, *y),
        (ValueKind::Bool(x), ValueKind::Bool(y)) => x.cmp(y),
        // Unknown elements sort last; collections by their JSON text (stable and deterministic).
        (ValueKind::Unknown(_), ValueKind::Unknown(_)) => Ordering::Equal,
        (ValueKind::Unknown(_), _) => Ordering::Greater,
        (_, ValueKind::Unknown(_)) => Ordering::Less,
        _ => a.to_json().to_string().cmp(&b.to_json().to_string()),
    }
}

fn describe(value: &Value) -> String {
    match &value.kind {
        ValueKind::String(s) => format!("the string \"{s}\""),
        ValueKind::Number(n) => format!("the number {}", number_string(*n)),
        _ => format!("a {}", type_name(value)),
    }
}
