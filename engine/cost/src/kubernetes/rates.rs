//! Rates per vCPU-hour and GiB-hour derived from node groups: the hourly price of a node is
//! modelled as `a x vCPU + b x GiB`, fitted by weighted least squares (weights: node counts)
//! over the node groups' instance types, kept non-negative, then scaled so that the node
//! groups' full capacity costs exactly their hourly price (every dollar of node cost is
//! allocated, none twice). Types that all share one vCPU:GiB ratio cannot tell a vCPU from a
//! GiB: the fit is then widened to the price list's types of the same families and regions, and
//! when those too share one ratio (`m5`), to their `c`/`m`/`r` siblings of the same generation.

use super::node_groups::{NodeGroup, NodeShape};
use crate::CostSettings;
use std::collections::BTreeSet;
use tollgate_pricing::{Decimal, PriceKey, PriceLookup};

/// Digits kept of a derived rate: far below a cent over any real month of requests.
const RATE_DECIMALS: u32 = 10;

/// What one vCPU and one GiB of requests cost an hour, and how that was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rates {
    pub vcpu_hour: Decimal,
    pub gib_hour: Decimal,
    /// Where the rates come from (the source of each priced component).
    pub source: String,
    /// How they were derived, for the estimate's notes.
    pub note: String,
}

/// One observed price: a node shape and how much it counts.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    pub vcpu: Decimal,
    pub gib: Decimal,
    pub usd_per_hour: Decimal,
    pub weight: Decimal,
}

/// The rates of `groups` (all in one cluster), or why there are none.
pub fn derive(groups: &[&NodeGroup<'_>], settings: &CostSettings<'_>) -> Result<Rates, String> {
    let mut samples = Vec::new();
    let mut shapes = Vec::new();
    for group in groups {
        let address = &group.resource.address;
        let shape = group.node.as_ref().map_err(|why| format!("{address} cannot be priced: {why}"))?;
        let nodes = group.nodes_now.clone().map_err(|why| format!("the node count is not known: {why}"))?;
        samples.push(sample(shape, Decimal::from(nodes)));
        shapes.push(shape);
    }
    let total_price: Decimal = samples.iter().map(|s| s.weight * s.usd_per_hour).sum();
    if total_price.is_zero() {
        return Err(format!("{} desire no nodes, so they give no price per vCPU or GiB", list(groups)));
    }
    let (fitted, widened) = match fit(&samples) {
        Some(rates) => (rates, None),
        None => widened_fit(&shapes, groups, settings)?,
    };
    let capacity: Decimal = samples.iter().map(|s| s.weight * (fitted.0 * s.vcpu + fitted.1 * s.gib)).sum();
    if capacity.is_zero() {
        return Err(format!("the fit over {} gives no price per vCPU or GiB", list(groups)));
    }
    let scale = total_price / capacity;
    let vcpu_hour = (fitted.0 * scale).round_dp(RATE_DECIMALS).normalize();
    let gib_hour = (fitted.1 * scale).round_dp(RATE_DECIMALS).normalize();
    let note =
        format!("{}: ${vcpu_hour} per vCPU-hour and ${gib_hour} per GiB-hour", note(groups, total_price, widened));
    Ok(Rates { vcpu_hour, gib_hour, source: source(groups), note })
}

fn sample(shape: &NodeShape, weight: Decimal) -> Sample {
    Sample { vcpu: shape.vcpu, gib: shape.memory_gib, usd_per_hour: shape.usd_per_hour, weight }
}

/// Weighted least squares for `price = a x vCPU + b x GiB` with `a, b >= 0`; `None` when the
/// samples cannot separate the two (all of one vCPU:GiB ratio).
pub fn fit(samples: &[Sample]) -> Option<(Decimal, Decimal)> {
    let sum = |f: &dyn Fn(&Sample) -> Decimal| -> Decimal { samples.iter().map(|s| s.weight * f(s)).sum() };
    let (cc, mm, cm) = (sum(&|s| s.vcpu * s.vcpu), sum(&|s| s.gib * s.gib), sum(&|s| s.vcpu * s.gib));
    let (cp, mp) = (sum(&|s| s.vcpu * s.usd_per_hour), sum(&|s| s.gib * s.usd_per_hour));
    let determinant = cc * mm - cm * cm;
    if determinant.is_zero() || cc.is_zero() || mm.is_zero() {
        return None;
    }
    let a = (cp * mm - mp * cm) / determinant;
    let b = (mp * cc - cp * cm) / determinant;
    if !a.is_sign_negative() && !b.is_sign_negative() {
        return Some((a, b));
    }
    // The optimum with a bound lies on an axis: the better of memory-only and vCPU-only.
    let error = |a: Decimal, b: Decimal| {
        sum(&|s| {
            let residual = s.usd_per_hour - a * s.vcpu - b * s.gib;
            residual * residual
        })
    };
    let (memory_only, vcpu_only) = ((Decimal::ZERO, mp / mm), (cp / cc, Decimal::ZERO));
    Some(if error(memory_only.0, memory_only.1) <= error(vcpu_only.0, vcpu_only.1) { memory_only } else { vcpu_only })
}

/// The fit when the groups' own types share one vCPU:GiB ratio: over the price list's types of
/// the same families, else of their compute, general-purpose and memory-optimised siblings of
/// the same generation (`m5` -> `c5`, `m5`, `r5`), whose ratios (1:2, 1:4, 1:8) differ.
fn widened_fit(
    shapes: &[&NodeShape],
    groups: &[&NodeGroup<'_>],
    settings: &CostSettings<'_>,
) -> Result<((Decimal, Decimal), Option<String>), String> {
    let (family_samples, described) = family_rows(shapes, groups, settings, |f| vec![f.to_string()]);
    if let Some(rates) = fit(&family_samples) {
        return Ok((rates, Some(described)));
    }
    let (sibling_samples, siblings_described) = family_rows(shapes, groups, settings, siblings);
    match fit(&sibling_samples) {
        Some(rates) => Ok((rates, Some(siblings_described))),
        None => Err(format!(
            "the instance types of {} and of their families ({siblings_described}) all have one vCPU:GiB ratio, so a \
             node's price cannot be split between vCPU and memory",
            list(groups)
        )),
    }
}

/// `m5` -> `c5`, `m5`, `r5` (`m6g` -> `c6g`, `m6g`, `r6g`): the same generation and attributes in
/// the compute, general-purpose and memory-optimised classes; other families stand alone.
fn siblings(family: &str) -> Vec<String> {
    let mut chars = family.chars();
    match (chars.next(), chars.next()) {
        (Some('c' | 'm' | 'r'), Some(digit)) if digit.is_ascii_digit() => {
            ["c", "m", "r"].iter().map(|class| format!("{class}{}", &family[1..])).collect()
        }
        _ => vec![family.to_string()],
    }
}

/// The price list's on-demand Linux rows of the families `families_of` gives for the groups'
/// instance families, in their regions, each counted once, and a description (`t3 in
/// us-east-1: 7 types`).
fn family_rows(
    shapes: &[&NodeShape],
    groups: &[&NodeGroup<'_>],
    settings: &CostSettings<'_>,
    families_of: fn(&str) -> Vec<String>,
) -> (Vec<Sample>, String) {
    let wanted: BTreeSet<(String, &str)> = groups
        .iter()
        .zip(shapes)
        .filter_map(|(g, shape)| Some((family(g.instance_type.as_deref()?), shape.region.as_str())))
        .flat_map(|(name, region)| families_of(name).into_iter().map(move |f| (f, region)))
        .collect();
    let mut samples = Vec::new();
    let mut described = Vec::new();
    for (family_name, region) in &wanted {
        let before = samples.len();
        for spec in settings.specs.iter().filter(|s| s.service == "ec2" && family(&s.instance_type) == family_name) {
            let key = PriceKey {
                region,
                service: "AmazonEC2",
                resource_kind: "instance_ondemand_linux",
                sku: &spec.instance_type,
            };
            if let PriceLookup::Priced { usd_per_unit, .. } = settings.prices.lookup(&key) {
                let weight = Decimal::ONE;
                samples.push(Sample {
                    vcpu: Decimal::from(spec.vcpu),
                    gib: spec.memory_gib,
                    usd_per_hour: usd_per_unit,
                    weight,
                });
            }
        }
        described.push(format!("{family_name} in {region}: {} types", samples.len() - before));
    }
    (samples, described.join(", "))
}

/// `t3` of `t3.large`, `m7i-flex` of `m7i-flex.large`.
fn family(instance_type: &str) -> &str {
    instance_type.split('.').next().unwrap_or(instance_type)
}

fn list(groups: &[&NodeGroup<'_>]) -> String {
    groups.iter().map(|g| g.resource.address.as_str()).collect::<Vec<_>>().join(", ")
}

/// `aws_eks_node_group.general (3 x t3.large), aws_eks_node_group.memory (2 x r6g.large)`.
fn fleet(groups: &[&NodeGroup<'_>]) -> String {
    let describe = |g: &&NodeGroup<'_>| {
        let nodes = g.nodes_now.as_ref().map_or_else(|_| "?".to_string(), u64::to_string);
        format!("{} ({nodes} x {})", g.resource.address, g.instance_type.as_deref().unwrap_or("?"))
    };
    groups.iter().map(describe).collect::<Vec<_>>().join(", ")
}

fn source(groups: &[&NodeGroup<'_>]) -> String {
    format!("derived from node groups {}", fleet(groups))
}

fn note(groups: &[&NodeGroup<'_>], total_price: Decimal, widened: Option<String>) -> String {
    let cluster = groups.first().map(|g| g.cluster.as_str()).unwrap_or_default();
    let how = match widened {
        None => "weighted least squares over their instance types (weights: desired nodes)".to_string(),
        Some(rows) => format!(
            "least squares over the price list's types of the same families ({rows}), since their own types all have \
             one vCPU:GiB ratio"
        ),
    };
    format!(
        "Kubernetes requests on EKS cluster {cluster} are priced from node groups {}: hourly price = a x vCPU + b x GiB \
         by {how}, scaled so that their full capacity costs their ${}/hour",
        fleet(groups),
        total_price.normalize()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(vcpu: u32, gib: u32, usd_per_hour: &str) -> Sample {
        let usd_per_hour = usd_per_hour.parse().unwrap_or_default();
        Sample { vcpu: Decimal::from(vcpu), gib: Decimal::from(gib), usd_per_hour, weight: Decimal::ONE }
    }

    #[test]
    fn a_negative_rate_falls_back_to_the_better_single_rate() {
        // Unbounded: 2a + 4b = 0.10 and 2a + 8b = 0.08 give b = -0.005. Memory only: b = (4 x 0.10
        // + 8 x 0.08) / (16 + 64) = 0.013, squared error 0.048^2 + 0.024^2 = 0.00288. vCPU only:
        // a = (2 x 0.10 + 2 x 0.08) / 8 = 0.045, squared error 0.01^2 + 0.01^2 = 0.0002: chosen.
        let fitted = fit(&[sample(2, 4, "0.10"), sample(2, 8, "0.08")]);
        assert_eq!(fitted, Some(("0.045".parse().unwrap_or_default(), Decimal::ZERO)));
    }

    #[test]
    fn one_ratio_cannot_be_split() {
        assert_eq!(fit(&[sample(2, 8, "0.0832"), sample(4, 16, "0.1664")]), None);
        assert_eq!(fit(&[]), None);
    }
}
