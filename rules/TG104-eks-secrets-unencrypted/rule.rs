//! ## What it does
//! Checks that every `aws_eks_cluster` has an `encryption_config` block whose `resources` include
//! `"secrets"`, so that Kubernetes Secrets are envelope-encrypted with a KMS key the account owns
//! (`provider.key_arn`).
//!
//! ## Why is this bad?
//! Secrets hold database passwords, API tokens and TLS keys. Clusters on Kubernetes 1.28 or later
//! get default envelope encryption with an AWS-owned key, and older clusters get none beyond disk
//! encryption. Either way, without `encryption_config` the account does not control the key: it
//! cannot restrict who may decrypt through the key policy, see every decryption in CloudTrail,
//! rotate the key on its own schedule or revoke access by disabling it. A customer-managed key for
//! Secrets is what the CIS Amazon EKS Benchmark and most compliance frameworks ask for.
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
//!     subnet_ids = var.private_subnet_ids
//!   }
//!
//!   encryption_config {
//!     resources = ["secrets"]
//!     provider {
//!       key_arn = aws_kms_key.eks.arn
//!     }
//!   }
//! }
//! ```
//!
//! ## References
//! - [Default envelope encryption for all Kubernetes API data](https://docs.aws.amazon.com/eks/latest/userguide/envelope-encryption.html)
//! - [Encrypt Kubernetes secrets with KMS on existing clusters](https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG104",
    slug: "eks-secrets-unencrypted",
    title: "EKS cluster does not encrypt Secrets with a customer-managed KMS key",
    severity: Severity::Medium,
    category: Category::Encryption,
    references: &["CWE-311", "CIS EKS 5.3.1"],
    aliases: &[],
};

const FIX: &str = "add `encryption_config { resources = [\"secrets\"] provider { key_arn = aws_kms_key.<name>.arn } }`";

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, cluster) in ctx.tf_resources("aws_eks_cluster") {
        let subject = format!("EKS cluster `{}`", cluster.name);
        let configs = blocks(&cluster.body, "encryption_config");
        let covers_secrets = Tri::any(configs.known.iter().map(|c| strings(c, &["resources"]).any(|r| r == "secrets")));
        let covers_secrets = covers_secrets.or(|| configs.unknown.map_or(Tri::No, Tri::Unknown));
        match covers_secrets {
            Tri::Yes => {}
            Tri::Unknown(value) => out.unknown(
                cluster,
                value,
                format!(
                    "{subject} encrypts Secrets with its own KMS key only if `encryption_config` lists \"secrets\""
                ),
            ),
            Tri::No => {
                let (at, what, fix) = match configs.known.first() {
                    Some(config) => (
                        config.get("resources").value().map_or(config.span, |v| v.span),
                        "has an `encryption_config` whose `resources` do not include \"secrets\"",
                        "set `resources = [\"secrets\"]` in it",
                    ),
                    None => (cluster.span, "has no `encryption_config`", FIX),
                };
                out.fail(
                    cluster,
                    at,
                    format!("{subject} {what}, so Secrets are not encrypted with a KMS key you control; {fix}."),
                );
            }
        }
    }
}
