//! String templates and heredocs: interpolations and `%{if}` and `%{for}` directives, evaluated
//! on the literal text HCL's parser leaves (strip markers and `<<-` indentation: `literals`).

use super::expr::Evaluator;
use super::literals::{normalize, TextRules};
use super::ops::{primitive_string, to_bool, unknown_at};
use super::{EvalError, EvalResult};
use hcl_edit::template::{Directive, Element, Template};
use tollgate_model::{Span, Value, ValueKind};

impl Evaluator<'_> {
    /// A template's value: a string, or the value itself when the template is one
    /// interpolation and nothing else (`"${var.list}"` is the list). `rules` say how HCL cut
    /// its text into tokens, which decides what strip markers and `<<-` remove.
    pub(crate) fn template(&mut self, template: &Template, span: Span, rules: TextRules) -> EvalResult {
        let elements: Vec<&Element> = template.iter().collect();
        if let [Element::Interpolation(only)] = elements[..] {
            let value = self.expr(&only.expr)?;
            return Ok(Value::new(value.kind, span));
        }
        let normalized = normalize(template, rules);
        let mut out = Rendered { text: String::new(), unknown: None };
        self.render(normalized.as_ref().unwrap_or(template), &mut out)?;
        Ok(match out.unknown {
            Some(unknown) => unknown_at(&unknown, span),
            None => Value::string(super::ops::nfc(out.text), span),
        })
    }

    /// Appends the template's text to `out` (literals already trimmed as HCL trims them).
    fn render(&mut self, template: &Template, out: &mut Rendered) -> Result<(), EvalError> {
        for element in template.iter() {
            match element {
                Element::Literal(literal) => out.text.push_str(literal.as_str()),
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
                        if on {
                            self.render(&if_directive.if_expr.template, out)?;
                        } else if let Some(else_expr) = &if_directive.else_expr {
                            self.render(&else_expr.template, out)?;
                        }
                    }
                    Directive::For(for_directive) => {
                        let intro = &for_directive.for_expr;
                        let (collection, open) = self.expr_open(&intro.collection_expr)?;
                        let items = match self.iteration(&collection, collection.span)? {
                            Ok(items) => items,
                            Err(unknown) => {
                                out.unknown.get_or_insert(unknown);
                                continue;
                            }
                        };
                        for (key, value) in items {
                            let mut bound = 1;
                            if let Some(key_var) = &intro.key_var {
                                self.bind(key_var.as_str(), key);
                                bound = 2;
                            }
                            self.bind_open(intro.value_var.as_str(), value, &open);
                            let result = self.render(&intro.template, out);
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
            ValueKind::Unknown(u) => {
                out.unknown.get_or_insert_with(|| u.derived().at(value.span));
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
