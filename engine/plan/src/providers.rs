//! The provider configurations of a plan's `configuration` section (`provider_config`) and the
//! region each sets, so resources of a plan carry their provider as resources of a configuration
//! do (the cost projection prices them in that region). A region written as a constant, or as a
//! root variable whose value the plan records, is known; any other expression is not guessed.

use crate::values::member;
use std::collections::BTreeMap;
use tollgate_model::json::{Json, JsonKind};
use tollgate_model::{ProviderRegion, ProviderUse, Span};

/// One `provider_config` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ProviderEntry {
    /// `provider.aws`, `provider.aws.west`.
    address: String,
    region: Region,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Region {
    Known(String),
    /// The expression's references, when they do not resolve to a recorded value.
    Unresolved(String),
    NotSet,
}

/// Every provider configuration of a plan, by its key (`aws`, `aws.west`, `module.child:aws`).
#[derive(Debug, Default)]
pub(crate) struct Providers {
    by_key: BTreeMap<String, ProviderEntry>,
}

impl Providers {
    /// Reads `configuration.provider_config`, resolving root variables from the plan's `variables`.
    pub(crate) fn read(configuration: Option<&Json>, variables: Option<&Json>) -> Providers {
        let entries = member(configuration, "provider_config").and_then(Json::as_object).unwrap_or_default();
        let by_key = entries.iter().map(|entry| (entry.key.clone(), provider_entry(&entry.value, variables))).collect();
        Providers { by_key }
    }

    /// The provider configuration `key` names, its region located at `span` (the resource, as a
    /// plan holds no configuration lines).
    pub(crate) fn provider_use(&self, key: &str, span: Span) -> Option<ProviderUse> {
        let entry = self.by_key.get(key)?;
        let region = match &entry.region {
            Region::Known(name) => ProviderRegion::Set { name: name.clone(), span },
            Region::Unresolved(source) => ProviderRegion::Unknown { source: source.clone(), span },
            Region::NotSet => ProviderRegion::NotSet,
        };
        Some(ProviderUse { address: entry.address.clone(), region })
    }
}

fn provider_entry(entry: &Json, variables: Option<&Json>) -> ProviderEntry {
    let text = |key: &str| member(Some(entry), key).and_then(Json::as_str);
    let name = text("name").unwrap_or("provider");
    let address = match text("alias") {
        Some(alias) => format!("provider.{name}.{alias}"),
        None => format!("provider.{name}"),
    };
    let in_root = text("module_address").is_none_or(str::is_empty);
    let region = match member(member(Some(entry), "expressions"), "region") {
        None => Region::NotSet,
        Some(expression) => region_of(expression, in_root, variables),
    };
    ProviderEntry { address, region }
}

fn region_of(expression: &Json, in_root: bool, variables: Option<&Json>) -> Region {
    if let Some(name) = member(Some(expression), "constant_value").and_then(Json::as_str) {
        return Region::Known(name.to_string());
    }
    let references: Vec<&str> = match member(Some(expression), "references").map(|r| &r.kind) {
        Some(JsonKind::Array(items)) => items.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    };
    let recorded = match references.as_slice() {
        [only] if in_root => only
            .strip_prefix("var.")
            .and_then(|variable| member(member(variables, variable), "value"))
            .and_then(Json::as_str),
        _ => None,
    };
    match recorded {
        Some(name) => Region::Known(name.to_string()),
        None if references.is_empty() => Region::Unresolved("an expression of the provider block".to_string()),
        None => Region::Unresolved(references.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::json::parse;

    #[test]
    fn regions_are_constants_or_recorded_root_variables_and_nothing_else_is_guessed() {
        let configuration = parse(
            r#"{"provider_config": {
              "aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}},
              "aws.west": {"name": "aws", "alias": "west", "expressions": {"region": {"references": ["var.west"]}}},
              "module.child:aws": {"name": "aws", "module_address": "module.child",
                                    "expressions": {"region": {"references": ["var.region"]}}},
              "aws.env": {"name": "aws", "alias": "env", "expressions": {}}
            }}"#,
        )
        .unwrap();
        let variables = parse(r#"{"west": {"value": "us-west-2"}}"#).unwrap();
        let providers = Providers::read(Some(&configuration), Some(&variables));
        let span = Span::default();
        let region = |key: &str| providers.provider_use(key, span).map(|p| (p.address, p.region));
        assert_eq!(
            region("aws"),
            Some(("provider.aws".into(), ProviderRegion::Set { name: "eu-west-1".into(), span }))
        );
        assert_eq!(
            region("aws.west"),
            Some(("provider.aws.west".into(), ProviderRegion::Set { name: "us-west-2".into(), span }))
        );
        assert_eq!(
            region("module.child:aws").map(|r| r.1),
            Some(ProviderRegion::Unknown { source: "var.region".into(), span })
        );
        assert_eq!(region("aws.env").map(|r| r.1), Some(ProviderRegion::NotSet));
        assert_eq!(region("google"), None);
    }
}
