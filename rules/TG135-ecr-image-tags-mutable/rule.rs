//! ## What it does
//! Checks that every `aws_ecr_repository` makes image tags immutable
//! (`image_tag_mutability = "IMMUTABLE"`, or `"IMMUTABLE_WITH_EXCLUSION"` for a few named
//! mutable tags). The argument defaults to `"MUTABLE"`.
//!
//! ## Why is this bad?
//! With mutable tags, pushing an image with an existing tag silently replaces what the tag points
//! to. A deployment that pulls `payments:1.4.2` may then run a different image than the one that
//! was tested and scanned, and anyone allowed to push (a compromised CI job, say) can swap the
//! image a cluster will run on its next rollout.
//!
//! ## Example
//! ```hcl
//! resource "aws_ecr_repository" "payments" {
//!   name = "payments"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_ecr_repository" "payments" {
//!   name                 = "payments"
//!   image_tag_mutability = "IMMUTABLE"
//! }
//! ```
//!
//! ## References
//! - [Preventing image tags from being overwritten in Amazon ECR](https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG135",
    slug: "ecr-image-tags-mutable",
    title: "ECR repository lets image tags be overwritten",
    severity: Severity::Low,
    category: Category::Workload,
    references: &["CWE-494"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let expect = expect::Expect {
        noun: "ECR repository",
        path: &["image_tag_mutability"],
        problem: "lets a push replace the image an existing tag points to",
        fix: "set `image_tag_mutability = \"IMMUTABLE\"` and deploy new versions under new tags",
    };
    for (_, repository) in ctx.tf_resources("aws_ecr_repository") {
        expect.require_one_of(out, repository, Some("MUTABLE"), &["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"]);
    }
}
