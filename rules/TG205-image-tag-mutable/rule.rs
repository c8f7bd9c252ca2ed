//! ## What it does
//! Flags every container image that is not pinned: one with no tag and no digest (which
//! Kubernetes pulls as `:latest`) or with the `:latest` tag. An image pinned by digest
//! (`@sha256:...`) always passes, whatever its tag. Regular, init and ephemeral containers are
//! all checked.
//!
//! ## Why is this bad?
//! A tag is a movable pointer: whoever can push to the repository can point it at different
//! content, and `latest` moves by design. Pods of the same workload then run different code
//! depending on when their node pulled the image, a rollback redeploys whatever the tag points
//! to *now*, and a compromised registry account silently changes what runs in the cluster. For
//! `:latest` (or no tag) Kubernetes also defaults `imagePullPolicy` to `Always`, so every pod
//! start depends on the registry being reachable. Kubernetes' configuration best practices ask
//! for a specific version tag or, to be immutable, a digest.
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
//!         - name: wait-for-db
//!           image: busybox
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:latest
//! ```
//!
//! ## Use instead
//! ```yaml
//!       initContainers:
//!         - name: wait-for-db
//!           image: busybox:1.36.1
//!       containers:
//!         - name: app
//!           image: registry.example.com/payments/api:1.14.2@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945
//! ```

use crate::prelude::*;
use crate::support::pods::workload_containers;

pub const META: RuleMeta = RuleMeta {
    id: "TG205",
    slug: "image-tag-mutable",
    title: "Container image is not pinned to a version",
    severity: Severity::Medium,
    category: Category::Workload,
    references: &["CWE-494", "Kubernetes: Configuration Best Practices (Container Images)"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for c in workload_containers(ctx) {
        match c.container.value.get("image") {
            Lookup::Unknown(value) => out.unknown(
                c.workload,
                value,
                format!("{} may use a mutable image tag: its image is not known; pin a version tag or digest.", c.subject()),
            ),
            Lookup::Known(value) => {
                // An empty image is left for a tool that fills it in (kustomize `images:`, a mutating webhook).
                let Some(image) = value.as_str().map(str::trim).filter(|s| !s.is_empty()) else { continue };
                let problem = match tag(image) {
                    Tag::Digest | Tag::Version => continue,
                    Tag::Missing => "has no tag, so Kubernetes pulls `latest`",
                    Tag::Latest => "uses the `latest` tag",
                };
                out.fail(
                    c.workload,
                    value.span,
                    format!(
                        "{} runs image `{image}`, which {problem}: the content can change under the same name; \
                         pin a version tag (`{}:1.2.3`) or, better, a digest (`@sha256:...`).",
                        c.subject(),
                        repository(image)
                    ),
                );
            }
            Lookup::Absent => {}
        }
    }
}

#[derive(Debug, PartialEq)]
enum Tag {
    Digest,
    Version,
    Latest,
    Missing,
}

/// Reads an image reference `[registry[:port]/]path[:tag][@digest]`. A colon before the last
/// `/` belongs to the registry's port, not to a tag.
fn tag(image: &str) -> Tag {
    let image = image.trim();
    if image.contains('@') {
        return Tag::Digest;
    }
    let last_component = image.rsplit('/').next().unwrap_or(image);
    match last_component.split_once(':') {
        None => Tag::Missing,
        Some((_, "latest")) => Tag::Latest,
        Some((_, "")) => Tag::Missing,
        Some(_) => Tag::Version,
    }
}

/// The image without its tag, for the suggested fix.
fn repository(image: &str) -> &str {
    let image = image.trim();
    let name_start = image.rfind('/').map_or(0, |i| i + 1);
    match image[name_start..].find(':') {
        Some(colon) => &image[..name_start + colon],
        None => image,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_past_registry_ports() {
        assert_eq!(tag("nginx"), Tag::Missing);
        assert_eq!(tag("nginx:latest"), Tag::Latest);
        assert_eq!(tag("registry.example.com:5000/team/app"), Tag::Missing);
        assert_eq!(tag("registry.example.com:5000/team/app:2.1"), Tag::Version);
        assert_eq!(tag("app:latest@sha256:abc"), Tag::Digest);
        assert_eq!(repository("registry.example.com:5000/team/app:latest"), "registry.example.com:5000/team/app");
        assert_eq!(repository("nginx"), "nginx");
    }
}
