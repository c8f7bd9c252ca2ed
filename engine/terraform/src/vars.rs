//! Values for a root module's variables, from every place Terraform takes them, in Terraform's
//! order of precedence (later wins): `TF_VAR_name` environment variables, `terraform.tfvars`,
//! `terraform.tfvars.json`, `*.auto.tfvars(.json)` in lexical order, then `-var-file` and `-var`
//! in the order given (here: `tollgate.toml`'s var files for every root, the root's, the
//! environment's and its `vars`, then `--var-file` and `--var` from the command line).

use crate::eval::{EvalError, Evaluator, Locator, Resolved, Scope};
use crate::parse::{ParsedFile, Syntax, TfFileKind};
use hcl_edit::structure::Structure;
use std::collections::BTreeMap;
use tollgate_model::{Span, UnknownReason, Value};

/// A value given for a root variable.
#[derive(Debug, Clone)]
pub(crate) enum Given {
    /// From a variable definitions file: an evaluated expression.
    Value(Value),
    /// From the command line or the environment: text that Terraform takes as a string for
    /// primitive-typed variables and parses as an expression for the others.
    Raw(String),
}

/// Whether Terraform loads this file of a root automatically, and in which rank
/// (`terraform.tfvars` before `terraform.tfvars.json` before the `*.auto.tfvars` files).
pub(crate) fn auto_rank(file: &ParsedFile) -> Option<(u8, String)> {
    if file.kind != TfFileKind::Vars {
        return None;
    }
    let name = file.shown.rsplit('/').next().unwrap_or(&file.shown).to_string();
    match name.as_str() {
        "terraform.tfvars" => Some((0, name)),
        "terraform.tfvars.json" => Some((1, name)),
        _ if name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json") => Some((2, name)),
        _ => None,
    }
}

/// Assignments of a variable definitions file, in file order. Values that cannot be evaluated
/// (a reference: tfvars files hold constants) are unknown.
pub(crate) fn file_values(file: &ParsedFile) -> Vec<(String, Value)> {
    let lines = file.lines();
    let scope = ConstantScope;
    let mut ev = Evaluator::new(&scope, Locator::file(&lines));
    match &file.syntax {
        Syntax::Hcl(body) => body
            .iter()
            .filter_map(|structure| match structure {
                Structure::Attribute(attr) => {
                    Some((attr.key.as_str().to_string(), crate::hcl::evaluated(&mut ev, &lines, &attr.value)))
                }
                Structure::Block(_) => None,
            })
            .collect(),
        Syntax::Json(root) => root
            .as_object()
            .unwrap_or_default()
            .iter()
            .map(|member| (member.key.clone(), member.value.to_value(&|range| lines.span(range))))
            .collect(),
        Syntax::Broken => Vec::new(),
    }
}

/// Values of variable definitions files: constants only.
pub(crate) struct ConstantScope;

impl Scope for ConstantScope {
    fn resolve(&self, root: &str, _names: &[&str], _span: Span, _source: &str) -> Result<Resolved, String> {
        Err(format!("variables are not allowed here: `{root}` cannot be referenced in a variable definitions file"))
    }

    // Terraform allows none here; `file()` in a var file must not read the machine either.
    fn allows_functions(&self) -> bool {
        false
    }
}

/// Collects given values in precedence order: each `add` overrides what came before.
#[derive(Debug, Default, Clone)]
pub(crate) struct GivenValues(pub(crate) BTreeMap<String, Given>);

impl GivenValues {
    pub(crate) fn raw(&mut self, pairs: &[(String, String)]) {
        for (name, text) in pairs {
            self.0.insert(name.clone(), Given::Raw(text.clone()));
        }
    }

    pub(crate) fn file(&mut self, file: &ParsedFile) {
        for (name, value) in file_values(file) {
            self.0.insert(name, Given::Value(value));
        }
    }
}

/// A raw value (`--var`, `TF_VAR_`) as Terraform reads it: a string for primitive or
/// unconstrained variables, an expression for collection and object types.
pub(crate) fn raw_value(text: &str, primitive: bool, span: Span) -> Result<Value, EvalError> {
    if primitive {
        return Ok(Value::string(text, span));
    }
    let parsed = crate::eval::evaluate_constant(text)
        .map_err(|message| EvalError { message: format!("cannot read the value `{text}`: {message}"), span })?;
    Ok(crate::eval::expr::respan(parsed, span))
}

/// An unknown for a variable nobody gave a value.
pub(crate) fn unset(name: &str, span: Span) -> Value {
    Value::unknown(UnknownReason::UnsetVariable, format!("var.{name}"), span)
}
