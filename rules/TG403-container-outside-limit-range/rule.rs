//! ## What it does
//! Checks every init and app container against the `type: Container` items of the LimitRanges
//! in its namespace (same cluster and Helm values set), as the LimitRanger admission plugin
//! does after defaulting (a missing request takes the limit, then the LimitRange defaults):
//! - `min`: the request must be set and at least `min`, and a limit must not be below it;
//! - `max`: the limit must be set and at most `max`, and the request must not exceed it;
//! - `maxLimitRequestRatio`: request and limit must both be set, the request non-zero, and
//!   limit / request at most the ratio.
//!
//! One finding per container lists every bound it breaks, with the LimitRange's file and line.
//! A request, limit or bound that is unknown (or not a valid quantity) gives an unknown finding.
//! `type: Pod` and `type: PersistentVolumeClaim` items are not checked.
//!
//! ## Why is this bad?
//! The API server refuses a pod whose container breaks a LimitRange bound. The Deployment or
//! Job applies cleanly, but its ReplicaSet never creates a pod: the error only shows in the
//! controller's events, after the change is merged, and the rollout silently stalls.
//!
//! ## Example
//! ```yaml
//! apiVersion: v1
//! kind: LimitRange
//! metadata:
//!   name: bounds
//!   namespace: payments
//! spec:
//!   limits:
//!     - type: Container
//!       max: {memory: 1Gi}
//!       maxLimitRequestRatio: {cpu: "4"}
//! ---
//! # in a Deployment of namespace payments
//!       containers:
//!         - name: app
//!           resources:
//!             requests: {cpu: 100m, memory: 256Mi}
//!             limits: {cpu: "1", memory: 2Gi}   # 2Gi > 1Gi, and 1 / 100m = 10 > 4
//! ```
//!
//! ## Use instead
//! ```yaml
//!           resources:
//!             requests: {cpu: 250m, memory: 256Mi}
//!             limits: {cpu: "1", memory: 1Gi}
//! ```

use crate::prelude::*;
use tollgate_kubernetes::resources::limit_range::{container_ranges_among, effective, ContainerRanges, Effective};
use tollgate_kubernetes::resources::ByNamespace;
use crate::support::pods::{containers_of, field_span, WorkloadContainer};
use tollgate_kubernetes::resources::quantity::{Amount, Quantity};
use kube::ContainerKind;
use std::collections::BTreeSet;

pub const META: RuleMeta = RuleMeta {
    id: "TG403",
    slug: "container-outside-limit-range",
    title: "Container requests or limits outside its namespace's LimitRange",
    severity: Severity::High,
    category: Category::Quota,
    references: &["Kubernetes: Limit Ranges"],
    aliases: &[],
};

const BOUNDS: [&str; 3] = ["min", "max", "maxLimitRequestRatio"];

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let limit_ranges = ByNamespace::of_kind(ctx.graph(), "LimitRange");
    for (id, workload, pod_spec) in ctx.workloads() {
        let ranges = container_ranges_among(limit_ranges.of(workload));
        if ranges.items.is_empty() {
            continue;
        }
        for c in containers_of(id, workload, pod_spec) {
            if c.container.kind != ContainerKind::Ephemeral {
                check_container(ctx, &c, &ranges, out);
            }
        }
    }
}

/// What breaking bounds (or unknowns) a container has.
#[derive(Default)]
struct Verdict<'g> {
    broken: Vec<String>,
    unknown: Option<(&'g Value, String)>,
}

fn check_container<'g>(ctx: &Context<'g>, c: &WorkloadContainer<'g>, ranges: &ContainerRanges<'g>, out: &mut Emitter<'_>) {
    let mut verdict = Verdict::default();
    for &(range, item) in &ranges.items {
        let located = format!("{}, {}:{}", range.address, path_of(ctx, range), range.span.start.line);
        for resource in bounded_resources(item) {
            let settings = effective(c.container.value, &resource, ranges);
            for bound in BOUNDS {
                match Amount::read(item.lookup(&[bound, &resource])) {
                    Amount::Unset => {}
                    Amount::Unknown(v) => {
                        verdict.unknown.get_or_insert((v, format!("the `{bound}.{resource}` of {located}")));
                    }
                    Amount::Set(limit, _) => {
                        judge(bound, &resource, limit, settings, &mut verdict).into_iter().for_each(|broken| {
                            verdict.broken.push(format!("{broken} ({located})"));
                        });
                    }
                }
            }
        }
    }
    report(c, verdict, out);
}

/// The resources an item bounds, sorted.
fn bounded_resources(item: &Value) -> BTreeSet<String> {
    BOUNDS
        .iter()
        .filter_map(|bound| item.get(bound).known().and_then(Value::as_map))
        .flat_map(|entries| entries.iter().map(|e| e.key.clone()))
        .collect()
}

/// What breaks one bound, as "memory limit 2Gi is above the max 1Gi"; unknown settings are
/// recorded in the verdict.
fn judge<'g>(bound: &str, resource: &str, value: Quantity, s: Effective<'g>, verdict: &mut Verdict<'g>) -> Vec<String> {
    let show = |q: Quantity| q.display_for(resource);
    let mut read = |a: Amount<'g>, side: &str| match a {
        Amount::Set(q, _) => Some(Some(q)),
        Amount::Unset => Some(None),
        Amount::Unknown(v) => {
            verdict.unknown.get_or_insert((v, format!("its {resource} {side}")));
            None
        }
    };
    // The limit first: a request copied from an unknown limit is the limit's fault.
    let (Some(limit), Some(request)) = (read(s.limit, "limit"), read(s.request, "request")) else { return Vec::new() };
    let mut broken = Vec::new();
    match bound {
        "min" => match request {
            None => broken.push(format!("no {resource} request, which the min {} requires", show(value))),
            Some(r) if r < value => broken.push(format!("{resource} request {} is below the min {}", show(r), show(value))),
            _ => {}
        },
        "max" => match limit {
            None => broken.push(format!("no {resource} limit, which the max {} requires", show(value))),
            Some(l) if l > value => broken.push(format!("{resource} limit {} is above the max {}", show(l), show(value))),
            _ => {}
        },
        _ => match (request, limit) {
            (Some(r), Some(l)) if l.ratio_exceeds(r, value) == Some(false) => {}
            (Some(r), Some(l)) if r != Quantity::ZERO => broken.push(format!(
                "{resource} limit {} is more than {value} times the request {}",
                show(l),
                show(r)
            )),
            _ => broken.push(format!(
                "no non-zero {resource} request and limit, which the maxLimitRequestRatio {value} requires"
            )),
        },
    }
    if bound == "min" {
        if let Some(l) = limit.filter(|l| *l < value) {
            broken.push(format!("{resource} limit {} is below the min {}", show(l), show(value)));
        }
    }
    if bound == "max" {
        if let Some(r) = request.filter(|r| *r > value) {
            broken.push(format!("{resource} request {} is above the max {}", show(r), show(value)));
        }
    }
    broken
}

fn report(c: &WorkloadContainer<'_>, verdict: Verdict<'_>, out: &mut Emitter<'_>) {
    let value = c.container.value;
    let at = field_span(value, &["resources"]).unwrap_or(c.span());
    if !verdict.broken.is_empty() {
        let message = format!(
            "{} breaks its namespace's LimitRange: {}; the API server refuses its pods. To fix: bring \
             `resources` within the bounds, or change the LimitRange.",
            c.subject(),
            verdict.broken.join("; ")
        );
        out.fail(c.workload, at, message);
    } else if let Some((unknown, what)) = verdict.unknown {
        let message = format!(
            "{} may be outside its namespace's LimitRange: {what} is not known or not a valid quantity.",
            c.subject()
        );
        out.unknown_at(c.workload, at, unknown, message);
    }
}

fn path_of<'g>(ctx: &Context<'g>, resource: &Resource) -> &'g str {
    ctx.graph().sources().path(resource.span.file)
}
