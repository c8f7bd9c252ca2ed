//! ## What it does
//! Flags every container that does not set `securityContext.allowPrivilegeEscalation: false`,
//! and every container that sets it but also runs privileged or adds `CAP_SYS_ADMIN` (Kubernetes
//! always allows escalation for those, and the API server rejects the combination). Regular,
//! init and ephemeral containers are all checked. Pods declared as Windows pods
//! (`spec.os.name: windows`) are skipped: the setting is Linux-only.
//!
//! ## Why is this bad?
//! `allowPrivilegeEscalation` controls the Linux `no_new_privs` flag of the container's
//! processes. When escalation is allowed (the default), a process can gain more privileges than
//! its parent: a set-user-ID binary such as `sudo`, `su` or a planted one runs as its owner,
//! usually root, and file capabilities are granted on `execve`. An attacker with code execution
//! in the container then becomes root inside it, the first step of most container escapes. The
//! *restricted* Pod Security Standard requires `allowPrivilegeEscalation: false` on every
//! container; the field exists only on containers, not on the pod.
//!
//! ## Example
//! ```yaml
//! apiVersion: apps/v1
//! kind: Deployment
//! metadata:
//!   name: api
//!   namespace: payments
//! spec:
//!   selector:
//!     matchLabels: {app: api}
//!   template:
//!     metadata:
//!       labels: {app: api}
//!     spec:
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:1.14.2
//!           securityContext:
//!             runAsNonRoot: true
//! ```
//!
//! ## Use instead
//! ```yaml
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:1.14.2
//!           securityContext:
//!             runAsNonRoot: true
//!             allowPrivilegeEscalation: false
//!             capabilities:
//!               drop: ["ALL"]
//! ```

use crate::prelude::*;
use crate::support::attr::Attr;
use crate::support::pods::{field_span, flag, is_windows_pod, workload_containers, WorkloadContainer};

pub const META: RuleMeta = RuleMeta {
    id: "TG206",
    slug: "privilege-escalation-allowed",
    title: "Container allows privilege escalation",
    severity: Severity::Medium,
    category: Category::Workload,
    references: &["CWE-269", "Kubernetes Pod Security Standards: restricted (Privilege Escalation)"],
    // Checkov CKV_K8S_20 "Containers should not run with allowPrivilegeEscalation"; Trivy KSV001 /
    // AVD-KSV-0001 (no-self-privesc: set `allowPrivilegeEscalation` to false).
    aliases: &["CKV_K8S_20", "KSV001", "AVD-KSV-0001"],
};

const SET_FALSE: &str = "set `securityContext.allowPrivilegeEscalation: false` on the container";

/// Why a container allows escalation, where, and what to change.
struct Escalation {
    at: Span,
    problem: &'static str,
    fix: &'static str,
}

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for c in workload_containers(ctx) {
        let windows = is_windows_pod(c.pod_spec);
        if windows == Ok(true) {
            continue;
        }
        let Some(found) = escalation(&c, out) else { continue };
        match windows {
            // Not a problem at all on a Windows pod, so the verdict rests on `os.name`.
            Err(os) => out.unknown(
                c.workload,
                os,
                format!("{} {} unless the pod is a Windows pod: `spec.os.name` is not known.", c.subject(), found.problem),
            ),
            Ok(_) => out.fail(c.workload, found.at, format!("{} {}; {}.", c.subject(), found.problem, found.fix)),
        }
    }
}

/// Where and why the container allows escalation; unknown settings are reported here.
fn escalation(c: &WorkloadContainer<'_>, out: &mut Emitter<'_>) -> Option<Escalation> {
    match flag(c.container_security(&["allowPrivilegeEscalation"])) {
        Attr::Set(true, value) => Some(Escalation {
            at: value.span,
            problem: "allows privilege escalation (`allowPrivilegeEscalation: true`)",
            fix: SET_FALSE,
        }),
        // A privileged or SYS_ADMIN container escalates whatever the flag says, and the API server
        // rejects `allowPrivilegeEscalation: false` beside `privileged: true`: name the real cause.
        Attr::Unset => always_escalates(c).or_else(|| {
            Some(Escalation {
                at: field_span(c.container.value, &["securityContext"]).unwrap_or(c.span()),
                problem: "allows privilege escalation: `allowPrivilegeEscalation` is not set and defaults to true",
                fix: SET_FALSE,
            })
        }),
        Attr::Unknown(value) => {
            out.unknown(
                c.workload,
                value,
                format!(
                    "{} may allow privilege escalation: `allowPrivilegeEscalation` is not known; make sure it is false.",
                    c.subject()
                ),
            );
            None
        }
        Attr::Set(false, _) => always_escalates(c),
    }
}

/// `allowPrivilegeEscalation: false` does not hold for privileged or CAP_SYS_ADMIN containers.
fn always_escalates(c: &WorkloadContainer<'_>) -> Option<Escalation> {
    if let Attr::Set(true, value) = flag(c.container_security(&["privileged"])) {
        return Some(Escalation {
            at: value.span,
            problem: "runs privileged, which always allows privilege escalation whatever `allowPrivilegeEscalation` says",
            fix: "remove `privileged: true`",
        });
    }
    let added = c.container_security(&["capabilities", "add"]).known()?;
    let sys_admin = added.items().iter().find(|cap| {
        cap.as_str().is_some_and(|name| {
            let name = name.trim().to_ascii_uppercase();
            name == "SYS_ADMIN" || name == "CAP_SYS_ADMIN"
        })
    })?;
    Some(Escalation {
        at: sys_admin.span,
        problem: "adds `SYS_ADMIN`, which always allows privilege escalation whatever `allowPrivilegeEscalation` says",
        fix: "drop the capability and grant a narrower one",
    })
}
