//! IAM roles as the cross-resource least-privilege rules see them: who may assume a role (is it
//! a workload's role?) and every grant that applies to it, wherever it is written: inline
//! `inline_policy` blocks, `aws_iam_role_policy`, policies attached by
//! `aws_iam_role_policy_attachment` / `aws_iam_policy_attachment` / `managed_policy_arns`, and AWS
//! managed policies named by ARN. It follows the edges `tollgate-aws` adds
//! ([`EdgeKind::AttachedTo`], [`EdgeKind::AttachesPolicy`], [`EdgeKind::AssumesRole`]).

use super::attr::{blocks, Strings, Tri};
use super::iam::{policy_source, Policy, PolicySource, Statement};
use super::iam_actions::pattern_matches;
use tollgate_evaluate::Context;
use tollgate_model::{EdgeKind, Lookup, Resource, ResourceId, Value};

/// Who assumes a role, as a phrase for messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Workload {
    /// "Kubernetes ServiceAccount `payments/api`", "workloads of an EKS cluster".
    Yes(String),
    No,
    /// Whether the trust policy admits a workload depends on this value.
    Unknown(Value),
}

/// Whether Kubernetes workloads assume `role`: a ServiceAccount of the scan names it (IRSA or
/// EKS Pod Identity), or its trust policy admits the web identities of an EKS cluster's OIDC
/// provider (`sts:AssumeRoleWithWebIdentity` for a `Federated` principal that is an EKS OIDC
/// provider, or that is conditioned on a `system:serviceaccount:` subject) or the EKS Pod
/// Identity service (`pods.eks.amazonaws.com`).
pub fn workload<'g>(ctx: &Context<'g>, id: ResourceId, role: &'g Resource) -> Workload {
    let mut accounts: Vec<String> = ctx
        .incoming(id, EdgeKind::AssumesRole)
        .map(|(_, sa)| match (sa.namespace(), sa.kube()) {
            (Some(ns), Some(k)) => format!("`{ns}/{}`", k.name),
            _ => format!("`{}`", sa.name),
        })
        .collect();
    accounts.sort();
    accounts.dedup();
    if !accounts.is_empty() {
        let noun = if accounts.len() == 1 { "ServiceAccount" } else { "ServiceAccounts" };
        return Workload::Yes(format!("Kubernetes {noun} {}", super::text::join_and(&accounts)));
    }
    let Some(trust) =
        policy_attr(ctx, id, role, role.body.get("assume_role_policy"), "assume_role_policy", "Trust policy".into())
    else {
        return Workload::No;
    };
    let statements = trust.statements();
    let providers = oidc_providers(ctx, trust.id);
    let web_identity = Tri::any(statements.iter().map(|s| s.allows().and(|| trusts_web_identity(s, &providers))));
    let pod_identity = Tri::any(statements.iter().map(|s| s.allows().and(|| trusts_pod_identity(s))));
    match (web_identity, pod_identity, trust.unknown_part()) {
        (Tri::Yes, ..) => Workload::Yes("EKS workloads (its trust policy admits the cluster's OIDC identities)".into()),
        (_, Tri::Yes, _) => Workload::Yes("EKS workloads (its trust policy admits EKS Pod Identity)".into()),
        (Tri::Unknown(v), ..) | (_, Tri::Unknown(v), _) | (.., Some(v)) => Workload::Unknown(v.clone()),
        _ => Workload::No,
    }
}

/// `sts:AssumeRoleWithWebIdentity` for an EKS cluster's OIDC provider.
fn trusts_web_identity<'a>(statement: &Statement<'a>, providers: &[OidcProvider<'_>]) -> Tri<'a> {
    let actions = statement.actions.clone().unwrap_or_default();
    actions
        .any(|a| pattern_matches(a, "sts:AssumeRoleWithWebIdentity"))
        .and(|| principals(statement).eks_web_identity(&condition_values(statement), providers))
}

/// An `aws_iam_openid_connect_provider` a trust policy refers to: its name, and whether it is an
/// EKS cluster's issuer (`None`: its `url` cannot be known).
struct OidcProvider<'g> {
    name: &'g str,
    is_eks: Option<bool>,
}

/// The OIDC providers of the scan that the trust policy written in `holder` refers to. One is an
/// EKS cluster's issuer when its `url` refers to an `aws_eks_cluster` (resource or data source:
/// `identity[0].oidc[0].issuer`) or is an `oidc.eks.` URL; another known URL is not.
fn oidc_providers<'g>(ctx: &Context<'g>, holder: ResourceId) -> Vec<OidcProvider<'g>> {
    let providers = ctx.outgoing(holder, EdgeKind::Reference).filter(|(_, r)| r.is_tf_resource("aws_iam_openid_connect_provider"));
    providers
        .map(|(id, provider)| {
            let from_cluster = ctx
                .graph()
                .edges_from(id)
                .any(|e| e.kind == EdgeKind::Reference && e.via == "url" && ctx.resource(e.to).type_name == "aws_eks_cluster");
            let is_eks = match provider.body.get("url") {
                _ if from_cluster => Some(true),
                Lookup::Known(url) => url.as_str().map(|u| u.contains("oidc.eks.")),
                _ => None,
            };
            OidcProvider { name: provider.name.as_str(), is_eks }
        })
        .collect()
}

/// `sts:AssumeRole` for the EKS Pod Identity service.
fn trusts_pod_identity<'a>(statement: &Statement<'a>) -> Tri<'a> {
    let actions = statement.actions.clone().unwrap_or_default();
    actions.any(|a| pattern_matches(a, "sts:AssumeRole")).and(|| {
        let service = principals(statement).of_type("Service");
        service.any(|s| s.eq_ignore_ascii_case("pods.eks.amazonaws.com"))
    })
}

/// The principals of a statement, by type.
#[derive(Default)]
struct Principals<'a> {
    /// (type, identifiers) as written.
    by_type: Vec<(&'a str, Strings<'a>)>,
    /// A principal element Tollgate cannot read.
    unknown: Option<&'a Value>,
}

impl<'a> Principals<'a> {
    fn of_type(&self, kind: &str) -> Strings<'a> {
        let mut out = Strings::default();
        for (_, ids) in self.by_type.iter().filter(|(t, _)| t.eq_ignore_ascii_case(kind)) {
            out.known.extend(ids.known.iter().copied());
            out.unknown.extend(ids.unknown.iter().copied());
        }
        out.unknown.extend(self.unknown);
        out
    }

    /// A federated principal that is an EKS cluster's OIDC provider: its ARN names an
    /// `oidc.eks.` issuer, it refers to a provider of the scan that is an EKS issuer
    /// ([`oidc_providers`]), or the statement is conditioned on a Kubernetes service account
    /// subject. An expression naming no provider of the scan is unknown, whatever its name says.
    fn eks_web_identity(&self, conditions: &Strings<'a>, providers: &[OidcProvider<'_>]) -> Tri<'a> {
        let federated = self.of_type("Federated");
        if federated.known.is_empty() && federated.unknown.is_empty() {
            return Tri::No;
        }
        if conditions.known.iter().any(|(v, _)| v.starts_with("system:serviceaccount:")) {
            return Tri::Yes;
        }
        let known = Tri::from(federated.known.iter().any(|(id, _)| id.contains("oidc-provider/oidc.eks.")));
        let expressions = federated.unknown.iter().map(|&v| {
            let provider = v.as_unknown().and_then(|u| providers.iter().find(|p| refers_to(u.module_and_reference().1, p.name)));
            match provider.map(|p| p.is_eks) {
                Some(Some(is_eks)) => Tri::from(is_eks),
                Some(None) | None => Tri::Unknown(v),
            }
        });
        match known.or(|| Tri::any(expressions)) {
            Tri::No => conditions.unknown.first().map_or(Tri::No, |v| Tri::Unknown(v)),
            verdict => verdict,
        }
    }
}

/// Whether an expression refers to `aws_iam_openid_connect_provider.NAME` (its `arn`, an instance).
fn refers_to(source: &str, name: &str) -> bool {
    let reference = format!("aws_iam_openid_connect_provider.{name}");
    source.match_indices(&reference).any(|(at, _)| {
        let before = source[..at].chars().next_back();
        let after = source[at + reference.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') && matches!(after, Some('.' | '['))
    })
}

/// Reads `Principal` (JSON: `"*"` or `{"Type": id or [ids]}`) or `principals` blocks (documents).
fn principals<'a>(statement: &Statement<'a>) -> Principals<'a> {
    let mut out = Principals::default();
    if statement.action_key == "Action" {
        match statement.value.get("Principal") {
            Lookup::Absent => {}
            Lookup::Unknown(v) => out.unknown = Some(v),
            Lookup::Known(v) => match v.as_map() {
                Some(entries) => {
                    for e in entries {
                        out.by_type.push((e.key.as_str(), Strings::read(&e.value)));
                    }
                }
                None => out.by_type.extend(v.as_str().map(|_| ("*", Strings::read(v)))),
            },
        }
    } else {
        let principal_blocks = blocks(statement.value, "principals");
        out.unknown = principal_blocks.unknown;
        for block in principal_blocks.known {
            let ids = match block.get("identifiers") {
                Lookup::Known(v) => Strings::read(v),
                Lookup::Unknown(v) => Strings { known: Vec::new(), unknown: vec![v] },
                Lookup::Absent => Strings::default(),
            };
            match block.get("type").known().and_then(Value::as_str) {
                Some(kind) => out.by_type.push((kind, ids)),
                None => out.unknown = out.unknown.or(block.get("type").value()),
            }
        }
    }
    out
}

/// Every condition value of a statement (JSON `Condition` or document `condition` blocks).
fn condition_values<'a>(statement: &Statement<'a>) -> Strings<'a> {
    let mut out = Strings::default();
    let mut add = |lookup: Lookup<'a>| match lookup {
        Lookup::Absent => {}
        Lookup::Unknown(v) => out.unknown.push(v),
        Lookup::Known(v) => {
            let s = Strings::read(v);
            out.known.extend(s.known);
            out.unknown.extend(s.unknown);
        }
    };
    if statement.action_key == "Action" {
        match statement.value.get("Condition") {
            Lookup::Known(tests) => {
                for test in tests.as_map().unwrap_or_default() {
                    for variable in test.value.as_map().unwrap_or_default() {
                        add(Lookup::Known(&variable.value));
                    }
                    if test.value.is_unknown() {
                        add(Lookup::Unknown(&test.value));
                    }
                }
            }
            other => add(other),
        }
    } else {
        let condition_blocks = blocks(statement.value, "condition");
        if let Some(v) = condition_blocks.unknown {
            add(Lookup::Unknown(v));
        }
        for block in condition_blocks.known {
            add(block.get("values"));
        }
    }
    out
}

/// Something that grants a role permissions.
pub enum Grant<'g> {
    /// A policy whose statements are read (inline, role policy, attached customer policy).
    Policy(Policy<'g>),
    /// An AWS managed policy named by its ARN: where the ARN is written, and its name.
    Managed { resource: &'g Resource, arn: &'g Value, name: &'g str },
    /// An attachment whose policy Tollgate cannot know (an unknown ARN not linked to a policy of
    /// the scan).
    Unknown { resource: &'g Resource, value: &'g Value },
}

/// Every grant that applies to `role`.
pub fn grants<'g>(ctx: &Context<'g>, id: ResourceId, role: &'g Resource) -> Vec<Grant<'g>> {
    let mut out = Vec::new();
    let inline = blocks(&role.body, "inline_policy");
    for (i, block) in inline.known.iter().enumerate() {
        let name =
            block.get("name").known().and_then(Value::as_str).map_or_else(|| format!("#{}", i + 1), str::to_string);
        let label = format!("Inline policy `{name}` of role `{}`", role.name);
        out.extend(policy_attr(ctx, id, role, block.get("policy"), "inline_policy.policy", label).map(Grant::Policy));
    }
    if let Some(dynamic) = inline.unknown {
        out.push(Grant::Unknown { resource: role, value: dynamic });
    }
    for (holder_id, holder) in ctx.incoming(id, EdgeKind::AttachedTo) {
        if holder.is_tf_resource("aws_iam_role_policy") {
            let label = format!("Role policy `{}`", holder.name);
            out.extend(
                policy_attr(ctx, holder_id, holder, holder.body.get("policy"), "policy", label).map(Grant::Policy),
            );
            continue;
        }
        let arn = holder.body.get("policy_arn");
        attached(ctx, holder_id, holder, arn.value().into_iter().collect(), &mut out);
    }
    let managed: Vec<&Value> = match role.body.get("managed_policy_arns") {
        Lookup::Absent => Vec::new(),
        Lookup::Unknown(v) => vec![v],
        Lookup::Known(v) => v.items().iter().collect::<Vec<_>>(),
    };
    attached(ctx, id, role, managed, &mut out);
    out
}

/// The managed policies `holder` attaches: the `aws_iam_policy` resources it is linked to, and
/// the ARNs it writes that name no policy of the scan.
fn attached<'g>(
    ctx: &Context<'g>,
    holder_id: ResourceId,
    holder: &'g Resource,
    arns: Vec<&'g Value>,
    out: &mut Vec<Grant<'g>>,
) {
    let linked: Vec<(ResourceId, &'g Resource)> = ctx.outgoing(holder_id, EdgeKind::AttachesPolicy).collect();
    for &(policy_id, policy) in &linked {
        let label = format!("Policy `{}` (attached by `{}`)", policy.name, holder.address);
        out.extend(policy_attr(ctx, policy_id, policy, policy.body.get("policy"), "policy", label).map(Grant::Policy));
    }
    for arn in arns {
        match (arn.as_str(), arn.as_unknown()) {
            (Some(text), _) => {
                let name = text.trim().strip_prefix("arn:").and_then(|rest| {
                    let (_, after) = rest.split_once(":iam::aws:policy/")?;
                    Some(after.rsplit('/').next().unwrap_or(after))
                });
                if let Some(name) = name {
                    out.push(Grant::Managed { resource: holder, arn, name });
                }
            }
            // `aws_iam_policy.x.arn` of a policy the scan has is read through the link above.
            (None, Some(u)) if !linked.is_empty() && u.module_and_reference().1.trim_start().starts_with("aws_iam_policy.") => {}
            (None, Some(_)) => out.push(Grant::Unknown { resource: holder, value: arn }),
            (None, None) => {}
        }
    }
}

/// Reads a policy attribute of `holder` (`policy`, `assume_role_policy`, an inline block's
/// `policy`). One that refers to a `data "aws_iam_policy_document"` of the scan is read from
/// the document's statement blocks (so findings point at the statement), unless the document
/// merges other documents: then from its rendered JSON. `None` when the attribute is absent or
/// holds a string that is not JSON (AWS rejects it).
pub fn policy_attr<'g>(
    ctx: &Context<'g>,
    id: ResourceId,
    holder: &'g Resource,
    value: Lookup<'g>,
    attribute: &str,
    label: String,
) -> Option<Policy<'g>> {
    let value = value.value()?;
    let document = ctx
        .graph()
        .edges_from(id)
        .filter(|e| e.kind == EdgeKind::Reference && e.via == attribute)
        .map(|e| (e.to, ctx.resource(e.to)))
        .find(|(_, r)| r.is_tf_data("aws_iam_policy_document"));
    if let Some((doc_id, doc)) = document {
        let merges =
            ["source_policy_documents", "override_policy_documents"].iter().any(|k| !doc.body.get(k).is_unset());
        let label = format!("Policy document `{}` (the `{attribute}` of `{}`)", doc.name, holder.address);
        if !merges {
            let (source, sources) = (PolicySource::Document(&doc.body), ctx.graph().sources());
            return Some(Policy { id: doc_id, resource: doc, label, source, sources });
        }
        return policy_attr(ctx, doc_id, doc, doc.body.get("json"), "json", label);
    }
    let source = policy_source(value, ctx.graph().sources())?;
    Some(Policy { id, resource: holder, label, source, sources: ctx.graph().sources() })
}

#[cfg(test)]
mod tests {
    use super::refers_to;

    #[test]
    fn provider_references_are_read_by_name_and_boundary() {
        assert!(refers_to("aws_iam_openid_connect_provider.eks.arn", "eks"));
        assert!(refers_to("\"${aws_iam_openid_connect_provider.eks[0].arn}\"", "eks"));
        assert!(!refers_to("aws_iam_openid_connect_provider.eks_old.arn", "eks"));
        assert!(!refers_to("data.aws_iam_openid_connect_provider.eks.arn", "eks"));
        assert!(!refers_to("var.oidc_provider_arn", "eks"));
    }
}
