//! ## What it does
//! Checks EKS managed node groups (`aws_eks_node_group`) whose `remote_access` block sets an SSH
//! key (`ec2_ssh_key`) but no `source_security_group_ids`. EKS then opens port 22 of every node
//! to the whole internet (0.0.0.0/0).
//!
//! ## Why is this bad?
//! Every node of the group accepts SSH connections from anywhere, so a leaked or weak key, or an
//! SSH vulnerability, gives an attacker a shell on a Kubernetes node: from there they can read
//! the secrets and service account tokens of every pod it runs and the node's IAM role
//! credentials. Restrict SSH to a bastion's or VPN's security group, or drop SSH altogether and
//! use Session Manager.
//!
//! ## Example
//! ```hcl
//! resource "aws_eks_node_group" "apps" {
//!   cluster_name  = aws_eks_cluster.main.name
//!   node_role_arn = aws_iam_role.nodes.arn
//!   subnet_ids    = var.private_subnet_ids
//!   remote_access {
//!     ec2_ssh_key = "ops"
//!   }
//!   scaling_config {
//!     desired_size = 3
//!     max_size     = 6
//!     min_size     = 3
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_eks_node_group" "apps" {
//!   cluster_name  = aws_eks_cluster.main.name
//!   node_role_arn = aws_iam_role.nodes.arn
//!   subnet_ids    = var.private_subnet_ids
//!   remote_access {
//!     ec2_ssh_key               = "ops"
//!     source_security_group_ids = [aws_security_group.bastion.id]
//!   }
//!   scaling_config {
//!     desired_size = 3
//!     max_size     = 6
//!     min_size     = 3
//!   }
//! }
//! ```
//!
//! ## References
//! - [Amazon EKS API: RemoteAccessConfig](https://docs.aws.amazon.com/eks/latest/APIReference/API_RemoteAccessConfig.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG125",
    slug: "eks-node-group-ssh-open",
    title: "EKS node group opens SSH to the internet",
    severity: Severity::High,
    category: Category::Network,
    references: &["CWE-284", "CIS AWS 5.2"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, group) in ctx.tf_resources("aws_eks_node_group") {
        let subject = format!("EKS node group `{}`", group.name);
        let fix = "list the security groups allowed to connect in `source_security_group_ids` (a bastion or VPN), or \
                   remove `remote_access` and use Session Manager";
        let remote = blocks(&group.body, "remote_access");
        if let Some(dynamic) = remote.unknown {
            out.unknown(group, dynamic, format!("{subject} may open SSH to the internet; {fix}"));
            continue;
        }
        let Some(block) = remote.known.first() else { continue };
        // Without a key there is no SSH access to open.
        let key = str_attr(block, &["ec2_ssh_key"]);
        if matches!(key, Attr::Unset) {
            continue;
        }
        let sources = strings(block, &["source_security_group_ids"]);
        if !sources.known.is_empty() {
            continue;
        }
        let unknown = sources.unknown.first().copied().or(match key {
            Attr::Unknown(v) => Some(v),
            _ => None,
        });
        match unknown {
            Some(value) => out.unknown(group, value, format!("{subject} opens SSH (port 22) to the internet if no source security group is set; {fix}")),
            None => out.fail(
                group,
                block.span,
                format!("{subject} sets an SSH key without `source_security_group_ids`, so EKS opens port 22 of its nodes to 0.0.0.0/0; {fix}."),
            ),
        }
    }
}
