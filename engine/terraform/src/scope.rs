//! One module instance being evaluated: the names its expressions reach (`var`, `local`,
//! resources, data sources, `module`, `path`), each evaluated once, on first use, with cycles
//! reported by name.

use crate::blocks::ExprRef;
use crate::body::{block_body, expression};
use crate::calls::{Call, CallInputs};
use crate::eval::ops::unknown_at;
use crate::eval::types::{convert, parse_type, Type};
use crate::eval::{EvalError, Evaluator, Locator, Resolved, Scope};
use crate::instances::{from_count, from_for_each, InstanceKey, Keys};
use crate::module::{DefBlock, ModuleDef};
use crate::parse::ParsedFile;
use crate::project::Run;
use crate::vars::{raw_value, unset, ConstantScope, Given};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::{Rc, Weak};
use tollgate_model::{
    CallSite, MapEntry, Notice, NoticeKind, Reference, Span, TfBlock, UnknownReason, Value, ValueKind,
};

/// Modules nested deeper than this are not loaded (a module that calls itself never ends).
pub(crate) const MAX_MODULE_DEPTH: usize = 24;

/// A reference an expression made while evaluated, with the instance key written after the
/// block (`aws_instance.web[0]`) when there was one.
#[derive(Debug, Clone)]
pub(crate) struct RecordedReference {
    pub(crate) attribute: String,
    pub(crate) target: String,
    pub(crate) key: Option<Value>,
}

pub(crate) type Recorded = Vec<RecordedReference>;

/// Reads the instances from a `count` or `for_each` value.
type KeysFrom = fn(&Value) -> Result<Keys, String>;

/// One evaluated instance of a resource, data source or module call.
#[derive(Debug, Clone)]
pub(crate) struct Evaluated {
    pub(crate) key: InstanceKey,
    pub(crate) body: Value,
    pub(crate) references: Vec<Reference>,
    pub(crate) recorded: Recorded,
}

/// A block's instances.
pub(crate) struct Expanded {
    pub(crate) keys: Keys,
    pub(crate) instances: Vec<Evaluated>,
    pub(crate) notice: Option<Notice>,
}

#[derive(Clone)]
pub(crate) enum Slot<'r, 'p> {
    Busy,
    Value(Rc<Value>),
    Blocks(Rc<Expanded>),
    Call(Rc<Call<'r, 'p>>),
}

/// Where a module instance's variables get their values.
pub(crate) enum Inputs<'r, 'p> {
    /// The root module: values from var files, the command line and the environment.
    Root,
    /// A child module: the arguments of its call, evaluated in the caller on first use.
    Call(CallInputs<'r, 'p>),
}

pub(crate) struct Instance<'r, 'p> {
    pub(crate) run: &'r Run<'r, 'p>,
    pub(crate) def: &'r ModuleDef<'p>,
    /// `""` for the root, `module.a["x"].module.b` below.
    pub(crate) path: String,
    /// Call names from the root (`["a", "b"]`): the key of `.terraform/modules/modules.json`.
    pub(crate) call_names: Vec<String>,
    /// The `module` blocks from the root down to this instance.
    pub(crate) call_chain: Vec<CallSite>,
    pub(crate) inputs: Inputs<'r, 'p>,
    slots: RefCell<BTreeMap<String, Slot<'r, 'p>>>,
    pub(crate) recorders: RefCell<Vec<Recorded>>,
    /// This instance, for the inputs of the module instances its calls create.
    pub(crate) this: Weak<Instance<'r, 'p>>,
}

impl<'r, 'p> Instance<'r, 'p> {
    pub(crate) fn new(
        run: &'r Run<'r, 'p>,
        def: &'r ModuleDef<'p>,
        path: String,
        call_names: Vec<String>,
        call_chain: Vec<CallSite>,
        inputs: Inputs<'r, 'p>,
    ) -> Rc<Self> {
        Rc::new_cyclic(|this| Instance {
            run,
            def,
            path,
            call_names,
            call_chain,
            inputs,
            slots: RefCell::new(BTreeMap::new()),
            recorders: RefCell::new(Vec::new()),
            this: this.clone(),
        })
    }

    /// The address of a block of this instance as Terraform writes it (`module.a.aws_x.y`).
    pub(crate) fn full_address(&self, address: &str) -> String {
        if self.path.is_empty() {
            address.to_string()
        } else {
            format!("{}.{address}", self.path)
        }
    }

    pub(crate) fn slot(&self, address: &str) -> Option<Slot<'r, 'p>> {
        self.slots.borrow().get(address).cloned()
    }

    /// Marks `address` as being evaluated; an address already being evaluated is a cycle.
    pub(crate) fn enter(&self, address: &str, span: Span) -> Result<(), String> {
        if matches!(self.slot(address), Some(Slot::Busy)) {
            return Err(self.run.cycle(&self.path, address, span));
        }
        if self.run.depth() >= self.run.max_depth {
            return Err(format!(
                "`{}` is reached through more than {} nested references; Tollgate does not follow chains this deep",
                self.full_address(address),
                self.run.max_depth
            ));
        }
        self.slots.borrow_mut().insert(address.to_string(), Slot::Busy);
        self.run.push(&self.path, address);
        // What this value's expressions reference is not the referencing block's business.
        self.recorders.borrow_mut().push(Vec::new());
        Ok(())
    }

    pub(crate) fn leave(&self, address: &str, slot: Slot<'r, 'p>) {
        self.recorders.borrow_mut().pop();
        self.run.pop();
        self.slots.borrow_mut().insert(address.to_string(), slot);
    }

    pub(crate) fn block(&self, address: &str) -> Result<&'r DefBlock<'p>, String> {
        self.def.get(address).ok_or_else(|| {
            let what = match address.split('.').next() {
                Some("var") => "input variable",
                Some("local") => "local value",
                Some("module") => "module call",
                Some("data") => "data source",
                _ => "resource",
            };
            format!("reference to undeclared {what} `{address}`: no such block in module `{}`", self.def.shown_dir)
        })
    }

    /// An evaluator for expressions of `file` in this instance, with `bindings` (`count`, `each`).
    pub(crate) fn with_evaluator<T>(
        &self,
        file: &ParsedFile,
        bindings: &[(&'static str, Value)],
        f: impl FnOnce(&mut Evaluator<'_>, &tollgate_model::lines::LineIndex<'_>) -> T,
    ) -> T {
        let lines = file.lines();
        let mut ev = Evaluator::lenient(self, Locator::file(&lines));
        for (name, value) in bindings {
            ev.bind(*name, value.clone());
        }
        f(&mut ev, &lines)
    }

    /// Evaluates one argument of a block (`count`, `value`, ...).
    fn argument(
        &self,
        block: &DefBlock<'p>,
        name: &str,
        bindings: &[(&'static str, Value)],
    ) -> Option<Result<Value, EvalError>> {
        let (expr, file) = block.argument(name)?;
        Some(self.with_evaluator(file, bindings, |ev, lines| {
            ev.attribute = name.to_string();
            expression(ev, lines, expr)
        }))
    }

    /// A block's body (override blocks merged in) and the references written in it.
    pub(crate) fn body(&self, block: &DefBlock<'p>, bindings: &[(&'static str, Value)]) -> (Value, Vec<Reference>) {
        let evaluate = |top: &crate::blocks::TopBlock<'p>, file: &ParsedFile| {
            self.with_evaluator(file, bindings, |ev, lines| block_body(ev, lines, top))
        };
        let mut merged = crate::blocks::resource(
            block.top.header.clone(),
            &self.def.shown_dir,
            block.top.span,
            evaluate(&block.top, block.file),
            block.top.references.clone(),
        );
        for (top, file) in &block.overrides {
            let layer =
                crate::blocks::resource(top.header.clone(), "", top.span, evaluate(top, file), top.references.clone());
            crate::overrides::merge_into(&mut merged, layer);
        }
        (merged.body, merged.references)
    }

    /// The instances `count` / `for_each` ask for, and the notice when they cannot be known.
    pub(crate) fn keys(&self, block: &DefBlock<'p>) -> (Keys, Option<Notice>) {
        let address = self.full_address(&block.top.header.address);
        let notice = |kind, span, message: String| Notice {
            kind,
            address: address.clone(),
            span,
            message,
            environment: self.run.environment.clone(),
            root: Some(self.run.root.clone()),
        };
        let (name, keys): (&str, KeysFrom) = match (block.argument("count"), block.argument("for_each")) {
            (None, None) => return (Keys::Single, None),
            (Some(_), Some((_, _))) => {
                let span = self.expr_span("for_each", block);
                let message = "`count` and `for_each` are both set; Terraform allows only one: remove one of them";
                let cause = Value::unknown(UnknownReason::Expression, "count and for_each", span);
                return (Keys::Unknown(cause), Some(notice(NoticeKind::InvalidConfiguration, span, message.into())));
            }
            (Some(_), None) => ("count", from_count),
            (None, Some(_)) => ("for_each", from_for_each),
        };
        let span = self.expr_span(name, block);
        let value = match self.argument(block, name, &[]) {
            Some(Ok(value)) => value,
            Some(Err(err)) => Value::unknown(UnknownReason::Expression, format!("{name}: {}", err.message), span),
            None => Value::null(span),
        };
        match keys(&value) {
            Ok(Keys::Unknown(cause)) => {
                let why = match cause.as_unknown() {
                    Some(u) if u.reason == UnknownReason::Expression => {
                        format!("Tollgate cannot evaluate `{}`", u.source)
                    }
                    Some(u) => format!("it depends on `{}`, which is {}", u.source, describe_reason(u)),
                    None => "it is unknown".to_string(),
                };
                // Terraform knows a data source's result at plan time; only Tollgate does not.
                let known_when = match cause.as_unknown().map(|u| u.reason) {
                    Some(UnknownReason::ReadDuringPlan) => "without calling the provider",
                    _ => "before apply",
                };
                let message = format!(
                    "the instances of `{address}` cannot be known {known_when}: its `{name}` is unknown ({why}); the \
                     block was checked once, without an instance key, and values that depend on `{}` are unknown",
                    if name == "count" { "count.index" } else { "each" }
                );
                let unknown = unknown_at(&cause, span);
                (Keys::Unknown(unknown), Some(notice(NoticeKind::UnknownInstances, span, message)))
            }
            Ok(keys) => (keys, None),
            Err(message) => {
                let message = format!("{message}; Terraform rejects this `{name}`, so `{address}` was checked once");
                let cause = Value::unknown(UnknownReason::Expression, name, span);
                (Keys::Unknown(cause), Some(notice(NoticeKind::InvalidConfiguration, span, message)))
            }
        }
    }

    pub(crate) fn expr_span(&self, name: &str, block: &DefBlock<'p>) -> Span {
        match block.argument(name) {
            Some((ExprRef::Hcl(expr), file)) => {
                use hcl_edit::Span as _;
                file.lines().span(expr.span().unwrap_or(0..0))
            }
            Some((ExprRef::Json(json), file)) => file.lines().span(json.range.clone()),
            None => block.top.span,
        }
    }

    /// The instances of a resource or data source, evaluated once.
    pub(crate) fn blocks(&self, address: &str) -> Result<Rc<Expanded>, String> {
        match self.slot(address) {
            Some(Slot::Blocks(expanded)) => return Ok(expanded),
            Some(Slot::Busy) | None => {}
            Some(_) => return Err(format!("`{address}` is not a resource")),
        }
        let block = self.block(address)?;
        self.enter(address, block.top.span)?;
        let expanded = Rc::new(self.expand(block));
        self.leave(address, Slot::Blocks(expanded.clone()));
        Ok(expanded)
    }

    /// Evaluates every instance of a block (no caching: [`Instance::blocks`] caches).
    pub(crate) fn expand(&self, block: &DefBlock<'p>) -> Expanded {
        let (keys, notice) = self.keys(block);
        let mut instances = Vec::new();
        for (key, bindings) in keys.instances(block.top.span) {
            self.recorders.borrow_mut().push(Vec::new());
            let (mut body, references) = self.body(block, &bindings);
            let recorded = self.recorders.borrow_mut().pop().unwrap_or_default();
            if block.kind() == TfBlock::Data {
                self.add_data_source_values(block, &mut body);
            }
            instances.push(Evaluated { key, body, references, recorded });
        }
        Expanded { keys, instances, notice }
    }

    /// How a reference sees a resource or data source: one object, a list (`count`), a map
    /// (`for_each`), or unknown.
    fn blocks_value(&self, address: &str, span: Span) -> Result<Value, String> {
        let expanded = self.blocks(address)?;
        let keys: Vec<&InstanceKey> = expanded.instances.iter().map(|e| &e.key).collect();
        let values = expanded.instances.iter().map(|e| e.body.clone()).collect();
        Ok(instances_value(&expanded.keys, &keys, values, span))
    }

    /// One instance of a counted resource or data source (`x[0]`, `x["a"]`) without building
    /// the others' collection; `None` when the block has no instance keys.
    fn instance_value(&self, address: &str, key: &Value, span: Span) -> Option<Result<Value, String>> {
        let expanded = match self.blocks(address) {
            Ok(expanded) => expanded,
            Err(message) => return Some(Err(message)),
        };
        match &expanded.keys {
            Keys::Single => return None,
            Keys::Unknown(cause) => return Some(Ok(unknown_at(cause, span))),
            Keys::Count(_) | Keys::Each(_) => {}
        }
        Some(match expanded.instances.iter().find(|i| i.key.matches(key)) {
            Some(instance) => Ok(instance.body.clone()),
            None => Err(format!("`{address}` has no instance with the key {}", key.display())),
        })
    }

    /// A local value.
    pub(crate) fn local(&self, name: &str) -> Result<Value, String> {
        let address = format!("local.{name}");
        self.value_slot(&address, |this, block| {
            let (body, _) = this.body(block, &[]);
            body.get(crate::blocks::LOCAL_VALUE_KEY).value().cloned().unwrap_or_else(|| Value::null(block.top.span))
        })
    }

    /// An output value of this instance.
    pub(crate) fn output(&self, name: &str) -> Result<Value, String> {
        let address = format!("output.{name}");
        self.value_slot(&address, |this, block| match this.argument(block, "value", &[]) {
            Some(Ok(value)) => value,
            Some(Err(_)) | None => {
                let source = format!("module output `{name}`");
                Value::unknown(UnknownReason::Expression, source, block.top.span)
            }
        })
    }

    /// A variable's value: given (converted to its type), else its default, else unset.
    pub(crate) fn variable(&self, name: &str) -> Result<Value, String> {
        let address = format!("var.{name}");
        self.value_slot(&address, |this, block| this.variable_value(name, block))
    }

    fn value_slot(
        &self,
        address: &str,
        compute: impl FnOnce(&Self, &'r DefBlock<'p>) -> Value,
    ) -> Result<Value, String> {
        match self.slot(address) {
            Some(Slot::Value(value)) => return Ok((*value).clone()),
            Some(Slot::Busy) | None => {}
            Some(_) => return Err(format!("`{address}` is not a value")),
        }
        let block = self.block(address)?;
        self.enter(address, block.top.span)?;
        let value = compute(self, block);
        self.leave(address, Slot::Value(Rc::new(value.clone())));
        Ok(value)
    }

    fn variable_value(&self, name: &str, block: &DefBlock<'p>) -> Value {
        let span = block.top.span;
        let ty = self.variable_type(block);
        let default = self.argument_constant(block, "default");
        let nullable = !matches!(self.argument_constant(block, "nullable").and_then(|v| v.as_bool()), Some(false));
        let given = match &self.inputs {
            Inputs::Root => match self.run.given.0.get(name) {
                Some(Given::Value(value)) => Some(Ok(value.clone())),
                Some(Given::Raw(text)) => Some(raw_value(text, is_primitive(&ty), span)),
                None => None,
            },
            Inputs::Call(inputs) => inputs.value(name).map(Ok),
        };
        let value = match given {
            Some(Ok(value)) if value.is_null() && !nullable => default.unwrap_or(value),
            Some(Ok(value)) => value,
            Some(Err(err)) => {
                self.run.notice(self.invalid_value(name, err.message, span));
                return Value::unknown(UnknownReason::Expression, format!("var.{name}"), span);
            }
            None => match default {
                Some(default) => default,
                None => return unset(name, span),
            },
        };
        let Some(ty) = ty else { return value };
        match convert(&value, &ty) {
            Ok(converted) => converted,
            Err(message) => {
                self.run.notice(self.invalid_value(name, message, value.span));
                Value::unknown(UnknownReason::Expression, format!("var.{name}"), span)
            }
        }
    }

    fn invalid_value(&self, name: &str, message: String, span: Span) -> Notice {
        Notice {
            kind: NoticeKind::InvalidConfiguration,
            address: self.full_address(&format!("var.{name}")),
            span,
            message: format!(
                "invalid value for variable `{name}`: {message}; Terraform rejects it: give a value of the declared type"
            ),
            environment: self.run.environment.clone(),
            root: Some(self.run.root.clone()),
        }
    }

    /// A constant argument (`default`, `nullable`): no references allowed.
    pub(crate) fn argument_constant(&self, block: &DefBlock<'p>, name: &str) -> Option<Value> {
        let (expr, file) = block.argument(name)?;
        let lines = file.lines();
        let scope = ConstantScope;
        let mut ev = Evaluator::new(&scope, Locator::file(&lines));
        Some(match expr {
            ExprRef::Hcl(e) => crate::hcl::evaluated(&mut ev, &lines, e),
            // JSON defaults are taken as written (no templates).
            ExprRef::Json(json) => json.to_value(&|range| lines.span(range)),
        })
    }

    /// The variable's type constraint, when it has a readable one.
    fn variable_type(&self, block: &DefBlock<'p>) -> Option<Type> {
        let (expr, file) = block.argument("type")?;
        let lines = file.lines();
        let scope = ConstantScope;
        let mut ev = Evaluator::new(&scope, Locator::file(&lines));
        let mut default = |e: &hcl_edit::expr::Expression| ev.expr(e).map_err(|err| err.message);
        match expr {
            ExprRef::Hcl(e) => parse_type(e, &mut default).ok(),
            ExprRef::Json(json) => {
                let text = json.as_str()?;
                let parsed = hcl_edit::parser::parse_expr(text).ok()?;
                let mut constant = |e: &hcl_edit::expr::Expression| crate::eval::evaluate_constant(&e.to_string());
                parse_type(&parsed, &mut constant).ok()
            }
        }
    }

    /// `path.module`: the module's directory relative to the root's (Terraform's working directory).
    fn path_module(&self) -> String {
        crate::project::relative_path(&self.run.root_dir, &self.def.dir)
    }
}

fn is_primitive(ty: &Option<Type>) -> bool {
    matches!(ty, None | Some(Type::String | Type::Number | Type::Bool | Type::Any))
}

fn describe_reason(unknown: &tollgate_model::Unknown) -> String {
    let why = match unknown.reason {
        UnknownReason::AfterApply => "known only after apply",
        UnknownReason::ReadDuringPlan => return unknown.provider_read().unwrap_or_default(),
        UnknownReason::UnsetVariable => "a variable without a value (give it one in a .tfvars file or with --var)",
        UnknownReason::UnresolvedModule => "an output of a module that could not be read",
        UnknownReason::OutsideScanRoot => "read outside the scan root (pass --allow-outside-root to allow)",
        UnknownReason::Expression => "not evaluated",
    };
    why.to_string()
}

/// The value references see for a block's instances (`keys[i]` holding `values[i]`): the
/// single instance, a list for `count`, a map for `for_each`, unknown when the instances are.
pub(crate) fn instances_value(keys: &Keys, instance_keys: &[&InstanceKey], values: Vec<Value>, span: Span) -> Value {
    match keys {
        Keys::Single => values.into_iter().next().unwrap_or_else(|| Value::null(span)),
        Keys::Unknown(cause) => unknown_at(cause, span),
        Keys::Count(_) => Value::new(ValueKind::List(values), span),
        Keys::Each(_) => {
            let entries = instance_keys
                .iter()
                .zip(values)
                .map(|(key, value)| {
                    let key = match key {
                        InstanceKey::Key(k) => k.clone(),
                        other => other.suffix(),
                    };
                    MapEntry { key, key_span: span, value }
                })
                .collect();
            Value::new(ValueKind::Map(entries), span)
        }
    }
}

impl Scope for Instance<'_, '_> {
    fn resolve(&self, root: &str, names: &[&str], span: Span, source: &str) -> Result<Resolved, String> {
        let first = names.first().copied();
        let named = |what: &str| first.ok_or_else(|| format!("`{root}` must be followed by {what} (`{root}.name`)"));
        match root {
            "var" => {
                let name = named("a variable name")?;
                let value = self.variable(name)?;
                Ok(Resolved {
                    value,
                    consumed: 1,
                    open: None,
                    target: Some(format!("var.{name}")),
                    indexed: false,
                    attribute: false,
                })
            }
            "local" => {
                let name = named("a local value name")?;
                let value = self.local(name)?;
                Ok(Resolved {
                    value,
                    consumed: 1,
                    open: None,
                    target: Some(format!("local.{name}")),
                    indexed: false,
                    attribute: false,
                })
            }
            "module" => {
                let name = named("a module call name")?;
                let target = Some(format!("module.{name}"));
                let output = names.get(1).and_then(|output| self.module_output(name, output, span));
                let (value, attribute) = match output {
                    Some(value) => (value?, true),
                    None => (self.module_value(name, span)?, false),
                };
                Ok(Resolved { value, consumed: 1, open: None, target, indexed: false, attribute })
            }
            "data" => {
                let (Some(type_name), Some(name)) = (first, names.get(1)) else {
                    return Err("`data` must be followed by a type and a name (`data.aws_ami.x`)".into());
                };
                let address = format!("data.{type_name}.{name}");
                let value = self.blocks_value(&address, span)?;
                let open = Some(self.computed(&address));
                Ok(Resolved { value, consumed: 2, open, target: Some(address), indexed: false, attribute: false })
            }
            "path" => {
                let value = match named("module, root or cwd")? {
                    "module" => self.path_module(),
                    "root" => ".".to_string(),
                    // An absolute directory of the machine running the scan: not for a report.
                    "cwd" if self.sandbox().is_some() => {
                        let value = tollgate_terraform_functions::outside_root(source, span);
                        return Ok(Resolved::value(value, 1));
                    }
                    "cwd" => std::path::absolute(&self.run.root_dir)
                        .map(|p| p.display().to_string())
                        .unwrap_or_else(|_| self.run.root_dir.display().to_string()),
                    other => return Err(format!("the `path` object has no attribute `{other}`")),
                };
                Ok(Resolved::value(Value::string(value, span), 1))
            }
            "terraform" => match first {
                Some("workspace") => Ok(Resolved::value(Value::string("default", span), 1)),
                _ => Err("the `terraform` object has only `terraform.workspace`".into()),
            },
            "count" => Err("`count.index` can only be used in a block that sets `count`".into()),
            "each" => Err("`each` can only be used in a block that sets `for_each`".into()),
            "self" => {
                let value = Value::unknown(UnknownReason::AfterApply, source, span);
                let open = Some(self.computed("self"));
                Ok(Resolved { value, consumed: names.len(), open, target: None, indexed: false, attribute: false })
            }
            type_name => {
                let name = named("a resource name")?;
                let address = format!("{type_name}.{name}");
                let value = self.blocks_value(&address, span)?;
                let open = Some(self.computed(&address));
                Ok(Resolved { value, consumed: 1, open, target: Some(address), indexed: false, attribute: false })
            }
        }
    }

    fn resolve_instance(
        &self,
        root: &str,
        names: &[&str],
        key: &Value,
        next: Option<&str>,
        span: Span,
    ) -> Option<Result<Resolved, String>> {
        let (address, consumed, open) = match (root, names) {
            ("data", [type_name, name]) => (format!("data.{type_name}.{name}"), 2, true),
            ("module", [name]) => {
                let (value, attribute) = match self.module_instance(name, key, next, span)? {
                    Ok(found) => found,
                    Err(message) => return Some(Err(message)),
                };
                let target = Some(format!("module.{name}"));
                return Some(Ok(Resolved { value, consumed: 1, open: None, target, indexed: true, attribute }));
            }
            ("var" | "local" | "path" | "terraform" | "count" | "each" | "self" | "data" | "module", _) => return None,
            (type_name, [name]) => (format!("{type_name}.{name}"), 1, true),
            _ => return None,
        };
        let value = match self.instance_value(&address, key, span)? {
            Ok(value) => value,
            Err(message) => return Some(Err(message)),
        };
        let open = open.then(|| self.computed(&address));
        Some(Ok(Resolved { value, consumed, open, target: Some(address), indexed: true, attribute: false }))
    }

    fn record_reference(&self, target: &str, key: Option<&Value>, attribute: &str) {
        if let Some(recorded) = self.recorders.borrow_mut().last_mut() {
            recorded.push(RecordedReference {
                attribute: attribute.to_string(),
                target: target.to_string(),
                key: key.cloned(),
            });
        }
    }

    fn base_dir(&self) -> Option<PathBuf> {
        Some(self.run.root_dir.clone())
    }

    fn sandbox(&self) -> Option<&tollgate_terraform_functions::Sandbox> {
        self.run.project.sandbox()
    }
}
