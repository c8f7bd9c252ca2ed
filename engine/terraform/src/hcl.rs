//! `.tf` files (HCL native syntax) to resources.

use crate::blocks::{self, block_kind, header, local_header, BlockHeader, LABEL_KEY, LOCAL_VALUE_KEY};
use crate::expr::{expr_value, MapBuilder};
use crate::lines::LineIndex;
use crate::refs::{RefCollector, Spans};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span as _;
use std::collections::BTreeSet;
use tollgate_model::{
    FileId, FileLoad, LoadError, MapEntry, Resource, SourceFile, Span, TfBlock, UnknownReason, Value, ValueKind,
};

pub(crate) fn load(file: FileId, source: &SourceFile, module_dir: &str) -> FileLoad {
    // Editors hide a byte-order mark, so columns are counted after it.
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let lines = LineIndex::new(file, text);
    let mut load = FileLoad::default();
    let body = match hcl_edit::parser::parse_body(text) {
        Ok(body) => body,
        Err(err) => {
            load.errors.push(LoadError {
                file: source.path.clone(),
                line: to_u32(err.location().line()),
                column: to_u32(err.location().column()),
                message: parse_error_message(err.message()),
            });
            return load;
        }
    };
    for structure in body.iter() {
        // Top-level attributes are invalid in Terraform; the blocks are what we scan.
        let Structure::Block(block) = structure else { continue };
        let keyword = block.ident.as_str();
        if keyword == "locals" {
            load.resources.extend(locals(block, &lines, module_dir));
            continue;
        }
        // terraform, moved, import, check, removed, ...: configuration, not resources.
        let Some(kind) = block_kind(keyword) else { continue };
        let labels: Vec<&str> = block.labels.iter().map(|label| label.as_str()).collect();
        let alias = match kind {
            TfBlock::Provider => block.body.get_attribute("alias").map(|attr| expr_value(&attr.value, &lines)),
            _ => None,
        };
        match header(kind, &labels, alias.as_ref().and_then(Value::as_str)) {
            Ok(header) => load.resources.push(block_resource(header, block, &lines, module_dir)),
            Err(message) => {
                let pos = lines.pos(block.span().unwrap_or(0..0).start);
                load.errors.push(LoadError { file: source.path.clone(), line: pos.line, column: pos.col, message });
            }
        }
    }
    load
}

fn block_resource(header: BlockHeader, block: &Block, lines: &LineIndex<'_>, module_dir: &str) -> Resource {
    let span = lines.span(block.span().unwrap_or(0..0));
    let body = body_value(&block.body, span, None, lines);
    let mut refs = RefCollector::new();
    refs.top_body(&block.body, header.block, Spans::File(lines));
    blocks::resource(header, module_dir, span, body, refs.finish())
}

/// One resource per local value, spanning that value's attribute.
fn locals(block: &Block, lines: &LineIndex<'_>, module_dir: &str) -> Vec<Resource> {
    block
        .body
        .attributes()
        .map(|attr| {
            let span = lines.span(attr.span().unwrap_or(0..0));
            let key_span = lines.span(attr.key.span().unwrap_or(0..0));
            let value = expr_value(&attr.value, lines);
            let body =
                Value::new(ValueKind::Map(vec![MapEntry { key: LOCAL_VALUE_KEY.to_string(), key_span, value }]), span);
            let mut refs = RefCollector::new();
            refs.expr(&attr.value, LOCAL_VALUE_KEY, Spans::File(lines));
            blocks::resource(local_header(attr.key.as_str()), module_dir, span, body, refs.finish())
        })
        .collect()
}

/// A block body as a map: attributes by name; nested blocks by type, as a list of maps (one per
/// block); `dynamic "x"` blocks as an unknown under `x`. `label` is the label entry of a
/// labeled nested block.
fn body_value(body: &Body, span: Span, label: Option<MapEntry>, lines: &LineIndex<'_>) -> Value {
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
                map.set(MapEntry { key: key.to_string(), key_span, value: expr_value(&attr.value, lines) });
            }
            Structure::Block(block) => {
                let block_span = lines.span(block.span().unwrap_or(0..0));
                let entry = if block.ident.as_str() == "dynamic" {
                    let Some(name) = block.labels.first() else { continue };
                    let source = format!("dynamic \"{}\"", name.as_str());
                    MapEntry {
                        key: name.as_str().to_string(),
                        key_span: lines.span(name.span().unwrap_or(0..0)),
                        value: Value::unknown(UnknownReason::Expression, source, block_span),
                    }
                } else {
                    MapEntry {
                        key: block.ident.as_str().to_string(),
                        key_span: lines.span(block.ident.span().unwrap_or(0..0)),
                        value: body_value(&block.body, block_span, label_entry(block, lines), lines),
                    }
                };
                add_block(&mut map, &mut block_keys, entry);
            }
        }
    }
    Value::new(ValueKind::Map(map.finish()), span)
}

/// Appends a nested block to the list under its type; the first block of a type starts the list
/// (an unknown `dynamic` block stands alone until a static block of the same type joins it).
fn add_block(map: &mut MapBuilder, block_keys: &mut BTreeSet<String>, entry: MapEntry) {
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
