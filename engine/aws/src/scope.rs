//! Where a Terraform resource lives (module directory, module instance, environment) and which
//! provider configuration it uses.

use std::collections::BTreeMap;
use tollgate_model::{GraphBuilder, Resource, TfBlock, Value};

/// True when both are Terraform blocks of the same module instance evaluated for the same
/// environment: the only pairs a reference written in one can name the other.
pub(crate) fn same_instance(a: &Resource, b: &Resource) -> bool {
    match (a.terraform(), b.terraform()) {
        (Some(x), Some(y)) => x.module_dir == y.module_dir && x.module_path == y.module_path && x.same_deployment(y),
        _ => false,
    }
}

/// True when both come from the same deployment (root and environment; or neither is
/// Terraform): names of real AWS objects (a bucket name, a role name) only match within one.
pub(crate) fn same_environment(a: &Resource, b: &Resource) -> bool {
    match (a.terraform(), b.terraform()) {
        (Some(x), Some(y)) => x.same_deployment(y),
        (x, y) => x.is_none() && y.is_none(),
    }
}

/// A provider configuration's identity within a module instance.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ProviderKey {
    root: Option<String>,
    module_dir: String,
    module_path: String,
    environment: Option<String>,
    /// The provider's local name (`aws`).
    name: String,
    alias: Option<String>,
}

/// A module call block's identity: (root, environment, module path of the caller, call name).
type CallKey = (Option<String>, Option<String>, String, String);

/// The provider blocks of the scan, by identity (the first of duplicates wins), and the module
/// call blocks, so that following a configuration up the calls is a lookup, not a scan.
pub(crate) struct Providers {
    configs: BTreeMap<ProviderKey, usize>,
    calls: BTreeMap<CallKey, usize>,
}

pub(crate) fn aws_providers(builder: &GraphBuilder) -> Providers {
    let mut map = BTreeMap::new();
    let mut calls = BTreeMap::new();
    for (index, resource) in builder.resources.iter().enumerate() {
        if let Some(call) = resource.terraform().filter(|o| o.block == TfBlock::Module) {
            let key = (call.root.clone(), call.environment.clone(), call.module_path.clone(), resource.name.clone());
            calls.entry(key).or_insert(index);
        }
        let Some(origin) = resource.terraform().filter(|o| o.block == TfBlock::Provider) else { continue };
        let alias = resource.body.get("alias").known().and_then(Value::as_str).map(str::to_string);
        let key = ProviderKey {
            root: origin.root.clone(),
            module_dir: origin.module_dir.clone(),
            module_path: origin.module_path.clone(),
            environment: origin.environment.clone(),
            name: resource.name.clone(),
            alias,
        };
        map.entry(key).or_insert(index);
    }
    Providers { configs: map, calls }
}

/// The index of the provider block configuring `resource`, if the scan has it.
pub(crate) fn provider_for(builder: &GraphBuilder, providers: &Providers, resource: &Resource) -> Option<usize> {
    let origin = resource.terraform()?;
    let (name, alias) = provider_meta_argument(resource).unwrap_or_else(|| (default_local_name(resource), None));
    let mut want = ProviderKey {
        root: origin.root.clone(),
        module_dir: origin.module_dir.clone(),
        module_path: origin.module_path.clone(),
        environment: origin.environment.clone(),
        name,
        alias,
    };
    // Each step goes up one module call, so the path bounds the loop.
    for _ in 0..=module_segments(&want.module_path).len() {
        if let Some(&index) = providers.configs.get(&want) {
            return Some(index);
        }
        want = from_caller(builder, providers, &want)?;
    }
    None
}

/// The configuration the caller of `want`'s module passes for it.
fn from_caller(builder: &GraphBuilder, providers: &Providers, want: &ProviderKey) -> Option<ProviderKey> {
    let segments = module_segments(&want.module_path);
    let (parent_path, call_name) = match segments.as_slice() {
        [] => return None,
        [.., last] => (want.module_path[..last.start].trim_end_matches('.').to_string(), last.name.clone()),
    };
    let key = (want.root.clone(), want.environment.clone(), parent_path, call_name);
    let call = builder.resources.get(*providers.calls.get(&key)?)?;
    let parent_path = key.2;
    let call_dir = call.terraform()?.module_dir.clone();
    let key = match &want.alias {
        Some(alias) => format!("{}.{alias}", want.name),
        None => want.name.clone(),
    };
    let (name, alias) = match call.body.get("providers").value() {
        // Passed explicitly: only what the map lists.
        Some(map) => {
            let entry = map.entry(&key)?;
            parse_provider_ref(&written(&entry.value)?)?
        }
        // Default configurations are inherited implicitly; aliased ones never are.
        None if want.alias.is_none() => (want.name.clone(), None),
        None => return None,
    };
    Some(ProviderKey {
        root: want.root.clone(),
        module_dir: call_dir,
        module_path: parent_path,
        environment: want.environment.clone(),
        name,
        alias,
    })
}

/// `provider = aws.west` as (local name, alias): from the reference the loader recorded, else
/// the written value.
fn provider_meta_argument(resource: &Resource) -> Option<(String, Option<String>)> {
    if let Some(reference) = resource.references.iter().find(|r| r.attribute == "provider") {
        let target = reference.target.strip_prefix("provider.").unwrap_or(&reference.target);
        return parse_provider_ref(target);
    }
    parse_provider_ref(&written(resource.body.get("provider").value()?)?)
}

/// A provider reference as written: a string (`.tf.json`) or the source of an expression.
fn written(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string).or_else(|| value.as_unknown().map(|u| u.source.clone()))
}

/// `aws` or `aws.west`.
fn parse_provider_ref(text: &str) -> Option<(String, Option<String>)> {
    let text = text.trim();
    let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match text.split_once('.') {
        Some((name, alias)) if valid(name) && valid(alias) => Some((name.to_string(), Some(alias.to_string()))),
        None if valid(text) => Some((text.to_string(), None)),
        _ => None,
    }
}

/// The provider a resource type belongs to by default: the type's prefix (`aws_s3_bucket` -> `aws`).
fn default_local_name(resource: &Resource) -> String {
    resource.type_name.split('_').next().unwrap_or_default().to_string()
}

/// One `module.NAME[KEY]` step of a module path, and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    pub(crate) start: usize,
    pub(crate) name: String,
}

/// The steps of `module.a.module.b["x"]`; instance keys may hold any quoted text.
pub(crate) fn module_segments(path: &str) -> Vec<Segment> {
    let bytes = path.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let Some(rest) = path.get(at..).and_then(|r| r.strip_prefix("module.")) else { break };
        at += "module.".len();
        let name_len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-').count();
        out.push(Segment { start, name: rest[..name_len].to_string() });
        at += name_len;
        if bytes.get(at) == Some(&b'[') {
            let mut in_string = false;
            let mut escaped = false;
            while let Some(&b) = bytes.get(at) {
                at += 1;
                match (in_string, escaped, b) {
                    (true, true, _) => escaped = false,
                    (true, false, b'\\') => escaped = true,
                    (_, false, b'"') => in_string = !in_string,
                    (false, _, b']') => break,
                    _ => {}
                }
            }
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_split_into_calls() {
        let names = |p: &str| module_segments(p).into_iter().map(|s| (s.start, s.name)).collect::<Vec<_>>();
        assert_eq!(names(""), vec![]);
        assert_eq!(names("module.vpc"), vec![(0, "vpc".to_string())]);
        assert_eq!(
            names(r#"module.eks["dev.module.x]"].module.nodes[0]"#),
            vec![(0, "eks".to_string()), (28, "nodes".to_string())]
        );
    }

    #[test]
    fn provider_references_parse() {
        assert_eq!(parse_provider_ref("aws.west"), Some(("aws".into(), Some("west".into()))));
        assert_eq!(parse_provider_ref(" aws "), Some(("aws".into(), None)));
        assert_eq!(parse_provider_ref("aws.west.x"), None);
    }
}
