//! ## What it does
//! Checks that the Kubernetes API endpoint of an `aws_eks_cluster` is not reachable from the
//! whole internet. In `vpc_config`, `endpoint_public_access` defaults to true and
//! `public_access_cidrs` to `["0.0.0.0/0"]`, so a cluster that sets neither has an API server open
//! to every address. The rule reports a public endpoint whose `public_access_cidrs` is unset or
//! includes `0.0.0.0/0` (or `::/0`).
//!
//! ## Why is this bad?
//! The API server is the control plane of every workload in the cluster. Open to the internet it
//! is exposed to credential stuffing with leaked kubeconfigs and tokens, and to any vulnerability
//! in the API server or its authenticators before a patch reaches the cluster. Limiting the
//! endpoint to private access (from the VPC, over VPN or Direct Connect), or to the CIDR ranges of
//! your offices and CI runners, removes that exposure.
//!
//! ## Example
//! ```hcl
//! resource "aws_eks_cluster" "main" {
//!   name     = "prod"
//!   role_arn = aws_iam_role.cluster.arn
//!
//!   vpc_config {
//!     subnet_ids = var.private_subnet_ids
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_eks_cluster" "main" {
//!   name     = "prod"
//!   role_arn = aws_iam_role.cluster.arn
//!
//!   vpc_config {
//!     subnet_ids              = var.private_subnet_ids
//!     endpoint_private_access = true
//!     endpoint_public_access  = true
//!     public_access_cidrs     = ["203.0.113.0/24"]
//!   }
//! }
//! ```
//! or `endpoint_public_access = false` for a private-only endpoint.
//!
//! ## References
//! - [Cluster API server endpoint](https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html)
//! - [VpcConfigRequest (defaults)](https://docs.aws.amazon.com/eks/latest/APIReference/API_VpcConfigRequest.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG108",
    slug: "eks-public-endpoint-open",
    title: "EKS API endpoint is open to the internet",
    severity: Severity::High,
    category: Category::Network,
    references: &["CWE-284", "CIS EKS 5.4.2"],
    aliases: &[],
};

const FIX: &str = "set `endpoint_public_access = false` (with `endpoint_private_access = true`) or restrict \
                   `public_access_cidrs` to the networks that administer the cluster";

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, cluster) in ctx.tf_resources("aws_eks_cluster") {
        let subject = format!("EKS cluster `{}`", cluster.name);
        let configs = blocks(&cluster.body, "vpc_config");
        for config in configs.known {
            let public = bool_attr(config, &["endpoint_public_access"]);
            let public_tri = public.test(true, |on| on);
            let reach = match config.get("public_access_cidrs") {
                Lookup::Absent => None,
                Lookup::Known(v) if v.is_null() => None,
                _ => Some(internet_reach(config, &["public_access_cidrs"])),
            };
            let open = match reach {
                None | Some(Reach::Internet { .. }) => Tri::Yes,
                Some(Reach::Unknown { value, .. }) => Tri::Unknown(value),
                Some(Reach::Restricted) => Tri::No,
            };
            match public_tri.and(|| open) {
                Tri::No => {}
                Tri::Yes => {
                    let (at, why) = match reach {
                        Some(Reach::Internet { cidr, value, .. }) => {
                            (value.span, format!("allows {cidr} in `public_access_cidrs`"))
                        }
                        _ => (
                            public.span_or(config.span),
                            "does not set `public_access_cidrs`, which defaults to 0.0.0.0/0".to_string(),
                        ),
                    };
                    let state = match public {
                        Attr::Set(..) => "has a public API endpoint that",
                        _ => "has a public API endpoint (`endpoint_public_access` defaults to true) that",
                    };
                    out.fail(cluster, at, format!("{subject} {state} {why}; {FIX}."));
                }
                Tri::Unknown(value) => {
                    out.unknown(cluster, value, format!("{subject} may expose its API endpoint to the internet; {FIX}"))
                }
            }
        }
        if let Some(dynamic) = configs.unknown {
            out.unknown(cluster, dynamic, format!("{subject} may expose its API endpoint to the internet; {FIX}"));
        }
    }
}
