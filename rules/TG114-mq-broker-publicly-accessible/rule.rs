//! ## What it does
//! Checks that no `aws_mq_broker` (ActiveMQ or RabbitMQ) sets `publicly_accessible = true`. The
//! attribute defaults to false, so only an explicit true is reported.
//!
//! ## Why is this bad?
//! A publicly accessible broker gets endpoints reachable from the internet: its messaging ports
//! and its web console. Message brokers carry business events and commands, and their consoles
//! and protocols are a favoured target for credential guessing and for exploits in the broker
//! engine. Producers and consumers inside the VPC, or connected to it by peering, VPN or
//! PrivateLink, do not need a public broker.
//!
//! ## Example
//! ```hcl
//! resource "aws_mq_broker" "events" {
//!   broker_name         = "events"
//!   engine_type         = "RabbitMQ"
//!   engine_version      = "3.13"
//!   host_instance_type  = "mq.m5.large"
//!   publicly_accessible = true
//!
//!   user {
//!     username = "app"
//!     password = var.mq_password
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_mq_broker" "events" {
//!   broker_name        = "events"
//!   engine_type        = "RabbitMQ"
//!   engine_version     = "3.13"
//!   host_instance_type = "mq.m5.large"
//!   subnet_ids         = [var.private_subnet_id]
//!   security_groups    = [aws_security_group.mq.id]
//!
//!   user {
//!     username = "app"
//!     password = var.mq_password
//!   }
//! }
//! ```
//!
//! ## References
//! - [Amazon MQ security best practices](https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/using-amazon-mq-securely.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG114",
    slug: "mq-broker-publicly-accessible",
    title: "Amazon MQ broker is publicly accessible",
    severity: Severity::High,
    category: Category::Network,
    references: &["CWE-284"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, broker) in ctx.tf_resources("aws_mq_broker") {
        check_publicly_accessible(
            out,
            broker,
            &format!("MQ broker `{}`", broker.name),
            "exposing its endpoints to the internet",
            "is reachable from the internet",
            "remove `publicly_accessible` (it defaults to false) and connect clients from inside the VPC",
        );
    }
}
