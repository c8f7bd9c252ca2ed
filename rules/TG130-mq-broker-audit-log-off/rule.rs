//! ## What it does
//! Checks that every ActiveMQ `aws_mq_broker` publishes its audit log to CloudWatch Logs
//! (`logs { audit = true }`). The setting defaults to false. RabbitMQ brokers have no audit log
//! and are not checked.
//!
//! ## Why is this bad?
//! The ActiveMQ audit log records management actions taken through JMX and the web console:
//! who created or deleted a queue, purged messages or changed a destination. Without it, a
//! broker's configuration can be changed and its messages deleted without a trace.
//!
//! ## Example
//! ```hcl
//! resource "aws_mq_broker" "events" {
//!   broker_name        = "events"
//!   engine_type        = "ActiveMQ"
//!   engine_version     = "5.18"
//!   host_instance_type = "mq.m5.large"
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
//!   engine_type        = "ActiveMQ"
//!   engine_version     = "5.18"
//!   host_instance_type = "mq.m5.large"
//!   user {
//!     username = "app"
//!     password = var.mq_password
//!   }
//!   logs {
//!     general = true
//!     audit   = true
//!   }
//! }
//! ```
//!
//! ## References
//! - [Configuring Amazon MQ for ActiveMQ logs](https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/configure-logging-monitoring-activemq.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG130",
    slug: "mq-broker-audit-log-off",
    title: "ActiveMQ broker does not publish its audit log",
    severity: Severity::Low,
    category: Category::Observability,
    references: &["CWE-778"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    let expect = expect::Expect {
        noun: "MQ broker",
        path: &["logs", "audit"],
        problem: "does not publish its ActiveMQ audit log, so management actions leave no trace",
        fix: "set `audit = true` in its `logs` block",
    };
    for (_, broker) in ctx.tf_resources("aws_mq_broker") {
        if expect::nested(&broker.body, expect.path).known().and_then(Value::as_bool) == Some(true) {
            continue;
        }
        match str_attr(&broker.body, &["engine_type"]) {
            Attr::Set(engine, _) if engine.eq_ignore_ascii_case("ActiveMQ") => expect.require_true(out, broker, false),
            Attr::Unknown(value) => out.unknown(
                broker,
                value,
                format!(
                    "MQ broker `{}` does not publish an audit log if it is an ActiveMQ broker; {}",
                    broker.name, expect.fix
                ),
            ),
            // RabbitMQ has no audit log; the engine type is required.
            Attr::Set(..) | Attr::Unset => {}
        }
    }
}
