//! Load-time check of the functions a policy calls: every call must name a Rego builtin regorus
//! provides, a function defined in the loaded policies, or one of Tollgate's extensions; and
//! the builtin must be one the policy may call ([`BuiltinPolicy`]: no network, no clock by default).
//!
//! regorus itself only notices an unknown function when a rule that calls it is evaluated, as
//! an error on every input; checking the parsed AST names the function, file and line once.

use crate::ast_walk::{walk_module, Visitor};
use crate::capabilities::BuiltinPolicy;
use crate::config_files::CONFIG_BUILTINS;
use crate::extensions::EXTENSIONS;
use regorus::unstable::{Expr, Module, Rule, RuleHead, Span, BUILTINS};
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
    let mut bad = Vec::new();
    for (name, line, column) in calls_of(module) {
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
    if name == "print" || BUILTINS.contains_key(name) || EXTENSIONS.contains(&name) || CONFIG_BUILTINS.contains(&name) {
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

/// Every function call of `module`: name as written, 1-based line and column.
pub fn calls_of(module: &Module) -> Vec<(String, u32, u32)> {
    let mut calls = Calls(Vec::new());
    walk_module(module, &mut calls);
    calls.0
}

/// The name and 1-based line and column of every call in a module.
struct Calls(Vec<(String, u32, u32)>);

impl Visitor for Calls {
    fn expr(&mut self, expr: &Expr) {
        if let Expr::Call { span, fcn, .. } = expr {
            if let Some(name) = path_text(fcn) {
                self.0.push((name, span.line, span.col));
            }
        }
    }
}
