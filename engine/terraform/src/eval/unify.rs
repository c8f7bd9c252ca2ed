//! The type both results of a conditional share, as Terraform unifies them: the chosen result is
//! converted to it (`true ? 1 : "a"` is `"1"`, `true ? { a = 1 } : { a = "x" }` is
//! `{ a = "1" }`), and results with no common type are an error, as in Terraform. The elements
//! of a collection of `any` (`list(any)`, `map(any)`) are unified the same way.
//!
//! Values carry no declared type here, so each value's type is read from its shape: a list is a
//! tuple of its elements' types, a map an object of its attributes' types; null and unknown
//! values fit any type.

use super::ops::primitive_string;
use tollgate_model::{MapEntry, Value, ValueKind};

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Any,
    Bool,
    Number,
    String,
    Tuple(Vec<Shape>),
    Object(Vec<(String, Shape)>),
    List(Box<Shape>),
    Map(Box<Shape>),
}

impl Shape {
    fn of(value: &Value) -> Shape {
        match &value.kind {
            ValueKind::Null | ValueKind::Unknown(_) => Shape::Any,
            ValueKind::Bool(_) => Shape::Bool,
            ValueKind::Number(_) => Shape::Number,
            ValueKind::String(_) => Shape::String,
            ValueKind::List(items) => Shape::Tuple(items.iter().map(Shape::of).collect()),
            ValueKind::Map(entries) => {
                let mut attributes: Vec<(String, Shape)> =
                    entries.iter().map(|e| (e.key.clone(), Shape::of(&e.value))).collect();
                attributes.sort_by(|a, b| a.0.cmp(&b.0));
                attributes.dedup_by(|a, b| a.0 == b.0);
                Shape::Object(attributes)
            }
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Shape::Any => "any",
            Shape::Bool => "bool",
            Shape::Number => "number",
            Shape::String => "string",
            Shape::Tuple(_) => "tuple",
            Shape::Object(_) => "object",
            Shape::List(_) => "list",
            Shape::Map(_) => "map",
        }
    }
}

/// The chosen result of a conditional converted to the type it shares with the other result
/// (`None`: the other result failed, so only the chosen one's type counts).
pub(crate) fn unify_results(chosen: Value, other: Option<&Value>) -> Result<Value, String> {
    let Some(other) = other else { return Ok(chosen) };
    let shared = unify(&Shape::of(&chosen), &Shape::of(other)).map_err(|detail| {
        format!(
            "the true and false results of this conditional have inconsistent types ({detail}); convert them to one \
             type (tostring(), tolist(), tomap(), ...)"
        )
    })?;
    Ok(convert(chosen, &shared))
}

/// The elements of a collection whose element type is `any` converted to the one type they
/// share (`list(any)` given `[1, "a"]` is `["1", "a"]`).
pub(crate) fn unify_elements(items: Vec<Value>) -> Result<Vec<Value>, String> {
    let shared = unify_all(items.iter().map(Shape::of).collect::<Vec<_>>().iter())
        .map_err(|detail| format!("all elements must have the same type ({detail})"))?;
    Ok(items.into_iter().map(|item| convert(item, &shared)).collect())
}

fn unify(a: &Shape, b: &Shape) -> Result<Shape, String> {
    use Shape as S;
    Ok(match (a, b) {
        (S::Any, other) | (other, S::Any) => other.clone(),
        (S::String, S::Number | S::Bool) | (S::Number | S::Bool, S::String) => S::String,
        (S::Tuple(x), S::Tuple(y)) if x.len() == y.len() => {
            S::Tuple(x.iter().zip(y).map(|(x, y)| unify(x, y)).collect::<Result<_, _>>()?)
        }
        (S::Tuple(x), S::Tuple(y)) => S::List(Box::new(unify_all(x.iter().chain(y)).map_err(|detail| {
            format!("a tuple of {} elements and one of {}, whose elements differ: {detail}", x.len(), y.len())
        })?)),
        (S::Tuple(items), S::List(element)) | (S::List(element), S::Tuple(items)) => {
            S::List(Box::new(unify_all(items.iter().chain([element.as_ref()]))?))
        }
        (S::List(x), S::List(y)) => S::List(Box::new(unify(x, y)?)),
        (S::Object(x), S::Object(y)) if same_names(x, y) => S::Object(
            x.iter()
                .zip(y)
                .map(|((name, x), (_, y))| Ok((name.clone(), unify(x, y)?)))
                .collect::<Result<_, String>>()?,
        ),
        (S::Object(x), S::Object(y)) => S::Map(Box::new(
            unify_all(x.iter().chain(y).map(|(_, s)| s))
                .map_err(|detail| format!("objects with different attributes, whose values differ: {detail}"))?,
        )),
        (S::Object(attributes), S::Map(element)) | (S::Map(element), S::Object(attributes)) => {
            S::Map(Box::new(unify_all(attributes.iter().map(|(_, s)| s).chain([element.as_ref()]))?))
        }
        (S::Map(x), S::Map(y)) => S::Map(Box::new(unify(x, y)?)),
        (x, y) if x == y => x.clone(),
        (x, y) => return Err(format!("{} and {}", x.name(), y.name())),
    })
}

fn unify_all<'s>(mut shapes: impl Iterator<Item = &'s Shape>) -> Result<Shape, String> {
    shapes.try_fold(Shape::Any, |shared, shape| unify(&shared, shape))
}

fn same_names(x: &[(String, Shape)], y: &[(String, Shape)]) -> bool {
    x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.0 == b.0)
}

/// Converts a value to a shape it unified into: primitives to strings, elements and attributes
/// to their shared types.
fn convert(value: Value, shape: &Shape) -> Value {
    let span = value.span;
    match (value.kind, shape) {
        (kind @ (ValueKind::Number(_) | ValueKind::Bool(_)), Shape::String) => {
            let text = primitive_string(&Value::new(kind, span)).unwrap_or_default();
            Value::string(text, span)
        }
        (ValueKind::List(items), Shape::Tuple(shapes)) => {
            let items = items.into_iter().zip(shapes).map(|(item, shape)| convert(item, shape)).collect();
            Value::new(ValueKind::List(items), span)
        }
        (ValueKind::List(items), Shape::List(element)) => {
            Value::new(ValueKind::List(items.into_iter().map(|item| convert(item, element)).collect()), span)
        }
        (ValueKind::Map(entries), Shape::Object(attributes)) => {
            let entries = entries
                .into_iter()
                .map(|entry| match attributes.iter().find(|(name, _)| *name == entry.key) {
                    Some((_, shape)) => MapEntry { value: convert(entry.value, shape), ..entry },
                    None => entry,
                })
                .collect();
            Value::new(ValueKind::Map(entries), span)
        }
        (ValueKind::Map(entries), Shape::Map(element)) => {
            let entries =
                entries.into_iter().map(|entry| MapEntry { value: convert(entry.value, element), ..entry }).collect();
            Value::new(ValueKind::Map(entries), span)
        }
        (kind, _) => Value::new(kind, span),
    }
}
