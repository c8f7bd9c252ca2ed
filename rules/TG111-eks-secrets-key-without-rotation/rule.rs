//! ## What it does
//! Checks the KMS key an `aws_eks_cluster` encrypts Kubernetes Secrets with: when
//! `encryption_config.provider.key_arn` refers to an `aws_kms_key` of the scan, that key must have
//! automatic rotation on (`enable_key_rotation = true`; it defaults to false). Keys referred to by
//! a literal ARN or a variable are outside the scan and not judged.
//!
//! ## Why is this bad?
//! Envelope encryption protects Secrets only as well as the key that wraps their data keys. The
//! Secrets key of a cluster is used for the cluster's whole life, often years; without rotation a
//! single key material protects every Secret ever written. KMS rotation is transparent to EKS:
//! old material stays available for decryption while new writes use the new material.
//!
//! ## Example
//! ```hcl
//! resource "aws_kms_key" "eks" {
//!   description = "EKS secrets"
//! }
//!
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
//! ## Use instead
//! ```hcl
//! resource "aws_kms_key" "eks" {
//!   description         = "EKS secrets"
//!   enable_key_rotation = true
//! }
//! ```
//!
//! ## References
//! - [Rotate AWS KMS keys](https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html)
//! - [Encrypt Kubernetes secrets with KMS](https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG111",
    slug: "eks-secrets-key-without-rotation",
    title: "EKS Secrets are encrypted with a KMS key that does not rotate",
    severity: Severity::Medium,
    category: Category::Encryption,
    references: &["CWE-320"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (id, cluster) in ctx.tf_resources("aws_eks_cluster") {
        let keys = ctx
            .graph()
            .edges_from(id)
            .filter(|e| e.kind == EdgeKind::Reference && e.via.starts_with("encryption_config"))
            .map(|e| ctx.resource(e.to))
            .filter(|key| key.is_tf_resource("aws_kms_key"));
        for key in keys {
            // Point at the `key_arn` written in the cluster.
            let at = cluster
                .references
                .iter()
                .find(|r| r.target == key.address && r.attribute.starts_with("encryption_config"))
                .map_or(cluster.span, |r| r.span);
            let subject = format!("EKS cluster `{}` encrypts Secrets with `{}`", cluster.name, key.address);
            match kms::rotation(key) {
                kms::Rotation::On | kms::Rotation::NotApplicable => {}
                kms::Rotation::Off(_) => out.fail(
                    cluster,
                    at,
                    format!(
                        "{subject}, whose automatic rotation is off; set `enable_key_rotation = true` on `{}`.",
                        key.address
                    ),
                ),
                kms::Rotation::Unknown(value) => out.unknown_at(
                    cluster,
                    at,
                    value,
                    format!("{subject}, which rotates only if `enable_key_rotation` is true"),
                ),
            }
        }
    }
}
