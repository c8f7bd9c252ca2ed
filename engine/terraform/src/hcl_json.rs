//! A `.tf` or `.tfvars` file as Conftest gives it to policies: the JSON that Conftest's HCL 2
//! parser (`parser/hcl2/convert.go`, adapted from github.com/tmccombs/hcl2json) makes of it,
//! built straight from hcl-edit's syntax tree, every node spanned at the HCL source it came from.
//!
//! The shape (Conftest `convert.go`; expectations in `tests/hcl_json.rs`):
//! - a body is an object: its attributes, then its blocks merged in (a key written twice keeps
//!   its last value, as a Go map assignment does);
//! - a block is nested under its type, then under each label, as an object
//!   (`resource.aws_s3_bucket.logs.acl`, `disk.encryption_settings.enabled`); a second value at
//!   the same place makes a list of both, later ones are appended (`provider.aws[1]`, also a
//!   block after an attribute of its name: `[value, block]`). A label path that runs into a list
//!   or a value that is not an object cannot be converted: Conftest fails the file. (Older
//!   Conftest versions wrapped every block in a list, as hcl2json still does.)
//! - literals (`null`, `true`, numbers, strings without interpolation) are JSON values; a
//!   string's text is its value (`$${` read as `${`);
//! - tuple and object constructors are arrays and objects of converted items; object keys are
//!   the bare name or traversal as written (`a.b.c`), else the key converted as template text;
//! - a string that is only one interpolation (`"${var.x}"`) is its expression converted
//!   (`"${true}"` is `true`);
//! - other strings and heredocs are template text: literal parts as text (strip markers and
//!   `<<-` indentation applied), interpolations as `${source}`, a literal in an interpolation as
//!   its text, a conditional in an interpolation and `%{if}` as `%{if cond}a%{else}b%{endif}`
//!   (no `%{else}` when that part is empty), `%{for}` as `%{for k, v in coll}body%{endfor}`;
//! - every other expression (references, calls, operators including `-1` and `!x`,
//!   conditionals, `for`, splats, parentheses) is `"${source}"`: its source text exactly as
//!   written (line breaks included; a `)` right after it is taken in, as hcl2json does).

use crate::eval::{literals, ops, TextRules};
use crate::expr::MapBuilder;
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use hcl_edit::template::{Directive, Element, Template};
use hcl_edit::Span as _;
use std::ops::Range;
use tollgate_model::lines::LineIndex;
use tollgate_model::{MapEntry, Span, Value, ValueKind};

/// Nested blocks and expressions deeper than this are refused (hcl-edit's parser already stops
/// at 64 levels; this keeps the converter bounded whatever tree it is handed).
const MAX_DEPTH: usize = 256;

/// Why a file cannot be converted, at a byte offset of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConvertError {
    pub offset: usize,
    pub message: String,
}

/// The body of a whole file, spanning `span`.
pub(crate) fn convert_file(body: &Body, lines: &LineIndex<'_>, span: Span) -> Result<Value, ConvertError> {
    let converter = Converter { text: lines.text(), locate: Locate::File(lines) };
    converter.body(body, span, 0)
}

/// Where nodes are: in the file, or (inside a `<<-` heredoc reparsed from its source, see
/// `literals::raw_flush_heredoc`) all at the heredoc.
#[derive(Clone, Copy)]
enum Locate<'a> {
    File(&'a LineIndex<'a>),
    Fixed(Span, usize),
}

struct Converter<'a> {
    /// The text the syntax tree's byte ranges point into.
    text: &'a str,
    locate: Locate<'a>,
}

type Converted<T> = Result<T, ConvertError>;

impl Converter<'_> {
    fn span(&self, range: Option<Range<usize>>) -> Span {
        match self.locate {
            Locate::File(lines) => lines.span(range.unwrap_or(0..0)),
            Locate::Fixed(span, _) => span,
        }
    }

    fn error(&self, range: Option<Range<usize>>, message: String) -> ConvertError {
        let offset = match self.locate {
            Locate::File(_) => range.map(|r| r.start).unwrap_or(0),
            Locate::Fixed(_, offset) => offset,
        };
        ConvertError { offset, message }
    }

    fn deeper(&self, depth: usize, range: Option<Range<usize>>) -> Converted<usize> {
        if depth >= MAX_DEPTH {
            return Err(self.error(range, format!("blocks and expressions nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(depth + 1)
    }

    /// The source of an expression as hcl2json's `rangeSource` takes it: a `)` right after the
    /// range is taken in (HCL once left closing parentheses out of some ranges).
    fn source(&self, range: Option<Range<usize>>) -> &str {
        let Some(range) = range else { return "" };
        let end = if self.text.as_bytes().get(range.end) == Some(&b')') { range.end + 1 } else { range.end };
        self.text.get(range.start..end).unwrap_or_default()
    }

    fn wrapped(&self, expr: &Expression) -> String {
        format!("${{{}}}", self.source(expr.span()))
    }

    /// Conftest's `convertBody`: the attributes, then each block merged in.
    fn body(&self, body: &Body, span: Span, depth: usize) -> Converted<Value> {
        let mut attributes = MapBuilder::default();
        for attribute in body.attributes() {
            let value = self.expr(&attribute.value, depth)?;
            let key_span = self.span(attribute.key.span());
            attributes.set(MapEntry { key: attribute.key.as_str().to_string(), key_span, value });
        }
        let mut entries = attributes.finish();
        for block in body.blocks() {
            self.block(block, &mut entries, depth)?;
        }
        Ok(Value::new(ValueKind::Map(entries), span))
    }

    /// Conftest's `convertBlock`: the body goes under the block type, then under each label
    /// (descending into the objects already there); a second value at the same place turns the
    /// place into a list (`[first, second]`, then appended to).
    fn block(&self, block: &Block, entries: &mut Vec<MapEntry>, depth: usize) -> Converted<()> {
        let depth = self.deeper(depth, block.span())?;
        let span = self.span(block.span());
        let body = self.body(&block.body, span, depth)?;
        let mut level = entries;
        let mut key = (block.ident.as_str(), self.span(block.ident.span()));
        for label in &block.labels {
            let at = match level.iter().position(|entry| entry.key == key.0) {
                Some(at) => at,
                None => {
                    let value = Value::new(ValueKind::Map(Vec::new()), span);
                    level.push(MapEntry { key: key.0.to_string(), key_span: key.1, value });
                    level.len() - 1
                }
            };
            let Some(entry) = level.get_mut(at) else { return Err(self.not_an_object(block)) };
            entry.value.span = entry.value.span.join(span);
            level = match &mut entry.value.kind {
                ValueKind::Map(inner) => inner,
                _ => return Err(self.not_an_object(block)),
            };
            key = (label.as_str(), self.span(label.span()));
        }
        match level.iter_mut().find(|entry| entry.key == key.0) {
            Some(entry) => {
                let joined = entry.value.span.join(span);
                match &mut entry.value.kind {
                    ValueKind::List(items) => items.push(body),
                    _ => {
                        let first = std::mem::replace(&mut entry.value, Value::new(ValueKind::Null, span));
                        entry.value = Value::new(ValueKind::List(vec![first, body]), joined);
                    }
                }
                entry.value.span = joined;
            }
            None => level.push(MapEntry { key: key.0.to_string(), key_span: key.1, value: body }),
        }
        Ok(())
    }

    /// Conftest's error for a label path that runs into something other than an object (a list
    /// of repeated blocks, or an attribute's value).
    fn not_an_object(&self, block: &Block) -> ConvertError {
        let labels: Vec<&str> = block.labels.iter().map(|label| label.as_str()).collect();
        let name = std::iter::once(block.ident.as_str()).chain(labels).collect::<Vec<_>>().join(".");
        self.error(
            block.span(),
            format!(
                "cannot convert block `{name}` to JSON as Conftest does: a block of this type and labels is \
                 already a list of repeated blocks or a value that is not an object"
            ),
        )
    }

    /// hcl2json's `convertExpression`.
    fn expr(&self, expr: &Expression, depth: usize) -> Converted<Value> {
        let depth = self.deeper(depth, expr.span())?;
        let span = self.span(expr.span());
        let kind = match expr {
            Expression::Null(_) => ValueKind::Null,
            Expression::Bool(b) => ValueKind::Bool(*b.value()),
            // hcl-edit folds `-10` into a number; HCL parses a negation, which Conftest wraps.
            Expression::Number(_) if self.source(expr.span()).starts_with('-') => ValueKind::String(self.wrapped(expr)),
            Expression::Number(n) => ValueKind::Number(crate::expr::number(n.value())),
            Expression::String(s) => ValueKind::String(ops::nfc(s.value().clone())),
            Expression::Array(array) => {
                ValueKind::List(array.iter().map(|item| self.expr(item, depth)).collect::<Converted<_>>()?)
            }
            Expression::Object(object) => {
                let mut entries = MapBuilder::default();
                for (key, value) in object.iter() {
                    entries.set(MapEntry {
                        key: self.key(key, depth)?,
                        key_span: self.span(key.span()),
                        value: self.expr(value.expr(), depth)?,
                    });
                }
                ValueKind::Map(entries.finish())
            }
            Expression::StringTemplate(template) => {
                if let Some(inner) = only_interpolation(template) {
                    return self.expr(inner, depth);
                }
                ValueKind::String(self.template_text(template, TextRules::Quoted, depth)?)
            }
            Expression::HeredocTemplate(heredoc) => {
                ValueKind::String(self.heredoc_text(&heredoc.template, expr, span, depth)?)
            }
            _ => ValueKind::String(self.wrapped(expr)),
        };
        Ok(Value::new(kind, span))
    }

    /// hcl2json's `convertKey`: a bare name or a reference with only names and literal indexes
    /// (what HCL parses as one scope traversal) is its text; anything else is template text.
    fn key(&self, key: &ObjectKey, depth: usize) -> Converted<String> {
        match key {
            ObjectKey::Ident(ident) => Ok(ident.as_str().to_string()),
            ObjectKey::Expression(expr) if is_scope_traversal(expr) => Ok(self.source(expr.span()).to_string()),
            ObjectKey::Expression(expr) => self.string_part(expr, depth),
        }
    }

    /// hcl2json's `convertStringPart`: an expression as it reads inside template text.
    fn string_part(&self, expr: &Expression, depth: usize) -> Converted<String> {
        let depth = self.deeper(depth, expr.span())?;
        Ok(match expr {
            Expression::Bool(b) => b.value().to_string(),
            Expression::Number(_) if self.source(expr.span()).starts_with('-') => self.wrapped(expr),
            Expression::Number(n) => ops::number_string(crate::expr::number(n.value())),
            Expression::String(s) => ops::nfc(s.value().clone()),
            Expression::StringTemplate(template) => match only_interpolation(template) {
                Some(inner) => self.string_part(inner, depth)?,
                None => self.template_text(template, TextRules::Quoted, depth)?,
            },
            Expression::HeredocTemplate(heredoc) => {
                self.heredoc_text(&heredoc.template, expr, self.span(expr.span()), depth)?
            }
            Expression::Conditional(cond) => {
                let when_true = self.string_part(&cond.true_expr, depth)?;
                let when_false = self.string_part(&cond.false_expr, depth)?;
                conditional_text(self.source(cond.cond_expr.span()), &when_true, &when_false)
            }
            // `null` has no text (hcl2json's conversion to a string fails on it): shown as written.
            _ => self.wrapped(expr),
        })
    }

    /// A heredoc's text; a `<<-` one is read from its source reparsed as `<<` (hcl-edit removes
    /// the indentation before strip markers apply, HCL after; see `literals`).
    fn heredoc_text(&self, template: &Template, expr: &Expression, span: Span, depth: usize) -> Converted<String> {
        match literals::raw_flush_heredoc(self.source(expr.span())) {
            Some((text, raw)) => {
                let offset = expr.span().map(|r| r.start).unwrap_or(0);
                let inner = Converter { text: &text, locate: Locate::Fixed(span, offset) };
                inner.template_text(&raw, TextRules::FlushHeredoc, depth)
            }
            None => self.template_text(template, TextRules::Lines, depth),
        }
    }

    /// hcl2json's `convertTemplate`: literal text, interpolations and directives joined.
    fn template_text(&self, template: &Template, rules: TextRules, depth: usize) -> Converted<String> {
        let normalized = literals::normalize(template, rules);
        self.elements(normalized.as_ref().unwrap_or(template), depth)
    }

    fn elements(&self, template: &Template, depth: usize) -> Converted<String> {
        let depth = self.deeper(depth, None)?;
        let mut text = String::new();
        for element in template.iter() {
            match element {
                Element::Literal(literal) => text.push_str(&ops::nfc(literal.value().clone())),
                Element::Interpolation(interpolation) => text.push_str(&self.string_part(&interpolation.expr, depth)?),
                Element::Directive(directive) => match directive.as_ref() {
                    Directive::If(d) => {
                        let when_true = self.elements(&d.if_expr.template, depth)?;
                        let when_false = match &d.else_expr {
                            Some(else_expr) => self.elements(&else_expr.template, depth)?,
                            None => String::new(),
                        };
                        text.push_str(&conditional_text(
                            self.source(d.if_expr.cond_expr.span()),
                            &when_true,
                            &when_false,
                        ));
                    }
                    Directive::For(d) => {
                        text.push_str("%{for ");
                        if let Some(key) = &d.for_expr.key_var {
                            text.push_str(key.as_str());
                            text.push_str(", ");
                        }
                        text.push_str(d.for_expr.value_var.as_str());
                        text.push_str(" in ");
                        text.push_str(self.source(d.for_expr.collection_expr.span()));
                        text.push('}');
                        text.push_str(&self.elements(&d.for_expr.template, depth)?);
                        text.push_str("%{endfor}");
                    }
                },
            }
        }
        Ok(text)
    }
}

/// hcl2json's `convertTemplateConditional`.
fn conditional_text(condition: &str, when_true: &str, when_false: &str) -> String {
    let mut text = format!("%{{if {condition}}}{when_true}");
    if !when_false.is_empty() {
        text.push_str("%{else}");
        text.push_str(when_false);
    }
    text.push_str("%{endif}");
    text
}

/// The expression of a template that is one interpolation and nothing else (HCL's
/// `TemplateWrapExpr`, which hcl2json converts as the expression itself).
fn only_interpolation(template: &Template) -> Option<&Expression> {
    let mut elements = template.iter();
    match (elements.next(), elements.next()) {
        (Some(Element::Interpolation(interpolation)), None) => Some(&interpolation.expr),
        _ => None,
    }
}

/// What HCL parses as a scope traversal: a name, then names and literal indexes.
fn is_scope_traversal(expr: &Expression) -> bool {
    match expr {
        Expression::Variable(_) => true,
        Expression::Traversal(traversal) => {
            matches!(traversal.expr, Expression::Variable(_))
                && traversal.operators.iter().all(|op| match op.value() {
                    TraversalOperator::GetAttr(_) | TraversalOperator::LegacyIndex(_) => true,
                    TraversalOperator::Index(index) => matches!(index, Expression::Number(_) | Expression::String(_)),
                    TraversalOperator::FullSplat(_) | TraversalOperator::AttrSplat(_) => false,
                })
        }
        _ => false,
    }
}
