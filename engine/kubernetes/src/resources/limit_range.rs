//! A container's requests and limits as the API server admits them: its own settings, a request
//! copied from its limit (API defaulting), then the defaults of its namespace's LimitRanges (the
//! LimitRanger admission plugin). Shared by the quota projections and the LimitRange check.
//!
//! A LimitRange item's defaults are themselves defaulted when it is created (Kubernetes API,
//! LimitRangeItem; the "Configure Minimum and Maximum CPU Constraints" task shows the result): a
//! missing `default` takes `max`, a missing `defaultRequest` takes `default`, then `min`.

use super::quantity::Amount;
use tollgate_model::{Lookup, Resource, Value};

/// The `type: Container` items of the LimitRanges that apply to one workload, and the first
/// unknown met while reading them (an item that may or may not apply).
#[derive(Debug, Default)]
pub struct ContainerRanges<'g> {
    pub items: Vec<(&'g Resource, &'g Value)>,
    pub unknown: Option<&'g Value>,
}

/// The `type: Container` items of `ranges`: the LimitRanges of one workload's namespace of its
/// cluster and values set (from [`ByNamespace::of`](super::ByNamespace::of), or the objects of
/// a quota's environment), sorted by address.
pub fn container_ranges_among(mut ranges: Vec<&Resource>) -> ContainerRanges<'_> {
    ranges.sort_by(|a, b| a.address.cmp(&b.address));
    let mut found = ContainerRanges::default();
    for range in ranges {
        let items = match range.body.lookup(&["spec", "limits"]) {
            Lookup::Unknown(v) => {
                found.unknown.get_or_insert(v);
                continue;
            }
            l => l.known().map(Value::items).unwrap_or_default(),
        };
        for item in items {
            match item.get("type") {
                Lookup::Unknown(v) => {
                    found.unknown.get_or_insert(v);
                }
                Lookup::Known(t) if t.as_str() == Some("Container") => found.items.push((range, item)),
                _ => {}
            }
        }
    }
    found
}

/// A container's request and limit for one resource after defaulting.
#[derive(Debug, Clone, Copy)]
pub struct Effective<'g> {
    pub request: Amount<'g>,
    pub limit: Amount<'g>,
}

/// The request and limit of `resource` (`cpu`, `memory`) the API server stores for `container`.
pub fn effective<'g>(container: &'g Value, resource: &str, ranges: &ContainerRanges<'g>) -> Effective<'g> {
    let own_request = Amount::read(container.lookup(&["resources", "requests", resource]));
    let own_limit = Amount::read(container.lookup(&["resources", "limits", resource]));
    // API defaulting copies a limit into a missing request before admission sees the pod.
    let request = if own_request.is_unset() { own_limit } else { own_request };
    let request = or_default(request, ranges, resource, &["defaultRequest", "default", "max", "min"]);
    let limit = or_default(own_limit, ranges, resource, &["default", "max"]);
    Effective { request, limit }
}

/// `own`, or the first LimitRange default found along `fields` (in the order the API defaults
/// them); unknown when a LimitRange that might supply one cannot be read.
fn or_default<'g>(own: Amount<'g>, ranges: &ContainerRanges<'g>, resource: &str, fields: &[&str]) -> Amount<'g> {
    if !own.is_unset() {
        return own;
    }
    for (_, item) in &ranges.items {
        for field in fields {
            match Amount::read(item.lookup(&[field, resource])) {
                Amount::Unset => {}
                found => return found,
            }
        }
    }
    ranges.unknown.map_or(Amount::Unset, Amount::Unknown)
}
