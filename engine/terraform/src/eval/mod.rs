//! Terraform's expression language evaluated on [`Value`]s, as Terraform evaluates it.
//!
//! The evaluator walks hcl-edit's syntax tree. Names the expression does not bind itself (`var`,
//! `local`, resource types, `module`, `data`, `path`, ...) are resolved through a `Scope`, which
//! the module evaluator implements (and [`evaluate_expression`] implements with a map of
//! variables). Errors are what Terraform reports as errors; values Terraform could not know yet are
//! unknown values (`ValueKind::Unknown`) and propagate through operators,
//! templates, conditionals and `for` expressions the way Terraform propagates them.

pub(crate) mod expr;
mod functions;
pub(crate) mod literals;
mod locate;
pub(crate) mod ops;
mod template;
pub(crate) mod types;
mod unify;

#[cfg(test)]
mod tests;

pub(crate) use expr::Evaluator;
pub(crate) use literals::TextRules;
pub(crate) use locate::Locator;

use std::collections::BTreeMap;
use std::path::PathBuf;
use tollgate_model::{MapEntry, Span, UnknownReason, Value, ValueKind};

/// An evaluation error: what Terraform would report, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalError {
    pub message: String,
    pub span: Span,
}

impl EvalError {
    pub(crate) fn new(message: impl Into<String>, span: Span) -> Self {
        EvalError { message: message.into(), span }
    }
}

pub(crate) type EvalResult = Result<Value, EvalError>;

/// What a reference rooted at a free name resolves to.
pub(crate) struct Resolved {
    pub(crate) value: Value,
    /// How many of the attribute names after the root the resolution consumed
    /// (`var.x` consumes 1, `data.t.n` 2).
    pub(crate) consumed: usize,
    /// A resource or data source object: attributes not set in configuration are computed by
    /// the provider, so a missing attribute is unknown instead of an error.
    pub(crate) open: Option<Computed>,
    /// The block address referenced (`aws_s3_bucket.b`), for graph edges.
    pub(crate) target: Option<String>,
    /// The index written after the names was applied too (one instance of a counted block).
    pub(crate) indexed: bool,
    /// The attribute written after the block (or after its index) was applied too: a module
    /// output read alone (`module.m.id`, `module.m[0].id`).
    pub(crate) attribute: bool,
}

impl Resolved {
    pub(crate) fn value(value: Value, consumed: usize) -> Self {
        Resolved { value, consumed, open: None, target: None, indexed: false, attribute: false }
    }
}

/// Who computes the attributes a resource or data source object does not set, and so why they
/// are unknown.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Computed {
    /// The provider (local name) a data source reads them from during plan; `None` for a
    /// resource, whose computed attributes are known only after apply.
    pub(crate) read_by: Option<String>,
    /// The module instance holding the block (`module.logs`, `""` in the root): a reference
    /// written in a module names a block of that module, and the unknown's source says so.
    pub(crate) module_path: String,
}

/// True when `value` holds a value only known after apply.
fn holds_after_apply(value: &Value) -> bool {
    match &value.kind {
        ValueKind::Unknown(u) => u.reason == UnknownReason::AfterApply,
        ValueKind::List(items) => items.iter().any(holds_after_apply),
        ValueKind::Map(entries) => entries.iter().any(|e| holds_after_apply(&e.value)),
        _ => false,
    }
}

impl Computed {
    pub(crate) fn resource(module_path: &str) -> Self {
        Computed { read_by: None, module_path: module_path.to_string() }
    }

    /// The unknown value of an attribute of `object` (the block instance's arguments) that
    /// `source` (the reference as written) reaches. Terraform reads a data source whose
    /// arguments are only known after apply during apply, not during plan.
    pub(crate) fn unknown(&self, object: &[MapEntry], source: &str, span: Span) -> Value {
        let source = match self.module_path.as_str() {
            "" => source.to_string(),
            path => format!("{path}.{source}"),
        };
        let deferred = || object.iter().any(|e| holds_after_apply(&e.value));
        match &self.read_by {
            Some(provider) if !deferred() => Value::read_during_plan(provider.clone(), source, span),
            _ => Value::unknown(UnknownReason::AfterApply, source, span),
        }
    }

    /// The same object reached through a name a `for` binds (`b` in `[for b in
    /// aws_s3_bucket.x : b.arn]`): the source text then starts with that name, not the block's
    /// address, so no module path is put before it.
    pub(crate) fn bound(&self) -> Self {
        Computed { read_by: self.read_by.clone(), module_path: String::new() }
    }
}

/// The names an expression can reach beyond what it binds itself.
pub(crate) trait Scope {
    /// Resolves a reference rooted at `root` (not bound by the expression); `names` are the
    /// attribute names written directly after the root. `source` is the text of the whole
    /// traversal, for unknowns.
    fn resolve(&self, root: &str, names: &[&str], span: Span, source: &str) -> Result<Resolved, String>;

    /// Resolves `root.names` directly followed by the index `key` (`aws_instance.web[0]`) when
    /// the scope can answer it without building the whole collection; `None` leaves it to
    /// [`Scope::resolve`] and indexing. `next` is the attribute written after the index, which
    /// the scope may apply too ([`Resolved::attribute`]).
    fn resolve_instance(
        &self,
        _root: &str,
        _names: &[&str],
        _key: &Value,
        _next: Option<&str>,
        _span: Span,
    ) -> Option<Result<Resolved, String>> {
        None
    }

    /// Records that the expression of `attribute` referenced block `target`, through instance
    /// `key` when an index directly follows the block (`aws_instance.web[0]`).
    fn record_reference(&self, _target: &str, _key: Option<&Value>, _attribute: &str) {}

    /// The directory file functions (`file`, `templatefile`, ...) read relative paths from.
    fn base_dir(&self) -> Option<PathBuf> {
        None
    }

    /// Where file functions may read; `None` reads anywhere.
    fn sandbox(&self) -> Option<&tollgate_terraform_functions::Sandbox> {
        None
    }

    /// Whether functions may be called: not in constants (variable definitions files, `-var`
    /// values, defaults and type constraints), which Terraform evaluates without functions.
    fn allows_functions(&self) -> bool {
        true
    }
}

/// A scope with only variables (and optionally locals): what [`evaluate_expression`] uses.
struct VariablesScope<'a> {
    vars: &'a BTreeMap<String, Value>,
    locals: &'a BTreeMap<String, Value>,
}

impl Scope for VariablesScope<'_> {
    fn resolve(&self, root: &str, names: &[&str], span: Span, source: &str) -> Result<Resolved, String> {
        let table = match root {
            "var" => self.vars,
            "local" => self.locals,
            "path" => {
                let Some(name) = names.first() else { return Err("`path` needs an attribute".into()) };
                return match *name {
                    "module" | "root" => Ok(Resolved::value(Value::string(".", span), 1)),
                    "cwd" => {
                        let cwd = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default();
                        Ok(Resolved::value(Value::string(cwd, span), 1))
                    }
                    other => Err(format!("the `path` object has no attribute `{other}`")),
                };
            }
            "terraform" if names.first() == Some(&"workspace") => {
                return Ok(Resolved::value(Value::string("default", span), 1))
            }
            _ => {
                let value = Value::unknown(UnknownReason::AfterApply, source, span);
                let open = Some(Computed::resource(""));
                return Ok(Resolved {
                    value,
                    consumed: names.len().min(1),
                    open,
                    target: None,
                    indexed: false,
                    attribute: false,
                });
            }
        };
        let Some(name) = names.first() else {
            let entries =
                table.iter().map(|(k, v)| MapEntry { key: k.clone(), key_span: span, value: v.clone() }).collect();
            return Ok(Resolved::value(Value::new(ValueKind::Map(entries), span), 0));
        };
        match table.get(*name) {
            Some(value) => Ok(Resolved::value(value.clone(), 1)),
            None => Err(format!("reference to undeclared {root} `{root}.{name}`")),
        }
    }
}

/// Evaluates one Terraform expression (source text) with the given variables (name -> Value),
/// as `terraform console` would. References to resources and data sources are unknown
/// (after apply); `path.module` is `.`.
pub fn evaluate_expression(source: &str, vars: &BTreeMap<String, Value>) -> Result<Value, String> {
    evaluate_expression_with_locals(source, vars, &BTreeMap::new())
}

/// [`evaluate_expression`] with local values too (`local.name`).
pub fn evaluate_expression_with_locals(
    source: &str,
    vars: &BTreeMap<String, Value>,
    locals: &BTreeMap<String, Value>,
) -> Result<Value, String> {
    evaluate_in(source, &VariablesScope { vars, locals })
}

/// A constant written as text (a `-var` value, a type constraint in `.tf.json`): no references
/// and no functions, as Terraform reads them.
pub(crate) fn evaluate_constant(source: &str) -> Result<Value, String> {
    evaluate_in(source, &crate::vars::ConstantScope)
}

fn evaluate_in(source: &str, scope: &dyn Scope) -> Result<Value, String> {
    // Parsed as an attribute, the way expressions appear in configuration (a heredoc needs the
    // line break after its closing marker, which the bare expression parser refuses).
    let text = format!("value = {}\n", source.trim_end());
    let body = hcl_edit::parser::parse_body(&text).map_err(|e| format!("cannot parse expression: {e}"))?;
    let Some(attribute) = body.get_attribute("value").filter(|_| body.len() == 1) else {
        return Err("cannot parse expression: expected exactly one expression".to_string());
    };
    let expr = &attribute.value;
    let lines = tollgate_model::lines::LineIndex::new(tollgate_model::FileId(0), &text);
    let mut evaluator = Evaluator::new(scope, Locator::file(&lines));
    evaluator.expr(expr).map_err(|e| e.message)
}
