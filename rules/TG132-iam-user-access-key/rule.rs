//! ## What it does
//! Reports every active `aws_iam_access_key` (`status` defaults to `"Active"`): a long-lived
//! access key for an IAM user, created by Terraform.
//!
//! ## Why is this bad?
//! An access key works until someone deletes it, from anywhere on the internet. Keys leak through
//! laptops, CI logs and repositories, and a leaked key is a standing way into the account. A key
//! created by Terraform is worse: its secret is written to the Terraform state, in clear text
//! unless `pgp_key` is set, so everyone who can read the state holds the key too. AWS recommends
//! temporary credentials instead: IAM roles for workloads (instance profiles, IRSA, Lambda and ECS
//! task roles), IAM Identity Center for people, OIDC federation for CI.
//!
//! ## Example
//! ```hcl
//! resource "aws_iam_user" "ci" {
//!   name = "ci"
//! }
//!
//! resource "aws_iam_access_key" "ci" {
//!   user = aws_iam_user.ci.name
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_iam_role" "ci" {
//!   name               = "ci"
//!   assume_role_policy = data.aws_iam_policy_document.github_oidc.json
//! }
//! ```
//!
//! ## References
//! - [Security best practices in IAM: require workloads to use temporary credentials](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles)
//! - [Terraform: aws_iam_access_key](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_access_key)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG132",
    slug: "iam-user-access-key",
    title: "IAM user has a long-lived access key",
    severity: Severity::Medium,
    category: Category::LeastPrivilege,
    references: &["CWE-798", "CIS AWS 1.12"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, key) in ctx.tf_resources("aws_iam_access_key") {
        let user = key
            .body
            .get("user")
            .known()
            .and_then(Value::as_str)
            .map_or_else(String::new, |u| format!(" of IAM user `{u}`"));
        let state = if key.body.get("pgp_key").is_unset() { "in clear text" } else { "encrypted with `pgp_key`" };
        let subject = format!("Access key `{}`{user}", key.name);
        let fix = "use temporary credentials instead: an IAM role (instance profile, IRSA, task role), IAM Identity \
                   Center, or OIDC federation for CI";
        match str_attr(&key.body, &["status"]) {
            Attr::Set(status, _) if status.eq_ignore_ascii_case("Inactive") => {}
            Attr::Unknown(value) => out.unknown(key, value, format!("{subject} is a long-lived credential if it is active; {fix}")),
            status => out.fail(
                key,
                status.span_or(key.span),
                format!("{subject} is a long-lived credential, and its secret is stored in the Terraform state {state}; {fix}."),
            ),
        }
    }
}
