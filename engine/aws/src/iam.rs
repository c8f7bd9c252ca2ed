//! IAM identities linked to their policies, and Kubernetes service accounts to the roles they
//! assume.
//!
//! - [`EdgeKind::AttachedTo`]: `aws_iam_role_policy`, `aws_iam_role_policy_attachment` (and the
//!   user and group forms, and `aws_iam_policy_attachment`) -> the role, user or group named by
//!   `role` / `user` / `group` (`roles` / `users` / `groups`), by reference or by literal name.
//! - [`EdgeKind::AttachesPolicy`]: an attachment's `policy_arn`, or a role's
//!   `managed_policy_arns`, -> the `aws_iam_policy` it names, by reference or by literal ARN.
//! - [`EdgeKind::AssumesRole`]: a ServiceAccount -> the `aws_iam_role` its
//!   `eks.amazonaws.com/role-arn` annotation names (IAM roles for service accounts), matched by
//!   the role's known `arn`, else by the role name (and path) in the ARN; and a ServiceAccount
//!   -> the role of an `aws_eks_pod_identity_association` naming it (EKS Pod Identity).

use crate::{scope, Links, RefIndex};
use std::collections::HashMap;
use tollgate_model::{EdgeKind, GraphBuilder, Resource, ResourceId, TfBlock, TfOrigin, Value};

/// The annotation IAM roles for service accounts reads.
pub const ROLE_ARN_ANNOTATION: &str = "eks.amazonaws.com/role-arn";

/// Policy resources and attachments, with the attribute naming the identity and its type.
const ATTACHED: &[(&str, &str, &str)] = &[
    ("aws_iam_role_policy", "role", "aws_iam_role"),
    ("aws_iam_role_policy_attachment", "role", "aws_iam_role"),
    ("aws_iam_user_policy", "user", "aws_iam_user"),
    ("aws_iam_user_policy_attachment", "user", "aws_iam_user"),
    ("aws_iam_group_policy", "group", "aws_iam_group"),
    ("aws_iam_group_policy_attachment", "group", "aws_iam_group"),
    ("aws_iam_policy_attachment", "roles", "aws_iam_role"),
    ("aws_iam_policy_attachment", "users", "aws_iam_user"),
    ("aws_iam_policy_attachment", "groups", "aws_iam_group"),
];

/// Resources naming managed policies, and the attribute that holds the ARN(s).
const ATTACHES_POLICY: &[(&str, &str)] = &[
    ("aws_iam_role_policy_attachment", "policy_arn"),
    ("aws_iam_user_policy_attachment", "policy_arn"),
    ("aws_iam_group_policy_attachment", "policy_arn"),
    ("aws_iam_policy_attachment", "policy_arn"),
    ("aws_iam_role", "managed_policy_arns"),
];

pub(crate) fn link_policies(builder: &GraphBuilder, refs: &RefIndex, links: &mut Links) {
    let mut linker = NameLinker { builder, refs, targets: TargetIndex::new(builder), links };
    for (id, resource) in builder.resources() {
        if !matches!(resource.terraform(), Some(o) if o.block == TfBlock::Resource) {
            continue;
        }
        for &(_, attribute, target_type) in ATTACHED.iter().filter(|(t, ..)| *t == resource.type_name) {
            linker.link((id, resource), attribute, target_type, EdgeKind::AttachedTo, |t, s| {
                known_str(t, "name") == Some(s)
            });
        }
        for &(_, attribute) in ATTACHES_POLICY.iter().filter(|(t, _)| *t == resource.type_name) {
            linker.link((id, resource), attribute, "aws_iam_policy", EdgeKind::AttachesPolicy, |t, s| {
                arn_names(t, s, "policy")
            });
        }
    }
}

/// Links resources to the targets their attributes name.
struct NameLinker<'a> {
    builder: &'a GraphBuilder,
    refs: &'a RefIndex,
    targets: TargetIndex<'a>,
    links: &'a mut Links,
}

impl NameLinker<'_> {
    /// Links `from` to resources of `target_type` its `attribute` names: by a reference recorded
    /// under that attribute, or by a literal string (or list of strings) that `matches` the target.
    fn link(
        &mut self,
        (id, resource): (ResourceId, &Resource),
        attribute: &str,
        target_type: &str,
        kind: EdgeKind,
        matches: impl Fn(&Resource, &str) -> bool,
    ) {
        for to in self.refs.targets(id, attribute) {
            if let Some(target) = self.builder.resources.get(to.0 as usize) {
                if target.is_tf_resource(target_type) && scope::same_instance(resource, target) {
                    self.links.push(id, to, kind, attribute);
                }
            }
        }
        let written: Vec<&str> = match resource.body.get(attribute).known() {
            Some(v) => match v.as_list() {
                Some(items) => items.iter().filter_map(Value::as_str).collect(),
                None => v.as_str().into_iter().collect(),
            },
            None => Vec::new(),
        };
        for literal in written {
            for &to in self.targets.of(resource, target_type) {
                if let Some(target) = self.builder.resources.get(to.0 as usize) {
                    if matches(target, literal) {
                        self.links.push(id, to, kind, attribute);
                    }
                }
            }
        }
    }
}

/// Terraform resources (not data sources) by type and deployment (root and environment), so a
/// literal name is matched against the candidates of its own deployment only, in one lookup:
/// scanning every resource per literal made linking quadratic in the estate.
struct TargetIndex<'a>(HashMap<TargetKey<'a>, Vec<ResourceId>>);

/// A resource type, root and environment.
type TargetKey<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

impl<'a> TargetIndex<'a> {
    fn new(builder: &'a GraphBuilder) -> Self {
        let mut index: HashMap<_, Vec<ResourceId>> = HashMap::new();
        for (id, resource) in builder.resources() {
            if let Some(origin) = resource.terraform().filter(|o| o.block == TfBlock::Resource) {
                index.entry(Self::key(resource.type_name.as_str(), origin)).or_default().push(id);
            }
        }
        TargetIndex(index)
    }

    fn key(type_name: &'a str, origin: &'a TfOrigin) -> TargetKey<'a> {
        (type_name, origin.root.as_deref(), origin.environment.as_deref())
    }

    /// The resources of `type_name` in the deployment of `from`, in id order.
    fn of(&self, from: &'a Resource, type_name: &'a str) -> &[ResourceId] {
        let Some(origin) = from.terraform() else { return &[] };
        self.0.get(&Self::key(type_name, origin)).map(Vec::as_slice).unwrap_or_default()
    }
}

fn known_str<'a>(resource: &'a Resource, key: &str) -> Option<&'a str> {
    resource.body.get(key).known().and_then(Value::as_str)
}

/// An IAM ARN (`arn:aws:iam::123456789012:role/path/name`) split into its resource type, path
/// (`/path/`, `/` when none) and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamArn<'a> {
    pub account: &'a str,
    pub resource_type: &'a str,
    pub path: String,
    pub name: &'a str,
}

pub fn parse_iam_arn(arn: &str) -> Option<IamArn<'_>> {
    let mut parts = arn.trim().splitn(6, ':');
    let (Some("arn"), Some(_partition), Some("iam"), Some(_region), Some(account), Some(resource)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let (resource_type, rest) = resource.split_once('/')?;
    let (path, name) = match rest.rsplit_once('/') {
        Some((path, name)) => (format!("/{path}/"), name),
        None => ("/".to_string(), rest),
    };
    (!name.is_empty()).then_some(IamArn { account, resource_type, path, name })
}

/// Whether `arn` names `target` (a role or policy of type `resource_type` in the ARN): its known
/// `arn` equals it, or its known `name` (and `path`, `/` by default) match the ARN's.
fn arn_names(target: &Resource, arn: &str, resource_type: &str) -> bool {
    if let Some(known) = known_str(target, "arn") {
        return known == arn.trim();
    }
    let Some(parsed) = parse_iam_arn(arn).filter(|a| a.resource_type == resource_type) else { return false };
    let path = match target.body.get("path").known() {
        Some(v) if v.is_null() => Some("/"),
        Some(v) => v.as_str(),
        None if target.body.get("path").is_absent() => Some("/"),
        None => None,
    };
    known_str(target, "name") == Some(parsed.name) && path.is_none_or(|p| p == parsed.path)
}

pub(crate) fn link_service_accounts(builder: &GraphBuilder, refs: &RefIndex, links: &mut Links) {
    let roles: Vec<(ResourceId, &Resource)> =
        builder.resources().filter(|(_, r)| r.is_tf_resource("aws_iam_role")).collect();
    let accounts: Vec<(ResourceId, &Resource)> =
        builder.resources().filter(|(_, r)| r.is_kind("ServiceAccount")).collect();
    let via = format!("metadata.annotations.{ROLE_ARN_ANNOTATION}");
    for &(sa_id, account) in &accounts {
        let arn =
            account.body.lookup(&["metadata", "annotations", ROLE_ARN_ANNOTATION]).known().and_then(Value::as_str);
        let Some(arn) = arn else { continue };
        for &(role_id, role) in &roles {
            if arn_names(role, arn, "role") {
                links.push(sa_id, role_id, EdgeKind::AssumesRole, via.as_str());
            }
        }
    }
    for (assoc_id, association) in
        builder.resources().filter(|(_, r)| r.is_tf_resource("aws_eks_pod_identity_association"))
    {
        let (Some(namespace), Some(name)) =
            (known_str(association, "namespace"), known_str(association, "service_account"))
        else {
            continue;
        };
        let mut targets: Vec<ResourceId> = refs
            .targets(assoc_id, "role_arn")
            .filter(|to| builder.resources.get(to.0 as usize).is_some_and(|r| r.is_tf_resource("aws_iam_role")))
            .collect();
        if let Some(arn) = known_str(association, "role_arn") {
            targets.extend(roles.iter().filter(|(_, r)| arn_names(r, arn, "role")).map(|(id, _)| *id));
        }
        let via = format!("{} (EKS Pod Identity)", association.address);
        for &(sa_id, account) in &accounts {
            let sa_namespace = account.namespace().unwrap_or("default");
            if account.kube().is_some_and(|k| k.name == name) && sa_namespace == namespace {
                for &role_id in &targets {
                    links.push(sa_id, role_id, EdgeKind::AssumesRole, via.as_str());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_arns_split_into_path_and_name() {
        let arn = parse_iam_arn("arn:aws:iam::111122223333:role/service/payments-api").expect("arn");
        assert_eq!(
            (arn.account, arn.resource_type, arn.path.as_str(), arn.name),
            ("111122223333", "role", "/service/", "payments-api")
        );
        let arn = parse_iam_arn("arn:aws-cn:iam::111122223333:policy/deploy").expect("arn");
        assert_eq!((arn.resource_type, arn.path.as_str(), arn.name), ("policy", "/", "deploy"));
        assert_eq!(parse_iam_arn("arn:aws:s3:::bucket"), None);
        assert_eq!(parse_iam_arn("arn:aws:iam::1:role/"), None);
        assert_eq!(parse_iam_arn("not an arn"), None);
    }
}
