//! ## What it does
//! Flags every container that Kubernetes would let run as root: one whose effective
//! `securityContext` (the container's own setting, else the pod's) sets `runAsUser: 0`, or sets
//! neither `runAsNonRoot: true` nor a non-zero `runAsUser`. Regular, init and ephemeral
//! containers are all checked.
//!
//! ## Why is this bad?
//! Without these settings the container runs as whatever user its image declares, and most
//! images declare root (UID 0). Root inside a container shares the UID of root on the node: any
//! escape through a kernel bug, a writable host mount or a granted capability lands as root.
//! The *restricted* Pod Security Standard requires `runAsNonRoot: true` (at pod or container
//! level) and forbids `runAsUser: 0`. With `runAsNonRoot: true` the kubelet checks the user the
//! image would run as and refuses to start the container if it is root, so the guarantee does
//! not depend on how the image was built.
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
//!       initContainers:
//!         - name: migrate
//!           image: registry.example.com/payments/migrate:1.14.2
//!           securityContext:
//!             runAsUser: 0
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:1.14.2
//! ```
//!
//! ## Use instead
//! Require a non-root user for the whole pod, and pick a UID the image can run as:
//! ```yaml
//!     spec:
//!       securityContext:
//!         runAsNonRoot: true
//!         runAsUser: 10001
//!         runAsGroup: 10001
//!       initContainers:
//!         - name: migrate
//!           image: registry.example.com/payments/migrate:1.14.2
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:1.14.2
//! ```

use crate::prelude::*;
use crate::support::attr::Attr;
use crate::support::pods::{flag, workload_containers, WorkloadContainer};

pub const META: RuleMeta = RuleMeta {
    id: "TG202",
    slug: "container-may-run-as-root",
    title: "Container may run as root",
    severity: Severity::Medium,
    category: Category::Workload,
    references: &["CWE-250", "Kubernetes Pod Security Standards: restricted (Running as Non-root)"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for c in workload_containers(ctx) {
        check_container(&c, out);
    }
}

fn check_container(c: &WorkloadContainer<'_>, out: &mut Emitter<'_>) {
    let user = c.effective_security("runAsUser");
    let uid = user.known().and_then(Value::as_i64);
    if let (Some(0), Some(value)) = (uid, user.known()) {
        out.fail(
            c.workload,
            value.span,
            format!(
                "{} runs as root (`runAsUser: 0`); set `runAsUser` to a non-zero UID the image supports \
                 and `runAsNonRoot: true`.",
                c.subject()
            ),
        );
        return;
    }
    let non_root = flag(c.effective_security("runAsNonRoot"));
    if matches!(non_root, Attr::Set(true, _)) || uid.is_some_and(|u| u > 0) {
        return;
    }
    // Either setting could still turn out to forbid root.
    if let Lookup::Unknown(value) = user {
        out.unknown(c.workload, value, unknown_message(c, "runAsUser"));
        return;
    }
    if let Attr::Unknown(value) = non_root {
        out.unknown(c.workload, value, unknown_message(c, "runAsNonRoot"));
        return;
    }
    let (at, written) = match non_root {
        Attr::Set(false, value) => (value.span, "sets `runAsNonRoot: false`"),
        _ => (c.span(), "sets neither `runAsNonRoot: true` nor a non-zero `runAsUser`"),
    };
    out.fail(
        c.workload,
        at,
        format!(
            "{} may run as root: its securityContext (or the pod's) {written}, so the image's user applies; \
             set `securityContext.runAsNonRoot: true` on the pod or the container.",
            c.subject()
        ),
    );
}

fn unknown_message(c: &WorkloadContainer<'_>, field: &str) -> String {
    format!(
        "{} may run as root: `securityContext.{field}` is not known; make sure the pod or container sets \
         `runAsNonRoot: true`.",
        c.subject()
    )
}
