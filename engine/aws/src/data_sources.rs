//! AWS data sources whose result follows from the configuration alone, computed as the AWS
//! provider computes them, so references to them resolve without calling AWS. Every other
//! attribute (and every other data source) stays unknown: the provider reads it during plan.
//!
//! Chosen from the provider's documentation (registry.terraform.io/providers/hashicorp/aws):
//! - `aws_iam_policy_document`: `json` and `minified_json`, rendered from the statements;
//! - `aws_region`: `name`, `region` and `id`, from its `name` / `region` argument, else the
//!   provider configuration's `region` (`description` and `endpoint` come from the provider's
//!   region table, which Tollgate does not have: unknown);
//! - `aws_partition`: `partition`, `id`, `dns_suffix` and `reverse_dns_prefix`, from its
//!   `region` argument or the provider's region and the AWS SDKs' partition table (below);
//! - `aws_default_tags`: `tags`, the provider configuration's `default_tags`;
//! - `aws_arn`: `partition`, `service`, `region`, `account`, `resource` and `id`, parsed from
//!   its `arn` argument.
//!
//! Not chosen: `aws_service_principal` (its name depends on a per-service, per-region table of
//! exceptions in the provider), `aws_caller_identity`, `aws_availability_zones`, `aws_ami` and
//! the other lookups (they call AWS APIs).
//!
//! A region that is not set in the configuration (the provider then reads `AWS_REGION` or the
//! shared config file) leaves these attributes unknown; a region that is itself unknown (an
//! unset variable) makes them unknown for the same reason.

use crate::policy_document::{render_minified_policy_document, render_policy_document};
use crate::tags::{default_tags, Defaults};
use tollgate_model::{Lookup, MapEntry, Value, ValueKind};

/// The provider configuration a data source uses (its evaluated `provider` block), when the
/// configuration has one; asked only by the data sources that need it.
pub type ProviderConfig<'a> = &'a dyn Fn() -> Option<Value>;

/// The attributes of data source `type_name` with arguments `body` that follow from the
/// configuration, as `(name, value)` pairs (see the module documentation for which).
pub fn data_source_attributes(type_name: &str, body: &Value, provider: ProviderConfig<'_>) -> Vec<(String, Value)> {
    let attributes = match type_name {
        "aws_iam_policy_document" => policy_document(body),
        "aws_region" => region_attributes(body, provider),
        "aws_partition" => partition_attributes(body, provider),
        "aws_default_tags" => default_tags_attribute(body, provider),
        "aws_arn" => arn_attributes(body),
        _ => Vec::new(),
    };
    attributes.into_iter().map(|(name, value)| (name.to_string(), value)).collect()
}

type Attributes = Vec<(&'static str, Value)>;

fn policy_document(body: &Value) -> Attributes {
    // A document with unknown parts renders to an unknown string; the reference to the document
    // (`data.aws_iam_policy_document.x.json`) says more to rules than that unknown.
    [("json", render_policy_document(body)), ("minified_json", render_minified_policy_document(body))]
        .into_iter()
        .filter(|(_, value)| !value.contains_unknown())
        .collect()
}

/// The region of `aws_region`: its `region` (provider v6) or `name` (v5) argument, else the
/// provider's.
fn region_attributes(body: &Value, provider: ProviderConfig<'_>) -> Attributes {
    let chosen = ["region", "name"].iter().find_map(|name| set(body.get(name)));
    let Some(region) = chosen.or_else(|| provider_region(provider)) else { return Vec::new() };
    let at = |value: &Value| Value::new(value.kind.clone(), body.span);
    vec![("name", at(&region)), ("region", at(&region)), ("id", at(&region))]
}

/// The partition of `aws_partition`: of its `region` argument (provider v6 gives every regional
/// data source one; null means the provider's), else the provider's region.
fn partition_attributes(body: &Value, provider: ProviderConfig<'_>) -> Attributes {
    let Some(region) = set(body.get("region")).or_else(|| provider_region(provider)) else { return Vec::new() };
    let names = ["partition", "id", "dns_suffix", "reverse_dns_prefix"];
    if let Some(unknown) = region.as_unknown() {
        return names.into_iter().map(|name| (name, unknown.at(body.span))).collect();
    }
    let Some(partition) = region.as_str().and_then(partition_of) else { return Vec::new() };
    let reverse_dns: Vec<&str> = partition.dns_suffix.split('.').rev().collect();
    let text = |s: &str| Value::string(s, body.span);
    vec![
        ("partition", text(partition.id)),
        ("id", text(partition.id)),
        ("dns_suffix", text(partition.dns_suffix)),
        ("reverse_dns_prefix", text(&reverse_dns.join("."))),
    ]
}

fn default_tags_attribute(body: &Value, provider: ProviderConfig<'_>) -> Attributes {
    let Some(config) = provider() else { return Vec::new() };
    let tags = match default_tags(&config) {
        Defaults::None => Value::new(ValueKind::Map(Vec::new()), body.span),
        Defaults::Known(entries) => {
            let mut entries: Vec<MapEntry> = entries.iter().filter(|e| !e.value.is_null()).cloned().collect();
            entries.sort_by(|a, b| a.key.cmp(&b.key));
            Value::new(ValueKind::Map(entries), body.span)
        }
        Defaults::Unknown(cause) => match cause.as_unknown() {
            Some(unknown) => unknown.at(body.span),
            None => return Vec::new(),
        },
    };
    vec![("tags", tags)]
}

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` (the resource may hold colons).
fn arn_attributes(body: &Value) -> Attributes {
    let names = ["partition", "service", "region", "account", "resource", "id"];
    let arn = match body.get("arn") {
        Lookup::Unknown(cause) => match cause.as_unknown() {
            Some(unknown) => return names.into_iter().map(|name| (name, unknown.at(body.span))).collect(),
            None => return Vec::new(),
        },
        Lookup::Known(value) => value,
        Lookup::Absent => return Vec::new(),
    };
    let Some(text) = arn.as_str() else { return Vec::new() };
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts.as_slice() else { return Vec::new() };
    // The provider rejects what does not parse as an ARN: nothing to answer then.
    if *prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return Vec::new();
    }
    let at = |s: &str| Value::string(s, arn.span);
    let values = [*partition, *service, *region, *account, *resource, text];
    names.into_iter().zip(values).map(|(name, value)| (name, at(value))).collect()
}

/// The provider configuration's `region` when it sets one (a known or unknown value).
fn provider_region(provider: ProviderConfig<'_>) -> Option<Value> {
    let config = provider()?;
    set(config.get("region"))
}

/// A value that is set: not absent, not null.
fn set(lookup: Lookup<'_>) -> Option<Value> {
    lookup.value().filter(|v| !v.is_null()).cloned()
}

/// An AWS partition as the AWS SDKs describe it.
struct Partition {
    id: &'static str,
    dns_suffix: &'static str,
}

/// The partition of a region, by the region name patterns of the AWS SDKs' partition table
/// (`partitions.json` of aws-sdk-go-v2 and the other SDKs; its `regionRegex` entries). The
/// specific prefixes come first: `us-gov-` and `us-iso-` regions are not in `aws`. A name no
/// pattern matches has no known partition.
fn partition_of(region: &str) -> Option<Partition> {
    const BY_PREFIX: &[(&str, &str, &str)] = &[
        ("us-gov-", "aws-us-gov", "amazonaws.com"),
        ("us-isob-", "aws-iso-b", "sc2s.sgov.gov"),
        ("us-isof-", "aws-iso-f", "csp.hci.ic.gov"),
        ("us-iso-", "aws-iso", "c2s.ic.gov"),
        ("eu-isoe-", "aws-iso-e", "cloud.adc-e.uk"),
        ("cn-", "aws-cn", "amazonaws.com.cn"),
    ];
    const COMMERCIAL_AREAS: &[&str] = &["af", "ap", "ca", "eu", "il", "me", "mx", "sa", "us"];
    let (prefix, id, dns_suffix) = match BY_PREFIX.iter().find(|(prefix, _, _)| region.starts_with(prefix)) {
        Some(&entry) => entry,
        None => ("", "aws", "amazonaws.com"),
    };
    // `AREA-DIRECTION-N`, as every region name is (`us-east-1`, `us-gov-west-1`).
    let parts: Vec<&str> = region[prefix.len()..].split('-').collect();
    let well_formed = match (prefix.is_empty(), parts.as_slice()) {
        (true, [area, direction, number]) => COMMERCIAL_AREAS.contains(area) && is_word(direction) && is_number(number),
        (false, [direction, number]) => is_word(direction) && is_number(number),
        _ => false,
    };
    well_formed.then_some(Partition { id, dns_suffix })
}

fn is_word(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{Span, UnknownReason};

    fn body(entries: Vec<(&str, Value)>) -> Value {
        let entries = entries
            .into_iter()
            .map(|(key, value)| MapEntry { key: key.into(), key_span: Span::default(), value })
            .collect();
        Value::new(ValueKind::Map(entries), Span::default())
    }

    #[test]
    fn arns_parse_into_their_parts_and_anything_else_is_left_to_the_provider() {
        let arn = |text: &str| arn_attributes(&body(vec![("arn", Value::string(text, Span::default()))]));
        let parts = arn("arn:aws:sns:eu-west-1:123456789012:topic:with:colons");
        let shown: Vec<String> = parts.iter().map(|(name, value)| format!("{name}={}", value.display())).collect();
        let expected = "partition=aws service=sns region=eu-west-1 account=123456789012 resource=topic:with:colons \
                        id=arn:aws:sns:eu-west-1:123456789012:topic:with:colons";
        assert_eq!(shown.join(" "), expected);
        assert!(arn("arn:aws:s3:::bucket")
            .iter()
            .any(|(name, value)| *name == "account" && value.display().is_empty()));
        for not_an_arn in ["", "aws:s3:::bucket", "arn:aws:s3", "arn::s3:::x", "arn:aws:s3:::"] {
            assert!(arn(not_an_arn).is_empty(), "{not_an_arn}");
        }
        let unset = Value::unknown(UnknownReason::UnsetVariable, "var.arn", Span::default());
        let unknown = arn_attributes(&body(vec![("arn", unset)]));
        assert_eq!(unknown.len(), 6);
        assert!(unknown.iter().all(|(_, v)| v.as_unknown().is_some_and(|u| u.source == "var.arn")));
    }

    #[test]
    fn a_partition_follows_its_own_region_before_the_providers() {
        let text = |s: &str| Value::string(s, Span::default());
        let provider = || Some(body(vec![("region", text("eu-west-1"))]));
        let partition = |arguments: Vec<(&str, Value)>| {
            let attributes = data_source_attributes("aws_partition", &body(arguments), &provider);
            attributes.into_iter().find(|(name, _)| name == "partition").map(|(_, v)| v.display())
        };
        assert_eq!(partition(vec![]), Some("aws".to_string()));
        assert_eq!(partition(vec![("region", text("cn-north-1"))]), Some("aws-cn".to_string()));
        assert_eq!(partition(vec![("region", Value::null(Span::default()))]), Some("aws".to_string()));
        let none = || None;
        assert!(data_source_attributes("aws_partition", &body(vec![]), &none).is_empty());
    }

    #[test]
    fn other_data_sources_are_left_to_their_provider() {
        let region = || Some(body(vec![("region", Value::string("eu-west-1", Span::default()))]));
        for type_name in ["aws_caller_identity", "aws_service_principal", "aws_availability_zones", "google_project"] {
            assert!(data_source_attributes(type_name, &body(vec![]), &region).is_empty(), "{type_name}");
        }
    }

    fn partition(region: &str) -> Option<(&'static str, &'static str)> {
        partition_of(region).map(|p| (p.id, p.dns_suffix))
    }

    #[test]
    fn regions_map_to_their_partitions() {
        assert_eq!(partition("eu-west-1"), Some(("aws", "amazonaws.com")));
        assert_eq!(partition("mx-central-1"), Some(("aws", "amazonaws.com")));
        assert_eq!(partition("us-gov-west-1"), Some(("aws-us-gov", "amazonaws.com")));
        assert_eq!(partition("cn-northwest-1"), Some(("aws-cn", "amazonaws.com.cn")));
        assert_eq!(partition("us-iso-east-1"), Some(("aws-iso", "c2s.ic.gov")));
        assert_eq!(partition("us-isob-east-1"), Some(("aws-iso-b", "sc2s.sgov.gov")));
        assert_eq!(partition("eu-isoe-west-1"), Some(("aws-iso-e", "cloud.adc-e.uk")));
        for not_a_region in ["", "eu-west", "mars-north-1", "us-east-1a", "US-EAST-1", "cn-", "us-gov-west"] {
            assert_eq!(partition(not_a_region), None, "{not_a_region}");
        }
    }
}
