//! Module calls: a call's instances, the module instances they create, and how values cross
//! the call in both directions, one value at a time.
//!
//! Terraform's graph has a node per variable, local, output and resource, not one per module, so
//! module `a` may read `module.b.z` while module `b` reads `module.a.x`. Evaluating a call
//! therefore evaluates only what decides its instances (`count`, `for_each`); each input is
//! evaluated in the caller when the child first reads that variable, and `module.b.z` reads only
//! output `z`. A cycle is then reported only when values really need themselves, named value by
//! value (`module.a.var.input -> module.b.output.echoed -> ...`), as Terraform reports it.

use crate::blocks::ExprRef;
use crate::instances::{InstanceKey, Keys};
use crate::module::{is_local_source, literal_source, DefBlock, ModuleDef};
use crate::scope::{instances_value, Evaluated, Expanded, Inputs, Instance, Slot, MAX_MODULE_DEPTH};
use std::rc::{Rc, Weak};
use tollgate_model::{CallSite, MapEntry, Notice, NoticeKind, Span, TfBlock, UnknownReason, Value, ValueKind};

/// The names `count` and `for_each` bind for one instance (`count`, `each`).
pub(crate) type Bindings = Vec<(&'static str, Value)>;

/// What a module call reaches.
pub(crate) enum Target<'r, 'p> {
    Module(&'r ModuleDef<'p>),
    /// Not readable: why, for the notice.
    Unresolved(String),
}

/// One instance of a module call.
pub(crate) struct CallInstance<'r, 'p> {
    pub(crate) key: InstanceKey,
    bindings: Bindings,
    /// The module instance it creates (none when the module cannot be read).
    pub(crate) child: Option<Rc<Instance<'r, 'p>>>,
}

/// A module call's instances and the module instances they create.
pub(crate) struct Call<'r, 'p> {
    pub(crate) keys: Keys,
    /// Why the instances cannot be known, or why Terraform rejects `count`/`for_each`.
    pub(crate) notice: Option<Notice>,
    pub(crate) instances: Vec<CallInstance<'r, 'p>>,
    pub(crate) target: Target<'r, 'p>,
    /// The span of the `source` argument (where an unresolved module is reported).
    pub(crate) source_span: Span,
}

/// Where a child module instance reads its variables: the call's arguments, evaluated in the
/// caller with the instance's `count`/`each`, each on first use.
pub(crate) struct CallInputs<'r, 'p> {
    caller: Weak<Instance<'r, 'p>>,
    block: &'r DefBlock<'p>,
    bindings: Bindings,
}

impl<'r, 'p> CallInputs<'r, 'p> {
    /// The module instance that makes the call, and the call's block.
    pub(crate) fn caller(&self) -> Option<(Rc<Instance<'r, 'p>>, &'r DefBlock<'p>)> {
        Some((self.caller.upgrade()?, self.block))
    }

    /// The argument `name` of the call, `None` when the call does not set it.
    pub(crate) fn value(&self, name: &str) -> Option<Value> {
        if is_call_meta_argument(name) {
            return None;
        }
        self.caller.upgrade()?.call_argument(self.block, name, &self.bindings)
    }
}

impl<'r, 'p> Instance<'r, 'p> {
    /// A module call's instances, evaluated once: only `count`/`for_each` (in this instance's
    /// scope) are evaluated here; inputs are read when the child needs them.
    pub(crate) fn call(&self, name: &str) -> Result<Rc<Call<'r, 'p>>, String> {
        let address = format!("module.{name}");
        match self.slot(&address) {
            Some(Slot::Call(call)) => return Ok(call),
            Some(Slot::Busy) | None => {}
            Some(_) => return Err(format!("`{address}` is not a module call")),
        }
        let block = self.block(&address)?;
        self.enter(&address, block.top.span)?;
        let (keys, notice) = self.keys(block);
        let source_span = self.expr_span("source", block);
        let target = self.target(name, block, source_span);
        let instances = keys
            .instances(block.top.span)
            .into_iter()
            .map(|(key, bindings)| {
                let child = match &target {
                    Target::Module(def) => Some(self.child(def, name, &key, block, bindings.clone())),
                    Target::Unresolved(_) => None,
                };
                CallInstance { key, bindings, child }
            })
            .collect();
        let call = Rc::new(Call { keys, notice, instances, target, source_span });
        self.leave(&address, Slot::Call(call.clone()));
        Ok(call)
    }

    fn child(
        &self,
        def: &'r ModuleDef<'p>,
        name: &str,
        key: &InstanceKey,
        block: &'r DefBlock<'p>,
        bindings: Bindings,
    ) -> Rc<Instance<'r, 'p>> {
        let path = format!("{}{}", self.full_address(&format!("module.{name}")), key.suffix());
        let mut call_names = self.call_names.clone();
        call_names.push(name.to_string());
        let mut call_chain = self.call_chain.clone();
        call_chain.push(CallSite { address: path.clone(), span: block.top.span });
        let inputs = Inputs::Call(CallInputs { caller: self.this.clone(), block, bindings });
        Instance::new(self.run, def, path, call_names, call_chain, inputs)
    }

    /// The call's arguments evaluated for each instance: the module call's own graph resources.
    pub(crate) fn call_bodies(&self, block: &DefBlock<'p>, call: &Call<'r, 'p>) -> Expanded {
        let instances = call
            .instances
            .iter()
            .map(|instance| {
                self.recorders.borrow_mut().push(Vec::new());
                let (body, references) = self.body(block, &instance.bindings);
                let recorded = self.recorders.borrow_mut().pop().unwrap_or_default();
                Evaluated { key: instance.key.clone(), body, references, recorded }
            })
            .collect();
        Expanded { keys: call.keys.clone(), instances, notice: call.notice.clone() }
    }

    /// One argument of a call block, evaluated here with an instance's bindings; what cannot be
    /// evaluated is unknown, with its source text, as in any block body.
    fn call_argument(&self, block: &DefBlock<'p>, name: &str, bindings: &Bindings) -> Option<Value> {
        let (expr, file) = block.argument(name)?;
        // What the argument references belongs to no block being evaluated here.
        self.recorders.borrow_mut().push(Vec::new());
        let value = self.with_evaluator(file, bindings, |ev, lines| {
            ev.attribute = name.to_string();
            match expr {
                ExprRef::Hcl(expr) => crate::hcl::evaluated(ev, lines, expr),
                ExprRef::Json(json) => crate::tfjson::value(ev, lines, json),
            }
        });
        self.recorders.borrow_mut().pop();
        Some(value)
    }

    /// The module a call reaches: a local directory, or a remote module installed by
    /// `terraform init` (listed in the root's `.terraform/modules/modules.json`).
    fn target(&self, name: &str, block: &DefBlock<'p>, source_span: Span) -> Target<'r, 'p> {
        let Some(source) = literal_source(block) else {
            return Target::Unresolved(
                "its `source` is not a literal string (Terraform requires one), so the module cannot be read".into(),
            );
        };
        if self.call_names.len() + 1 > MAX_MODULE_DEPTH {
            let message = format!(
                "module calls are nested more than {MAX_MODULE_DEPTH} deep at `{}`: does a module call itself? \
                 Terraform cannot load such a configuration",
                self.full_address(&format!("module.{name}"))
            );
            self.run.notice(Notice {
                kind: NoticeKind::InvalidConfiguration,
                address: self.full_address(&format!("module.{name}")),
                span: source_span,
                message,
                environment: self.run.environment.clone(),
                root: Some(self.run.root.clone()),
            });
            return Target::Unresolved("it is nested too deeply".into());
        }
        if is_local_source(&source) {
            let dir = crate::project::dir_key(&self.def.dir.join(&source));
            if self.run.project.sandbox().is_some_and(|sandbox| !sandbox.contains(&dir)) {
                return Target::Unresolved(outside_root(&source));
            }
            return match self.run.project.module(&dir) {
                Some(def) => Target::Module(def),
                None => Target::Unresolved(format!(
                    "the directory `{source}` (from `{}`) does not exist or holds no .tf files",
                    self.def.shown_dir
                )),
            };
        }
        let mut key: Vec<&str> = self.call_names.iter().map(String::as_str).collect();
        key.push(name);
        let key = key.join(".");
        if self.run.project.remote_outside_sandbox(&self.run.root_key, &key) {
            return Target::Unresolved(outside_root(&source));
        }
        match self.run.project.remote_module(&self.run.root_key, &key) {
            Some(def) => Target::Module(def),
            None => Target::Unresolved(format!(
                "`{source}` is not installed: run `terraform init` in the root module so `.terraform/modules` \
                 holds it"
            )),
        }
    }

    /// How a reference sees a module call as a whole: an object of outputs per instance.
    pub(crate) fn module_value(&self, name: &str, span: Span) -> Result<Value, String> {
        let call = self.call(name)?;
        if let Target::Unresolved(_) = call.target {
            return Ok(Value::unknown(UnknownReason::UnresolvedModule, format!("module.{name}"), span));
        }
        let values: Vec<Value> = call
            .instances
            .iter()
            .map(|i| i.child.as_ref().map(|child| child.outputs(span)).unwrap_or_else(|| Value::null(span)))
            .collect();
        let keys: Vec<&InstanceKey> = call.instances.iter().map(|i| &i.key).collect();
        Ok(instances_value(&call.keys, &keys, values, span))
    }

    /// `module.<name>.<output>` of a call without instance keys, reading that output alone;
    /// `None` when the reference needs the whole object (keyed call, no such output, unreadable).
    pub(crate) fn module_output(&self, name: &str, output: &str, span: Span) -> Option<Result<Value, String>> {
        let call = match self.call(name) {
            Ok(call) => call,
            Err(message) => return Some(Err(message)),
        };
        match (&call.keys, call.instances.as_slice()) {
            (Keys::Single, [instance]) => instance.child.as_ref()?.single_output(output, span),
            _ => None,
        }
    }

    /// One instance of a keyed call (`module.x[0]`), or its output `attribute`
    /// (`module.x[0].id`, read alone, the flag says so); `None` when the call has no keys.
    pub(crate) fn module_instance(
        &self,
        name: &str,
        key: &Value,
        attribute: Option<&str>,
        span: Span,
    ) -> Option<Result<(Value, bool), String>> {
        let address = format!("module.{name}");
        let call = match self.call(name) {
            Ok(call) => call,
            Err(message) => return Some(Err(message)),
        };
        match &call.keys {
            Keys::Single => return None,
            Keys::Unknown(cause) => return Some(Ok((crate::eval::ops::unknown_at(cause, span), false))),
            Keys::Count(_) | Keys::Each(_) => {}
        }
        if let Target::Unresolved(_) = call.target {
            return Some(Ok((Value::unknown(UnknownReason::UnresolvedModule, address, span), false)));
        }
        let Some(instance) = call.instances.iter().find(|i| i.key.matches(key)) else {
            return Some(Err(format!("`{address}` has no instance with the key {}", key.display())));
        };
        let child = instance.child.as_ref()?;
        if let Some(output) = attribute.and_then(|attribute| child.single_output(attribute, span)) {
            return Some(output.map(|value| (value, true)));
        }
        Some(Ok((child.outputs(span), false)))
    }

    /// One output of this instance, when the module declares it.
    fn single_output(&self, name: &str, span: Span) -> Option<Result<Value, String>> {
        self.def.get(&format!("output.{name}"))?;
        Some(Ok(self.output_or_unknown(name, span)))
    }

    fn output_or_unknown(&self, name: &str, span: Span) -> Value {
        self.output(name).unwrap_or_else(|message| {
            Value::unknown(UnknownReason::Expression, format!("module output `{name}`: {message}"), span)
        })
    }

    /// Every output of this instance as one object.
    pub(crate) fn outputs(&self, span: Span) -> Value {
        let entries = self
            .def
            .blocks_of(TfBlock::Output)
            .map(|block| {
                let name = &block.top.header.name;
                MapEntry { key: name.clone(), key_span: span, value: self.output_or_unknown(name, span) }
            })
            .collect();
        Value::new(ValueKind::Map(entries), span)
    }
}

/// Module call arguments that configure the call rather than give a variable a value.
fn is_call_meta_argument(key: &str) -> bool {
    matches!(key, "source" | "version" | "count" | "for_each" | "providers" | "depends_on")
}

/// Why a module outside the scan root is not read.
fn outside_root(source: &str) -> String {
    format!("`{source}` is outside the scan root, so it is not read; pass --allow-outside-root to load it")
}
