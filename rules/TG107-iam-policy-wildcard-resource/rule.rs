//! ## What it does
//! Checks IAM policies for Allow statements that grant an action able to change something (any
//! action that is not a `Describe*`, `Get*`, `List*`, `BatchGet*` or `Head*` read) on every
//! resource: `Resource` `"*"`, or `NotResource` with `Allow`. It reads the same policies as TG106:
//! JSON `policy` strings of `aws_iam_*policy` resources and `aws_iam_role` `inline_policy` blocks,
//! and `data "aws_iam_policy_document"` statements.
//!
//! A few actions have no resource type at all and can only be granted on `"*"`
//! (`cloudwatch:PutMetricData`, `xray:PutTraceSegments`, the `ssmmessages:` channel actions); they
//! are not reported.
//!
//! ## Why is this bad?
//! A write or permissions action on `"*"` applies to every resource of its kind in the account,
//! present and future: `s3:PutObject` on `"*"` can overwrite any bucket's objects, `sts:AssumeRole`
//! on `"*"` can become any role that trusts the account, `kms:Decrypt` on `"*"` can read anything
//! encrypted with any key whose policy delegates to IAM. Scoping `Resource` to ARNs limits the damage
//! a leaked credential or a confused workload can do.
//!
//! ## Example
//! ```hcl
//! data "aws_iam_policy_document" "worker" {
//!   statement {
//!     actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
//!     resources = ["*"]
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! data "aws_iam_policy_document" "worker" {
//!   statement {
//!     actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
//!     resources = [aws_sqs_queue.jobs.arn]
//!   }
//! }
//! ```
//!
//! ## Limitations
//! Read-only is judged by the action's name prefix, as IAM's access levels mostly follow it. Actions
//! with no resource type beyond the listed ones are reported; keep them in a statement of their own
//! and suppress the finding there.
//!
//! ## References
//! - [IAM JSON policy elements: Resource](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
//! - [Security best practices in IAM](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege)

use crate::prelude::*;
use crate::support::iam::{self, Policy, Statement};

pub const META: RuleMeta = RuleMeta {
    id: "TG107",
    slug: "iam-policy-wildcard-resource",
    title: "IAM policy allows write actions on every resource",
    severity: Severity::Medium,
    category: Category::LeastPrivilege,
    references: &["CWE-269", "CWE-732"],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    iam::judge_statements(ctx, out, "allow write actions on `*`; scope resources to ARNs", judge);
}

/// Reports a statement that allows (or may allow) a write action on every resource; true when
/// it reported.
fn judge(policy: &Policy<'_>, statement: &Statement<'_>, out: &mut Emitter<'_>) -> bool {
    let resource = every_resource(statement);
    let action = write_action(statement);
    let where_ = format!("{} in {}", policy.label, statement.label);
    let verdict = statement.allows().and(|| resource.tri()).and(|| action.tri());
    match (verdict, &resource, &action) {
        (Tri::Yes, Found::Yes(at, scope), Found::Yes(_, what)) => out.fail(
            policy.resource,
            at.span,
            format!(
                "{where_} allows {what} on {scope}; scope `{}` to the ARNs the principal needs.",
                statement.resource_key
            ),
        ),
        (Tri::Unknown(value), _, _) => out.unknown(
            policy.resource,
            value,
            format!(
                "{where_} may allow a write action on every resource; scope `{}` to the ARNs the principal needs",
                statement.resource_key
            ),
        ),
        _ => return false,
    }
    true
}

/// A fact found in a statement: where it is written and how to describe it.
enum Found<'a> {
    Yes(&'a Value, String),
    No,
    Unknown(&'a Value),
}

impl<'a> Found<'a> {
    fn tri(&self) -> Tri<'a> {
        match self {
            Found::Yes(..) => Tri::Yes,
            Found::No => Tri::No,
            Found::Unknown(v) => Tri::Unknown(v),
        }
    }

    /// From a list: a known match, else its first unknown item that might match.
    fn from_list(
        list: Option<&Strings<'a>>,
        test: impl Fn(&str) -> bool,
        might_match: impl Fn(&Value) -> bool,
        describe: impl Fn(&str) -> String,
    ) -> Self {
        let Some(list) = list else { return Found::No };
        match list.find(test) {
            Some((item, at)) => Found::Yes(at, describe(item)),
            None => list.unknown.iter().find(|v| might_match(v)).map_or(Found::No, |v| Found::Unknown(v)),
        }
    }
}

fn every_resource<'a>(statement: &Statement<'a>) -> Found<'a> {
    // A reference to a resource's `arn` is never `*`.
    let might_be_star = |v: &Value| !iam::is_arn_reference(v);
    let star = Found::from_list(
        statement.resources.as_ref(),
        |r| r.trim() == "*",
        might_be_star,
        |_| "every resource (`*`)".into(),
    );
    if !matches!(star, Found::No) {
        return star;
    }
    let key = statement.not_resource_key;
    Found::from_list(
        statement.not_resources.as_ref(),
        |_| true,
        |_| true,
        |_| format!("every resource except its `{key}`"),
    )
}

fn write_action<'a>(statement: &Statement<'a>) -> Found<'a> {
    let is_write = |a: &str| !iam::is_read_only(a) && !iam::needs_every_resource(a);
    let write = Found::from_list(statement.actions.as_ref(), is_write, |_| true, |a| format!("`{a}`"));
    if !matches!(write, Found::No) {
        return write;
    }
    let key = statement.not_action_key;
    Found::from_list(statement.not_actions.as_ref(), |_| true, |_| true, |_| format!("every action except its `{key}`"))
}
