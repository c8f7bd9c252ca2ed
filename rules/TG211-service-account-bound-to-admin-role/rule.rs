//! ## What it does
//! Flags every RoleBinding or ClusterRoleBinding that grants an admin role to the
//! ServiceAccount of a workload of the scan. An admin role is the built-in ClusterRole
//! `cluster-admin` or `admin` (when the scan defines no ClusterRole of that name), or a Role or
//! ClusterRole of the scan with a rule allowing verb `*` on resource `*` in every API group (`apiGroups: ["*"]`), in the core group (`""`: every Secret,
//! Pod and ServiceAccount token) or in `rbac.authorization.k8s.io` (which can bind itself any
//! role). `*` on `*` of one other group (`metrics.k8s.io`, a CRD group) controls that group only
//! and is not reported. The grantee is found through each `ServiceAccount` subject (its object need not
//! be in the scan: the `default` account never is), the `system:serviceaccount:<ns>:<name>`
//! user, and the `system:serviceaccounts`, `system:serviceaccounts:<ns>` and
//! `system:authenticated` groups, which include every account (of a namespace). A workload runs
//! as `spec.serviceAccountName`, or `default` when it names none.
//!
//! Roles that are neither `cluster-admin` nor in the scan cannot be judged and are not reported.
//! An aggregated ClusterRole (`aggregationRule`) holds the rules of the ClusterRoles it selects,
//! whatever it writes itself: it is admin when a selected ClusterRole of the scan is (or a
//! selector is empty, selecting every ClusterRole), and unknown otherwise, since ClusterRoles
//! outside the scan may carry the labels it selects. Namespaces compare as
//! written, as the loader links them: a subject with no namespace (in a binding that names
//! none) matches workloads that name none, never those in a named namespace.
//! A workload that names no namespace but runs as an admin-bound account of a named one (Argo
//! CD's `install.yaml` leaves the namespace to `kubectl apply -n`) is reported as unknown: it
//! holds the role if it is applied in that namespace, which the manifests do not say.
//!
//! ## Why is this bad?
//! Every pod gets its ServiceAccount's token mounted by default, so whatever can run code in
//! the pod (a dependency, an injected request, an attacker with an RCE) can use the account's
//! permissions against the API server. With `cluster-admin`, or `*` on `*`, that is full
//! control: reading every Secret, creating privileged pods on any node, rewriting RBAC itself.
//! Even bound through a RoleBinding, it is full control of the namespace and its Secrets. The
//! Kubernetes RBAC good practices ask for least privilege (grant the verbs and resources a
//! workload uses, in its namespace) and warn against wildcards and against granting
//! `cluster-admin` to anything but a break-glass user.
//!
//! ## Example
//! ```yaml
//! apiVersion: rbac.authorization.k8s.io/v1
//! kind: ClusterRoleBinding
//! metadata:
//!   name: deploy-bot-admin
//! roleRef:
//!   apiGroup: rbac.authorization.k8s.io
//!   kind: ClusterRole
//!   name: cluster-admin
//! subjects:
//!   - kind: ServiceAccount
//!     name: deploy-bot
//!     namespace: platform
//! ```
//! with a Deployment in `platform` running as `serviceAccountName: deploy-bot`.
//!
//! ## Use instead
//! A Role with only what the workload does, bound in its namespace:
//! ```yaml
//! apiVersion: rbac.authorization.k8s.io/v1
//! kind: Role
//! metadata:
//!   name: deploy-bot
//!   namespace: storefront
//! rules:
//!   - apiGroups: ["apps"]
//!     resources: ["deployments"]
//!     verbs: ["get", "list", "patch"]
//! ---
//! apiVersion: rbac.authorization.k8s.io/v1
//! kind: RoleBinding
//! metadata:
//!   name: deploy-bot
//!   namespace: storefront
//! roleRef:
//!   apiGroup: rbac.authorization.k8s.io
//!   kind: Role
//!   name: deploy-bot
//! subjects:
//!   - kind: ServiceAccount
//!     name: deploy-bot
//!     namespace: platform
//! ```

use crate::prelude::*;
use crate::support::attr::str_attr;
use crate::support::pods::{list_addresses, workloads_running_as};
use crate::support::rbac::{admin_role, Verdict};

pub const META: RuleMeta = RuleMeta {
    id: "TG211",
    slug: "service-account-bound-to-admin-role",
    title: "Workload's ServiceAccount is bound to an admin role",
    severity: Severity::High,
    category: Category::LeastPrivilege,
    references: &["CWE-269", "CWE-250", "Kubernetes: Role Based Access Control Good Practices"],
    aliases: &[],
};

/// Whom a binding subject grants to.
enum Grantee<'a> {
    Account { namespace: Option<&'a str>, name: &'a str },
    /// A group holding every ServiceAccount of a namespace: the group and the namespace.
    Namespace(&'a str, &'a str),
    /// A group holding every ServiceAccount of the cluster.
    Everyone(&'a str),
}

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let bindings = ctx.kube_objects("RoleBinding").chain(ctx.kube_objects("ClusterRoleBinding"));
    for (binding_id, binding) in bindings {
        let role = admin_role(ctx, binding_id, binding);
        if role == Verdict::NotAdmin {
            continue;
        }
        let subjects = binding.body.get("subjects").known().map(Value::items).unwrap_or_default();
        for subject in subjects {
            let grantee = match grantee(binding, subject) {
                Ok(Some(grantee)) => grantee,
                Ok(None) => continue,
                Err(unknown) => {
                    if let Verdict::Admin(role) = &role {
                        out.unknown(
                            binding,
                            unknown,
                            format!(
                                "{} grants {role} to a subject that is not known; make sure no workload's \
                                 ServiceAccount is among them.",
                                binding.address
                            ),
                        );
                    }
                    continue;
                }
            };
            let workloads = workloads_of(ctx, binding_id, &grantee);
            if workloads.is_empty() {
                if let (Verdict::Admin(role), Grantee::Account { namespace: Some(namespace), name }) = (&role, &grantee)
                {
                    report_unplaced(ctx, binding, subject, (namespace, name), role, out);
                }
                continue;
            }
            report(binding, subject, &grantee, &role, &workloads, out);
        }
    }
}

/// Reads one subject; `Ok(None)` for subjects that are no ServiceAccount (a person, a group of
/// people), `Err` for an unknown kind or name.
fn grantee<'a>(binding: &'a Resource, subject: &'a Value) -> Result<Option<Grantee<'a>>, &'a Value> {
    let kind = str_attr(subject, &["kind"]).or_default("")?;
    let name = str_attr(subject, &["name"]).or_default("")?;
    Ok(match kind {
        "ServiceAccount" => {
            // A RoleBinding's account subject defaults to the binding's namespace.
            let namespace = match str_attr(subject, &["namespace"]).or_default("")? {
                "" => binding.namespace(),
                ns => Some(ns),
            };
            Some(Grantee::Account { namespace, name })
        }
        "User" => name
            .strip_prefix("system:serviceaccount:")
            .and_then(|rest| rest.split_once(':'))
            .map(|(namespace, name)| Grantee::Account { namespace: Some(namespace), name }),
        "Group" => match name {
            "system:serviceaccounts" | "system:authenticated" => Some(Grantee::Everyone(name)),
            _ => name.strip_prefix("system:serviceaccounts:").map(|namespace| Grantee::Namespace(name, namespace)),
        },
        _ => None,
    })
}

/// The workloads of the binding's cluster whose ServiceAccount the subject covers, sorted by address.
fn workloads_of<'g>(ctx: &Context<'g>, binding_id: ResourceId, grantee: &Grantee<'_>) -> Vec<&'g Resource> {
    let cluster = ctx.resource(binding_id).cluster();
    let in_cluster = ctx.workloads().filter(|(_, r, _)| r.cluster() == cluster);
    let mut found: Vec<&Resource> = match grantee {
        Grantee::Account { namespace, name } => {
            let account = ctx
                .outgoing(binding_id, EdgeKind::BindsSubject)
                .find(|(_, sa)| sa.name == *name && sa.namespace() == *namespace)
                .map(|(id, _)| id);
            workloads_running_as(ctx, account, (cluster, *namespace), name).into_iter().map(|(_, r)| r).collect()
        }
        Grantee::Namespace(_, namespace) => {
            in_cluster.filter(|(_, r, _)| r.namespace() == Some(namespace)).map(|(_, r, _)| r).collect()
        }
        Grantee::Everyone(_) => in_cluster.map(|(_, r, _)| r).collect(),
    };
    found.sort_by(|a, b| a.address.cmp(&b.address));
    found.dedup_by(|a, b| a.address == b.address);
    found
}

fn report(
    binding: &Resource,
    subject: &Value,
    grantee: &Grantee<'_>,
    role: &Verdict<'_>,
    workloads: &[&Resource],
    out: &mut Emitter<'_>,
) {
    let scope = scope(binding);
    let whom = match grantee {
        Grantee::Account { namespace: Some(namespace), name } => format!("ServiceAccount `{namespace}/{name}`"),
        Grantee::Account { namespace: None, name } => format!("ServiceAccount `{name}`"),
        Grantee::Namespace(group, ns) => format!("group `{group}` (every ServiceAccount of namespace `{ns}`)"),
        Grantee::Everyone(group) => format!("group `{group}` (which holds every ServiceAccount)"),
    };
    let users = list_addresses(workloads);
    match role {
        Verdict::Admin(role) => out.fail(
            binding,
            subject.span,
            format!(
                "{} grants {role} {scope} to {whom}, used by {users}; \
                 bind a Role that lists only the verbs and resources the workload uses.",
                binding.address
            ),
        ),
        Verdict::Unknown(value, why) => out.unknown(
            binding,
            value,
            format!(
                "{} may grant an admin role {scope} to {whom}, used by {users}: {why}; \
                 make sure it does not allow `*` on `*` in every API group, the core group or RBAC.",
                binding.address
            ),
        ),
        Verdict::NotAdmin => {}
    }
}

/// Where a binding grants its role.
fn scope(binding: &Resource) -> String {
    match binding.namespace() {
        Some(ns) if binding.is_kind("RoleBinding") => format!("in namespace `{ns}`"),
        _ => "cluster-wide".to_string(),
    }
}

/// An admin role granted to ServiceAccount `namespace/name` that no workload of that namespace
/// uses, while workloads naming no namespace run as `name`: bundles like Argo CD's
/// `install.yaml` leave the namespace to `kubectl apply -n`, so whether those workloads hold the
/// role depends on where they are applied, which the manifests do not say.
fn report_unplaced(
    ctx: &Context<'_>,
    binding: &Resource,
    subject: &Value,
    (namespace, name): (&str, &str),
    role: &str,
    out: &mut Emitter<'_>,
) {
    let unplaced = workloads_running_as(ctx, None, (binding.cluster(), None), name);
    if unplaced.is_empty() {
        return;
    }
    let users = list_addresses(&unplaced.iter().map(|(_, r)| *r).collect::<Vec<_>>());
    out.unknown(
        binding,
        subject,
        format!(
            "{} grants {role} {} to ServiceAccount `{namespace}/{name}`; the workloads running as `{name}` \
             ({users}) name no namespace, so they hold that role if applied in `{namespace}` (`kubectl apply -n`, kustomize \
             `namespace:`); set their `metadata.namespace`, and bind a Role that lists only the verbs and resources \
             the workload uses.",
            binding.address,
            scope(binding)
        ),
    );
}
