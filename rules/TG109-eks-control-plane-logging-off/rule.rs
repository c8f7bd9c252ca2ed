//! ## What it does
//! Checks that an `aws_eks_cluster` sends the control plane logs needed to investigate access to
//! CloudWatch Logs: `enabled_cluster_log_types` must include `"api"`, `"audit"` and
//! `"authenticator"`. EKS enables no log type by default.
//!
//! ## Why is this bad?
//! Without the audit log there is no record of who read a Secret, created a privileged pod or
//! changed an RBAC binding; without the authenticator log, no record of which IAM principal
//! logged in as which Kubernetes user; without the API server log, no record of the requests
//! behind an incident. These logs cannot be recovered after the fact: they exist only if they were
//! enabled before the event. (`controllerManager` and `scheduler` are useful for troubleshooting
//! but not required here.)
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
//!   name                      = "prod"
//!   role_arn                  = aws_iam_role.cluster.arn
//!   enabled_cluster_log_types = ["api", "audit", "authenticator"]
//!
//!   vpc_config {
//!     subnet_ids = var.private_subnet_ids
//!   }
//! }
//! ```
//!
//! ## References
//! - [Send control plane logs to CloudWatch Logs](https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG109",
    slug: "eks-control-plane-logging-off",
    title: "EKS control plane audit logging is not enabled",
    severity: Severity::Medium,
    category: Category::Observability,
    references: &["CWE-778", "CIS EKS 2.1.1"],
    aliases: &[],
};

const REQUIRED: [&str; 3] = ["api", "audit", "authenticator"];

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, cluster) in ctx.tf_resources("aws_eks_cluster") {
        let subject = format!("EKS cluster `{}`", cluster.name);
        let types = strings(&cluster.body, &["enabled_cluster_log_types"]);
        let missing: Vec<String> = REQUIRED.iter().filter(|t| !types.contains(t)).map(|t| format!("\"{t}\"")).collect();
        if missing.is_empty() {
            continue;
        }
        let fix = "set `enabled_cluster_log_types` to include \"api\", \"audit\" and \"authenticator\"";
        if let Some(unknown) = types.unknown.first() {
            out.unknown(cluster, unknown, format!("{subject} may not send all required control plane logs; {fix}"));
            continue;
        }
        match cluster.body.get("enabled_cluster_log_types").known().filter(|v| !v.is_null()) {
            Some(list) if !types.known.is_empty() => out.fail(
                cluster,
                list.span,
                format!("{subject} does not send the {} control plane logs; {fix}.", text::join_and(&missing)),
            ),
            Some(list) => out.fail(cluster, list.span, format!("{subject} enables no control plane log type; {fix}.")),
            None => out.fail(
                cluster,
                cluster.span,
                format!("{subject} enables no control plane log type (`enabled_cluster_log_types` is not set); {fix}."),
            ),
        }
    }
}
