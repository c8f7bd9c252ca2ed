//! The plan's `configuration` section: the module tree (each call's `source`, to find its
//! directory) and the references each resource block's expressions make, which become the
//! graph's reference edges.

use crate::address::{resource_ref, ResourceRef};
use crate::values::member;
use std::collections::BTreeMap;
use tollgate_model::json::{Json, JsonKind};

/// One module of the configuration (the root, or the module a call loads).
#[derive(Debug, Default)]
pub(crate) struct ModuleConfig {
    pub(crate) calls: BTreeMap<String, ModuleCall>,
    /// The references of each resource block, by its address in the module
    /// (`aws_s3_bucket.logs`, `data.aws_iam_policy_document.x`).
    pub(crate) resources: BTreeMap<String, Vec<ConfigRef>>,
    /// The `provider_config_key` of each resource block, by its address in the module.
    pub(crate) provider_keys: BTreeMap<String, String>,
}

#[derive(Debug)]
pub(crate) struct ModuleCall {
    pub(crate) source: String,
    pub(crate) module: ModuleConfig,
}

/// A resource an expression refers to, and the attribute holding the expression
/// (`kms_key_id`, `ingress.cidr_blocks` for nested blocks, `count`, `depends_on`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ConfigRef {
    pub(crate) attribute: String,
    pub(crate) target: ResourceRef,
}

impl ModuleConfig {
    /// Reads `configuration.root_module` (or a call's `module`).
    pub(crate) fn read(json: Option<&Json>) -> ModuleConfig {
        let mut config = ModuleConfig::default();
        let Some(json) = json else { return config };
        for call in member(Some(json), "module_calls").and_then(Json::as_object).unwrap_or_default() {
            let source = member(Some(&call.value), "source").and_then(Json::as_str).unwrap_or_default().to_string();
            let module = ModuleConfig::read(member(Some(&call.value), "module"));
            config.calls.insert(call.key.clone(), ModuleCall { source, module });
        }
        for resource in array(member(Some(json), "resources")) {
            let Some(address) = member(Some(resource), "address").and_then(Json::as_str) else { continue };
            if let Some(key) = member(Some(resource), "provider_config_key").and_then(Json::as_str) {
                config.provider_keys.insert(address.to_string(), key.to_string());
            }
            let mut refs = Vec::new();
            if let Some(expressions) = member(Some(resource), "expressions") {
                block_refs(expressions, "", &mut refs);
            }
            for (key, attribute) in [("count_expression", "count"), ("for_each_expression", "for_each")] {
                if let Some(expression) = member(Some(resource), key) {
                    expression_refs(expression, attribute, &mut refs);
                }
            }
            for target in array(member(Some(resource), "depends_on")).iter().filter_map(Json::as_str) {
                refs.extend(resource_ref(target).map(|target| ConfigRef { attribute: "depends_on".into(), target }));
            }
            refs.sort();
            refs.dedup();
            config.resources.insert(address.to_string(), refs);
        }
        config
    }

    /// The module reached through `calls` from this one.
    pub(crate) fn module(&self, calls: &[String]) -> Option<&ModuleConfig> {
        calls.iter().try_fold(self, |module, call| module.calls.get(call).map(|c| &c.module))
    }
}

fn array(json: Option<&Json>) -> &[Json] {
    match json.map(|j| &j.kind) {
        Some(JsonKind::Array(items)) => items,
        _ => &[],
    }
}

/// An expression representation: `{"references": [...]}` or `{"constant_value": ...}`.
fn is_expression(json: &Json) -> bool {
    let refs = member(Some(json), "references");
    matches!(refs.map(|r| &r.kind), Some(JsonKind::Array(_)))
        || (refs.is_none() && member(Some(json), "constant_value").is_some())
}

/// The references of a block's expressions; nested blocks are arrays (or, for a single
/// nested block, objects) of block expressions.
fn block_refs(block: &Json, prefix: &str, out: &mut Vec<ConfigRef>) {
    for member in block.as_object().unwrap_or_default() {
        let attribute = if prefix.is_empty() { member.key.clone() } else { format!("{prefix}.{}", member.key) };
        match &member.value.kind {
            JsonKind::Object(_) if is_expression(&member.value) => expression_refs(&member.value, &attribute, out),
            JsonKind::Object(_) => block_refs(&member.value, &attribute, out),
            JsonKind::Array(items) => items.iter().for_each(|item| block_refs(item, &attribute, out)),
            _ => {}
        }
    }
}

/// The resources one expression refers to. Terraform lists every prefix of a traversal
/// (`aws_instance.web[0].id`, `aws_instance.web[0]`, `aws_instance.web`); the instance is
/// kept over the whole resource when both are listed.
fn expression_refs(expression: &Json, attribute: &str, out: &mut Vec<ConfigRef>) {
    let targets: Vec<ResourceRef> = array(member(Some(expression), "references"))
        .iter()
        .filter_map(Json::as_str)
        .filter_map(resource_ref)
        .collect();
    for target in &targets {
        let covered = target.key.is_none() && targets.iter().any(|t| t.address == target.address && t.key.is_some());
        if !covered {
            out.push(ConfigRef { attribute: attribute.to_string(), target: target.clone() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::InstanceKey;
    use tollgate_model::json::parse;

    #[test]
    fn reads_module_tree_and_references() {
        let text = r#"{
          "resources": [
            {"address": "terraform_data.later", "expressions": {"input": {"references":
               ["terraform_data.web[0].id", "terraform_data.web[0]", "terraform_data.web", "var.x"]}}},
            {"address": "aws_security_group.sg",
             "expressions": {"ingress": [{"cidr_blocks": {"references": ["aws_vpc.main.cidr_block", "aws_vpc.main"]}},
                                        {"cidr_blocks": {"constant_value": ["10.0.0.0/8"]}}],
                             "vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]}},
             "count_expression": {"references": ["local.n"]},
             "depends_on": ["aws_iam_role.r"]}
          ],
          "module_calls": {"app": {"source": "./modules/app", "module": {"resources": [
             {"address": "data.aws_iam_policy_document.p", "expressions": {}}]}}}
        }"#;
        let config = ModuleConfig::read(Some(&parse(text).unwrap()));
        let later = &config.resources["terraform_data.later"];
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].target.key, Some(InstanceKey::Int(0)));
        let sg: Vec<(&str, &str)> = config.resources["aws_security_group.sg"]
            .iter()
            .map(|r| (r.attribute.as_str(), r.target.address.as_str()))
            .collect();
        assert_eq!(
            sg,
            vec![("depends_on", "aws_iam_role.r"), ("ingress.cidr_blocks", "aws_vpc.main"), ("vpc_id", "aws_vpc.main")]
        );
        let app = config.module(&["app".to_string()]).unwrap();
        assert!(app.resources.contains_key("data.aws_iam_policy_document.p"));
        assert_eq!(config.calls["app"].source, "./modules/app");
        assert!(config.module(&["nope".to_string()]).is_none());
    }
}
