//! Load-time notice for `not` over a call or reference whose operand can be undefined.
//!
//! OPA's compiler binds the references and calls nested in an expression to generated
//! variables *before* the expression (its RewriteExprTerms and RewriteDynamicTerms stages;
//! OPA issues #1877, #4743, #8387), so in `not allowed[input.spec.missing]` or
//! `not regex.match(p, xs[0][1])` an undefined operand makes the whole rule body undefined and
//! the rule does not fire. regorus evaluates the operand inside the negation, so the `not` is
//! true and the rule fires. No regorus switch changes this and Tollgate never rewrites the
//! user's policy, so each such expression gets one warning naming it and how to write it so
//! both engines agree.

use crate::ast_walk::{walk_module, Visitor};
use crate::builtins::path_text;
use crate::extensions::EXTENSIONS;
use regorus::unstable::{Expr, Module, Span, BUILTINS};
use tollgate_model::LoadError;

/// The longest operand text quoted in a notice.
const QUOTE_LIMIT: usize = 60;

/// One warning per negated expression of `module` (in `file`) with an operand that can be undefined.
pub(crate) fn negation_notices(module: &Module, file: &str) -> Vec<LoadError> {
    let mut finder = Finder { file, notices: Vec::new() };
    walk_module(module, &mut finder);
    finder.notices
}

struct Finder<'a> {
    file: &'a str,
    notices: Vec<LoadError>,
}

impl Visitor for Finder<'_> {
    fn negated(&mut self, expr: &Expr) {
        let Some(operand) = hoisted_operand(expr) else { return };
        let span = operand.span();
        let text = quote(span.text());
        let construct = if matches!(expr, Expr::Call { .. }) { "call argument" } else { "index" };
        let (line, column) = start_of(span);
        self.notices.push(LoadError {
            file: self.file.to_string(),
            line,
            column,
            message: format!(
                "`not` over an expression whose {construct} `{text}` can be undefined: OPA evaluates `{text}` before the negation, so when it is undefined the rule body is undefined and the rule does not fire, while Tollgate's engine makes the `not` true; bind it first so both agree (`v := {text}` on the line before, then use `v`)"
            ),
        });
    }
}

/// The first operand OPA would evaluate before the negation and that can be undefined: a
/// call's argument, or a reference's index (`allowed[input.spec.missing]`).
fn hoisted_operand(expr: &Expr) -> Option<&Expr> {
    match expr {
        Expr::Call { params, .. } => params.iter().map(|p| p.as_ref()).find(|p| can_be_undefined(p)),
        Expr::RefBrack { refr, index, .. } => {
            if can_be_undefined(index) {
                Some(index.as_ref())
            } else {
                hoisted_operand(refr)
            }
        }
        Expr::RefDot { refr, .. } => hoisted_operand(refr),
        _ => None,
    }
}

/// Whether evaluating `expr` can give undefined: a field or constant-index lookup
/// (`input.spec.x`, `c.image`, `xs[0]`), a call of the policy's own function, or a builtin
/// call, collection or operation holding one of those. A bare variable, a scalar, and `xs[i]`
/// with `i` a variable (bound by iterating) cannot.
fn can_be_undefined(expr: &Expr) -> bool {
    match expr {
        Expr::RefDot { .. } => true,
        Expr::RefBrack { refr, index, .. } => {
            !matches!(index.as_ref(), Expr::Var { .. }) || can_be_undefined(refr) || can_be_undefined(index)
        }
        // A policy's own function is undefined for arguments no definition accepts; a builtin
        // only when an argument is.
        Expr::Call { fcn, params, .. } => {
            let builtin = path_text(fcn)
                .is_some_and(|name| BUILTINS.contains_key(name.as_str()) || EXTENSIONS.contains(&name.as_str()));
            !builtin || params.iter().any(|p| can_be_undefined(p))
        }
        Expr::Array { items, .. } | Expr::Set { items, .. } => items.iter().any(|i| can_be_undefined(i)),
        Expr::Object { fields, .. } => fields.iter().any(|(_, k, v)| can_be_undefined(k) || can_be_undefined(v)),
        Expr::ArithExpr { lhs, rhs, .. } => can_be_undefined(lhs) || can_be_undefined(rhs),
        Expr::UnaryExpr { expr, .. } => can_be_undefined(expr),
        _ => false,
    }
}

/// The 1-based line and column where `span` starts (regorus gives a reference's span the
/// line and column of its last part).
pub(crate) fn start_of(span: &Span) -> (u32, u32) {
    let contents = span.source.contents();
    let before = contents.get(..span.start as usize).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (u32::try_from(line).unwrap_or(span.line), u32::try_from(column).unwrap_or(span.col))
}

fn quote(text: &str) -> String {
    let single_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match single_line.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("{}...", &single_line[..cut]),
        None => single_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast_walk::body_notices;

    fn notices(body: &str) -> Vec<String> {
        body_notices("allowed := {\"a\": true}", body, negation_notices)
    }

    #[test]
    fn an_undefined_index_or_argument_inside_not_is_reported_once_at_its_place() {
        let index = notices("not allowed[input.spec.missing]");
        assert_eq!(index.len(), 1, "{index:?}");
        assert!(index[0].starts_with("6:14 `not` over an expression whose index `input.spec.missing`"), "{index:?}");
        assert!(index[0].contains("`v := input.spec.missing`"), "{index:?}");

        let argument = notices("xs := []\n\tnot regex.match(\"^a\", xs[0][1])");
        assert_eq!(argument.len(), 1, "{argument:?}");
        assert!(
            argument[0].starts_with("7:24 `not` over an expression whose call argument `xs[0][1]`"),
            "{argument:?}"
        );

        let field = notices("some c in input.containers\n\tnot startswith(c.image, \"registry/\")");
        assert!(field[0].contains("call argument `c.image`"), "{field:?}");

        let own_function = notices("x := \"a\"\n\tnot startswith(own(x), \"b\")");
        assert!(own_function[0].contains("call argument `own(x)`"), "{own_function:?}");
    }

    #[test]
    fn operands_that_are_always_defined_give_no_notice() {
        for body in [
            "not input.spec.missing",
            "not allowed[\"b\"]",
            "some k in [\"a\"]\n\tnot allowed[k]",
            "x := \"a\"\n\tnot startswith(x, \"b\")",
            "x := \"a\"\n\tnot startswith(lower(x), \"b\")",
            "xs := [1]\n\tsome i, _ in xs\n\tnot xs[i] == 2",
            "v := input.spec.missing\n\tnot allowed[v]",
        ] {
            assert_eq!(notices(body), Vec::<String>::new(), "{body}");
        }
    }

    #[test]
    fn long_operands_are_quoted_on_one_line_and_cut() {
        assert_eq!(quote("input.a\n    .b"), "input.a .b");
        let long = format!("input.{}", "x".repeat(100));
        assert_eq!(quote(&long).chars().count(), QUOTE_LIMIT + 3);
    }
}
