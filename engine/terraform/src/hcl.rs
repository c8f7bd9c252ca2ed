//! `.tf` files (HCL native syntax): the blocks of a file, and block bodies evaluated to values.

use crate::blocks::{header, local_header, Content, TopBlock, LABEL_KEY};
use crate::body::{add_block, is_static, BodyContext};
use crate::eval::Evaluator;
use crate::expr::{expr_value, MapBuilder};
use crate::refs::{join, RefCollector, Spans};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span as _;
use std::collections::BTreeSet;
use tollgate_model::lines::LineIndex;
use tollgate_model::{LoadError, MapEntry, Span, TfBlock, UnknownReason, Value, ValueKind};

/// Parses a file's text; the error carries the line and column.
pub(crate) fn parse(text: &str, path: &str) -> Result<Body, LoadError> {
    hcl_edit::parser::parse_body(text).map_err(|err| LoadError {
        file: path.to_string(),
        line: to_u32(err.location().line()),
        column: to_u32(err.location().column()),
        message: parse_error_message(err.message()),
    })
}

/// The top-level blocks that become resources (one per local value for `locals`), and the
/// errors of malformed block headers.
pub(crate) fn top_blocks<'a>(body: &'a Body, lines: &LineIndex<'_>, path: &str) -> (Vec<TopBlock<'a>>, Vec<LoadError>) {
    let mut blocks = Vec::new();
    let mut errors = Vec::new();
    for structure in body.iter() {
        // Top-level attributes are invalid in Terraform; the blocks are what we scan.
        let Structure::Block(block) = structure else { continue };
        let keyword = block.ident.as_str();
        if keyword == "locals" {
            for attr in block.body.attributes() {
                let mut refs = RefCollector::new();
                refs.expr(&attr.value, crate::blocks::LOCAL_VALUE_KEY, Spans::File(lines));
                blocks.push(TopBlock {
                    header: local_header(attr.key.as_str()),
                    span: lines.span(attr.span().unwrap_or(0..0)),
                    content: Content::HclLocal(attr),
                    references: refs.finish(),
                });
            }
            continue;
        }
        // terraform, moved, import, check, removed, ...: configuration, not resources.
        let Some(kind) = crate::blocks::block_kind(keyword) else { continue };
        let labels: Vec<&str> = block.labels.iter().map(|label| label.as_str()).collect();
        let alias = match kind {
            TfBlock::Provider => block.body.get_attribute("alias").map(|attr| expr_value(&attr.value, lines)),
            _ => None,
        };
        match header(kind, &labels, alias.as_ref().and_then(Value::as_str)) {
            Ok(header) => {
                let mut refs = RefCollector::new();
                refs.top_body(&block.body, header.block, Spans::File(lines));
                let span = lines.span(block.span().unwrap_or(0..0));
                blocks.push(TopBlock { header, span, content: Content::HclBlock(block), references: refs.finish() });
            }
            Err(message) => {
                let pos = lines.pos(block.span().unwrap_or(0..0).start);
                errors.push(LoadError { file: path.to_string(), line: pos.line, column: pos.col, message });
            }
        }
    }
    (blocks, errors)
}

/// A block body as a map: attributes by name; nested blocks by type, as a list of maps (one per
/// block); `dynamic "x"` blocks expanded into `x` blocks (an unknown `x` when their `for_each`
/// is unknown). `label` is the label entry of a labeled nested block.
pub(crate) fn body_value(
    ev: &mut Evaluator<'_>,
    lines: &LineIndex<'_>,
    body: &Body,
    span: Span,
    label: Option<MapEntry>,
    context: BodyContext,
    prefix: &str,
) -> Value {
    let mut map = MapBuilder::default();
    // Keys that hold nested blocks (as opposed to attributes).
    let mut block_keys = BTreeSet::new();
    if let Some(label) = label {
        map.set(label);
    }
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let key = attr.key.as_str();
                block_keys.remove(key);
                let key_span = lines.span(attr.key.span().unwrap_or(0..0));
                let value = if is_static(context, key) {
                    expr_value(&attr.value, lines)
                } else {
                    ev.attribute = join(prefix, key);
                    evaluated(ev, lines, &attr.value)
                };
                map.set(MapEntry { key: key.to_string(), key_span, value });
            }
            Structure::Block(block) if block.ident.as_str() == "dynamic" => {
                let Some(name) = block.labels.first() else { continue };
                let key_span = lines.span(name.span().unwrap_or(0..0));
                for value in dynamic(ev, lines, block, name.as_str(), prefix) {
                    add_block(&mut map, &mut block_keys, MapEntry { key: name.as_str().to_string(), key_span, value });
                }
            }
            Structure::Block(block) => {
                let block_span = lines.span(block.span().unwrap_or(0..0));
                let inner = context.nested(block.ident.as_str());
                let path = join(prefix, block.ident.as_str());
                let value = body_value(ev, lines, &block.body, block_span, label_entry(block, lines), inner, &path);
                let key_span = lines.span(block.ident.span().unwrap_or(0..0));
                add_block(
                    &mut map,
                    &mut block_keys,
                    MapEntry { key: block.ident.as_str().to_string(), key_span, value },
                );
            }
        }
    }
    Value::new(ValueKind::Map(map.finish()), span)
}

/// An attribute's value; an expression Tollgate cannot evaluate (or that Terraform would
/// reject) is unknown, with its source text.
pub(crate) fn evaluated(ev: &mut Evaluator<'_>, lines: &LineIndex<'_>, expr: &hcl_edit::expr::Expression) -> Value {
    let range = expr.span();
    ev.expr(expr).unwrap_or_else(|_| {
        Value::unknown(
            UnknownReason::Expression,
            lines.slice(range.clone().unwrap_or(0..0)),
            lines.span(range.unwrap_or(0..0)),
        )
    })
}

/// The blocks a `dynamic "x" { for_each = ..., iterator = it, labels = [...], content { ... } }`
/// block generates, or one unknown when its `for_each` cannot be known.
fn dynamic(ev: &mut Evaluator<'_>, lines: &LineIndex<'_>, block: &Block, name: &str, prefix: &str) -> Vec<Value> {
    let span = lines.span(block.span().unwrap_or(0..0));
    let path = join(prefix, name);
    ev.attribute = path.clone();
    let source = format!("dynamic \"{name}\"");
    let unknown = |reason| vec![Value::unknown(reason, source.clone(), span)];
    let Some(for_each) = block.body.get_attribute("for_each") else {
        return unknown(UnknownReason::Expression);
    };
    let collection = match ev.expr(&for_each.value) {
        Ok(collection) => collection,
        Err(_) => return unknown(UnknownReason::Expression),
    };
    let items = match ev.iteration(&collection, span) {
        Ok(Ok(items)) => items,
        Ok(Err(cause)) => return unknown(cause.as_unknown().map(|u| u.reason).unwrap_or(UnknownReason::Expression)),
        Err(_) => return unknown(UnknownReason::Expression),
    };
    let iterator = block
        .body
        .get_attribute("iterator")
        .and_then(|attr| attr.value.as_variable())
        .map(|ident| ident.as_str().to_string())
        .unwrap_or_else(|| name.to_string());
    let Some(content) = block.body.blocks().find(|b| b.ident.as_str() == "content") else { return Vec::new() };
    let content_span = lines.span(content.span().unwrap_or(0..0));
    let mut out = Vec::with_capacity(items.len());
    for (key, value) in items {
        ev.bind(iterator.clone(), crate::body::iterator_object(key, value, span));
        ev.attribute = path.clone();
        let label = block
            .body
            .get_attribute("labels")
            .map(|attr| crate::body::dynamic_labels(evaluated(ev, lines, &attr.value)));
        out.push(body_value(ev, lines, &content.body, content_span, label, BodyContext::Nested, &path));
        ev.unbind(1);
    }
    out
}

/// `provisioner "local-exec" { ... }` keeps its label under `__label__`: a string for one label,
/// a list of strings for several.
fn label_entry(block: &Block, lines: &LineIndex<'_>) -> Option<MapEntry> {
    let labels: Vec<Value> = block
        .labels
        .iter()
        .map(|label| Value::string(label.as_str(), lines.span(label.span().unwrap_or(0..0))))
        .collect();
    let first_span = labels.first()?.span;
    let span = labels.iter().fold(first_span, |acc, label| acc.join(label.span));
    let value = match <[Value; 1]>::try_from(labels) {
        Ok([single]) => single,
        Err(labels) => Value::new(ValueKind::List(labels), span),
    };
    Some(MapEntry { key: LABEL_KEY.to_string(), key_span: span, value })
}

/// hcl-edit's limits on nesting (which keep hostile input from overflowing the stack) are
/// Tollgate's, not Terraform's, so they get their own advice.
fn parse_error_message(detail: &str) -> String {
    if detail.contains("nesting depth") || detail.contains("chained binary operators") {
        format!(
            "cannot parse Terraform file: blocks or expressions nested too deeply for Tollgate ({detail}); flatten \
             the nesting, e.g. move deep expressions into locals"
        )
    } else {
        format!("cannot parse Terraform file: {detail}; fix the syntax so Terraform can read it")
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
