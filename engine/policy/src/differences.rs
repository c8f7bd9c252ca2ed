//! Load-time notices for valid Rego that regorus evaluates differently from OPA, where no
//! regorus setting helps and Tollgate must not rewrite the policy: each is a warning at the
//! construct, saying what OPA does and how to write it so both agree. `not` over an operand
//! that can be undefined is [`crate::negation`]; this module adds regular expressions over
//! regorus's size limit and `some x` after a statement that iterates.

use crate::ast_walk::{walk_expr, walk_module, walk_query, Visitor};
use crate::builtins::path_text;
use crate::negation::{negation_notices, start_of};
use regorus::unstable::{Expr, Literal, Module, Query, Rule, RuleHead, Span};
use std::collections::BTreeSet;
use tollgate_model::LoadError;

/// regorus compiles every regular expression with this size limit (`REGEX_SIZE_LIMIT` in its
/// `builtins/regex.rs`, 100 KiB) and fails the call above it, even when builtin errors are not
/// strict; OPA (Go's `regexp`) has no such limit.
const REGORUS_REGEX_SIZE_LIMIT: usize = 100 * 1024;

/// The regex builtins and the position of their pattern argument.
const PATTERN_ARGUMENT: [(&str, usize); 6] = [
    ("regex.match", 0),
    ("regex.is_valid", 0),
    ("regex.split", 0),
    ("regex.find_n", 0),
    ("regex.find_all_string_submatch_n", 0),
    ("regex.replace", 1),
];

/// Every notice for one user policy file, in the order of the file.
pub(crate) fn difference_notices(module: &Module, file: &str) -> Vec<LoadError> {
    let mut notices = negation_notices(module, file);
    notices.extend(crate::sprintf_check::sprintf_notices(module, file));
    let mut finder = Finder { file, notices };
    walk_module(module, &mut finder);
    finder.notices.sort();
    finder.notices
}

struct Finder<'a> {
    file: &'a str,
    notices: Vec<LoadError>,
}

impl Finder<'_> {
    fn notice_at(&mut self, span: &Span, message: String) {
        let (line, column) = start_of(span);
        self.notices.push(LoadError { file: self.file.to_string(), line, column, message });
    }
}

impl Visitor for Finder<'_> {
    fn expr(&mut self, expr: &Expr) {
        let Expr::Call { fcn, params, .. } = expr else { return };
        let Some(name) = path_text(fcn) else { return };
        let Some((_, index)) = PATTERN_ARGUMENT.iter().find(|(builtin, _)| *builtin == name) else { return };
        let Some(pattern) = params.get(*index).and_then(|p| literal_text(p)) else { return };
        if compiles_within_limit(&pattern) {
            return;
        }
        self.notice_at(
            expr.span(),
            format!(
                "the regular expression of this `{name}` compiles to more than the Rego engine's limit of 100 KiB, so every evaluation of it fails (OPA accepts it); write it with ASCII classes (`[A-Za-z0-9_]` or `(?-u:\\w)` instead of `\\w`) or smaller counted repetitions"
            ),
        );
    }

    fn rule(&mut self, rule: &Rule) {
        let Rule::Spec { head: RuleHead::Compr { assign: Some(assign), .. }, bodies, .. } = rule else { return };
        let (Some(first), true) = (bodies.first(), bodies.iter().any(|b| b.is_else)) else { return };
        let mut body_vars = VarNames(BTreeSet::new());
        walk_query(&first.query, &mut body_vars);
        let mut lookups = IndexedLookups(Vec::new());
        walk_expr(&assign.value, &mut lookups);
        let Some((lookup, var)) = lookups.0.into_iter().find(|(_, var)| body_vars.0.contains(var)) else { return };
        self.notice_at(
            &lookup,
            format!(
                "this rule has an `else` and its value `{}` looks up with `{var}`, a variable of its body: the Rego engine then takes every entry of the collection, and the `else` for the others, and stops with \"rules must not produce multiple outputs\" when there is more than one (OPA gives the looked-up value); look it up in the body instead (`v := {}` there, and `v` as the value)",
                lookup.text(),
                lookup.text()
            ),
        );
    }

    fn query(&mut self, query: &Query) {
        let mut iteration: Option<&Expr> = None;
        // Variables assigned with `:=` before: an index by one of them looks up, not iterates.
        let mut assigned: BTreeSet<&str> = BTreeSet::new();
        for stmt in &query.stmts {
            match &stmt.literal {
                Literal::SomeVars { vars, .. } => {
                    if let (Some(iterating), Some(var)) = (iteration, vars.first()) {
                        let var = var.text().to_string();
                        let (line, _) = start_of(iterating.span());
                        let message = format!(
                            "`some {var}` after a statement that iterates (line {line}): when that statement binds more than one value the Rego engine stops the rule with \"duplicated definition of local variable {var}\" (OPA accepts it); declare `some {var}` before the iteration"
                        );
                        self.notice_at(&stmt.span, message);
                    }
                }
                Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } if iteration.is_none() => {
                    iteration = iterating_ref(expr, &assigned);
                    if let Expr::AssignExpr { lhs, .. } = expr.as_ref() {
                        if let Expr::Var { span, .. } = lhs.as_ref() {
                            assigned.insert(span.text());
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The references of an expression indexed by a variable (`m[k]`), with the variable.
struct IndexedLookups(Vec<(Span, String)>);

impl Visitor for IndexedLookups {
    fn expr(&mut self, expr: &Expr) {
        if let Some(var) = index_var(expr) {
            self.0.push((expr.span().clone(), var.to_string()));
        }
    }
}

/// The names of the variables an expression reads.
struct VarNames(BTreeSet<String>);

impl Visitor for VarNames {
    fn expr(&mut self, expr: &Expr) {
        if let Expr::Var { span, .. } = expr {
            self.0.insert(span.text().to_string());
        }
    }
}

/// The variable indexing a reference (`k` of `m[k]`).
fn index_var(reference: &Expr) -> Option<&str> {
    match reference {
        Expr::RefBrack { index, .. } => match index.as_ref() {
            Expr::Var { span, .. } => Some(span.text()),
            _ => None,
        },
        _ => None,
    }
}

/// The text of a string literal (`"..."` or `` `...` ``).
fn literal_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::String { value, .. } | Expr::RawString { value, .. } => value.as_string().ok().map(|s| s.to_string()),
        _ => None,
    }
}

/// Whether `pattern` compiles under regorus's size limit (an invalid pattern is another error).
fn compiles_within_limit(pattern: &str) -> bool {
    !matches!(
        regex::RegexBuilder::new(pattern).size_limit(REGORUS_REGEX_SIZE_LIMIT).build(),
        Err(regex::Error::CompiledTooBig(_))
    )
}

/// The first reference in `expr` indexed by a variable (`xs[i]`, `xs[_]`), which iterates
/// unless the variable was assigned before.
fn iterating_ref<'a>(expr: &'a Expr, assigned: &BTreeSet<&str>) -> Option<&'a Expr> {
    let inner = |e: &'a Expr| iterating_ref(e, assigned);
    match expr {
        Expr::RefBrack { refr, index, .. } => match index.as_ref() {
            Expr::Var { span, .. } if !assigned.contains(span.text()) => Some(expr),
            _ => inner(refr).or_else(|| inner(index)),
        },
        Expr::RefDot { refr, .. } => inner(refr),
        Expr::BinExpr { lhs, rhs, .. } | Expr::BoolExpr { lhs, rhs, .. } | Expr::ArithExpr { lhs, rhs, .. } => {
            inner(lhs).or_else(|| inner(rhs))
        }
        Expr::AssignExpr { rhs, .. } => inner(rhs),
        Expr::Call { params, .. } => params.iter().find_map(|p| inner(p)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast_walk::{body_notices, parse_for_test};

    fn notices(body: &str) -> Vec<String> {
        body_notices("xs := [1, 2]", body, difference_notices)
    }

    #[test]
    fn a_regular_expression_over_the_engine_limit_is_reported_at_its_call() {
        let found = notices("regex.match(`^[\\w.-]{1,253}$`, input.host)");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("6:2 the regular expression of this `regex.match`"), "{found:?}");
        let replace = notices("x := regex.replace(input.s, `\\w{1,500}`, \"\")");
        assert_eq!(replace.len(), 1, "{replace:?}");
        assert_eq!(notices("regex.match(`^[a-z0-9.-]{1,253}$`, input.host)"), Vec::<String>::new());
        assert_eq!(notices("regex.match(input.pattern, input.host)"), Vec::<String>::new(), "not a literal");
    }

    #[test]
    fn an_else_rule_whose_value_looks_up_with_a_body_variable_is_reported_at_the_lookup() {
        for (rule, column) in [
            ("p := m[k] if {\n\tm[k]\n\tk == \"a\"\n} else := 0\n", 6),
            // Trivy's KSV026 shape: the index assigned, not iterated.
            ("p := m[k] if {\n\tk := max([\"a\", \"b\"])\n} else := 0\n", 6),
        ] {
            let module = parse_for_test(&format!("package t\n\nm := {{\"a\": 1, \"b\": 2}}\n\n{rule}"));
            let found = difference_notices(&module, "t.rego");
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!((found[0].line, found[0].column), (5, column), "{rule}");
            assert!(
                found[0].message.contains("its value `m[k]` looks up with `k`, a variable of its body"),
                "{found:?}"
            );
        }
        for fine in [
            "p := m[k] if {\n\tm[k]\n}\n",
            "p := 1 if {\n\tm[k]\n} else := 0\n",
            "p := v if {\n\tsome k, v in m\n} else := 0\n",
            "p := v if {\n\tk := \"a\"\n\tv := m[k]\n} else := 0\n",
            "f(k) := m[k] if {\n\ttrue\n} else := 0\n",
        ] {
            let module = parse_for_test(&format!("package t\n\nm := {{\"a\": 1}}\n\n{fine}"));
            assert_eq!(difference_notices(&module, "t.rego"), Vec::new(), "{fine}");
        }
    }

    #[test]
    fn some_after_an_iterating_statement_is_reported_at_the_some() {
        let found = notices("xs[i] > 0\n\tsome j\n\txs[j] == 2");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("7:2 `some j` after a statement that iterates (line 6)"), "{found:?}");
        assert_eq!(notices("xs[_] > 0\n\tsome j\n\txs[j] == 2").len(), 1, "`_` iterates too");
        for fine in [
            "some j\n\txs[i] > 0\n\txs[j] == 2",
            "i := 0\n\txs[i] > 0\n\tsome j\n\txs[j] == 2",
            "xs[0] > 0\n\tsome j\n\txs[j] == 2",
        ] {
            assert_eq!(notices(fine), Vec::<String>::new(), "{fine}");
        }
    }
}
