//! `.tf.json` files (Terraform's JSON configuration syntax) to resources.
//!
//! Without provider schemas JSON cannot tell a nested block from an object-valued attribute, so
//! JSON objects stay maps and arrays stay lists (rules read nested blocks through
//! [`tollgate_model::Value::items`], which presents a single map as a one-item list). Strings are
//! templates: one holding `${` or `%{` is an unknown expression (after unescaping `$${`/`%%{`),
//! and its references are recorded.

use crate::blocks::{block_kind, header, label_count, local_header, Content, TopBlock, LOCAL_VALUE_KEY};
use crate::body::{dynamic_labels, is_static, iterator_object, BodyContext};
use crate::eval::{EvalError, EvalResult, Evaluator, Locator, TextRules};
use crate::expr::{literal_template, MapBuilder};
use crate::refs::{join, provider_target, RefCollector, Spans};
use std::ops::Range;
use tollgate_model::json::{Json, JsonKind, JsonMember};
use tollgate_model::lines::LineIndex;
use tollgate_model::{LoadError, MapEntry, Span, TfBlock, UnknownReason, Value, ValueKind};

/// Terraform ignores properties named `//` in JSON blocks: they are comments.
const COMMENT_KEY: &str = "//";

/// The top-level blocks of a `.tf.json` file that become resources (one per local value), and
/// the errors of malformed blocks.
pub(crate) fn top_blocks<'a>(root: &'a Json, lines: &LineIndex<'_>, path: &str) -> (Vec<TopBlock<'a>>, Vec<LoadError>) {
    let mut walker = Walker { lines, path, blocks: Vec::new(), errors: Vec::new() };
    walker.root(root);
    (walker.blocks, walker.errors)
}

struct Walker<'l, 'a> {
    lines: &'l LineIndex<'l>,
    path: &'l str,
    blocks: Vec<TopBlock<'a>>,
    errors: Vec<LoadError>,
}

impl<'l, 'a> Walker<'l, 'a> {
    fn error(&mut self, offset: usize, message: String) {
        let pos = self.lines.pos(offset);
        self.errors.push(LoadError { file: self.path.to_string(), line: pos.line, column: pos.col, message });
    }

    fn root(&mut self, root: &'a Json) {
        let Some(members) = root.as_object() else {
            let message = "a Terraform JSON file must hold one object at the top level (e.g. {\"resource\": {...}})";
            return self.error(root.range.start, message.to_string());
        };
        for member in members {
            match member.key.as_str() {
                "locals" => {
                    for object in self.objects(&member.value, "an object of local values") {
                        self.locals(object);
                    }
                }
                keyword => {
                    if let Some(kind) = block_kind(keyword) {
                        self.labeled(kind, &member.value, &mut Vec::new(), 0);
                    }
                }
            }
        }
    }

    /// The objects a block property holds: an object, or an array of objects (both are allowed
    /// at every level of Terraform JSON block nesting). Anything else is reported.
    fn objects(&mut self, value: &'a Json, what: &str) -> Vec<&'a Json> {
        let found = match &value.kind {
            JsonKind::Object(_) => return vec![value],
            JsonKind::Array(items) => items.iter().filter(|item| item.as_object().is_some()).collect(),
            _ => Vec::new(),
        };
        let expected = match &value.kind {
            JsonKind::Array(items) => items.len(),
            _ => 1,
        };
        if found.len() != expected {
            self.error(value.range.start, format!("expected {what} (a JSON object or an array of objects)"));
        }
        found
    }

    /// Descends one object level per label; `start` is where the innermost label key starts.
    fn labeled(&mut self, kind: TfBlock, value: &'a Json, labels: &mut Vec<String>, start: usize) {
        if labels.len() == label_count(kind) {
            // One block per object; a block in an array spans only its own object.
            let in_array = matches!(value.kind, JsonKind::Array(_));
            for body in self.objects(value, &format!("the body of a `{}` block", kind.as_str())) {
                let range = if in_array { body.range.clone() } else { start..body.range.end };
                self.block(kind, labels, range, body);
            }
            return;
        }
        let what = if labels.is_empty() && matches!(kind, TfBlock::Resource | TfBlock::Data) {
            format!("an object of `{}` types", kind.as_str())
        } else {
            format!("an object of `{}` names", kind.as_str())
        };
        for object in self.objects(value, &what) {
            for member in object.as_object().unwrap_or_default() {
                if member.key == COMMENT_KEY {
                    continue;
                }
                labels.push(member.key.clone());
                self.labeled(kind, &member.value, labels, member.key_range.start);
                labels.pop();
            }
        }
    }

    fn block(&mut self, kind: TfBlock, labels: &[String], range: Range<usize>, body: &'a Json) {
        let members = body.as_object().unwrap_or_default();
        let alias = match kind {
            TfBlock::Provider => members.iter().rev().find(|m| m.key == "alias").and_then(|m| m.value.as_str()),
            _ => None,
        };
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        let header = match header(kind, &labels, alias) {
            Ok(header) => header,
            Err(message) => return self.error(range.start, message),
        };
        let span = self.lines.span(range);
        let mut refs = RefCollector::new();
        Refs { lines: self.lines }.member_refs(members, "", Some(kind), &mut refs);
        self.blocks.push(TopBlock { header, span, content: Content::JsonBlock(members), references: refs.finish() });
    }

    fn locals(&mut self, object: &'a Json) {
        for member in object.as_object().unwrap_or_default() {
            if member.key == COMMENT_KEY {
                continue;
            }
            let span = self.lines.span(member.key_range.start..member.value.range.end);
            let mut refs = RefCollector::new();
            Refs { lines: self.lines }.refs(&member.value, LOCAL_VALUE_KEY, &mut refs);
            self.blocks.push(TopBlock {
                header: local_header(&member.key),
                span,
                content: Content::JsonLocal(member),
                references: refs.finish(),
            });
        }
    }
}

/// A JSON value in expression mode: strings are templates, arrays lists, objects maps (nested
/// `dynamic` blocks expanded). An expression Tollgate cannot evaluate is unknown.
pub(crate) fn value(ev: &mut Evaluator<'_>, lines: &LineIndex<'_>, json: &Json) -> Value {
    let span = lines.span(json.range.clone());
    match &json.kind {
        JsonKind::Array(items) => {
            Value::new(ValueKind::List(items.iter().map(|item| value(ev, lines, item)).collect()), span)
        }
        JsonKind::Object(members) => {
            let prefix = ev.attribute.clone();
            body_value(ev, lines, members, span, BodyContext::Nested, &prefix)
        }
        JsonKind::String(text) => {
            expression(ev, lines, json).unwrap_or_else(|_| Value::unknown(UnknownReason::Expression, text.trim(), span))
        }
        _ => literal(json, lines),
    }
}

/// A JSON value evaluated as Terraform evaluates an expression written in JSON.
pub(crate) fn expression(ev: &mut Evaluator<'_>, lines: &LineIndex<'_>, json: &Json) -> EvalResult {
    let span = lines.span(json.range.clone());
    match &json.kind {
        JsonKind::String(text) if is_template(text) => {
            let template = hcl_edit::parser::parse_template(text)
                .map_err(|e| EvalError { message: format!("invalid template: {e}"), span })?;
            ev.with_locator(Locator::fixed(span, text), |ev| ev.template(&template, span, TextRules::Lines))
        }
        JsonKind::Array(items) => {
            let items = items.iter().map(|item| expression(ev, lines, item)).collect::<Result<Vec<_>, _>>()?;
            Ok(Value::new(ValueKind::List(items), span))
        }
        JsonKind::Object(members) => {
            let mut map = MapBuilder::default();
            for member in members {
                let value = expression(ev, lines, &member.value)?;
                map.set(MapEntry { key: member.key.clone(), key_span: lines.span(member.key_range.clone()), value });
            }
            Ok(Value::new(ValueKind::Map(map.finish()), span))
        }
        _ => Ok(literal(json, lines)),
    }
}

/// A JSON value taken as written (no templates).
fn literal(json: &Json, lines: &LineIndex<'_>) -> Value {
    json.to_value(&|range| lines.span(range))
}

/// A value kept as written: literal strings, templates unknown with their text.
fn static_value(json: &Json, lines: &LineIndex<'_>) -> Value {
    let span = lines.span(json.range.clone());
    match &json.kind {
        JsonKind::String(text) => template_value(text, span),
        JsonKind::Array(items) => {
            Value::new(ValueKind::List(items.iter().map(|item| static_value(item, lines)).collect()), span)
        }
        _ => literal(json, lines),
    }
}

/// A block body or object: `//` comments dropped, `dynamic` blocks expanded, variable defaults
/// and descriptions taken literally.
pub(crate) fn body_value(
    ev: &mut Evaluator<'_>,
    lines: &LineIndex<'_>,
    members: &[JsonMember],
    span: Span,
    context: BodyContext,
    prefix: &str,
) -> Value {
    let mut map = MapBuilder::default();
    for member in members {
        if member.key == COMMENT_KEY {
            continue;
        }
        if let Some(dynamic) = dynamic_blocks(member) {
            for (label, body) in dynamic {
                let key_span = lines.span(label.key_range.clone());
                let generated = dynamic_block(ev, lines, &label.key, body, prefix);
                if generated.is_empty() {
                    continue;
                }
                let value = match <[Value; 1]>::try_from(generated) {
                    Ok([single]) if single.is_unknown() => single,
                    Ok([single]) => Value::new(ValueKind::List(vec![single]), span),
                    Err(items) => Value::new(ValueKind::List(items), lines.span(body.range.clone())),
                };
                map.set(MapEntry { key: label.key.clone(), key_span, value });
            }
            continue;
        }
        let key_span = lines.span(member.key_range.clone());
        let path = join(prefix, &member.key);
        ev.attribute = path.clone();
        let value = if is_literal(context, &member.key) {
            literal(&member.value, lines)
        } else if is_static(context, &member.key) {
            static_value(&member.value, lines)
        } else if let JsonKind::Object(inner) = &member.value.kind {
            body_value(ev, lines, inner, lines.span(member.value.range.clone()), context.nested(&member.key), &path)
        } else {
            value(ev, lines, &member.value)
        };
        map.set(MapEntry { key: member.key.clone(), key_span, value });
    }
    Value::new(ValueKind::Map(map.finish()), span)
}

/// The blocks one `dynamic` label generates, or one unknown when `for_each` cannot be known.
fn dynamic_block(ev: &mut Evaluator<'_>, lines: &LineIndex<'_>, name: &str, body: &Json, prefix: &str) -> Vec<Value> {
    let span = lines.span(body.range.clone());
    let path = join(prefix, name);
    ev.attribute = path.clone();
    let unknown = |reason| vec![Value::unknown(reason, format!("dynamic \"{name}\""), span)];
    let members = body.as_object().unwrap_or_default();
    let find = |key: &str| members.iter().rev().find(|m| m.key == key).map(|m| &m.value);
    let Some(for_each) = find("for_each") else { return unknown(UnknownReason::Expression) };
    let items = match expression(ev, lines, for_each).map(|c| ev.iteration(&c, span)) {
        Ok(Ok(Ok(items))) => items,
        Ok(Ok(Err(cause))) => {
            return unknown(cause.as_unknown().map(|u| u.reason).unwrap_or(UnknownReason::Expression))
        }
        _ => return unknown(UnknownReason::Expression),
    };
    let iterator = find("iterator").and_then(Json::as_str).unwrap_or(name).to_string();
    let Some(content) = find("content") else { return Vec::new() };
    let content_members = content.as_object().unwrap_or_default();
    let content_span = lines.span(content.range.clone());
    let mut out = Vec::with_capacity(items.len());
    for (key, item) in items {
        ev.bind(iterator.clone(), iterator_object(key, item, span));
        ev.attribute = path.clone();
        let mut generated = body_value(ev, lines, content_members, content_span, BodyContext::Nested, &path);
        if let (Some(labels), ValueKind::Map(entries)) = (find("labels"), &mut generated.kind) {
            entries.insert(0, dynamic_labels(value(ev, lines, labels)));
        }
        out.push(generated);
        ev.unbind(1);
    }
    out
}

struct Refs<'l> {
    lines: &'l LineIndex<'l>,
}

impl Refs<'_> {
    /// References in the members of a block body (`block` is set for a top-level block, whose
    /// meta-arguments name providers and dependencies).
    fn member_refs(&self, members: &[JsonMember], path: &str, block: Option<TfBlock>, refs: &mut RefCollector) {
        for member in members {
            let key = member.key.as_str();
            let attribute = join(path, key);
            match (block, key) {
                (_, COMMENT_KEY) | (_, "ignore_changes") => {}
                (Some(block), key) if is_literal(BodyContext::Top(block), key) => {}
                (Some(TfBlock::Resource | TfBlock::Data), "provider") => {
                    self.provider_refs([&member.value], &attribute, refs)
                }
                (Some(TfBlock::Module), "providers") => {
                    let values = member.value.as_object().unwrap_or_default().iter().map(|m| &m.value);
                    self.provider_refs(values, &attribute, refs);
                }
                // Lists of bare references, written without `${ }` in JSON.
                (_, "depends_on" | "replace_triggered_by") => {
                    for item in list_items(&member.value) {
                        match item.as_str() {
                            Some(text) if !is_template(text) => {
                                let item_span = self.lines.span(item.range.clone());
                                if let Ok(expr) = hcl_edit::parser::parse_expr(text) {
                                    refs.expr(&expr, &attribute, Spans::Fixed(item_span));
                                }
                            }
                            _ => self.refs(item, &attribute, refs),
                        }
                    }
                }
                _ => match dynamic_blocks(member) {
                    Some(dynamic) => {
                        for (label, body) in dynamic {
                            self.dynamic_refs(label, body, path, refs);
                        }
                    }
                    None => self.refs(&member.value, &attribute, refs),
                },
            }
        }
    }

    /// `"dynamic": {"x": {"for_each": ..., "iterator": "it", "content": {...}}}`, as in
    /// [`RefCollector`]'s HCL walk: `for_each` outside the iteration, the rest with the
    /// iterator bound.
    fn dynamic_refs(&self, label: &JsonMember, body: &Json, path: &str, refs: &mut RefCollector) {
        let path = join(path, &label.key);
        let members = body.as_object().unwrap_or_default();
        let iterator = members
            .iter()
            .find(|m| m.key == "iterator")
            .and_then(|m| m.value.as_str())
            .unwrap_or(&label.key)
            .to_string();
        for member in members.iter().filter(|m| m.key == "for_each") {
            self.refs(&member.value, &path, refs);
        }
        refs.scoped([iterator], |refs| {
            for member in members.iter().filter(|m| !matches!(m.key.as_str(), "for_each" | "iterator")) {
                if member.key == "content" {
                    for content in list_items(&member.value) {
                        self.member_refs(content.as_object().unwrap_or_default(), &path, None, refs);
                    }
                } else {
                    self.refs(&member.value, &path, refs);
                }
            }
        });
    }

    fn provider_refs<'j>(&self, values: impl IntoIterator<Item = &'j Json>, attribute: &str, refs: &mut RefCollector) {
        for value in values {
            match value.as_str().filter(|s| !is_template(s)).and_then(provider_target) {
                Some(target) => refs.push(target, attribute, self.lines.span(value.range.clone())),
                None => self.refs(value, attribute, refs),
            }
        }
    }

    /// References in the templates of any JSON value, held by `attribute`.
    fn refs(&self, json: &Json, attribute: &str, refs: &mut RefCollector) {
        match &json.kind {
            JsonKind::String(s) if is_template(s) => {
                if let Ok(template) = hcl_edit::parser::parse_template(s) {
                    refs.template(&template, attribute, Spans::Fixed(self.lines.span(json.range.clone())));
                }
            }
            JsonKind::Array(items) => items.iter().for_each(|item| self.refs(item, attribute, refs)),
            JsonKind::Object(members) => self.member_refs(members, attribute, None, refs),
            _ => {}
        }
    }
}

/// A string value: literal unless it holds an interpolation or a directive.
pub(crate) fn template_value(text: &str, span: Span) -> Value {
    if !is_template(text) {
        return Value::string(text, span);
    }
    match hcl_edit::parser::parse_template(text).ok().as_ref().and_then(literal_template) {
        Some(literal) => Value::string(literal, span),
        None => Value::unknown(UnknownReason::Expression, text.trim(), span),
    }
}

fn is_template(text: &str) -> bool {
    text.contains("${") || text.contains("%{")
}

/// Attributes Terraform reads literally in JSON, not as templates.
fn is_literal(context: BodyContext, key: &str) -> bool {
    matches!(
        (context, key),
        (BodyContext::Top(TfBlock::Variable), "default" | "type" | "description")
            | (BodyContext::Top(TfBlock::Output), "description")
    )
}

/// The `(label, body)` pairs of a `dynamic` member whose value is an object of objects.
fn dynamic_blocks(member: &JsonMember) -> Option<Vec<(&JsonMember, &Json)>> {
    if member.key != "dynamic" {
        return None;
    }
    let labels = member.value.as_object()?;
    let pairs: Vec<(&JsonMember, &Json)> =
        labels.iter().flat_map(|label| list_items(&label.value).into_iter().map(move |body| (label, body))).collect();
    pairs.iter().all(|(_, body)| body.as_object().is_some()).then_some(pairs)
}

/// The items of an array, or the value itself.
fn list_items(json: &Json) -> Vec<&Json> {
    match &json.kind {
        JsonKind::Array(items) => items.iter().collect(),
        _ => vec![json],
    }
}
