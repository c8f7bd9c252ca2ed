//! The `quota` rules' verdicts: every `hard` cap of every ResourceQuota of the scan against
//! what its namespace's workloads add up to ([`super::quota`]), with the figures in the message.

use super::pods::field_span;
use tollgate_kubernetes::resources::quantity::{Amount, Quantity};
use super::quota::{environments, project, Environment, Part, Projection, Scale, Tracked};
use std::collections::BTreeSet;
use tollgate_evaluate::{Context, Emitter};
use tollgate_model::{Lookup, MapEntry, Resource, Span, Value};

/// How many contributors a message names before counting the rest.
const NAMED_CONTRIBUTORS: usize = 3;

/// Checks every quota: at [`Scale::Now`] reports caps exceeded, totals that cannot be known,
/// scoped quotas and pods the quota makes the API server reject; at [`Scale::AtMax`] reports
/// caps that hold now but not at the autoscalers' `maxReplicas`.
pub fn check_quotas(ctx: &Context<'_>, out: &mut Emitter<'_>, scale: Scale) {
    let mut rejected_seen = BTreeSet::new();
    for (_, quota) in ctx.kube_objects("ResourceQuota") {
        if let Some((at, value)) = scopes(quota) {
            if scale == Scale::Now {
                let message = format!(
                    "{} is scoped (`scopes`/`scopeSelector`): it counts only the pods its scopes \
                     select, which Tollgate does not project, so its caps are not checked; check them by hand or \
                     add an unscoped quota.",
                    quota.address
                );
                out.unknown_at(quota, at, value, message);
            }
            continue;
        }
        let hard = match quota.body.lookup(&["spec", "hard"]) {
            Lookup::Unknown(v) => {
                if scale == Scale::Now {
                    let message = format!("{} has `spec.hard` caps that are not known.", quota.address);
                    out.unknown(quota, v, message);
                }
                continue;
            }
            l => l.known().and_then(Value::as_map).unwrap_or_default(),
        };
        for env in environments(ctx, quota) {
            for entry in hard {
                let Some(tracked) = Tracked::read(&entry.key) else { continue };
                let cap = Cap { ctx, quota, env: &env, entry, tracked };
                match scale {
                    Scale::Now => cap.check_now(out, &mut rejected_seen),
                    Scale::AtMax => cap.check_at_max(out),
                }
            }
        }
    }
}

/// The `spec.scopes` or `spec.scopeSelector` a quota sets, located.
fn scopes(quota: &Resource) -> Option<(Span, &Value)> {
    ["scopes", "scopeSelector"].into_iter().find_map(|field| {
        let value = quota.body.lookup(&["spec", field]).value().filter(|v| !v.is_null())?;
        Some((field_span(&quota.body, &["spec", field]).unwrap_or(value.span), value))
    })
}

/// One `hard` entry of one quota, in one environment of its namespace.
struct Cap<'a, 'g> {
    ctx: &'a Context<'g>,
    quota: &'g Resource,
    env: &'a Environment<'g>,
    entry: &'g MapEntry,
    tracked: Tracked,
}

impl<'g> Cap<'_, 'g> {
    fn at(&self) -> Span {
        self.entry.key_span.join(self.entry.value.span)
    }

    fn hard(&self, out: &mut Emitter<'_>, report_unknown: bool) -> Option<Quantity> {
        match Amount::read(Lookup::Known(&self.entry.value)) {
            Amount::Set(q, _) => Some(q),
            Amount::Unset => None,
            Amount::Unknown(v) => {
                if report_unknown {
                    let message = format!(
                        "{} caps `{}` with a value that is not known or not a quantity.",
                        self.quota.address, self.entry.key
                    );
                    out.unknown_at(self.quota, self.at(), v, message);
                }
                None
            }
        }
    }

    fn check_now(&self, out: &mut Emitter<'_>, rejected_seen: &mut BTreeSet<(String, String, String)>) {
        let Some(hard) = self.hard(out, true) else { return };
        let now = project(self.env, &self.tracked, Scale::Now);
        self.report_rejected(&now, out, rejected_seen);
        if now.used > hard {
            let message = format!(
                "{}, but its {} add up to {}: {}{}; the API server refuses what goes beyond the cap. {}",
                self.opening(hard),
                self.counted(),
                self.share(now.used, hard),
                self.contributors(&now.parts),
                self.not_counted(&now),
                self.remedy("")
            );
            out.fail(self.quota, self.at(), message);
        } else if !now.unresolved.is_empty() {
            self.report_unresolved(&now, hard, out);
        }
    }

    fn check_at_max(&self, out: &mut Emitter<'_>) {
        let Some(hard) = self.hard(out, false) else { return };
        let now = project(self.env, &self.tracked, Scale::Now);
        if now.used > hard || !now.unresolved.is_empty() {
            return; // Not known to fit now: the rule on the present reports it.
        }
        let max = project(self.env, &self.tracked, Scale::AtMax);
        if !max.parts.iter().any(|p| p.autoscaler.is_some()) && max.unresolved.is_empty() {
            return;
        }
        if max.used > hard {
            let message = format!(
                "{}: its {} fit now ({}) but add up to {} when their autoscalers reach `maxReplicas`: {}{}; pods \
                 beyond the cap are refused, so the autoscalers cannot scale out. {}",
                self.opening(hard),
                self.counted(),
                self.display(now.used),
                self.share(max.used, hard),
                self.contributors(&max.parts),
                self.not_counted(&max),
                self.remedy("lower `maxReplicas`, ")
            );
            out.fail(self.quota, self.at(), message);
        } else if !max.unresolved.is_empty() {
            self.report_unresolved(&max, hard, out);
        }
    }

    /// "; not counted: DaemonSet/x runs one pod per node ... (file:line)", or nothing.
    fn not_counted(&self, projection: &Projection<'g>) -> String {
        if projection.unresolved.is_empty() {
            return String::new();
        }
        format!("; not counted, so the total is at least this: {}", self.reasons(projection))
    }

    fn reasons(&self, projection: &Projection<'g>) -> String {
        let reasons: Vec<String> = projection
            .unresolved
            .iter()
            .map(|u| format!("{} {} ({})", u.workload.address, u.why, self.located(u.workload)))
            .collect();
        reasons.join("; ")
    }

    fn report_unresolved(&self, projection: &Projection<'g>, hard: Quantity, out: &mut Emitter<'_>) {
        let message = format!(
            "{}; the {} known add up to {}, but the total is not known: {}; the cap holds only while these add at \
             most {}.",
            self.opening(hard),
            self.counted(),
            self.share(projection.used, hard),
            self.reasons(projection),
            self.display(hard.saturating_sub(projection.used))
        );
        let value = projection.unresolved.iter().find_map(|u| u.value).unwrap_or(&self.entry.value);
        out.unknown_at(self.quota, self.at(), value, message);
    }

    /// Pods the quota refuses outright: a container without the request or limit it caps.
    fn report_rejected(
        &self,
        projection: &Projection<'g>,
        out: &mut Emitter<'_>,
        seen: &mut BTreeSet<(String, String, String)>,
    ) {
        let Tracked::Compute { limits, resource } = &self.tracked else { return };
        let setting = format!("{}.{resource}", if *limits { "limits" } else { "requests" });
        for r in &projection.rejected {
            if !seen.insert((r.workload.address.clone(), r.container.to_string(), setting.clone())) {
                continue;
            }
            let message = format!(
                "Container `{}` of {} sets no `resources.{setting}` and no LimitRange of its namespace gives a default, \
                 so {} (which caps `{}`) makes the API server refuse its pods; set \
                 `resources.{setting}`, or a LimitRange default.",
                r.container, r.workload.address, self.quota.address, self.entry.key
            );
            out.fail(r.workload, r.at, message);
        }
    }

    /// "ResourceQuota `q` caps `requests.cpu` at 4 in namespace `payments` (values set `prod`)"
    fn opening(&self, hard: Quantity) -> String {
        let namespace = self.quota.namespace().map(|n| format!("namespace `{n}`")).unwrap_or("its namespace".into());
        let cluster = self.quota.cluster().map(|c| format!(" of cluster `{c}`")).unwrap_or_default();
        let set = self.env.values_set.as_ref().map(|s| format!(" (values set `{s}`)")).unwrap_or_default();
        format!(
            "{} caps `{}` at {} in {namespace}{cluster}{set}",
            self.quota.address,
            self.entry.key,
            self.display(hard)
        )
    }

    fn counted(&self) -> &'static str {
        match self.tracked {
            Tracked::Compute { .. } | Tracked::Pods => "workloads",
            Tracked::Objects { .. } => "objects",
        }
    }

    fn remedy(&self, autoscaler: &str) -> String {
        let what = match &self.tracked {
            Tracked::Compute { limits: true, .. } => "replicas or the containers' limits",
            Tracked::Compute { limits: false, .. } => "replicas or the containers' requests",
            Tracked::Pods => "replicas",
            Tracked::Objects { .. } => "the number of objects",
        };
        format!("To fix: {autoscaler}lower {what}, or raise `hard.{}`.", self.entry.key)
    }

    fn display(&self, q: Quantity) -> String {
        q.display_for(&self.entry.key)
    }

    /// "5500m (137% of the cap)"
    fn share(&self, used: Quantity, hard: Quantity) -> String {
        match used.percent_of(hard) {
            Some(pct) => format!("{} ({pct}% of the cap)", self.display(used)),
            None => self.display(used),
        }
    }

    /// The largest contributors with their figures and source lines, then how many more.
    fn contributors(&self, parts: &[Part<'_>]) -> String {
        let mut named: Vec<String> = parts.iter().take(NAMED_CONTRIBUTORS).map(|p| self.contribution(p)).collect();
        if parts.len() > NAMED_CONTRIBUTORS {
            named.push(format!("and {} more", parts.len() - NAMED_CONTRIBUTORS));
        }
        named.join(", ")
    }

    fn contribution(&self, part: &Part<'_>) -> String {
        let replicas = match part.autoscaler {
            Some(hpa) => format!("{} (maxReplicas of {} at {})", part.replicas, hpa.address, self.located(hpa)),
            None => part.replicas.to_string(),
        };
        let figure = match self.tracked {
            Tracked::Compute { .. } => format!("{replicas} x {} = {}", self.display(part.each), self.display(part.total)),
            Tracked::Pods => replicas,
            Tracked::Objects { .. } => self.display(part.total),
        };
        format!("{} {figure} ({})", part.workload.address, self.located(part.workload))
    }

    /// `apps/api.yaml:12`
    fn located(&self, resource: &Resource) -> String {
        format!("{}:{}", self.ctx.graph().sources().path(resource.span.file), resource.span.start.line)
    }
}
