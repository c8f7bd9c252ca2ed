//! Namespaces: the allocated cost of their workloads per cluster and values set, now and at
//! maximum scale, and what their ResourceQuota lets them reserve at most (its hard
//! `requests.cpu` and `requests.memory` priced at the same rates). Where the requests at max
//! exceed a hard request, the API server refuses the pods beyond it: the at-max figure is
//! capped there.

use crate::{Amount, CostLine, Estimate, NamespaceCost, Price, Quantity, QuotaCost};
use std::collections::BTreeMap;
use tollgate_kubernetes::resources::quantity::Amount as Setting;
use tollgate_kubernetes::resources::ByNamespace;
use tollgate_model::{Graph, Resource};
use tollgate_pricing::{Decimal, Money, HOURS_PER_MONTH};

/// The two requests a quota caps: the unit of their components, their `hard` keys, the
/// divisor from the quantity's units to the component's (bytes to GiB).
const CAPPED: [(&str, [&str; 2], u64); 2] =
    [("vCPU-hour", ["requests.cpu", "cpu"], 1), ("GiB-hour", ["requests.memory", "memory"], 1 << 30)];

type Key = (Option<String>, Option<String>, Option<String>);

/// One entry per (cluster, namespace, values set) with workloads, in that order.
pub(crate) fn namespaces(graph: &Graph, lines: &[CostLine]) -> Vec<NamespaceCost> {
    let mut groups: BTreeMap<Key, Vec<&CostLine>> = BTreeMap::new();
    for line in lines {
        let cluster = graph.resource(line.resource).cluster().map(str::to_string);
        let key = (cluster, line.scope.namespace.clone(), line.scope.environment.clone());
        groups.entry(key).or_default().push(line);
    }
    let quotas = ByNamespace::of_kind(graph, "ResourceQuota");
    groups
        .into_iter()
        .map(|((cluster, namespace, values_set), lines)| {
            let allocated = Estimate::default().sum(lines.iter().copied());
            let workload = lines.first().map(|line| graph.resource(line.resource));
            let quota = workload.and_then(|w| quota_cost(quotas.of(w), &lines));
            NamespaceCost { cluster, namespace, values_set, allocated, quota }
        })
        .collect()
}

/// One capped request: the quota's hard figure in the component's units per hour, or why it
/// is not known.
type Hard<'g> = Option<(Result<Decimal, String>, &'g Resource)>;

fn quota_cost(mut quotas: Vec<&Resource>, lines: &[&CostLine]) -> Option<QuotaCost> {
    quotas.sort_by(|a, b| a.address.cmp(&b.address));
    let hard: Vec<Hard<'_>> = CAPPED.iter().map(|(_, keys, divisor)| smallest_hard(&quotas, keys, *divisor)).collect();
    let quota = hard.iter().flatten().map(|(_, q)| *q).next()?;
    let known = |i: usize| hard[i].as_ref().and_then(|(h, _)| h.as_ref().ok().copied());
    let mut monthly = Ok(Money::ZERO);
    let mut within = Ok(Money::ZERO);
    let mut capped = false;
    for (i, (unit, keys, _)) in CAPPED.iter().enumerate() {
        let rate = rate_of(lines, unit);
        let hours_cap = known(i).map(|h| h * Decimal::from(HOURS_PER_MONTH));
        let hard_cost = match (&hard[i], &rate) {
            (None, _) => Err(format!("{} sets no `{}`, so it does not cap them", quota.address, keys[0])),
            (Some((Err(why), _)), _) => Err(why.clone()),
            (Some((Ok(_), _)), Err(why)) => Err(why.clone()),
            (Some((Ok(_), _)), Ok(rate)) => Ok(Money::usd(*rate).times(hours_cap.unwrap_or_default())),
        };
        monthly = add(monthly, hard_cost);
        let at_max = at_max_units(lines, unit);
        capped |= matches!((&at_max, hours_cap), (Ok(units), Some(cap)) if *units > cap);
        let held =
            at_max.and_then(|units| rate.map(|rate| Money::usd(rate).times(hours_cap.map_or(units, |c| units.min(c)))));
        within = add(within, held);
    }
    Some(QuotaCost {
        address: quota.address.clone(),
        span: quota.span,
        cpu_cores: known(0),
        memory_gib: known(1),
        monthly: amount(monthly),
        capped_at_max: capped,
        at_max_within_quota: amount(within),
    })
}

/// The smallest hard figure of `keys` among `quotas` (each quota is enforced), in units of
/// `divisor` per hour; the first unknown one when one cannot be read.
fn smallest_hard<'g>(quotas: &[&'g Resource], keys: &[&str; 2], divisor: u64) -> Hard<'g> {
    let mut smallest: Hard<'g> = None;
    for quota in quotas {
        let Some(spec_hard) = quota.body.lookup(&["spec", "hard"]).known() else { continue };
        for key in keys {
            let figure = match Setting::read(spec_hard.get(key)) {
                Setting::Unset => continue,
                Setting::Set(q, _) => Ok(Decimal::from_i128_with_scale(q.nanos(), 9) / Decimal::from(divisor)),
                Setting::Unknown(v) => Err(format!("{}'s `{key}` is not known ({})", quota.address, v.display())),
            };
            smallest = match (smallest, figure) {
                (Some((Err(why), q)), _) => Some((Err(why), q)),
                (_, Err(why)) => Some((Err(why), quota)),
                (Some((Ok(old), q)), Ok(new)) if old <= new => Some((Ok(old), q)),
                (_, Ok(new)) => Some((Ok(new), quota)),
            };
        }
    }
    smallest
}

/// The rate of the namespace's components of `unit` (one cluster: one rate), or why none.
fn rate_of(lines: &[&CostLine], unit: &str) -> Result<Decimal, String> {
    let mut prices = lines.iter().flat_map(|l| &l.components).filter(|c| c.unit == unit).map(|c| &c.price);
    match prices.next() {
        Some(Price::Priced { usd_per_unit, .. }) => Ok(*usd_per_unit),
        Some(Price::Unpriced { reason }) => Err(reason.clone()),
        None => Err(format!("no workload reserves {unit}s")),
    }
}

/// The namespace's units of `unit` at maximum scale, or the first reason one is unknown.
fn at_max_units(lines: &[&CostLine], unit: &str) -> Result<Decimal, String> {
    let mut components = lines.iter().flat_map(|l| &l.components).filter(|c| c.unit == unit);
    components.try_fold(Decimal::ZERO, |sum, c| match &c.quantity {
        Quantity::Known { at_max, .. } => Ok(sum + *at_max),
        Quantity::Unknown { reason } => Err(reason.clone()),
    })
}

fn add(sum: Result<Money, String>, part: Result<Money, String>) -> Result<Money, String> {
    Ok(sum? + part?)
}

fn amount(result: Result<Money, String>) -> Amount {
    result.map_or_else(Amount::Missing, Amount::Known)
}
