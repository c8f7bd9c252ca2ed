//! Which provider configuration a data source uses, found as Terraform finds it, so that a
//! [`DataHook`](crate::DataHook) can compute what follows from it (the region of `aws_region`),
//! and who reads a data source's attributes (named when they stay unknown).
//!
//! A block uses the configuration its `provider` argument names (`aws.west`), else the default
//! configuration of its type's provider (`aws_region` -> `aws`). A module instance without that
//! `provider` block gets it from its caller: through the call's `providers` map when it has one
//! (only what the map lists), else implicitly, for default configurations only.

use crate::blocks::ExprRef;
use crate::eval::Computed;
use crate::module::DefBlock;
use crate::project::DataSource;
use crate::refs::provider_target;
use crate::scope::{Inputs, Instance};
use hcl_edit::expr::Expression;
use hcl_edit::Span as _;
use tollgate_model::{MapEntry, ProviderRegion, ProviderUse, Value, ValueKind};

impl<'r, 'p> Instance<'r, 'p> {
    /// Who computes the attributes the block at `address` does not set: its provider during
    /// plan for a data source, apply for a resource.
    pub(crate) fn computed(&self, address: &str) -> Computed {
        let mut computed = Computed::resource(&self.path);
        if let Some(type_and_name) = address.strip_prefix("data.") {
            let provider = match self.def.get(address) {
                Some(block) => provider_address(block),
                None => default_provider(type_and_name),
            };
            computed.read_by = provider.strip_prefix("provider.").and_then(|p| p.split('.').next()).map(str::to_string);
        }
        computed
    }

    /// Adds to a data source's body what the hook computes from it and its provider
    /// configuration (attributes the configuration sets are kept).
    pub(crate) fn add_data_source_values(&self, block: &DefBlock<'p>, body: &mut Value) {
        let Some(hook) = self.run.project.data_hook else { return };
        let provider = provider_address(block);
        let config = || self.provider_config(&provider);
        let added = hook(&DataSource { type_name: &block.top.header.type_name, body, provider: &config });
        let ValueKind::Map(entries) = &mut body.kind else { return };
        for (name, value) in added {
            if !entries.iter().any(|e| e.key == name) {
                entries.push(MapEntry { key: name, key_span: value.span, value });
            }
        }
    }

    /// The provider configuration a `resource` or `data` block uses, with its evaluated region;
    /// `None` when no `provider` block declares that configuration.
    pub(crate) fn provider_use(&self, block: &DefBlock<'p>) -> Option<ProviderUse> {
        let address = provider_address(block);
        let config = self.provider_config(&address)?;
        Some(ProviderUse { address, region: ProviderRegion::of_body(&config) })
    }

    /// The evaluated body of the provider configuration `address` (`provider.aws.west`) as seen
    /// from this module instance; `None` when no block of the configuration declares it.
    fn provider_config(&self, address: &str) -> Option<Value> {
        if let Some(block) = self.def.get(address) {
            return Some(self.body(block, &[]).0);
        }
        self.with_caller(|caller, call_block| {
            let passed = passed_provider(call_block, address)?;
            caller.provider_config(&passed)
        })
        .flatten()
    }

    /// Runs `f` with the module instance that called this one and the block of the call; `None`
    /// for the root.
    fn with_caller<T>(&self, f: impl FnOnce(&Instance<'r, 'p>, &DefBlock<'p>) -> T) -> Option<T> {
        let Inputs::Call(inputs) = &self.inputs else { return None };
        let (caller, block) = inputs.caller()?;
        Some(f(&caller, block))
    }
}

/// The provider configuration a block uses (`provider.aws`, `provider.aws.west`).
fn provider_address(block: &DefBlock<'_>) -> String {
    match block.top.references.iter().find(|r| r.attribute == "provider") {
        Some(reference) => reference.target.clone(),
        None => default_provider(&block.top.header.type_name),
    }
}

/// The default configuration of a type's provider: its prefix (`aws_region` -> `provider.aws`).
fn default_provider(type_name: &str) -> String {
    format!("provider.{}", type_name.split('_').next().unwrap_or(type_name))
}

/// The caller's configuration a module call passes for `address` (of the module): the entry of
/// its `providers` map, or the same default configuration when it has no map.
fn passed_provider(call: &DefBlock<'_>, address: &str) -> Option<String> {
    let Some(map) = providers_map(call) else {
        // Default configurations are inherited implicitly; aliased ones never are.
        let local = address.strip_prefix("provider.")?;
        return (!local.contains('.')).then(|| address.to_string());
    };
    map.into_iter().find(|(inside, _)| inside == address).map(|(_, passed)| passed)
}

/// A call's `providers` map as written (its keys are references, `aws.west`, which are not
/// evaluated): (the module's configuration, the caller's), as `provider.` addresses.
fn providers_map(call: &DefBlock<'_>) -> Option<Vec<(String, String)>> {
    let (expr, file) = call.argument("providers")?;
    let pairs: Vec<(String, String)> = match expr {
        ExprRef::Hcl(Expression::Object(object)) => {
            let lines = file.lines();
            let text = |range: Option<std::ops::Range<usize>>| range.map(|r| lines.slice(r).to_string());
            object.iter().filter_map(|(key, value)| Some((text(key.span())?, text(value.expr().span())?))).collect()
        }
        ExprRef::Json(json) => json
            .as_object()?
            .iter()
            .filter_map(|member| Some((member.key.clone(), member.value.as_str()?.to_string())))
            .collect(),
        ExprRef::Hcl(_) => return None,
    };
    let targets = |(inside, passed): (String, String)| Some((provider_target(&inside)?, provider_target(&passed)?));
    Some(pairs.into_iter().filter_map(targets).collect())
}
