//! ## What it does
//! Checks IAM policies for Allow statements that grant every action (`"*"`), every action of a
//! service (`"iam:*"`, `"s3:*"`), or every action but a few (`NotAction` with `Allow`). It reads
//! the JSON `policy` of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy` and
//! `aws_iam_group_policy`, the `inline_policy` blocks of `aws_iam_role`, and the `statement` blocks
//! of `data "aws_iam_policy_document"`. A `policy` that only refers to a policy document of the
//! scan is judged where the document is written. A statement that names a principal
//! (`principals` blocks, `Principal`) belongs to a resource-based policy, such as the key policy a
//! KMS module builds with a policy document (`kms:*` for the account root is AWS's default key
//! policy), and is not judged: IAM rejects principals in identity policies. `NotAction: "*"`
//! grants nothing and is not reported.
//!
//! A service wildcard is judged by the access levels AWS gives the service's actions (the table
//! in `rules/data/iam-actions.tsv`, see TG107): a service whose every action is at the List or
//! Read level (`pricing:*`, `geo-maps:*`) grants no change and is not reported; a service the
//! table does not know makes the verdict unknown.
//!
//! A policy built with `jsonencode(...)` or any other expression is reported as unknown until
//! Tollgate evaluates Terraform expressions: it cannot yet see the statements inside.
//!
//! ## Why is this bad?
//! `"*"` turns the principal into an administrator. A service-wide wildcard hands over every
//! present and future action of that service, including the dangerous ones: `s3:*` includes
//! `s3:PutBucketPolicy` and `s3:DeleteBucket`, `iam:*` lets the principal grant itself anything.
//! `NotAction` with `Allow` grants everything not listed, including actions added to AWS later.
//! AWS's guidance is to grant least privilege: only the actions a workload calls.
//!
//! ## Example
//! ```hcl
//! data "aws_iam_policy_document" "deploy" {
//!   statement {
//!     actions   = ["s3:*"]
//!     resources = ["arn:aws:s3:::acme-artifacts/*"]
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! data "aws_iam_policy_document" "deploy" {
//!   statement {
//!     actions   = ["s3:GetObject", "s3:PutObject"]
//!     resources = ["arn:aws:s3:::acme-artifacts/*"]
//!   }
//! }
//! ```
//!
//! ## References
//! - [Security best practices in IAM: apply least-privilege permissions](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege)
//! - [IAM JSON policy elements: NotAction](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html)

use crate::prelude::*;
use crate::support::iam::{self, Policy, Statement};
use crate::support::iam_actions::{self, Classified};

pub const META: RuleMeta = RuleMeta {
    id: "TG106",
    slug: "iam-policy-wildcard-action",
    title: "IAM policy allows all actions, or all actions of a service",
    severity: Severity::High,
    category: Category::LeastPrivilege,
    references: &["CWE-269", "CIS AWS 1.16"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    iam::judge_statements(ctx, out, "allow `*` or a service-wide wildcard; list only the actions needed", judge);
}

/// Reports a statement that allows (or may allow) a wildcard action; true when it reported.
fn judge(policy: &Policy<'_>, statement: &Statement<'_>, out: &mut Emitter<'_>) -> bool {
    let Some(found) = wildcard(statement) else { return false };
    let where_ = format!("{} in {}", policy.label, statement.label);
    match (statement.allows(), found) {
        (Tri::No, _) => return false,
        (Tri::Yes, Wildcard::Known(at, what, fix)) => {
            out.fail(policy.resource, at.span, format!("{where_} allows {what}; {fix}."));
        }
        (Tri::Unknown(effect), Wildcard::Known(_, what, fix)) => out.unknown(
            policy.resource,
            effect,
            format!("{where_} would allow {what} if its effect is Allow; {fix}"),
        ),
        (_, Wildcard::NotInTable(at, service)) => out.unknown(
            policy.resource,
            at,
            format!(
                "{where_} allows every `{service}` action, a service not in Tollgate's table of IAM actions ({}), \
                 so what it grants is unknown; check the service prefix, or list the actions needed in `{}`",
                iam_actions::SOURCE,
                statement.action_key
            ),
        ),
        (_, Wildcard::Unknown(actions)) => out.unknown(
            policy.resource,
            actions,
            format!(
                "{where_} may allow `*` or a service-wide wildcard; list only the actions needed in `{}`",
                statement.action_key
            ),
        ),
    }
    true
}

enum Wildcard<'a> {
    /// Where, what is allowed, how to fix it.
    Known(&'a Value, String, String),
    /// A service wildcard of a service the table does not hold: where, and the service.
    NotInTable(&'a Value, &'a str),
    Unknown(&'a Value),
}

/// The first wildcard grant of a statement (whatever its effect).
fn wildcard<'a>(statement: &Statement<'a>) -> Option<Wildcard<'a>> {
    let key = statement.action_key;
    let mut not_in_table = None;
    if let Some(actions) = &statement.actions {
        if let Some((action, at)) = actions.find(iam::is_every_action) {
            let fix = format!("list only the actions the principal needs in `{key}`");
            return Some(Wildcard::Known(at, format!("every action (`{action}`)"), fix));
        }
        for &(action, at) in &actions.known {
            let Some(service) = iam::service_wildcard(action) else { continue };
            match iam_actions::classify(action) {
                // A service whose every action only lists or reads (`pricing:*`).
                Classified::Known(grants) if grants.levels.changing().is_empty() => {}
                Classified::Known(_) => {
                    let fix = format!("list the `{service}` actions the principal needs in `{key}`");
                    return Some(Wildcard::Known(at, format!("every `{service}` action (`{action}`)"), fix));
                }
                Classified::Unknown => not_in_table = not_in_table.or(Some(Wildcard::NotInTable(at, service))),
            }
        }
    }
    // `NotAction: "*"` excludes every action: it grants nothing.
    if let Some(not_actions) = statement.not_actions.as_ref().filter(|n| n.find(iam::is_every_action).is_none()) {
        if let Some((_, at)) = not_actions.known.first() {
            let what = format!("every action except those in `{}`", statement.not_action_key);
            let fix = format!("replace `{}` with an explicit `{key}` list", statement.not_action_key);
            return Some(Wildcard::Known(at, what, fix));
        }
    }
    let unknown = statement.actions.iter().chain(&statement.not_actions).find_map(|s| s.unknown.first().copied());
    not_in_table.or(unknown.map(Wildcard::Unknown))
}
