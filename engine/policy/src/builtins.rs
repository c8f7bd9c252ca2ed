//! Load-time check of the functions a policy calls: every call must name a Rego builtin regorus
//! provides, a function defined in the loaded policies, or one of Tollgate's extensions; and
//! the builtin must be one the policy may call ([`BuiltinPolicy`]: no network, no clock by default).
//!
//! regorus itself only notices an unknown function when a rule that calls it is evaluated, as
//! an error on every input; checking the parsed AST names the function, file and line once.

use crate::capabilities::BuiltinPolicy;
use crate::extensions::EXTENSIONS;
use regorus::unstable::{Expr, Literal, Module, Query, Rule, RuleHead, Span, BUILTINS};
use std::collections::{BTreeMap, BTreeSet};

/// A call that cannot run: the function, its 1-based line and column, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCall {
    pub function: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The package of a parsed module, dotted without `data.` (`main`, `user.kubernetes.ID001`).
pub fn package_of(module: &Module) -> String {
    path_text(&module.package.refr).unwrap_or_default()
}

/// The full paths (`data.pkg.name`) of the functions a module defines.
pub fn defined_functions(module: &Module) -> Vec<String> {
    let package = package_of(module);
    module
        .policy
        .iter()
        .filter_map(|rule| match rule.as_ref() {
            Rule::Spec { head: RuleHead::Func { refr, .. }, .. } => path_text(refr),
            Rule::Default { refr, args, .. } if !args.is_empty() => path_text(refr),
            _ => None,
        })
        .map(|name| format!("data.{package}.{name}"))
        .collect()
}

/// The calls in `module` that name no known function, or a builtin `builtins` refuses.
pub fn check_calls(module: &Module, defined: &BTreeSet<String>, builtins: &BuiltinPolicy) -> Vec<BadCall> {
    let package = package_of(module);
    let mut imports: BTreeMap<String, String> = BTreeMap::new();
    for import in &module.imports {
        let Some(target) = path_text(&import.refr) else { continue };
        let alias = match &import.r#as {
            Some(span) => span.text().to_string(),
            None => target.rsplit('.').next().unwrap_or(&target).to_string(),
        };
        imports.insert(alias, target);
    }
    let mut calls = Vec::new();
    for rule in &module.policy {
        walk_rule(rule, &mut calls);
    }
    let mut bad = Vec::new();
    for (name, line, column) in calls {
        if let Some(message) = builtins.refusal(&name) {
            bad.push(BadCall { message, function: name, line, column });
            continue;
        }
        if is_known(&name, &package, &imports, defined) {
            continue;
        }
        bad.push(BadCall {
            message: format!(
                "unknown function `{name}`: it is not a Rego builtin that regorus provides, not a Tollgate extension and not defined in the loaded policies; define it or remove the call"
            ),
            function: name,
            line,
            column,
        });
    }
    bad
}

fn is_known(name: &str, package: &str, imports: &BTreeMap<String, String>, defined: &BTreeSet<String>) -> bool {
    if name == "print" || BUILTINS.contains_key(name) || EXTENSIONS.contains(&name) {
        return true;
    }
    if name.starts_with("data.") {
        return defined.contains(name);
    }
    if defined.contains(&format!("data.{package}.{name}")) {
        return true;
    }
    // `import data.tollgate.lib` makes `lib.outgoing(...)` a call to `data.tollgate.lib.outgoing`.
    let (root, rest) = name.split_once('.').unwrap_or((name, ""));
    imports.get(root).is_some_and(|target| {
        let full = if rest.is_empty() { target.clone() } else { format!("{target}.{rest}") };
        defined.contains(&full)
    })
}

/// `a.b.c` for a reference made of names (`Var`, `.field`, `["string"]`), else `None`.
pub fn path_text(expr: &Expr) -> Option<String> {
    let mut parts = Vec::new();
    collect_path(expr, &mut parts)?;
    Some(parts.iter().map(|span| span.text().trim_matches('"')).collect::<Vec<_>>().join("."))
}

fn collect_path(expr: &Expr, parts: &mut Vec<Span>) -> Option<()> {
    match expr {
        Expr::Var { span, .. } => parts.push(span.clone()),
        Expr::RefDot { refr, field, .. } => {
            collect_path(refr, parts)?;
            parts.push(field.0.clone());
        }
        Expr::RefBrack { refr, index, .. } => {
            collect_path(refr, parts)?;
            match index.as_ref() {
                Expr::String { span, .. } | Expr::RawString { span, .. } => parts.push(span.clone()),
                _ => return None,
            }
        }
        _ => return None,
    }
    Some(())
}

fn walk_rule(rule: &Rule, calls: &mut Vec<(String, u32, u32)>) {
    match rule {
        Rule::Spec { head, bodies, .. } => {
            match head {
                RuleHead::Compr { assign, .. } => {
                    if let Some(assign) = assign {
                        walk_expr(&assign.value, calls);
                    }
                }
                RuleHead::Set { key, .. } => {
                    if let Some(key) = key {
                        walk_expr(key, calls);
                    }
                }
                RuleHead::Func { assign, args, .. } => {
                    for arg in args {
                        walk_expr(arg, calls);
                    }
                    if let Some(assign) = assign {
                        walk_expr(&assign.value, calls);
                    }
                }
            }
            for body in bodies {
                if let Some(assign) = &body.assign {
                    walk_expr(&assign.value, calls);
                }
                walk_query(&body.query, calls);
            }
        }
        Rule::Default { value, .. } => walk_expr(value, calls),
    }
}

fn walk_query(query: &Query, calls: &mut Vec<(String, u32, u32)>) {
    for stmt in &query.stmts {
        match &stmt.literal {
            Literal::SomeVars { .. } => {}
            Literal::SomeIn { key, value, collection, .. } => {
                if let Some(key) = key {
                    walk_expr(key, calls);
                }
                walk_expr(value, calls);
                walk_expr(collection, calls);
            }
            Literal::Expr { expr, .. } | Literal::NotExpr { expr, .. } => walk_expr(expr, calls),
            Literal::Every { domain, query, .. } => {
                walk_expr(domain, calls);
                walk_query(query, calls);
            }
        }
        for with in &stmt.with_mods {
            walk_expr(&with.r#as, calls);
        }
    }
}

fn walk_expr(expr: &Expr, calls: &mut Vec<(String, u32, u32)>) {
    match expr {
        Expr::Call { span, fcn, params, .. } => {
            if let Some(name) = path_text(fcn) {
                calls.push((name, span.line, span.col));
            }
            for param in params {
                walk_expr(param, calls);
            }
        }
        Expr::Array { items, .. } | Expr::Set { items, .. } => items.iter().for_each(|i| walk_expr(i, calls)),
        Expr::Object { fields, .. } => {
            for (_, key, value) in fields {
                walk_expr(key, calls);
                walk_expr(value, calls);
            }
        }
        Expr::ArrayCompr { term, query, .. } | Expr::SetCompr { term, query, .. } => {
            walk_expr(term, calls);
            walk_query(query, calls);
        }
        Expr::ObjectCompr { key, value, query, .. } => {
            walk_expr(key, calls);
            walk_expr(value, calls);
            walk_query(query, calls);
        }
        Expr::UnaryExpr { expr, .. } => walk_expr(expr, calls),
        Expr::RefDot { refr, .. } => walk_expr(refr, calls),
        Expr::RefBrack { refr, index, .. } => {
            walk_expr(refr, calls);
            walk_expr(index, calls);
        }
        Expr::BinExpr { lhs, rhs, .. }
        | Expr::BoolExpr { lhs, rhs, .. }
        | Expr::ArithExpr { lhs, rhs, .. }
        | Expr::AssignExpr { lhs, rhs, .. } => {
            walk_expr(lhs, calls);
            walk_expr(rhs, calls);
        }
        Expr::Membership { key, value, collection, .. } => {
            if let Some(key) = key {
                walk_expr(key, calls);
            }
            walk_expr(value, calls);
            walk_expr(collection, calls);
        }
        // Scalars and variables call nothing.
        _ => {}
    }
}
