//! Terraform's operators and primitive conversions: numbers from strings, strings from numbers
//! and bools, equality, arithmetic with exact integers.

use hcl_edit::expr::{BinaryOperator, UnaryOperator};
use std::cmp::Ordering;
use tollgate_model::{Number, Span, Value, ValueKind};

/// The value `unknown` stands for, moved to `span` (the expression that depends on it). The
/// reason and the source text of the first unknown are kept: they say what could not be known.
pub(crate) fn unknown_at(unknown: &Value, span: Span) -> Value {
    match &unknown.kind {
        ValueKind::Unknown(u) => u.derived().at(span),
        other => Value::new(other.clone(), span),
    }
}

/// The first unknown value nested anywhere in `value`.
pub(crate) fn first_unknown(value: &Value) -> Option<&Value> {
    match &value.kind {
        ValueKind::Unknown(_) => Some(value),
        ValueKind::List(items) => items.iter().find_map(first_unknown),
        ValueKind::Map(entries) => entries.iter().find_map(|e| first_unknown(&e.value)),
        _ => None,
    }
}

/// A short name of a value's type, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value.kind {
        ValueKind::Null => "null",
        ValueKind::Bool(_) => "bool",
        ValueKind::Number(_) => "number",
        ValueKind::String(_) => "string",
        ValueKind::List(_) => "list",
        ValueKind::Map(_) => "object",
        ValueKind::Unknown(_) => "unknown",
    }
}

/// Parses a number as Terraform converts a string to a number.
pub(crate) fn parse_number(text: &str) -> Option<Number> {
    tollgate_terraform_functions::parse_number(text)
}

/// A float result as Terraform shows it: integral values are integers, and the last bits of
/// binary rounding (`0.1 + 0.2`) are dropped, as Terraform's 512-bit arithmetic drops them.
pub(crate) fn float(f: f64) -> Number {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.2e18 {
        return Number::Int(f as i64);
    }
    if !f.is_finite() || f.fract() == 0.0 {
        return Number::Float(f);
    }
    Number::Float(format!("{f:.14e}").parse().unwrap_or(f))
}

/// A number as Terraform writes it in a string.
pub(crate) fn number_string(n: Number) -> String {
    tollgate_terraform_functions::format_number(n)
}

pub(crate) fn to_number(value: &Value) -> Result<Number, String> {
    match &value.kind {
        ValueKind::Number(n) => Ok(*n),
        ValueKind::String(s) => {
            parse_number(s).ok_or_else(|| format!("cannot convert \"{s}\" to a number: it is not a number"))
        }
        ValueKind::Null => Err("a number is required, but the value is null".into()),
        _ => Err(format!("a number is required, but the value is a {}", type_name(value))),
    }
}

pub(crate) fn to_bool(value: &Value) -> Result<bool, String> {
    match &value.kind {
        ValueKind::Bool(b) => Ok(*b),
        ValueKind::String(s) if s == "true" => Ok(true),
        ValueKind::String(s) if s == "false" => Ok(false),
        ValueKind::String(s) => Err(format!("cannot convert \"{s}\" to a bool: only \"true\" and \"false\" are")),
        ValueKind::Null => Err("a bool is required, but the value is null".into()),
        _ => Err(format!("a bool is required, but the value is a {}", type_name(value))),
    }
}

/// A string as Terraform stores every string: in Unicode normalization form C (`"e\u0301"` is
/// `"\u00e9"`), so equal-looking strings compare equal.
pub(crate) fn nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// A primitive as a string (strings, numbers, bools); `None` for null and collections.
pub(crate) fn primitive_string(value: &Value) -> Option<String> {
    match &value.kind {
        ValueKind::String(s) => Some(s.clone()),
        ValueKind::Number(n) => Some(number_string(*n)),
        ValueKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Deep equality as `==` sees it: numbers by value, maps whatever their key order. `None` when
/// an unknown decides it.
pub(crate) fn equal(a: &Value, b: &Value) -> Option<bool> {
    match (&a.kind, &b.kind) {
        (ValueKind::Unknown(_), _) | (_, ValueKind::Unknown(_)) => None,
        (ValueKind::Null, ValueKind::Null) => Some(true),
        (ValueKind::Bool(x), ValueKind::Bool(y)) => Some(x == y),
        (ValueKind::Number(x), ValueKind::Number(y)) => Some(compare_numbers(*x, *y) == Ordering::Equal),
        (ValueKind::String(x), ValueKind::String(y)) => Some(x == y),
        (ValueKind::List(x), ValueKind::List(y)) => {
            if x.len() != y.len() {
                return if a.contains_unknown() || b.contains_unknown() { None } else { Some(false) };
            }
            all_equal(x.iter().zip(y))
        }
        (ValueKind::Map(x), ValueKind::Map(y)) => {
            if x.len() != y.len() || x.iter().any(|e| b.entry(&e.key).is_none()) {
                return Some(false);
            }
            all_equal(x.iter().filter_map(|e| Some((&e.value, &b.entry(&e.key)?.value))))
        }
        _ => Some(false),
    }
}

fn all_equal<'v>(pairs: impl Iterator<Item = (&'v Value, &'v Value)>) -> Option<bool> {
    let mut unknown = false;
    for (x, y) in pairs {
        match equal(x, y) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    if unknown {
        None
    } else {
        Some(true)
    }
}

pub(crate) fn compare_numbers(a: Number, b: Number) -> Ordering {
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => x.cmp(&y),
        _ => a.as_f64().partial_cmp(&b.as_f64()).unwrap_or(Ordering::Equal),
    }
}

fn arithmetic(op: BinaryOperator, a: Number, b: Number) -> Result<Number, String> {
    if let (Number::Int(x), Number::Int(y)) = (a, b) {
        let exact = match op {
            BinaryOperator::Plus => x.checked_add(y),
            BinaryOperator::Minus => x.checked_sub(y),
            BinaryOperator::Mul => x.checked_mul(y),
            BinaryOperator::Div if y != 0 && x.checked_rem(y) == Some(0) => x.checked_div(y),
            BinaryOperator::Mod if y != 0 => x.checked_rem(y),
            _ => None,
        };
        if let Some(n) = exact {
            return Ok(Number::Int(n));
        }
    }
    let (x, y) = (a.as_f64(), b.as_f64());
    let result = match op {
        BinaryOperator::Plus => x + y,
        BinaryOperator::Minus => x - y,
        BinaryOperator::Mul => x * y,
        BinaryOperator::Div => x / y,
        // Terraform's remainder modulo zero is the dividend (`5 % 0` is 5).
        BinaryOperator::Mod if y == 0.0 => return Ok(a),
        BinaryOperator::Mod => x % y,
        _ => return Err("not an arithmetic operator".into()),
    };
    if result.is_nan() {
        return Err("the result is not a number".into());
    }
    Ok(float(result))
}

/// Applies a binary operator to two evaluated operands.
pub(crate) fn binary(op: BinaryOperator, lhs: &Value, rhs: &Value, span: Span) -> Result<Value, String> {
    use BinaryOperator as B;
    let bool_value = |b: bool| Value::new(ValueKind::Bool(b), span);
    match op {
        B::Eq | B::NotEq => {
            return Ok(match equal(lhs, rhs) {
                Some(eq) => bool_value(eq == (op == B::Eq)),
                None => unknown_at(first_unknown(lhs).or_else(|| first_unknown(rhs)).unwrap_or(lhs), span),
            });
        }
        B::And | B::Or => return logical(op == B::And, lhs, rhs, span),
        _ => {}
    }
    for operand in [lhs, rhs] {
        if operand.is_unknown() {
            return Ok(unknown_at(operand, span));
        }
    }
    let (a, b) = (to_number(lhs)?, to_number(rhs)?);
    Ok(match op {
        B::Less => bool_value(compare_numbers(a, b) == Ordering::Less),
        B::LessEq => bool_value(compare_numbers(a, b) != Ordering::Greater),
        B::Greater => bool_value(compare_numbers(a, b) == Ordering::Greater),
        B::GreaterEq => bool_value(compare_numbers(a, b) != Ordering::Less),
        _ => Value::new(ValueKind::Number(arithmetic(op, a, b)?), span),
    })
}

/// `&&` and `||`: a known left operand that decides the result makes an unknown right one
/// irrelevant; otherwise an unknown operand makes the result unknown.
fn logical(and: bool, lhs: &Value, rhs: &Value, span: Span) -> Result<Value, String> {
    let left = if lhs.is_unknown() { None } else { Some(to_bool(lhs)?) };
    let right = if rhs.is_unknown() { None } else { Some(to_bool(rhs)?) };
    // Terraform does not short-circuit on unknowns: `true || unknown` stays unknown until apply.
    let result = match (left, right) {
        (Some(l), Some(r)) => Some(if and { l && r } else { l || r }),
        _ => None,
    };
    Ok(match result {
        Some(b) => Value::new(ValueKind::Bool(b), span),
        None => unknown_at(if lhs.is_unknown() { lhs } else { rhs }, span),
    })
}

pub(crate) fn unary(op: UnaryOperator, operand: &Value, span: Span) -> Result<Value, String> {
    if operand.is_unknown() {
        return Ok(unknown_at(operand, span));
    }
    Ok(match op {
        UnaryOperator::Not => Value::new(ValueKind::Bool(!to_bool(operand)?), span),
        UnaryOperator::Neg => {
            let n = match to_number(operand)? {
                Number::Int(i) => i.checked_neg().map(Number::Int).unwrap_or(Number::Float(-(i as f64))),
                Number::Float(f) => Number::Float(-f),
            };
            Value::new(ValueKind::Number(n), span)
        }
    })
}
