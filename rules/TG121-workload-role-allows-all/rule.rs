//! ## What it does
//! Finds IAM roles that Kubernetes workloads assume and that may perform every action. A role is
//! a workload's role when a ServiceAccount of the scan names it in its
//! `eks.amazonaws.com/role-arn` annotation (IAM roles for service accounts) or through an
//! `aws_eks_pod_identity_association`, or when its trust policy admits an EKS cluster's web
//! identities (`sts:AssumeRoleWithWebIdentity` from the cluster's OIDC provider) or EKS Pod
//! Identity (`pods.eks.amazonaws.com`). An OIDC provider is a cluster's when its ARN names an
//! `oidc.eks.` issuer, when it is an `aws_iam_openid_connect_provider` of the scan whose `url` is
//! an EKS cluster's issuer (`aws_eks_cluster.x.identity[0].oidc[0].issuer`, or an `oidc.eks.`
//! URL), or when the statement's conditions name `system:serviceaccount:` subjects; a provider
//! known only by an expression is unknown, whatever its name. Every grant of the role is read: `inline_policy` blocks,
//! `aws_iam_role_policy`, customer policies attached with `aws_iam_role_policy_attachment`,
//! `aws_iam_policy_attachment` or `managed_policy_arns`, and the AWS managed policies
//! `AdministratorAccess` and `PowerUserAccess`. An Allow statement with `"*"` in its actions, or
//! with `NotAction` (every action but a few), on every resource (`Resource` `"*"` or
//! `NotResource`), is reported on the role, at the line that grants it when the grant is written
//! in the role's file (else at the role; the message names the grant). A statement whose
//! resources are ARNs, or whose `Condition` limits the resources it reaches (a resource tag, a
//! source ARN or account: see TG107), is not every action of the account and is left to TG106,
//! which reports its `*`.
//!
//! A grant or a trust policy Tollgate cannot read (an expression it cannot evaluate, a policy ARN
//! it cannot resolve) makes the verdict unknown.
//!
//! ## Why is this bad?
//! Any process in the pod can fetch the role's credentials, so whoever compromises the workload
//! (a vulnerable dependency, a server-side request forgery) controls the whole AWS account: they
//! can read every bucket, create users and delete backups. Roles for workloads should allow only
//! the actions the application calls, on its own resources.
//!
//! ## Example
//! ```hcl
//! resource "aws_iam_role_policy_attachment" "payments_admin" {
//!   role       = aws_iam_role.payments_api.name    # assumed by ServiceAccount payments/api
//!   policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! data "aws_iam_policy_document" "payments_api" {
//!   statement {
//!     actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]
//!     resources = [aws_sqs_queue.payments.arn]
//!   }
//! }
//!
//! resource "aws_iam_role_policy" "payments_api" {
//!   role   = aws_iam_role.payments_api.name
//!   policy = data.aws_iam_policy_document.payments_api.json
//! }
//! ```
//!
//! ## References
//! - [IAM roles for service accounts](https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html)
//! - [EKS best practices: identity and access management](https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html)
//! - [Security best practices in IAM: apply least-privilege permissions](https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege)

use crate::prelude::*;
use crate::support::iam::{Found, Statement};
use crate::support::roles::{self, Grant, Workload};

pub const META: RuleMeta = RuleMeta {
    id: "TG121",
    slug: "workload-role-allows-all",
    title: "IAM role assumed by Kubernetes workloads allows every action",
    severity: Severity::Critical,
    category: Category::LeastPrivilege,
    references: &["CWE-269", "CWE-250"],
    aliases: &[],
};

/// AWS managed policies that grant (nearly) every action, and how messages describe them.
const MANAGED: &[(&str, &str)] = &[
    ("AdministratorAccess", "every action"),
    ("PowerUserAccess", "every action except IAM, Organizations and account management"),
];

const FIX: &str = "grant only the actions the workload calls, on its own resources";

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (role_id, role) in ctx.tf_resources("aws_iam_role") {
        let who = roles::workload(ctx, role_id, role);
        let subject = match &who {
            Workload::No => continue,
            Workload::Yes(who) => format!("Role `{}` is assumed by {who}", role.address),
            Workload::Unknown(_) => {
                format!(
                    "Role `{}` may be assumed by Kubernetes workloads (its trust policy cannot be read)",
                    role.address
                )
            }
        };
        let known_workload = matches!(who, Workload::Yes(_));
        for grant in roles::grants(ctx, role_id, role) {
            match grant {
                Grant::Policy(policy) => {
                    let mut reported = false;
                    for statement in policy.statements() {
                        let Some((at, what)) = every_action(&statement) else { continue };
                        let grants = format!("{} allows {what} ({})", policy.label, statement.label);
                        match (statement.allows(), at) {
                            (Tri::No, _) => continue,
                            (Tri::Yes, Ok(at)) => report(out, &who, role, at, format!("{subject}, and {grants}")),
                            (Tri::Unknown(effect), Ok(_)) if known_workload => out.unknown(
                                role,
                                effect,
                                format!("{subject}, and {grants} if its effect is Allow; {FIX}"),
                            ),
                            (_, Err(actions)) if known_workload => out.unknown(
                                role,
                                actions,
                                format!("{subject}, and {} may allow every action ({}); {FIX}", policy.label, statement.label),
                            ),
                            _ => continue,
                        }
                        reported = true;
                    }
                    if let (false, Some(unknown), true) = (reported, policy.unknown_identity_part(), known_workload) {
                        out.unknown(
                            role,
                            unknown,
                            format!("{subject}, and {} may allow every action; {FIX}", policy.label),
                        );
                    }
                }
                Grant::Managed { resource, arn, name } => {
                    if let Some((_, what)) = MANAGED.iter().find(|(managed, _)| *managed == name) {
                        let grants = format!("`{}` attaches the AWS managed policy `{name}` ({what})", resource.address);
                        report(out, &who, role, arn, format!("{subject}, and {grants}"));
                    }
                }
                Grant::Unknown { resource, value } if known_workload => out.unknown(
                    role,
                    value,
                    format!(
                        "{subject}, and `{}` attaches a policy Tollgate cannot resolve, which may allow every action; {FIX}",
                        resource.address
                    ),
                ),
                Grant::Unknown { .. } => {}
            }
        }
    }
}

/// Fails the role at the grant (in the role's file; else the role itself is shown) when the role
/// is known to be a workload's; unknown when that rests on its trust policy.
fn report(out: &mut Emitter<'_>, who: &Workload, resource: &Resource, at: &Value, message: String) {
    match who {
        Workload::Yes(_) => out.fail(resource, at.span, format!("{message}; {FIX}.")),
        Workload::Unknown(trust) => out.unknown_at(resource, at.span, trust, format!("{message}; {FIX}")),
        Workload::No => {}
    }
}

/// Where a statement grants every action on every resource, and how to say so: `*` in its
/// actions, or `NotAction` (whatever its effect), on `Resource` `"*"` (or `NotResource`) that no
/// condition limits. A statement scoped to ARNs or by a resource condition is not every action of
/// the account (TG106 still reports its `*`). `Err` holds a value Tollgate cannot read.
fn every_action<'a>(statement: &Statement<'a>) -> Option<(Result<&'a Value, &'a Value>, String)> {
    let (at, what) = any_action(statement)?;
    match (statement.every_resource(), at) {
        (Found::No, _) => None,
        (Found::Yes(_, scope), Ok(at)) => Some((Ok(at), format!("{what} on {scope}"))),
        (Found::Unknown(v), _) | (_, Err(v)) => Some((Err(v), what)),
    }
}

/// `*` in a statement's actions, or a `NotAction` that does not exclude every action.
fn any_action<'a>(statement: &Statement<'a>) -> Option<(Result<&'a Value, &'a Value>, String)> {
    if let Some(actions) = &statement.actions {
        if let Some((action, at)) = actions.find(iam::is_every_action) {
            return Some((Ok(at), format!("every action (`{action}`)")));
        }
    }
    let not_actions = statement.not_actions.as_ref().filter(|n| n.find(iam::is_every_action).is_none());
    if let Some((_, at)) = not_actions.and_then(|n| n.known.first()) {
        return Some((Ok(at), format!("every action except those in `{}`", statement.not_action_key)));
    }
    let unknown = statement.actions.iter().chain(&statement.not_actions).find_map(|s| s.unknown.first().copied());
    unknown.map(|v| (Err(v), "every action".to_string()))
}
