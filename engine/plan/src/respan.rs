//! Locating a planned instance's values in its configuration block: an attribute written in
//! the block gets the span of what is written there (recursively: a nested block's attributes,
//! a list's literal items), anything else the span of the nearest enclosing thing that is
//! written (the block itself for attributes only the provider sets). An unknown value takes the
//! source text of the expression the configuration writes, so messages can quote it.

use tollgate_model::{Span, Value, ValueKind};

/// Relocates `body` (a planned instance's values) onto `block` (its configuration block's body,
/// spanning `block_span`).
pub(crate) fn respan_body(body: &mut Value, block: &Value, block_span: Span) {
    respan(body, Some(block), block_span);
    body.span = block_span;
}

fn respan(value: &mut Value, config: Option<&Value>, fallback: Span) {
    let Some(config) = config else {
        set_span(value, fallback);
        return;
    };
    value.span = config.span;
    if let (ValueKind::Unknown(unknown), Some(written)) = (&mut value.kind, config.as_unknown()) {
        unknown.source = written.source.clone();
        return;
    }
    if config.is_unknown() {
        // An expression Tollgate did not evaluate produced this whole value: point at it.
        set_span(value, config.span);
        return;
    }
    match (&mut value.kind, &config.kind) {
        (ValueKind::Map(entries), ValueKind::Map(_)) => {
            for entry in entries {
                match config.entry(&entry.key) {
                    Some(written) => {
                        entry.key_span = written.key_span;
                        respan(&mut entry.value, Some(&written.value), config.span);
                    }
                    None => {
                        entry.key_span = config.span;
                        set_span(&mut entry.value, config.span);
                    }
                }
            }
        }
        // A nested block: HCL bodies hold blocks as a list of maps, the plan a single map for
        // blocks of nesting mode `single`.
        (ValueKind::Map(_), ValueKind::List(items)) if items.len() == 1 => respan(value, items.first(), config.span),
        (ValueKind::List(items), ValueKind::List(written)) => {
            for (index, item) in items.iter_mut().enumerate() {
                let matched = best_match(item, written, index);
                respan(item, matched, config.span);
            }
        }
        // `.tf.json` writes a single nested block as an object.
        (ValueKind::List(items), ValueKind::Map(_)) => {
            for item in items.iter_mut() {
                respan(item, Some(config), config.span);
            }
        }
        (ValueKind::Map(_) | ValueKind::List(_), _) => set_span(value, config.span),
        _ => {}
    }
}

/// Every span in `value` (keys included) set to `span`.
fn set_span(value: &mut Value, span: Span) {
    value.span = span;
    match &mut value.kind {
        ValueKind::List(items) => items.iter_mut().for_each(|item| set_span(item, span)),
        ValueKind::Map(entries) => {
            for entry in entries {
                entry.key_span = span;
                set_span(&mut entry.value, span);
            }
        }
        _ => {}
    }
}

/// The written item a planned list item comes from. Lists keep their order, but sets (security
/// group rules, most nested blocks) are sorted by Terraform, so items are matched by content:
/// the written item sharing most known values, the one at the same index on a tie (or when
/// nothing is shared and the lengths agree), a `dynamic` block's unknown when nothing matches.
fn best_match<'a>(item: &Value, written: &'a [Value], index: usize) -> Option<&'a Value> {
    let scored = written.iter().enumerate().filter(|(_, w)| !w.is_unknown()).map(|(i, w)| (similarity(item, w), i, w));
    let best = scored.max_by(|a, b| a.0.cmp(&b.0).then_with(|| (b.1 != index).cmp(&(a.1 != index))));
    match best {
        Some((score, _, w)) if score > 0 => Some(w),
        _ => written
            .get(index)
            .filter(|w| !w.is_unknown() && written.len() == written_known_len(written))
            .or_else(|| written.iter().find(|w| w.is_unknown())),
    }
}

fn written_known_len(written: &[Value]) -> usize {
    written.iter().filter(|w| !w.is_unknown()).count()
}

/// How many known leaves two values share (same key, equal scalar); 1 for equal scalars.
fn similarity(planned: &Value, written: &Value) -> usize {
    match (&planned.kind, &written.kind) {
        (ValueKind::Map(entries), ValueKind::Map(_)) => {
            entries.iter().map(|e| written.entry(&e.key).map(|w| similarity(&e.value, &w.value)).unwrap_or(0)).sum()
        }
        (ValueKind::List(items), ValueKind::List(ws)) => {
            items.iter().map(|i| ws.iter().map(|w| similarity(i, w)).max().unwrap_or(0)).sum()
        }
        _ => usize::from(scalar_eq(planned, written)),
    }
}

/// Equal known scalars, with Terraform's string/number/bool conversions (`"22"` is `22`).
fn scalar_eq(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (ValueKind::String(x), ValueKind::String(y)) => x == y,
        (ValueKind::Bool(x), ValueKind::Bool(y)) => x == y,
        (ValueKind::Number(x), ValueKind::Number(y)) => x.as_f64() == y.as_f64(),
        (ValueKind::Number(n), ValueKind::String(s)) | (ValueKind::String(s), ValueKind::Number(n)) => {
            s.trim().parse::<f64>().is_ok_and(|parsed| parsed == n.as_f64())
        }
        (ValueKind::Bool(b), ValueKind::String(s)) | (ValueKind::String(s), ValueKind::Bool(b)) => {
            s == if *b { "true" } else { "false" }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{FileId, MapEntry, Number, Pos, UnknownReason};

    fn at(line: u32) -> Span {
        Span::new(FileId(1), Pos::new(line, 1), Pos::new(line, 9))
    }

    fn map(span: Span, entries: Vec<(&str, Value)>) -> Value {
        let entries = entries.into_iter().map(|(k, v)| MapEntry { key: k.into(), key_span: span, value: v }).collect();
        Value::new(ValueKind::Map(entries), span)
    }

    fn int(i: i64, span: Span) -> Value {
        Value::new(ValueKind::Number(Number::Int(i)), span)
    }

    fn list(items: Vec<Value>, span: Span) -> Value {
        Value::new(ValueKind::List(items), span)
    }

    #[test]
    fn set_items_are_matched_by_content() {
        let plan = at(100);
        // Terraform sorted the two rules; the configuration writes 443 first (line 2), 22 second (line 5).
        let mut body = map(
            plan,
            vec![
                (
                    "ingress",
                    list(
                        vec![
                            map(plan, vec![("from_port", int(22, plan))]),
                            map(plan, vec![("from_port", int(443, plan))]),
                        ],
                        plan,
                    ),
                ),
                ("arn", Value::unknown(UnknownReason::AfterApply, "arn", plan)),
                ("bucket", Value::unknown(UnknownReason::AfterApply, "bucket", plan)),
            ],
        );
        let block = map(
            at(1),
            vec![
                (
                    "ingress",
                    list(
                        vec![
                            map(at(2), vec![("from_port", int(443, at(3)))]),
                            map(at(5), vec![("from_port", int(22, at(6)))]),
                        ],
                        at(2),
                    ),
                ),
                ("bucket", Value::unknown(UnknownReason::Expression, "aws_s3_bucket.b.id", at(9))),
            ],
        );
        respan_body(&mut body, &block, Span::new(FileId(1), Pos::new(1, 1), Pos::new(10, 1)));
        let rules = body.get("ingress").known().and_then(Value::as_list).unwrap();
        assert_eq!(rules[0].get("from_port").known().map(|v| v.span.start.line), Some(6));
        assert_eq!(rules[1].get("from_port").known().map(|v| v.span.start.line), Some(3));
        assert_eq!(body.get("arn").value().map(|v| v.span.start.line), Some(1), "provider-set: the block");
        let bucket = body.get("bucket").value().unwrap();
        assert_eq!(
            (bucket.span.start.line, bucket.as_unknown().map(|u| u.source.as_str())),
            (9, Some("aws_s3_bucket.b.id"))
        );
    }
}
