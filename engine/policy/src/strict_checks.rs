//! OPA's strict-mode compiler checks (OPA docs, "Strict Mode": `opa check --strict`, Conftest's
//! `--strict`), run under `--strict` on the user's policy files only. Each finding is a load
//! error with OPA's own wording ("assigned var b unused"), so Conftest users recognise it; OPA
//! refuses the whole compile, Tollgate leaves that file out and loads the others.
//!
//! The documented list, all decided from the AST: duplicate imports, unused local assignments
//! and function arguments, unused imports, `input`/`data` as a rule or variable name, and the
//! deprecated builtins.

use crate::ast_walk::{walk_expr, walk_module, walk_spec, Visitor};
use crate::builtins::{package_of, path_text};
use crate::negation::start_of;
use regorus::unstable::{AssignOp, Expr, Import, Literal, Module, Query, Rule, RuleHead, Span};
use std::collections::BTreeSet;
use tollgate_model::LoadError;

/// OPA's deprecated builtins (OPA docs, "Strict Mode", "Use of deprecated built-ins").
const DEPRECATED_BUILTINS: [&str; 11] = [
    "any",
    "all",
    "re_match",
    "net.cidr_overlap",
    "set_diff",
    "cast_array",
    "cast_set",
    "cast_string",
    "cast_boolean",
    "cast_null",
    "cast_object",
];

/// The root documents no rule, local variable or argument may be named after.
const ROOT_DOCUMENTS: [&str; 2] = ["input", "data"];

/// Every strict-mode error of one user policy file, in file order. `defined` holds the full
/// paths (`data.pkg.f`) of the functions the policies define: a user's `any` is not deprecated.
pub(crate) fn strict_errors(module: &Module, file: &str, defined: &BTreeSet<String>) -> Vec<LoadError> {
    let mut errors = Vec::new();
    let mut push = |span: &Span, message: String| {
        let (line, column) = start_of(span);
        errors.push(LoadError { file: file.to_string(), line, column, message });
    };
    for (span, message) in import_problems(module) {
        push(&span, message);
    }
    let package = package_of(module);
    let mut finder = Finder { package: &package, defined, problems: Vec::new() };
    walk_module(module, &mut finder);
    for rule in &module.policy {
        finder.problems.extend(unused_locals(rule));
    }
    for (span, message) in finder.problems {
        push(&span, message);
    }
    errors.sort();
    errors
}

/// Duplicate imports (same name) and imports never referred to (`rego.v1` and `future.*` exempt).
fn import_problems(module: &Module) -> Vec<(Span, String)> {
    let mut paths = Paths(BTreeSet::new());
    walk_module(module, &mut paths);
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut problems = Vec::new();
    for import in &module.imports {
        let Some(path) = path_text(&import.refr) else { continue };
        let name = import_name(import, &path);
        let text = match &import.r#as {
            Some(alias) => format!("import {path} as {}", alias.text()),
            None => format!("import {path}"),
        };
        if let Some((_, first)) = seen.iter().find(|(seen_name, _)| *seen_name == name) {
            problems.push((import.span.clone(), format!("import must not shadow {first}")));
        } else {
            seen.push((name.clone(), text.clone()));
        }
        let exempt = path == "rego.v1" || path == "future.keywords" || path.starts_with("future.keywords.");
        if !exempt && !paths.refers_to(&name, &path) {
            problems.push((import.span.clone(), format!("{text} unused")));
        }
    }
    problems
}

/// The name an import binds: its alias, or the last part of its path.
fn import_name(import: &Import, path: &str) -> String {
    match &import.r#as {
        Some(alias) => alias.text().to_string(),
        None => path.rsplit('.').next().unwrap_or(path).to_string(),
    }
}

/// The dotted path of every variable and reference in a module.
struct Paths(BTreeSet<String>);

impl Paths {
    /// Whether anything reads the import's name or names its full path.
    fn refers_to(&self, name: &str, path: &str) -> bool {
        let prefix = format!("{path}.");
        self.0.iter().any(|p| p == name || p.starts_with(&format!("{name}.")) || p == path || p.starts_with(&prefix))
    }
}

impl Visitor for Paths {
    fn expr(&mut self, expr: &Expr) {
        // A call's function (`lib.f(x)`) is not one of the expressions the walk visits.
        let named = match expr {
            Expr::Var { .. } | Expr::RefDot { .. } | Expr::RefBrack { .. } => expr,
            Expr::Call { fcn, .. } => fcn,
            _ => return,
        };
        if let Some(path) = path_text(named) {
            self.0.insert(path);
        }
    }
}

/// Deprecated builtin calls and `input`/`data` as a function argument.
struct Finder<'a> {
    package: &'a str,
    defined: &'a BTreeSet<String>,
    problems: Vec<(Span, String)>,
}

impl Visitor for Finder<'_> {
    fn expr(&mut self, expr: &Expr) {
        let Expr::Call { span, fcn, .. } = expr else { return };
        let Some(name) = path_text(fcn) else { return };
        let user_defined = self.defined.contains(&format!("data.{}.{name}", self.package));
        if DEPRECATED_BUILTINS.contains(&name.as_str()) && !user_defined {
            self.problems.push((span.clone(), format!("deprecated built-in function calls in expression: {name}")));
        }
    }

    /// A rule or local variable named `input` or `data` the parser refuses already ("input cannot
    /// be shadowed"); a function argument it accepts.
    fn rule(&mut self, rule: &Rule) {
        let Rule::Spec { head: RuleHead::Func { args, .. }, .. } = rule else { return };
        for arg in args {
            let Expr::Var { span, .. } = arg.as_ref() else { continue };
            if ROOT_DOCUMENTS.contains(&span.text()) {
                let message = format!("args must not shadow {} (use a different variable name)", span.text());
                self.problems.push((span.clone(), message));
            }
        }
    }
}

/// A scope of local variables: a rule body (with the head values it gives), a comprehension or
/// an `every` body. `extent` is where its variables can be read (byte ranges of the source).
struct Scope {
    extent: Vec<(u32, u32)>,
    /// The variables its own statements assign with `:=`: name, the variable's place, the statement.
    assigned: Vec<(String, Span, Span)>,
}

impl Scope {
    fn new(extent: Vec<(u32, u32)>, query: &Query) -> Scope {
        let mut assigned = Vec::new();
        for stmt in &query.stmts {
            let Literal::Expr { expr, .. } = &stmt.literal else { continue };
            let Expr::AssignExpr { span, op: AssignOp::ColEq, lhs, .. } = expr.as_ref() else { continue };
            let mut vars = VarSpans(Vec::new());
            walk_expr(lhs, &mut vars);
            assigned.extend(vars.0.into_iter().map(|var| (var.text().to_string(), var, span.clone())));
        }
        Scope { extent, assigned }
    }

    fn contains(&self, offset: u32) -> bool {
        self.extent.iter().any(|(start, end)| (*start..*end).contains(&offset))
    }

    /// Whether this scope lies inside `outer` (a comprehension or `every` within a rule body).
    fn inside(&self, outer: &Scope) -> bool {
        self.extent.iter().all(|(start, _)| outer.contains(*start))
    }

    fn assigns(&self, name: &str) -> bool {
        self.assigned.iter().any(|(assigned, _, _)| assigned == name)
    }
}

/// Local assignments never read ("assigned var x unused") and function arguments never read
/// ("unused argument x. ..."), with the scoping OPA applies: a comprehension or `every` body
/// that assigns the same name with `:=` has its own variable.
fn unused_locals(rule: &Rule) -> Vec<(Span, String)> {
    let Rule::Spec { head, bodies, .. } = rule else { return Vec::new() };
    let mut scopes = Vec::new();
    for (index, body) in bodies.iter().enumerate() {
        let mut extent = vec![range(&body.span), range(&body.query.span)];
        extent.extend(body.assign.as_ref().map(|assign| range(assign.value.span())));
        if index == 0 || !body.is_else {
            extent.extend(head_ranges(head));
        }
        scopes.push(Scope::new(extent, &body.query));
    }
    let mut parts = RuleParts::default();
    walk_rule_parts(head, bodies, &mut parts);
    scopes.extend(parts.scopes);
    let reads = VarSpans(parts.vars);

    let mut problems = Vec::new();
    for scope in &scopes {
        for (name, var, statement) in &scope.assigned {
            if name == "_" || ROOT_DOCUMENTS.contains(&name.as_str()) {
                continue;
            }
            let read = reads.0.iter().any(|other| {
                other.text() == name
                    && other.start != var.start
                    && scope.contains(other.start)
                    && !shadowed(&scopes, scope, name, other.start)
            });
            if !read {
                problems.push((statement.clone(), format!("assigned var {name} unused")));
            }
        }
    }
    if let RuleHead::Func { args, .. } = head {
        problems.extend(unused_arguments(args, &reads.0));
    }
    problems
}

/// Whether a read at `offset` belongs to a scope nested in `scope` that assigns `name` itself.
fn shadowed(scopes: &[Scope], scope: &Scope, name: &str, offset: u32) -> bool {
    scopes.iter().any(|inner| {
        !std::ptr::eq(inner, scope) && inner.inside(scope) && inner.contains(offset) && inner.assigns(name)
    })
}

fn unused_arguments(args: &[regorus::unstable::Ref<Expr>], reads: &[Span]) -> Vec<(Span, String)> {
    let mut problems = Vec::new();
    for arg in args {
        let Expr::Var { span, .. } = arg.as_ref() else { continue };
        let name = span.text();
        if name == "_" || ROOT_DOCUMENTS.contains(&name) {
            continue;
        }
        if !reads.iter().any(|read| read.text() == name && read.start != span.start) {
            let message = format!("unused argument {name}. (hint: use _ (wildcard variable) instead)");
            problems.push((span.clone(), message));
        }
    }
    problems
}

/// Where a rule's head can read its body's variables: its reference (`p[k]`), key and value.
fn head_ranges(head: &RuleHead) -> Vec<(u32, u32)> {
    let (span, refr, value) = match head {
        RuleHead::Compr { span, refr, assign } => (span, refr, assign.as_ref().map(|a| a.value.span())),
        RuleHead::Set { span, refr, key } => (span, refr, key.as_ref().map(|k| k.span())),
        RuleHead::Func { span, refr, assign, .. } => (span, refr, assign.as_ref().map(|a| a.value.span())),
    };
    let mut ranges = vec![range(span), range(refr.span())];
    ranges.extend(value.map(range));
    ranges
}

fn range(span: &Span) -> (u32, u32) {
    (span.start, span.end.max(span.start + 1))
}

/// Walks a rule's head (its reference too: `p[k] := v` reads `k`) and bodies with `visitor`.
fn walk_rule_parts(head: &RuleHead, bodies: &[regorus::unstable::RuleBody], visitor: &mut impl Visitor) {
    if let RuleHead::Compr { refr, .. } | RuleHead::Set { refr, .. } = head {
        walk_expr(refr, visitor);
    }
    walk_spec(head, bodies, visitor);
}

/// The place of every variable.
struct VarSpans(Vec<Span>);

impl Visitor for VarSpans {
    fn expr(&mut self, expr: &Expr) {
        if let Expr::Var { span, .. } = expr {
            self.0.push(span.clone());
        }
    }
}

/// In one walk of a rule: the place of every variable, and its comprehension and `every` scopes.
#[derive(Default)]
struct RuleParts {
    vars: Vec<Span>,
    scopes: Vec<Scope>,
}

impl Visitor for RuleParts {
    fn expr(&mut self, expr: &Expr) {
        match expr {
            Expr::Var { span, .. } => self.vars.push(span.clone()),
            Expr::ArrayCompr { span, query, .. }
            | Expr::SetCompr { span, query, .. }
            | Expr::ObjectCompr { span, query, .. } => self.scopes.push(Scope::new(vec![range(span)], query)),
            _ => {}
        }
    }

    fn query(&mut self, query: &Query) {
        for stmt in &query.stmts {
            if let Literal::Every { span, query, .. } = &stmt.literal {
                self.scopes.push(Scope::new(vec![range(span)], query));
            }
        }
    }
}

#[cfg(test)]
#[path = "strict_checks_tests.rs"]
mod tests;
