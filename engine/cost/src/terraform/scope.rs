//! Who a Terraform line belongs to: region, environment, root, module and tags.

use super::Ctx;
use crate::CostScope;
use std::collections::BTreeMap;
use tollgate_model::{Resource, Value};

pub(crate) fn of(resource: &Resource, ctx: &Ctx<'_>) -> CostScope {
    let origin = resource.terraform();
    CostScope {
        region: ctx.region.clone().ok(),
        environment: origin.and_then(|o| o.environment.clone()),
        root: origin.and_then(|o| o.root.clone()),
        module_path: origin.map(|o| o.module_path.clone()).unwrap_or_default(),
        tags: tags(&resource.body),
        namespace: None,
    }
}

/// `tags_all` (the provider's default tags included) when it is a known map, else `tags`;
/// known string values only (an unknown tag value cannot select a budget scope).
fn tags(body: &Value) -> BTreeMap<String, String> {
    let known_map = |key: &str| body.get(key).known().and_then(Value::as_map);
    let Some(entries) = known_map("tags_all").or_else(|| known_map("tags")) else {
        return BTreeMap::new();
    };
    entries.iter().filter_map(|e| Some((e.key.clone(), e.value.as_str()?.to_string()))).collect()
}
