//! ## What it does
//! Checks that RDS database instances (`aws_db_instance`, and Aurora members in
//! `aws_rds_cluster_instance`) do not set `publicly_accessible = true`. The attribute defaults to
//! false, so only an explicit true is reported.
//!
//! ## Why is this bad?
//! A publicly accessible instance gets a DNS name that resolves to a public IP address, so that the
//! database listener can be reached from the internet whenever a security group or network ACL lets
//! the traffic through. One permissive security group rule then exposes the database to password
//! guessing and to exploits for the engine. Applications and administrators can reach a private
//! instance from inside the VPC, over VPN, or through a bastion or Session Manager port forwarding.
//!
//! ## Example
//! ```hcl
//! resource "aws_db_instance" "orders" {
//!   identifier          = "orders"
//!   engine              = "postgres"
//!   instance_class      = "db.m6g.large"
//!   allocated_storage   = 100
//!   publicly_accessible = true
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_db_instance" "orders" {
//!   identifier           = "orders"
//!   engine               = "postgres"
//!   instance_class       = "db.m6g.large"
//!   allocated_storage    = 100
//!   db_subnet_group_name = aws_db_subnet_group.private.name
//! }
//! ```
//!
//! ## References
//! - [Working with a DB instance in a VPC](https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG112",
    slug: "rds-publicly-accessible",
    title: "RDS instance is publicly accessible",
    severity: Severity::High,
    category: Category::Network,
    references: &["CWE-284", "CIS AWS 2.3.3"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for kind in ["aws_db_instance", "aws_rds_cluster_instance"] {
        for (_, db) in ctx.tf_resources(kind) {
            check_publicly_accessible(
                out,
                db,
                &format!("RDS instance `{}`", db.name),
                "giving it a public IP address",
                "gets a public IP address",
                "remove `publicly_accessible` (it defaults to false) and reach the database from inside the VPC",
            );
        }
    }
}
