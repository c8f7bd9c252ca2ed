//! One walk over a parsed Rego module (rule heads, bodies, `else` branches, comprehensions,
//! `every` bodies, `with` values) for the load-time checks: each check implements [`Visitor`]
//! and sees every expression, and every negated one, exactly once.

use regorus::unstable::{Expr, Literal, Module, Query, Rule, RuleBody, RuleHead};

pub(crate) trait Visitor {
    /// Every expression, outermost first.
    fn expr(&mut self, _expr: &Expr) {}
    /// The expression of each `not ...` statement (before its parts reach [`Visitor::expr`]).
    fn negated(&mut self, _expr: &Expr) {}
    /// Every query (rule body, comprehension body, `every` body), before its statements.
    fn query(&mut self, _query: &Query) {}
    /// Every rule, before its parts.
    fn rule(&mut self, _rule: &Rule) {}
}

pub(crate) fn walk_module(module: &Module, visitor: &mut impl Visitor) {
    for rule in &module.policy {
        walk_rule(rule, visitor);
    }
}

fn walk_rule(rule: &Rule, visitor: &mut impl Visitor) {
    visitor.rule(rule);
    match rule {
        Rule::Spec { head, bodies, .. } => walk_spec(head, bodies, visitor),
        Rule::Default { value, .. } => walk_expr(value, visitor),
    }
}

/// A rule's head (key, arguments, value; not the rule's own reference) and its bodies.
pub(crate) fn walk_spec(head: &RuleHead, bodies: &[RuleBody], visitor: &mut impl Visitor) {
    match head {
        RuleHead::Compr { assign, .. } => {
            if let Some(assign) = assign {
                walk_expr(&assign.value, visitor);
            }
        }
        RuleHead::Set { key, .. } => {
            if let Some(key) = key {
                walk_expr(key, visitor);
            }
        }
        RuleHead::Func { assign, args, .. } => {
            for arg in args {
                walk_expr(arg, visitor);
            }
            if let Some(assign) = assign {
                walk_expr(&assign.value, visitor);
            }
        }
    }
    for body in bodies {
        if let Some(assign) = &body.assign {
            walk_expr(&assign.value, visitor);
        }
        walk_query(&body.query, visitor);
    }
}

pub(crate) fn walk_query(query: &Query, visitor: &mut impl Visitor) {
    visitor.query(query);
    for stmt in &query.stmts {
        match &stmt.literal {
            Literal::SomeVars { .. } => {}
            Literal::SomeIn { key, value, collection, .. } => {
                if let Some(key) = key {
                    walk_expr(key, visitor);
                }
                walk_expr(value, visitor);
                walk_expr(collection, visitor);
            }
            Literal::Expr { expr, .. } => walk_expr(expr, visitor),
            Literal::NotExpr { expr, .. } => {
                visitor.negated(expr);
                walk_expr(expr, visitor);
            }
            Literal::Every { domain, query, .. } => {
                walk_expr(domain, visitor);
                walk_query(query, visitor);
            }
        }
        for with in &stmt.with_mods {
            walk_expr(&with.r#as, visitor);
        }
    }
}

pub(crate) fn walk_expr(expr: &Expr, visitor: &mut impl Visitor) {
    visitor.expr(expr);
    match expr {
        Expr::Call { params, .. } => params.iter().for_each(|p| walk_expr(p, visitor)),
        Expr::Array { items, .. } | Expr::Set { items, .. } => items.iter().for_each(|i| walk_expr(i, visitor)),
        Expr::Object { fields, .. } => {
            for (_, key, value) in fields {
                walk_expr(key, visitor);
                walk_expr(value, visitor);
            }
        }
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            walk_expr(term, visitor);
            walk_query(query, visitor);
        }
        Expr::ObjectCompr { key, value, query, .. } => {
            walk_expr(key, visitor);
            walk_expr(value, visitor);
            walk_query(query, visitor);
        }
        Expr::UnaryExpr { expr, .. } => walk_expr(expr, visitor),
        Expr::RefDot { refr, .. } => walk_expr(refr, visitor),
        Expr::RefBrack { refr, index, .. } => {
            walk_expr(refr, visitor);
            walk_expr(index, visitor);
        }
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            walk_expr(lhs, visitor);
            walk_expr(rhs, visitor);
        }
        Expr::Membership { key, value, collection, .. } => {
            if let Some(key) = key {
                walk_expr(key, visitor);
            }
            walk_expr(value, visitor);
            walk_expr(collection, visitor);
        }
        // Scalars and variables hold no other expression.
        _ => {}
    }
}

/// A Rego v1 module parsed for a unit test of a check.
#[cfg(test)]
pub(crate) fn parse_for_test(text: &str) -> Module {
    use regorus::unstable::{Parser, Source};
    let source = Source::from_contents("t.rego".into(), text.to_string()).expect("source");
    let mut parser = Parser::new(&source).expect("parser");
    parser.enable_rego_v1().expect("v1");
    parser.parse().expect("parse")
}

/// The notices `check` gives on a module whose rule `p` has `body` after `prelude`, each as
/// `line:column message`.
#[cfg(test)]
pub(crate) fn body_notices(
    prelude: &str,
    body: &str,
    check: fn(&Module, &str) -> Vec<tollgate_model::LoadError>,
) -> Vec<String> {
    let module = parse_for_test(&format!("package t\n\n{prelude}\n\np if {{\n\t{body}\n}}\n"));
    check(&module, "t.rego").into_iter().map(|n| format!("{}:{} {}", n.line, n.column, n.message)).collect()
}
