//! Evaluating block bodies, shared by both syntaxes: which arguments are kept as written, how
//! nested blocks gather under their type, what a `dynamic` block's iterator holds.

use crate::blocks::{Content, ExprRef, TopBlock, LABEL_KEY, LOCAL_VALUE_KEY};
use crate::eval::{EvalResult, Evaluator};
use crate::expr::MapBuilder;
use std::collections::BTreeSet;
use tollgate_model::lines::LineIndex;
use tollgate_model::{MapEntry, Span, TfBlock, Value, ValueKind};

/// Where a body sits, which decides the arguments that name things instead of holding values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyContext {
    Top(TfBlock),
    Lifecycle,
    Nested,
}

impl BodyContext {
    pub(crate) fn nested(self, ident: &str) -> BodyContext {
        match self {
            BodyContext::Top(_) if ident == "lifecycle" => BodyContext::Lifecycle,
            _ => BodyContext::Nested,
        }
    }
}

/// Arguments kept as written rather than evaluated: they name blocks, providers, attributes or
/// types (`depends_on = [aws_s3_bucket.b]` is not the bucket's value).
pub(crate) fn is_static(context: BodyContext, key: &str) -> bool {
    match context {
        BodyContext::Top(TfBlock::Resource | TfBlock::Data) => matches!(key, "provider" | "depends_on"),
        BodyContext::Top(TfBlock::Module) => matches!(key, "providers" | "depends_on"),
        BodyContext::Top(TfBlock::Output) => key == "depends_on",
        BodyContext::Top(TfBlock::Variable) => key == "type",
        BodyContext::Lifecycle => matches!(key, "ignore_changes" | "replace_triggered_by"),
        BodyContext::Top(_) | BodyContext::Nested => false,
    }
}

/// Appends a nested block to the list under its type; the first block of a type starts the list
/// (an unknown `dynamic` block stands alone until a static block of the same type joins it).
pub(crate) fn add_block(map: &mut MapBuilder, block_keys: &mut BTreeSet<String>, entry: MapEntry) {
    if block_keys.contains(&entry.key) {
        if let Some(existing) = map.get_mut(&entry.key) {
            let joined = existing.value.span.join(entry.value.span);
            match &mut existing.value.kind {
                ValueKind::List(items) => items.push(entry.value),
                _ => {
                    let first = std::mem::replace(&mut existing.value, Value::null(joined));
                    existing.value = Value::new(ValueKind::List(vec![first, entry.value]), joined);
                }
            }
            existing.value.span = joined;
            return;
        }
    }
    block_keys.insert(entry.key.clone());
    let value = if entry.value.is_unknown() {
        entry.value
    } else {
        let span = entry.value.span;
        Value::new(ValueKind::List(vec![entry.value]), span)
    };
    map.set(MapEntry { value, ..entry });
}

/// What a `dynamic` block's iterator (and `each`) holds: `{ key = ..., value = ... }`.
pub(crate) fn iterator_object(key: Value, value: Value, span: Span) -> Value {
    let entry = |name: &str, value: Value| MapEntry { key: name.to_string(), key_span: span, value };
    Value::new(ValueKind::Map(vec![entry("key", key), entry("value", value)]), span)
}

/// The label entry of a block a `dynamic` block generates, from its `labels` argument.
pub(crate) fn dynamic_labels(labels: Value) -> MapEntry {
    let span = labels.span;
    let value = match labels.kind {
        ValueKind::List(mut items) if items.len() == 1 => items.remove(0),
        other => Value::new(other, span),
    };
    MapEntry { key: LABEL_KEY.to_string(), key_span: span, value }
}

/// Evaluates an expression of either syntax.
pub(crate) fn expression(ev: &mut Evaluator<'_>, lines: &LineIndex<'_>, expr: ExprRef<'_>) -> EvalResult {
    match expr {
        ExprRef::Hcl(expr) => ev.expr(expr),
        ExprRef::Json(json) => crate::tfjson::expression(ev, lines, json),
    }
}

/// The evaluated body of a top-level block: attributes and nested blocks for blocks, `value`
/// for a local value.
pub(crate) fn block_body(ev: &mut Evaluator<'_>, lines: &LineIndex<'_>, top: &TopBlock<'_>) -> Value {
    let context = BodyContext::Top(top.header.block);
    match top.content {
        Content::HclBlock(block) => crate::hcl::body_value(ev, lines, &block.body, top.span, None, context, ""),
        Content::JsonBlock(members) => crate::tfjson::body_value(ev, lines, members, top.span, context, ""),
        Content::HclLocal(attr) => {
            ev.attribute = LOCAL_VALUE_KEY.to_string();
            use hcl_edit::Span as _;
            let key_span = lines.span(attr.key.span().unwrap_or(0..0));
            let value = crate::hcl::evaluated(ev, lines, &attr.value);
            local_body(key_span, value, top.span)
        }
        Content::JsonLocal(member) => {
            ev.attribute = LOCAL_VALUE_KEY.to_string();
            let key_span = lines.span(member.key_range.clone());
            let value = crate::tfjson::value(ev, lines, &member.value);
            local_body(key_span, value, top.span)
        }
    }
}

fn local_body(key_span: Span, value: Value, span: Span) -> Value {
    Value::new(ValueKind::Map(vec![MapEntry { key: LOCAL_VALUE_KEY.to_string(), key_span, value }]), span)
}
