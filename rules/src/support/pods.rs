//! Pods and containers as the Kubernetes rules see them: every container of every workload with
//! a label for messages, the effective securityContext (a container's setting overrides the
//! pod's), YAML booleans, service-account and namespace lookups shared by the cross-resource rules.

use std::collections::BTreeSet;
use super::attr::Attr;
use tollgate_evaluate::{Context, Emitter};
use tollgate_model::kube::{self, Container, ContainerKind};
use tollgate_model::{EdgeKind, Lookup, Resource, ResourceId, Span, Value, ValueKind};

/// One container of one workload, with the pod spec it runs in.
#[derive(Debug, Clone, Copy)]
pub struct WorkloadContainer<'g> {
    pub workload_id: ResourceId,
    pub workload: &'g Resource,
    pub pod_spec: &'g Value,
    pub container: Container<'g>,
}

impl<'g> WorkloadContainer<'g> {
    /// `init container `migrate``, `container `app``, `ephemeral container `debug``.
    pub fn label(&self) -> String {
        let kind = match self.container.kind {
            ContainerKind::Init => "init container",
            ContainerKind::Regular => "container",
            ContainerKind::Ephemeral => "ephemeral container",
        };
        format!("{kind} `{}`", self.container.name)
    }

    /// The label and workload, capitalised to open a message:
    /// `Init container `migrate` of Deployment/payments/api`.
    pub fn subject(&self) -> String {
        capitalize(&format!("{} of {}", self.label(), self.workload.address))
    }

    /// The container's own list item, for findings about something it lacks.
    pub fn span(&self) -> Span {
        self.container.value.span
    }

    /// A field of the container's own `securityContext`, for fields only containers have
    /// (`privileged`, `allowPrivilegeEscalation`, `capabilities`).
    pub fn container_security(&self, path: &[&str]) -> Lookup<'g> {
        let mut full = Vec::with_capacity(path.len() + 1);
        full.push("securityContext");
        full.extend_from_slice(path);
        self.container.value.lookup(&full)
    }

    /// A field both levels have (`runAsNonRoot`, `runAsUser`, `seccompProfile`): the container's
    /// value when it sets one, else the pod's. An unknown container value stays unknown, since
    /// it may or may not override the pod.
    pub fn effective_security(&self, field: &str) -> Lookup<'g> {
        match self.container_security(&[field]) {
            Lookup::Known(v) if !v.is_null() => Lookup::Known(v),
            Lookup::Unknown(v) => Lookup::Unknown(v),
            _ => self.pod_spec.lookup(&["securityContext", field]),
        }
    }
}

/// Every container (init, regular and ephemeral) of every workload, in graph order.
pub fn workload_containers<'g>(ctx: &Context<'g>) -> Vec<WorkloadContainer<'g>> {
    ctx.workloads().flat_map(|(id, workload, pod_spec)| containers_of(id, workload, pod_spec)).collect()
}

/// Every container of one workload.
pub fn containers_of<'g>(
    workload_id: ResourceId,
    workload: &'g Resource,
    pod_spec: &'g Value,
) -> Vec<WorkloadContainer<'g>> {
    kube::containers(pod_spec)
        .into_iter()
        .map(|container| WorkloadContainer { workload_id, workload, pod_spec, container })
        .collect()
}

/// Reads a boolean setting as [`super::attr::bool_attr`] does, from a lookup (such as an
/// effective securityContext field). The Kubernetes loader already resolves YAML 1.1 spellings
/// (`yes`, `on`) to booleans; a quoted `"true"` still counts as true, since it says what the
/// author meant; any other value reads as unknown.
pub fn flag(lookup: Lookup<'_>) -> Attr<'_, bool> {
    match lookup {
        Lookup::Absent => Attr::Unset,
        Lookup::Unknown(v) => Attr::Unknown(v),
        Lookup::Known(v) => match &v.kind {
            ValueKind::Null => Attr::Unset,
            ValueKind::Bool(b) => Attr::Set(*b, v),
            ValueKind::String(s) if s.eq_ignore_ascii_case("true") => Attr::Set(true, v),
            ValueKind::String(s) if s.eq_ignore_ascii_case("false") => Attr::Set(false, v),
            _ => Attr::Unknown(v),
        },
    }
}

/// Whether the pod spec declares a Windows pod (`spec.os.name: windows`): the Linux-only
/// controls of the Pod Security Standards do not apply to those. `Err` holds an unknown `os.name`.
pub fn is_windows_pod(pod_spec: &Value) -> Result<bool, &Value> {
    match pod_spec.lookup(&["os", "name"]) {
        Lookup::Unknown(v) => Err(v),
        Lookup::Known(v) => Ok(v.as_str() == Some("windows")),
        Lookup::Absent => Ok(false),
    }
}

/// The ServiceAccount a workload's pods run as: `serviceAccountName`, the deprecated
/// `serviceAccount` alias, or `default` when neither is set. `Err` holds an unknown name.
pub fn service_account_name(pod_spec: &Value) -> Result<&str, &Value> {
    for field in ["serviceAccountName", "serviceAccount"] {
        match pod_spec.get(field) {
            Lookup::Unknown(v) => return Err(v),
            Lookup::Known(v) => {
                if let Some(name) = v.as_str().filter(|n| !n.is_empty()) {
                    return Ok(name);
                }
            }
            Lookup::Absent => {}
        }
    }
    Ok("default")
}

/// Workloads whose pods run as ServiceAccount `namespace/name`: those linked to the account's
/// object by a `ServiceAccount` edge, and those naming it in the same namespace when the account
/// is not in the scan (the `default` account Kubernetes creates in every namespace never is).
/// Namespaces compare as the manifests write them, as the loader links objects: no namespace
/// matches only no namespace (objects applied together land in the same one); only workloads of
/// `cluster` count.
pub fn workloads_running_as<'g>(
    ctx: &Context<'g>,
    account: Option<ResourceId>,
    (cluster, namespace): (Option<&str>, Option<&str>),
    name: &str,
) -> Vec<(ResourceId, &'g Resource)> {
    let mut ids = BTreeSet::new();
    if let Some(account) = account {
        ids.extend(ctx.incoming(account, EdgeKind::ServiceAccount).map(|(id, _)| id));
    }
    for (id, workload, pod_spec) in ctx.workloads() {
        let in_scope = workload.cluster() == cluster && workload.namespace() == namespace;
        if in_scope && service_account_name(pod_spec) == Ok(name) {
            ids.insert(id);
        }
    }
    ids.into_iter().map(|id| (id, ctx.resource(id))).collect()
}

/// The workloads of the scan that live in Namespace `namespace_id`, sorted by address.
pub fn workloads_in_namespace<'g>(ctx: &Context<'g>, namespace_id: ResourceId) -> Vec<&'g Resource> {
    let mut found: Vec<&Resource> =
        ctx.incoming(namespace_id, EdgeKind::InNamespace).map(|(_, r)| r).filter(|r| kube::is_workload(r)).collect();
    found.sort_by(|a, b| a.address.cmp(&b.address));
    found.dedup_by(|a, b| a.address == b.address);
    found
}

/// The Namespaces of the scan that run workloads but hold no object of `kind`, with those
/// workloads. A namespace whose Namespace object is not part of the scan has no node and so is
/// never judged: Tollgate cannot tell whether the cluster already holds the missing object.
pub fn namespaces_without<'g>(ctx: &Context<'g>, kind: &str) -> Vec<(&'g Resource, Vec<&'g Resource>)> {
    ctx.kube_objects("Namespace")
        .filter(|(id, _)| !ctx.incoming(*id, EdgeKind::InNamespace).any(|(_, r)| r.is_kind(kind)))
        .map(|(id, namespace)| (namespace, workloads_in_namespace(ctx, id)))
        .filter(|(_, workloads)| !workloads.is_empty())
        .collect()
}

/// Fails every Namespace of [`namespaces_without`] `kind`, on the Namespace object: "Namespace
/// `x` runs <its workloads> but has no <kind>, <why_and_fix>." (`why_and_fix`: "so ...; add ...").
pub fn fail_namespaces_without(ctx: &Context<'_>, out: &mut Emitter<'_>, kind: &'static str, why_and_fix: &str) {
    for (namespace, workloads) in namespaces_without(ctx, kind) {
        // Two clusters may both have the namespace: say which one is meant.
        let cluster = namespace.cluster().map(|c| format!(" of cluster `{c}`")).unwrap_or_default();
        let unplaced = unplaced_objects(ctx, kind, namespace.cluster());
        if !unplaced.is_empty() {
            // An object naming no namespace lands in the one it is applied to, which may be this one.
            let message = format!(
                "Namespace `{}`{cluster} runs {} and no {kind} names it, but {} {} no namespace and may be applied in \
                 it (`kubectl apply -n`, kustomize `namespace:`); set `metadata.namespace` on the {kind}.",
                namespace.name,
                list_addresses(&workloads),
                list_addresses(&unplaced),
                if unplaced.len() == 1 { "names" } else { "name" },
            );
            out.unknown_at(namespace, namespace.span, &namespace.body, message);
            continue;
        }
        let message = format!(
            "Namespace `{}`{cluster} runs {} but has no {kind}, {why_and_fix}.",
            namespace.name,
            list_addresses(&workloads)
        );
        out.fail(namespace, namespace.span, message);
    }
}

/// The objects of `kind` in `cluster` that name no namespace, sorted by address.
fn unplaced_objects<'g>(ctx: &Context<'g>, kind: &'g str, cluster: Option<&str>) -> Vec<&'g Resource> {
    let mut found: Vec<&Resource> = ctx
        .kube_objects(kind)
        .map(|(_, r)| r)
        .filter(|r| r.cluster() == cluster && r.namespace().is_none())
        .collect();
    found.sort_by(|a, b| a.address.cmp(&b.address));
    found
}

/// The lines of a field, from its key to the end of its value (a block map's value starts on
/// the line after its key), when the path leads to a known value.
pub fn field_span(value: &Value, path: &[&str]) -> Option<Span> {
    let (last, parents) = path.split_last()?;
    let entry = value.lookup(parents).known()?.entry(last)?;
    if entry.value.is_unknown() {
        return None;
    }
    // A value without a position (an empty `resources:` may have none) must not stretch the span.
    if entry.value.span.start.line == 0 || entry.value.span.file != entry.key_span.file {
        return Some(entry.key_span);
    }
    Some(entry.key_span.join(entry.value.span))
}

/// `Deployment/payments/api`, `Deployment/payments/api and StatefulSet/payments/db`, or the first
/// two and a count, for messages.
pub fn list_addresses(resources: &[&Resource]) -> String {
    match resources {
        [] => String::new(),
        [one] => one.address.clone(),
        [a, b] => format!("{} and {}", a.address, b.address),
        [a, b, rest @ ..] => format!("{}, {} and {} more", a.address, b.address, rest.len()),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The rules' answer when a value they depend on is unknown (as Helm values will be): each row
/// loads a pass fixture, turns one value into an unknown and expects `unknown` findings, never a
/// pass or a fail.
#[cfg(test)]
mod unknown_values {
    use tollgate_evaluate::{evaluate, EvalOptions};
    use tollgate_model::{Graph, GraphBuilder, UnknownReason, Value, ValueKind};

    /// The value at a path of map keys and list indexes.
    fn value_mut<'a>(value: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
        let Some((first, rest)) = path.split_first() else { return Some(value) };
        let next = match &mut value.kind {
            ValueKind::Map(entries) => &mut entries.iter_mut().find(|e| e.key == *first)?.value,
            ValueKind::List(items) => items.get_mut(first.parse::<usize>().ok()?)?,
            _ => return None,
        };
        value_mut(next, rest)
    }

    /// A fixture case with one value made unknown, keeping every edge the loader made.
    fn graph_with_unknown(case: &str, address: &str, path: &[&str]) -> Graph {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(case);
        let loaded = tollgate_load::load(&tollgate_load::LoadOptions::new(vec![dir])).expect("fixture loads");
        let mut resources: Vec<_> = loaded.graph.resources().map(|(_, r)| r.clone()).collect();
        let resource = resources.iter_mut().find(|r| r.address == address).expect("resource in fixture");
        let target = value_mut(&mut resource.body, path).expect("path in resource");
        *target = Value::unknown(UnknownReason::Expression, "{{ .Values.x }}", target.span);
        let mut builder = GraphBuilder::new(resources);
        for edge in loaded.graph.edges() {
            builder.add_edge(edge.from, edge.to, edge.kind, edge.via.clone());
        }
        builder.build(loaded.graph.sources().clone())
    }

    const POD: [&str; 4] = ["spec", "template", "spec", "containers"];

    /// Rule id, case folder, resource, path made unknown, expected findings.
    type Case<'a> = (&'a str, &'a str, &'a str, Vec<&'a str>, &'a [&'a str]);

    #[test]
    fn unknown_settings_give_unknown_findings() {
        let cases: &[Case] = &[
            (
                "TG201",
                "TG201-privileged-container/fixtures/pass",
                "DaemonSet/platform-system/node-exporter",
                [&POD[..], &["0", "securityContext", "privileged"]].concat(),
                &["unknown DaemonSet/platform-system/node-exporter platform/node-tuning.yaml:30-30"],
            ),
            (
                "TG202",
                "TG202-container-may-run-as-root/fixtures/pass",
                "Deployment/payments/api",
                vec!["spec", "template", "spec", "securityContext", "runAsNonRoot"],
                &[
                    "unknown Deployment/payments/api payments/api.yaml:17-17",
                    "unknown Deployment/payments/api payments/api.yaml:17-17",
                ],
            ),
            (
                "TG203",
                "TG203-container-without-resource-limits/fixtures/pass",
                "Deployment/payments/api",
                [&POD[..], &["0", "resources", "limits", "memory"]].concat(),
                &["unknown Deployment/payments/api payments/api.yaml:31-31"],
            ),
            (
                "TG204",
                "TG204-host-namespace-shared/fixtures/pass",
                "DaemonSet/observability/log-agent",
                vec!["spec", "template", "spec", "hostPID"],
                &["unknown DaemonSet/observability/log-agent observability/agents.yaml:16-16"],
            ),
            (
                "TG205",
                "TG205-image-tag-mutable/fixtures/pass",
                "Deployment/storefront/web",
                [&POD[..], &["0", "image"]].concat(),
                &["unknown Deployment/storefront/web storefront/web.yaml:19-19"],
            ),
            (
                "TG206",
                "TG206-privilege-escalation-allowed/fixtures/pass",
                "Deployment/payments/api",
                [&POD[..], &["0", "securityContext", "allowPrivilegeEscalation"]].concat(),
                &["unknown Deployment/payments/api payments/api.yaml:31-31"],
            ),
            (
                "TG210",
                "TG210-service-exposes-privileged-workload/fixtures/pass",
                "Deployment/payments/api",
                [&POD[..], &["0", "securityContext", "privileged"]].concat(),
                &["unknown Service/payments/api payments/api.yaml:21-21"],
            ),
            (
                "TG211",
                "TG211-service-account-bound-to-admin-role/fixtures/pass",
                "ClusterRole/deployment-patcher",
                vec!["rules"],
                &["unknown RoleBinding/storefront/deploy-bot platform/deploy-bot.yaml:12-17"],
            ),
            (
                "TG401",
                "TG401-namespace-quota-exceeded-now/fixtures/pass",
                "Deployment/payments/api",
                vec!["spec", "replicas"],
                &[
                    "unknown ResourceQuota/payments/compute payments/payments.yaml:9-9",
                    "unknown ResourceQuota/payments/compute payments/payments.yaml:10-10",
                    "unknown ResourceQuota/payments/compute payments/payments.yaml:11-11",
                    "unknown ResourceQuota/payments/compute payments/payments.yaml:12-12",
                    "unknown ResourceQuota/payments/compute payments/payments.yaml:13-13",
                ],
            ),
            (
                "TG403",
                "TG403-container-outside-limit-range/fixtures/pass",
                "Deployment/payments/api",
                [&POD[..], &["0", "resources", "requests", "cpu"]].concat(),
                &["unknown Deployment/payments/api payments.yaml:29-31"],
            ),
        ];
        for (id, case, address, path, expected) in cases {
            let graph = graph_with_unknown(case, address, path);
            let rule = crate::all().into_iter().find(|rule| rule.meta.id == *id).expect("rule exists");
            let findings = evaluate(&graph, &[rule], &EvalOptions::default());
            let rendered: Vec<String> = findings
                .iter()
                .map(|f| format!("{} {} {}:{}-{}", f.kind.as_str(), f.address, f.file, f.start_line, f.end_line))
                .collect();
            assert_eq!(&rendered, expected, "{id} with {address} {} unknown", path.join("."));
        }
    }
}
