//! An estimate laid out for reports: each line with its file and lines and its monthly figures,
//! the billed totals, the Kubernetes allocations per namespace and the diff against a baseline.
//! The JSON cost report ([`crate::json`]) and the text and Markdown tables of `tollgate-reports`
//! all read this one view, so they cannot disagree on a figure.

use crate::{Amount, CostDiff, CostLine, Estimate, LineDelta, Total, UsageBased};
use std::collections::{BTreeMap, HashMap};
use tollgate_model::{SourceMap, Span};
use tollgate_pricing::Money;

/// Where a line's resource is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub start_line: u32,
    pub end_line: u32,
}

impl Location {
    pub fn of(span: Span, sources: &SourceMap) -> Location {
        Location { file: sources.path(span.file).to_string(), start_line: span.start.line, end_line: span.end.line }
    }

    /// `file:line`, as reports cite sources.
    pub fn cited(&self) -> String {
        format!("{}:{}", self.file, self.start_line)
    }
}

/// One cost line with its location and figures.
#[derive(Debug, Clone)]
pub struct LineView<'a> {
    pub line: &'a CostLine,
    pub location: Location,
    /// The sum of the components that have a figure.
    pub now: Money,
    pub at_max: Money,
    /// Components without a figure (unpriced, or an unknown quantity).
    pub missing: usize,
}

/// A usage-based resource and where it is written.
#[derive(Debug, Clone)]
pub struct UsageView<'a> {
    pub resource: &'a UsageBased,
    pub location: Location,
}

/// The Kubernetes allocations of one namespace (in one values set or environment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceView {
    pub namespace: String,
    pub environment: Option<String>,
    /// The sum of its allocated lines.
    pub total: Total,
    /// The monthly cost of its ResourceQuota's hard requests, when known: the most it can reserve.
    /// Read from [`Estimate::namespaces`]; `None` when any of its clusters has no known cap.
    pub quota_cap: Option<Money>,
}

/// Everything a cost report shows.
#[derive(Debug, Clone)]
pub struct CostView<'a> {
    pub estimate: &'a Estimate,
    /// In the estimate's order.
    pub lines: Vec<LineView<'a>>,
    pub usage_based: Vec<UsageView<'a>>,
    /// Billed lines only: allocations are part of the node groups' cost.
    pub billed: Total,
    /// Allocated lines grouped by namespace and environment, sorted.
    pub namespaces: Vec<NamespaceView>,
    pub diff: Option<&'a CostDiff>,
    /// The diff's entries by (address, environment, root): one lookup per line, not a scan.
    deltas: HashMap<(&'a str, Option<&'a str>, Option<&'a str>), &'a LineDelta>,
}

impl<'a> CostView<'a> {
    pub fn new(estimate: &'a Estimate, sources: &SourceMap, diff: Option<&'a CostDiff>) -> CostView<'a> {
        let lines = estimate.lines.iter().map(|line| LineView::of(line, sources)).collect();
        let usage_based = estimate
            .usage_based
            .iter()
            .map(|resource| UsageView { resource, location: Location::of(resource.span, sources) })
            .collect();
        CostView {
            estimate,
            lines,
            usage_based,
            billed: estimate.total(|_| true),
            namespaces: namespaces(estimate),
            diff,
            deltas: diff.map(index_deltas).unwrap_or_default(),
        }
    }

    /// Replaces the quota caps read from the estimate: the namespaces it names (`(namespace,
    /// environment)` -> monthly cost of the quota's hard requests) get that cap, the others none.
    pub fn with_quota_caps(mut self, caps: &BTreeMap<(String, Option<String>), Money>) -> Self {
        for namespace in &mut self.namespaces {
            let key = (namespace.namespace.clone(), namespace.environment.clone());
            namespace.quota_cap = caps.get(&key).copied();
        }
        self
    }

    /// The billed lines (what AWS bills), in order.
    pub fn billed_lines(&self) -> impl Iterator<Item = &LineView<'a>> {
        self.lines.iter().filter(|view| !view.line.allocated)
    }

    /// The allocated lines of one namespace, in order.
    pub fn allocations_of<'v>(&'v self, namespace: &'v NamespaceView) -> impl Iterator<Item = &'v LineView<'a>> {
        self.lines.iter().filter(move |view| {
            view.line.allocated
                && namespace_name(view.line) == namespace.namespace
                && view.line.scope.environment == namespace.environment
        })
    }

    /// The diff's entry for a line, if it changed since the baseline.
    pub fn delta_of(&self, line: &CostLine) -> Option<&'a LineDelta> {
        let key = (line.address.as_str(), line.scope.environment.as_deref(), line.scope.root.as_deref());
        self.deltas.get(&key).copied()
    }

    /// Lines of the baseline that the current estimate no longer has.
    pub fn removed(&self) -> impl Iterator<Item = &'a LineDelta> {
        self.diff.into_iter().flat_map(|diff| diff.lines.iter().filter(|delta| delta.after_now.is_none()))
    }
}

impl<'a> LineView<'a> {
    fn of(line: &'a CostLine, sources: &SourceMap) -> LineView<'a> {
        let (now, missing_now) = line.monthly(false);
        let (at_max, missing_at_max) = line.monthly(true);
        LineView {
            line,
            location: Location::of(line.span, sources),
            now,
            at_max,
            missing: missing_now.max(missing_at_max),
        }
    }
}

/// The namespace an allocated line is grouped under (`-` for a cluster-scoped workload).
fn namespace_name(line: &CostLine) -> &str {
    line.scope.namespace.as_deref().unwrap_or("-")
}

fn namespaces(estimate: &Estimate) -> Vec<NamespaceView> {
    let mut groups: BTreeMap<(String, Option<String>), Vec<&CostLine>> = BTreeMap::new();
    for line in estimate.lines.iter().filter(|line| line.allocated) {
        let key = (namespace_name(line).to_string(), line.scope.environment.clone());
        groups.entry(key).or_default().push(line);
    }
    groups
        .into_iter()
        .map(|((namespace, environment), lines)| NamespaceView {
            quota_cap: quota_cap(estimate, &namespace, &environment),
            total: estimate.sum(lines.into_iter()),
            namespace,
            environment,
        })
        .collect()
}

/// The namespace's quota cap from the estimate's namespace costs: the sum over the clusters its
/// workloads run in, known only when every one of them has a known cap (a cluster without a
/// quota lets the namespace reserve without limit there).
fn quota_cap(estimate: &Estimate, namespace: &str, environment: &Option<String>) -> Option<Money> {
    let mut caps = estimate
        .namespaces
        .iter()
        .filter(|cost| cost.namespace.as_deref().unwrap_or("-") == namespace && &cost.values_set == environment)
        .map(|cost| match cost.quota.as_ref().map(|quota| &quota.monthly) {
            Some(Amount::Known(monthly)) => Some(*monthly),
            _ => None,
        });
    caps.try_fold(None, |sum: Option<Money>, cap| cap.map(|cap| Some(sum.unwrap_or(Money::ZERO) + cap)))?
}

/// The first entry of each (address, environment, root), as a scan in order would find it.
fn index_deltas(diff: &CostDiff) -> HashMap<(&str, Option<&str>, Option<&str>), &LineDelta> {
    let mut index = HashMap::with_capacity(diff.lines.len());
    for delta in &diff.lines {
        let key = (delta.address.as_str(), delta.environment.as_deref(), delta.root.as_deref());
        index.entry(key).or_insert(delta);
    }
    index
}
