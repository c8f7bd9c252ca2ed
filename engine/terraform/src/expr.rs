//! HCL expressions to [`Value`]s: literals become known values, everything Tollgate does not
//! evaluate (yet) becomes an unknown carrying the expression's source text.

use hcl_edit::expr::{Expression, Object, ObjectKey};
use hcl_edit::template::{Element, Template};
use hcl_edit::Span as _;
use std::collections::HashMap;
use tollgate_model::lines::LineIndex;
use tollgate_model::{MapEntry, Number, UnknownReason, Value, ValueKind};

/// The value of an expression, with the span of the expression.
pub(crate) fn expr_value(expr: &Expression, lines: &LineIndex<'_>) -> Value {
    let range = expr.span().unwrap_or(0..0);
    let span = lines.span(range.clone());
    let kind = match expr {
        Expression::Null(_) => Some(ValueKind::Null),
        Expression::Bool(b) => Some(ValueKind::Bool(*b.value())),
        // `-1` is parsed as a number literal, not a negation.
        Expression::Number(n) => Some(ValueKind::Number(number(n.value()))),
        Expression::String(s) => Some(ValueKind::String(s.value().clone())),
        Expression::Array(array) => Some(ValueKind::List(array.iter().map(|item| expr_value(item, lines)).collect())),
        Expression::Object(object) => object_entries(object, lines).map(ValueKind::Map),
        Expression::StringTemplate(template) => literal_template(template).map(ValueKind::String),
        Expression::HeredocTemplate(heredoc) => literal_template(&heredoc.template).map(ValueKind::String),
        // A parenthesised literal is that literal; anything else stays unknown as a whole.
        Expression::Parenthesis(inner) => Some(expr_value(inner.inner(), lines).kind).filter(|k| !is_unknown(k)),
        _ => None,
    };
    match kind {
        Some(kind) => Value::new(kind, span),
        None => Value::unknown(UnknownReason::Expression, lines.slice(range), span),
    }
}

/// A number as written; integers too large for `i64` become floats.
pub(crate) fn number(n: &hcl_edit::Number) -> Number {
    match n.as_i64() {
        Some(i) => Number::Int(i),
        None => Number::Float(n.as_f64().unwrap_or(f64::NAN)),
    }
}

/// The text of a template made only of literal parts (no interpolation, no directive).
pub(crate) fn literal_template(template: &Template) -> Option<String> {
    let mut text = String::new();
    for element in template.iter() {
        match element {
            Element::Literal(literal) => text.push_str(literal.value()),
            Element::Interpolation(_) | Element::Directive(_) => return None,
        }
    }
    Some(text)
}

/// The entries of an object literal, or `None` when a key is not a literal (then nothing is
/// known about which keys the object has).
fn object_entries(object: &Object, lines: &LineIndex<'_>) -> Option<Vec<MapEntry>> {
    let mut entries = MapBuilder::default();
    for (key, value) in object.iter() {
        let name = match key {
            ObjectKey::Ident(ident) => ident.as_str().to_string(),
            ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
            ObjectKey::Expression(Expression::StringTemplate(t)) => literal_template(t)?,
            ObjectKey::Expression(_) => return None,
        };
        let key_span = lines.span(key.span().unwrap_or(0..0));
        entries.set(MapEntry { key: name, key_span, value: expr_value(value.expr(), lines) });
    }
    Some(entries.finish())
}

fn is_unknown(kind: &ValueKind) -> bool {
    matches!(kind, ValueKind::Unknown(_))
}

/// Builds map entries with unique keys: a repeated key replaces the earlier value in place (the
/// model keeps keys unique and the last duplicate wins).
#[derive(Default)]
pub(crate) struct MapBuilder {
    entries: Vec<MapEntry>,
    index: HashMap<String, usize>,
}

impl MapBuilder {
    pub(crate) fn set(&mut self, entry: MapEntry) {
        match self.index.get(&entry.key).and_then(|&i| self.entries.get_mut(i)) {
            Some(existing) => *existing = entry,
            None => {
                self.index.insert(entry.key.clone(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut MapEntry> {
        self.index.get(key).and_then(|&i| self.entries.get_mut(i))
    }

    pub(crate) fn finish(self) -> Vec<MapEntry> {
        self.entries
    }
}
