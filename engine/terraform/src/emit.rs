//! From evaluated module instances to graph resources (one per block instance, with Terraform's
//! full address) and the reference edges between them.

use crate::calls::Target;
use crate::instances::InstanceKey;
use crate::module::DefBlock;
use crate::project::Evaluation;
use crate::scope::{Expanded, Instance, Recorded};
use std::collections::BTreeMap;
use tollgate_model::{MapEntry, Notice, NoticeKind, Origin, Reference, Resource, TfBlock, TfOrigin, Value, ValueKind};

/// Everything one root yields: its resources, those of every module instance below it, the
/// edges between them and the notices.
pub(crate) fn emit_root(root: &Instance<'_, '_>) -> Evaluation {
    let mut out = Output::default();
    emit(root, &mut out);
    out.finish()
}

#[derive(Default)]
struct Output {
    evaluation: Evaluation,
    /// Per resource: its module path, and the instance keys its references named.
    recorded: Vec<(String, Recorded)>,
    /// (module path, block address) -> the resources of its instances.
    index: BTreeMap<(String, String), Vec<(InstanceKey, usize)>>,
}

impl Output {
    fn push<'p>(
        &mut self,
        instance: &Instance<'_, 'p>,
        block: &DefBlock<'p>,
        key: InstanceKey,
        body: Value,
        references: Vec<Reference>,
        recorded: Recorded,
    ) {
        let header = &block.top.header;
        let index = self.evaluation.resources.len();
        let provider = match header.block {
            TfBlock::Resource | TfBlock::Data => instance.provider_use(block),
            _ => None,
        };
        self.index.entry((instance.path.clone(), header.address.clone())).or_default().push((key.clone(), index));
        self.evaluation.resources.push(Resource {
            address: instance.full_address(&format!("{}{}", header.address, key.suffix())),
            type_name: header.type_name.clone(),
            name: header.name.clone(),
            origin: Origin::Terraform(TfOrigin {
                block: header.block,
                module_dir: instance.def.shown_dir.clone(),
                module_path: instance.path.clone(),
                environment: instance.run.environment.clone(),
                root: Some(instance.run.root.clone()),
                call_chain: instance.call_chain.clone(),
                provider,
            }),
            span: block.top.span,
            body,
            references,
        });
        self.recorded.push((instance.path.clone(), recorded));
    }

    fn push_expanded<'p>(&mut self, instance: &Instance<'_, 'p>, block: &DefBlock<'p>, expanded: &Expanded) {
        for evaluated in &expanded.instances {
            let body = evaluated.body.clone();
            self.push(
                instance,
                block,
                evaluated.key.clone(),
                body,
                evaluated.references.clone(),
                evaluated.recorded.clone(),
            );
        }
        if let Some(notice) = &expanded.notice {
            self.evaluation.notices.push(notice.clone());
        }
    }

    /// Reference edges: to the instances an index selected (`aws_instance.web[0]`), else to
    /// every instance of the block referenced.
    fn finish(mut self) -> Evaluation {
        let mut edges = Vec::new();
        for (from, resource) in self.evaluation.resources.iter().enumerate() {
            let Some((path, recorded)) = self.recorded.get(from) else { continue };
            for reference in &resource.references {
                let Some(candidates) = self.index.get(&(path.clone(), reference.target.clone())) else { continue };
                let keys: Vec<&Option<Value>> = recorded
                    .iter()
                    .filter(|r| r.target == reference.target && r.attribute == reference.attribute)
                    .map(|r| &r.key)
                    .collect();
                let selective = !keys.is_empty() && keys.iter().all(|k| k.is_some());
                for (key, to) in candidates {
                    if !selective || keys.iter().filter_map(|k| k.as_ref()).any(|k| key.matches(k)) {
                        edges.push((from, *to, reference.attribute.clone()));
                    }
                }
            }
        }
        edges.sort();
        edges.dedup();
        self.evaluation.edges = edges;
        self.evaluation.sensitive = crate::sensitive::sensitive_paths(&self.evaluation.resources);
        self.evaluation
    }
}

fn emit(instance: &Instance<'_, '_>, out: &mut Output) {
    for block in &instance.def.blocks {
        let header = &block.top.header;
        // A second block with the same address (Terraform rejects it) is still checked.
        let first = instance.def.get(&header.address).is_some_and(|b| std::ptr::eq(b, block));
        match header.block {
            TfBlock::Resource | TfBlock::Data => {
                let expanded = if first { instance.blocks(&header.address).ok() } else { None };
                match expanded {
                    Some(expanded) => out.push_expanded(instance, block, &expanded),
                    None => out.push_expanded(instance, block, &instance.expand(block)),
                }
            }
            TfBlock::Variable => {
                let (mut body, references) = instance.body(block, &[]);
                if let ValueKind::Map(entries) = &mut body.kind {
                    // A default is a constant (no functions, no references), as Terraform reads it.
                    let default = entries.iter_mut().find(|entry| entry.key == "default");
                    if let Some((entry, constant)) = default.zip(instance.argument_constant(block, "default")) {
                        entry.value = constant;
                    }
                    if first {
                        let value = instance.variable(&header.name).unwrap_or_else(|_| Value::null(block.top.span));
                        entries.push(MapEntry { key: "value".to_string(), key_span: block.top.span, value });
                    }
                }
                out.push(instance, block, InstanceKey::None, body, references, Vec::new());
            }
            TfBlock::Locals | TfBlock::Output | TfBlock::Provider => {
                let (body, references) = instance.body(block, &[]);
                out.push(instance, block, InstanceKey::None, body, references, Vec::new());
            }
            TfBlock::Module if first => emit_call(instance, block, out),
            TfBlock::Module => out.push_expanded(instance, block, &instance.expand(block)),
        }
    }
}

/// A module call: one resource per instance, then the module instances it creates.
fn emit_call<'p>(instance: &Instance<'_, 'p>, block: &DefBlock<'p>, out: &mut Output) {
    let Ok(call) = instance.call(&block.top.header.name) else { return };
    out.push_expanded(instance, block, &instance.call_bodies(block, &call));
    match &call.target {
        Target::Module(_) => {
            for child in call.instances.iter().filter_map(|i| i.child.as_ref()) {
                emit(child, out);
            }
        }
        Target::Unresolved(why) => {
            let address = instance.full_address(&block.top.header.address);
            out.evaluation.notices.push(Notice {
                kind: NoticeKind::UnresolvedModule,
                address: address.clone(),
                span: call.source_span,
                message: format!(
                    "module `{address}` could not be read: {why}; nothing inside it was checked and its outputs are \
                     unknown"
                ),
                environment: instance.run.environment.clone(),
                root: Some(instance.run.root.clone()),
            });
        }
    }
}
