//! ## What it does
//! Checks that every `aws_sns_topic` encrypts its messages at rest with a KMS key
//! (`kms_master_key_id`). SNS does not encrypt topics unless a key is given. A key written as
//! another resource's attribute (`aws_kms_key.sns.arn`) counts as set; a variable that may be
//! empty makes the verdict unknown.
//!
//! ## Why is this bad?
//! Without server-side encryption, messages waiting for delivery are stored unencrypted, and
//! nothing but IAM stands between them and anyone who can reach SNS's storage. Messages often
//! carry order, payment or user data. With a customer managed key, reading them also needs
//! permission on the key, which can be audited and revoked.
//!
//! ## Example
//! ```hcl
//! resource "aws_sns_topic" "orders" {
//!   name = "orders"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_sns_topic" "orders" {
//!   name              = "orders"
//!   kms_master_key_id = aws_kms_key.messaging.arn
//! }
//! ```
//!
//! ## References
//! - [Amazon SNS data encryption: encryption at rest](https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG128",
    slug: "sns-topic-unencrypted",
    title: "SNS topic is not encrypted at rest",
    severity: Severity::Medium,
    category: Category::Encryption,
    references: &["CWE-311"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, topic) in ctx.tf_resources("aws_sns_topic") {
        let subject = format!("SNS topic `{}`", topic.name);
        let fix = "set `kms_master_key_id` to a KMS key (a customer managed key, or `alias/aws/sns`)";
        let key = topic.body.get("kms_master_key_id");
        match expect::names_something(key) {
            Tri::Yes => {}
            Tri::No => {
                let (at, why) = match key.value() {
                    Some(v) => (v.span, "its `kms_master_key_id` is empty"),
                    None => (topic.span, "it has no `kms_master_key_id`"),
                };
                out.fail(topic, at, format!("{subject} stores its messages unencrypted: {why}; {fix}."))
            }
            Tri::Unknown(value) => out.unknown(
                topic,
                value,
                format!("{subject} stores its messages unencrypted if `kms_master_key_id` is empty; {fix}"),
            ),
        }
    }
}
