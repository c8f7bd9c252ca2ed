//! String templates and heredocs: interpolations, `%{if}` and `%{for}` directives, and the `~`
//! strip markers that trim the whitespace next to them.

use super::expr::Evaluator;
use super::ops::{primitive_string, to_bool, unknown_at};
use super::{EvalError, EvalResult};
use hcl_edit::template::{Directive, Element, Template};
use tollgate_model::{Span, Value, ValueKind};

impl Evaluator<'_> {
    /// A template's value: a string, or the value itself when the template is one
    /// interpolation and nothing else (`"${var.list}"` is the list).
    pub(crate) fn template(&mut self, template: &Template, span: Span) -> EvalResult {
        let elements: Vec<&Element> = template.iter().collect();
        if let [Element::Interpolation(only)] = elements[..] {
            let value = self.expr(&only.expr)?;
            return Ok(Value::new(value.kind, span));
        }
        let mut out = Rendered { text: String::new(), unknown: None };
        self.render(template, false, false, &mut out)?;
        Ok(match out.unknown {
            Some(unknown) => unknown_at(&unknown, span),
            None => Value::string(out.text, span),
        })
    }

    /// Appends the template's text to `out`; `trim_start`/`trim_end` come from the strip markers
    /// of the directive around this template.
    fn render(
        &mut self,
        template: &Template,
        trim_start: bool,
        trim_end: bool,
        out: &mut Rendered,
    ) -> Result<(), EvalError> {
        let elements: Vec<&Element> = template.iter().collect();
        for (i, element) in elements.iter().copied().enumerate() {
            match element {
                Element::Literal(literal) => {
                    let mut text = literal.as_str();
                    let strip_left = match i.checked_sub(1).and_then(|p| elements.get(p)) {
                        Some(previous) => strips_after(previous),
                        None => trim_start,
                    };
                    let strip_right = match elements.get(i + 1) {
                        Some(next) => strips_before(next),
                        None => trim_end,
                    };
                    if strip_left {
                        text = text.trim_start();
                    }
                    if strip_right {
                        text = text.trim_end();
                    }
                    out.text.push_str(text);
                }
                Element::Interpolation(interpolation) => {
                    let value = self.expr(&interpolation.expr)?;
                    self.append(&value, out)?;
                }
                Element::Directive(directive) => match directive.as_ref() {
                    Directive::If(if_directive) => {
                        let cond = self.expr(&if_directive.if_expr.cond_expr)?;
                        if cond.is_unknown() {
                            out.unknown.get_or_insert(cond);
                            continue;
                        }
                        let on =
                            to_bool(&cond).map_err(|m| self.error(format!("`%{{if}}` condition: {m}"), cond.span))?;
                        let endif_strip = if_directive.endif_expr.strip.strip_start();
                        if on {
                            let end = match &if_directive.else_expr {
                                Some(else_expr) => else_expr.strip.strip_start(),
                                None => endif_strip,
                            };
                            let start = if_directive.if_expr.strip.strip_end();
                            self.render(&if_directive.if_expr.template, start, end, out)?;
                        } else if let Some(else_expr) = &if_directive.else_expr {
                            self.render(&else_expr.template, else_expr.strip.strip_end(), endif_strip, out)?;
                        }
                    }
                    Directive::For(for_directive) => {
                        let intro = &for_directive.for_expr;
                        let collection = self.expr(&intro.collection_expr)?;
                        let items = match self.iteration(&collection, collection.span)? {
                            Ok(items) => items,
                            Err(unknown) => {
                                out.unknown.get_or_insert(unknown);
                                continue;
                            }
                        };
                        let (start, end) = (intro.strip.strip_end(), for_directive.endfor_expr.strip.strip_start());
                        for (key, value) in items {
                            let mut bound = 1;
                            if let Some(key_var) = &intro.key_var {
                                self.bind(key_var.as_str(), key);
                                bound = 2;
                            }
                            self.bind(intro.value_var.as_str(), value);
                            let result = self.render(&intro.template, start, end, out);
                            self.unbind(bound);
                            result?;
                        }
                    }
                },
            }
        }
        Ok(())
    }

    /// Appends an interpolated value: primitives as text; null and collections are errors.
    fn append(&self, value: &Value, out: &mut Rendered) -> Result<(), EvalError> {
        match &value.kind {
            ValueKind::Unknown(_) => {
                out.unknown.get_or_insert_with(|| value.clone());
                Ok(())
            }
            ValueKind::Null => Err(self.error(
                "the interpolated value is null, and a template cannot include null; give it a value or use \
                 `coalesce(x, \"\")`",
                value.span,
            )),
            ValueKind::List(_) | ValueKind::Map(_) => Err(self.error(
                "a template can only include strings, numbers and bools, not a collection; use `join` or \
                 `jsonencode`",
                value.span,
            )),
            _ => {
                out.text.push_str(&primitive_string(value).unwrap_or_default());
                Ok(())
            }
        }
    }
}

/// Text rendered so far, and the first unknown met (which makes the whole string unknown).
struct Rendered {
    text: String,
    unknown: Option<Value>,
}

/// Whether an element trims the whitespace of the literal before it (`${~`, `%{~ if`).
fn strips_before(element: &Element) -> bool {
    match element {
        Element::Literal(_) => false,
        Element::Interpolation(interpolation) => interpolation.strip.strip_start(),
        Element::Directive(directive) => match directive.as_ref() {
            Directive::If(d) => d.if_expr.strip.strip_start(),
            Directive::For(d) => d.for_expr.strip.strip_start(),
        },
    }
}

/// Whether an element trims the whitespace of the literal after it (`~}` closing it).
fn strips_after(element: &Element) -> bool {
    match element {
        Element::Literal(_) => false,
        Element::Interpolation(interpolation) => interpolation.strip.strip_end(),
        Element::Directive(directive) => match directive.as_ref() {
            Directive::If(d) => d.endif_expr.strip.strip_end(),
            Directive::For(d) => d.endfor_expr.strip.strip_end(),
        },
    }
}
