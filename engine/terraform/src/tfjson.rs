//! `.tf.json` files (Terraform's JSON configuration syntax) to resources.
//!
//! Without provider schemas JSON cannot tell a nested block from an object-valued attribute, so
//! JSON objects stay maps and arrays stay lists (rules read nested blocks through
//! [`tollgate_model::Value::items`], which presents a single map as a one-item list). Strings are
//! templates: one holding `${` or `%{` is an unknown expression (after unescaping `$${`/`%%{`),
//! and its references are recorded.

use crate::blocks::{self, block_kind, header, label_count, local_header, LOCAL_VALUE_KEY};
use crate::expr::{literal_template, MapBuilder};
use crate::lines::LineIndex;
use crate::refs::{join, provider_target, RefCollector, Spans};
use std::ops::Range;
use tollgate_model::json::{self, Json, JsonKind, JsonMember};
use tollgate_model::{
    FileId, FileLoad, LoadError, MapEntry, Number, SourceFile, Span, TfBlock, UnknownReason, Value, ValueKind,
};

/// Terraform ignores properties named `//` in JSON blocks: they are comments.
const COMMENT_KEY: &str = "//";

pub(crate) fn load(file: FileId, source: &SourceFile, module_dir: &str) -> FileLoad {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let lines = LineIndex::new(file, text);
    let mut loader = Loader { lines: &lines, path: &source.path, module_dir, load: FileLoad::default() };
    match json::parse(text) {
        Ok(root) => loader.root(&root),
        Err(err) => {
            loader.error(err.offset, format!("cannot parse Terraform JSON file: {}; fix the JSON", err.message))
        }
    }
    loader.load
}

/// Whether strings are templates (most attributes) or taken as written (variable defaults).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strings {
    Template,
    Literal,
}

struct Loader<'a> {
    lines: &'a LineIndex<'a>,
    path: &'a str,
    module_dir: &'a str,
    load: FileLoad,
}

impl Loader<'_> {
    fn error(&mut self, offset: usize, message: String) {
        let pos = self.lines.pos(offset);
        self.load.errors.push(LoadError { file: self.path.to_string(), line: pos.line, column: pos.col, message });
    }

    fn root(&mut self, root: &Json) {
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
    fn objects<'j>(&mut self, value: &'j Json, what: &str) -> Vec<&'j Json> {
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
    fn labeled(&mut self, kind: TfBlock, value: &Json, labels: &mut Vec<String>, start: usize) {
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

    fn block(&mut self, kind: TfBlock, labels: &[String], range: Range<usize>, body: &Json) {
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
        let value = self.object_value(members, span, Some(kind));
        let mut refs = RefCollector::new();
        self.member_refs(members, "", Some(kind), &mut refs);
        self.load.resources.push(blocks::resource(header, self.module_dir, span, value, refs.finish()));
    }

    fn locals(&mut self, object: &Json) {
        for member in object.as_object().unwrap_or_default() {
            if member.key == COMMENT_KEY {
                continue;
            }
            let span = self.lines.span(member.key_range.start..member.value.range.end);
            let entry = MapEntry {
                key: LOCAL_VALUE_KEY.to_string(),
                key_span: self.lines.span(member.key_range.clone()),
                value: self.value(&member.value, Strings::Template),
            };
            let body = Value::new(ValueKind::Map(vec![entry]), span);
            let mut refs = RefCollector::new();
            self.refs(&member.value, LOCAL_VALUE_KEY, &mut refs);
            let resource = blocks::resource(local_header(&member.key), self.module_dir, span, body, refs.finish());
            self.load.resources.push(resource);
        }
    }

    fn value(&self, json: &Json, strings: Strings) -> Value {
        let span = self.lines.span(json.range.clone());
        let kind = match &json.kind {
            JsonKind::Null => ValueKind::Null,
            JsonKind::Bool(b) => ValueKind::Bool(*b),
            JsonKind::Int(i) => ValueKind::Number(Number::Int(*i)),
            JsonKind::Float(f) => ValueKind::Number(Number::Float(*f)),
            JsonKind::String(s) if strings == Strings::Literal => ValueKind::String(s.clone()),
            JsonKind::String(s) => return template_value(s, span),
            JsonKind::Array(items) => ValueKind::List(items.iter().map(|item| self.value(item, strings)).collect()),
            JsonKind::Object(members) if strings == Strings::Literal => {
                let mut map = MapBuilder::default();
                for member in members {
                    let value = self.value(&member.value, strings);
                    map.set(MapEntry { key: member.key.clone(), key_span: self.key_span(member), value });
                }
                ValueKind::Map(map.finish())
            }
            JsonKind::Object(members) => return self.object_value(members, span, None),
        };
        Value::new(kind, span)
    }

    /// A block body or object: `//` comments dropped, `dynamic` blocks unknown (as in `.tf`
    /// files), variable defaults and descriptions taken literally.
    fn object_value(&self, members: &[JsonMember], span: Span, block: Option<TfBlock>) -> Value {
        let mut map = MapBuilder::default();
        for member in members {
            if member.key == COMMENT_KEY {
                continue;
            }
            if let Some(dynamic) = dynamic_blocks(member) {
                for (label, body) in dynamic {
                    let source = format!("dynamic \"{}\"", label.key);
                    let value = Value::unknown(UnknownReason::Expression, source, self.lines.span(body.range.clone()));
                    map.set(MapEntry { key: label.key.clone(), key_span: self.key_span(label), value });
                }
                continue;
            }
            let strings = if is_literal(block, &member.key) { Strings::Literal } else { Strings::Template };
            let value = self.value(&member.value, strings);
            map.set(MapEntry { key: member.key.clone(), key_span: self.key_span(member), value });
        }
        Value::new(ValueKind::Map(map.finish()), span)
    }

    fn key_span(&self, member: &JsonMember) -> Span {
        self.lines.span(member.key_range.clone())
    }

    /// References in the members of a block body (`block` is set for a top-level block, whose
    /// meta-arguments name providers and dependencies).
    fn member_refs(&self, members: &[JsonMember], path: &str, block: Option<TfBlock>, refs: &mut RefCollector) {
        for member in members {
            let key = member.key.as_str();
            let attribute = join(path, key);
            match (block, key) {
                (_, COMMENT_KEY) | (_, "ignore_changes") => {}
                (block, key) if is_literal(block, key) => {}
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
fn template_value(text: &str, span: Span) -> Value {
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
fn is_literal(block: Option<TfBlock>, key: &str) -> bool {
    matches!(
        (block, key),
        (Some(TfBlock::Variable), "default" | "type" | "description") | (Some(TfBlock::Output), "description")
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
