//! ## What it does
//! Checks that every `aws_vpc` has an `aws_flow_log` attached to it (`vpc_id =
//! aws_vpc.<name>.id`). A flow log whose `vpc_id` is an expression that names no VPC of the scan
//! (a variable, `each.value`) may be the one a VPC lacks: the VPC is then reported as unknown.
//!
//! ## Why is this bad?
//! VPC flow logs record which addresses talked to which, on which ports, and whether security
//! groups and network ACLs accepted or rejected the traffic. Without them there is no record to
//! investigate a compromised instance, data exfiltration or a port scan, and no evidence for the
//! audits (PCI DSS, SOC 2) that ask for network monitoring.
//!
//! ## Example
//! ```hcl
//! resource "aws_vpc" "main" {
//!   cidr_block = "10.0.0.0/16"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_vpc" "main" {
//!   cidr_block = "10.0.0.0/16"
//! }
//!
//! resource "aws_flow_log" "main" {
//!   vpc_id               = aws_vpc.main.id
//!   traffic_type         = "ALL"
//!   log_destination      = aws_s3_bucket.flow_logs.arn
//!   log_destination_type = "s3"
//! }
//! ```
//!
//! ## References
//! - [Logging IP traffic using VPC Flow Logs](https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG124",
    slug: "vpc-flow-logs-missing",
    title: "VPC has no flow log",
    severity: Severity::Medium,
    category: Category::Observability,
    references: &["CWE-778", "CIS AWS 3.9"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    // A flow log whose VPC is an expression naming no VPC of the scan may cover any VPC of its
    // own deployment (root and environment).
    let floating: Vec<_> = ctx
        .tf_resources("aws_flow_log")
        .filter_map(|(id, log)| match log.body.get("vpc_id") {
            Lookup::Unknown(value)
                if !ctx.outgoing(id, EdgeKind::Reference).any(|(_, r)| r.is_tf_resource("aws_vpc")) =>
            {
                Some((log, value))
            }
            _ => None,
        })
        .collect();
    for (id, vpc) in ctx.tf_resources("aws_vpc") {
        let covered = ctx
            .graph()
            .edges_to(id)
            .filter(|e| e.kind == EdgeKind::Reference && e.via == "vpc_id")
            .any(|e| ctx.resource(e.from).is_tf_resource("aws_flow_log"));
        if covered {
            continue;
        }
        let subject = format!("VPC `{}`", vpc.name);
        let fix = format!("add an `aws_flow_log` with `vpc_id = aws_vpc.{}.id`", vpc.name);
        match floating.iter().find(|(log, _)| same_deployment(log, vpc)) {
            Some((log, value)) => out.unknown_at(
                vpc,
                vpc.span,
                value,
                format!("{subject} has no flow log of its own, unless `{}` covers it; {fix}", log.address),
            ),
            None => out.fail(
                vpc,
                vpc.span,
                format!("{subject} has no flow log, so its network traffic is not recorded; {fix}."),
            ),
        }
    }
}

fn same_deployment(a: &Resource, b: &Resource) -> bool {
    matches!((a.terraform(), b.terraform()), (Some(x), Some(y)) if x.same_deployment(y))
}
