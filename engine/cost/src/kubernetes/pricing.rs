//! Which node groups price which workloads, and the resulting rates and node counts.
//!
//! A workload is priced by the node groups of the EKS cluster it runs on: those whose
//! `cluster_name` is the workload's cluster (`tollgate.toml` clusters), else those of the
//! Terraform environment named like its Helm values set, else every node group of the graph,
//! provided they all join one cluster. Several clusters and nothing to choose between them:
//! unpriced, with the reason. With no node group at all, the configured `[cost.kubernetes]`
//! rates apply; they also apply, with a note, when the node groups' rates cannot be derived.

use super::node_groups::{node_groups, NodeGroup};
use super::rates::{derive, Rates};
use crate::{CostSettings, Price};
use std::collections::{BTreeMap, BTreeSet};
use tollgate_model::{Graph, Resource};
use tollgate_pricing::Decimal;

/// A number of pods (or nodes), or why it is not known.
pub type PodCount = Result<u64, String>;

/// How one workload is priced.
#[derive(Debug, Clone)]
pub struct Pricing {
    pub rates: Result<UnitPrices, String>,
    /// The node groups' region, when they share one.
    pub region: Option<String>,
    /// The node groups' nodes now and at max: the pods of a DaemonSet.
    pub nodes: (PodCount, PodCount),
}

/// The prices of a vCPU-hour and a GiB-hour of requests.
#[derive(Debug, Clone)]
pub struct UnitPrices {
    pub vcpu: Price,
    pub gib: Price,
}

/// Prices workloads, deriving each set of node groups' rates once.
pub struct Pricer<'g, 's> {
    groups: Vec<NodeGroup<'g>>,
    settings: &'s CostSettings<'s>,
    derived: BTreeMap<Vec<usize>, Pricing>,
    pub notes: Vec<String>,
}

impl<'g, 's> Pricer<'g, 's> {
    pub fn new(graph: &'g Graph, settings: &'s CostSettings<'s>) -> Self {
        Pricer { groups: node_groups(graph, settings), settings, derived: BTreeMap::new(), notes: Vec::new() }
    }

    /// How `workload` is priced.
    pub fn pricing(&mut self, workload: &Resource) -> Pricing {
        let selected = match self.select(workload) {
            Ok(selected) => selected,
            Err(why) => return Pricing { rates: Err(why.clone()), region: None, nodes: (Err(why.clone()), Err(why)) },
        };
        if let Some(known) = self.derived.get(&selected) {
            return known.clone();
        }
        let pricing = self.derive(&selected);
        self.derived.insert(selected, pricing.clone());
        pricing
    }

    /// The indexes of the node groups that run `workload`, or why none can be chosen.
    fn select(&self, workload: &Resource) -> Result<Vec<usize>, String> {
        let all: Vec<usize> = (0..self.groups.len()).collect();
        let matching = |test: &dyn Fn(&NodeGroup<'_>) -> bool| -> Vec<usize> {
            all.iter().copied().filter(|&i| test(&self.groups[i])).collect()
        };
        let cluster = workload.cluster();
        let values_set = workload.helm().map(|h| h.values_set.as_str());
        let by_cluster = matching(&|g| cluster.is_some() && g.cluster_name.as_deref() == cluster);
        let by_environment = matching(&|g| values_set.is_some() && g.environment.as_deref() == values_set);
        let candidates = [by_cluster, by_environment].into_iter().find(|c| !c.is_empty()).unwrap_or(all);
        let clusters: BTreeSet<&str> = candidates.iter().map(|&i| self.groups[i].cluster.as_str()).collect();
        if clusters.len() > 1 {
            let names: Vec<&str> = clusters.into_iter().collect();
            return Err(format!(
                "the graph has node groups of several EKS clusters ({}) and none is the workload's cluster or of a \
                 Terraform environment named like its values set, so which nodes it runs on is not known; render it \
                 with a values set named like the environment whose cluster runs it",
                names.join("; ")
            ));
        }
        Ok(candidates)
    }

    fn derive(&mut self, selected: &[usize]) -> Pricing {
        let groups: Vec<&NodeGroup<'_>> = selected.iter().map(|&i| &self.groups[i]).collect();
        if groups.is_empty() {
            let why = "the graph has no EKS node group, so the number of nodes is not known".to_string();
            return Pricing { rates: Ok(self.configured(None)), region: None, nodes: (Err(why.clone()), Err(why)) };
        }
        let nodes = (sum(groups.iter().map(|g| &g.nodes_now)), sum(groups.iter().map(|g| &g.nodes_at_max)));
        let regions: BTreeSet<&str> =
            groups.iter().filter_map(|g| g.node.as_ref().ok()).map(|n| n.region.as_str()).collect();
        let region = (regions.len() == 1).then(|| regions.iter().map(|r| r.to_string()).collect());
        let rates = match derive(&groups, self.settings) {
            Ok(rates) => {
                self.notes.push(rates.note.clone());
                Ok(derived(&rates))
            }
            Err(why) if self.has_configured_rates() => {
                self.notes.push(format!("{why}; the configured `[cost.kubernetes]` rates are used instead"));
                Ok(self.configured(Some(&why)))
            }
            Err(why) => Err(format!(
                "{why}; supply the missing price in a price override file, or set `[cost.kubernetes] vcpu_hour` and \
                 `gib_hour` in tollgate.toml"
            )),
        };
        Pricing { rates, region, nodes }
    }

    fn has_configured_rates(&self) -> bool {
        let configured = &self.settings.kubernetes;
        configured.vcpu_hour.is_some() && configured.gib_hour.is_some()
    }

    /// The `[cost.kubernetes]` rates; `fallback_from`: why the node groups gave none.
    fn configured(&self, fallback_from: Option<&str>) -> UnitPrices {
        let price = |rate: Option<Decimal>, key: &str| match rate {
            Some(usd_per_unit) => {
                Price::Priced { usd_per_unit, source: format!("`[cost.kubernetes] {key}` in tollgate.toml") }
            }
            None => Price::Unpriced {
                reason: format!(
                    "{}; set `[cost.kubernetes] {key}` in tollgate.toml",
                    fallback_from.unwrap_or("the graph has no EKS node group to derive a rate from")
                ),
            },
        };
        UnitPrices {
            vcpu: price(self.settings.kubernetes.vcpu_hour, "vcpu_hour"),
            gib: price(self.settings.kubernetes.gib_hour, "gib_hour"),
        }
    }
}

fn derived(rates: &Rates) -> UnitPrices {
    let price = |usd_per_unit| Price::Priced { usd_per_unit, source: rates.source.clone() };
    UnitPrices { vcpu: price(rates.vcpu_hour), gib: price(rates.gib_hour) }
}

/// The sum of node counts, or the first reason one is not known.
fn sum<'a>(mut counts: impl Iterator<Item = &'a PodCount>) -> PodCount {
    counts.try_fold(0u64, |total, count| Ok(total.saturating_add(count.clone()?)))
}
