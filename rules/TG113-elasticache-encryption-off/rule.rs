//! ## What it does
//! Checks that an `aws_elasticache_replication_group` (Valkey or Redis OSS) encrypts data at rest
//! and in transit. `transit_encryption_enabled` defaults to false. `at_rest_encryption_enabled`
//! defaults to false for the Redis OSS engine (the provider's default `engine = "redis"`) and to
//! true for Valkey, so an absent setting is reported only for Redis OSS. Each missing setting is
//! reported on its own. Members of a global datastore (`global_replication_group_id`) take both
//! settings from the global datastore and are skipped.
//!
//! ## Why is this bad?
//! Without encryption at rest, the data ElastiCache writes to disk during synchronisation, swap
//! and backups, and the backups exported to S3, are stored in clear. Without encryption in transit
//! every command and reply, including `AUTH` tokens and cached session data, crosses the network
//! in plain text. Encryption at rest can only be chosen when the replication group is created, and
//! turning on encryption in transit later needs a client migration (`transit_encryption_mode =
//! "preferred"`, then `"required"`), so both belong in the first version of the configuration.
//!
//! ## Example
//! ```hcl
//! resource "aws_elasticache_replication_group" "sessions" {
//!   replication_group_id = "sessions"
//!   description          = "User sessions"
//!   engine               = "redis"
//!   node_type            = "cache.r7g.large"
//!   num_cache_clusters   = 2
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_elasticache_replication_group" "sessions" {
//!   replication_group_id       = "sessions"
//!   description                = "User sessions"
//!   engine                     = "redis"
//!   node_type                  = "cache.r7g.large"
//!   num_cache_clusters         = 2
//!   at_rest_encryption_enabled = true
//!   transit_encryption_enabled = true
//! }
//! ```
//!
//! ## References
//! - [At-rest encryption in ElastiCache](https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html)
//! - [In-transit encryption in ElastiCache](https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html)
//! - [CreateReplicationGroup (defaults)](https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG113",
    slug: "elasticache-encryption-off",
    title: "ElastiCache replication group does not encrypt at rest or in transit",
    severity: Severity::High,
    category: Category::Encryption,
    references: &["CWE-311", "CWE-319"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, group) in ctx.tf_resources("aws_elasticache_replication_group") {
        if !group.body.get("global_replication_group_id").is_unset() {
            continue;
        }
        let subject = format!("ElastiCache replication group `{}`", group.name);
        // At rest defaults to true for Valkey, false for Redis OSS (and the engine defaults to redis).
        let at_rest_default = str_attr(&group.body, &["engine"]).test("redis", |e| e.eq_ignore_ascii_case("valkey"));
        let at_rest = Setting {
            attr: "at_rest_encryption_enabled",
            what: "at rest",
            how: "it can only be chosen at creation, so restore a backup into a new group",
        };
        let transit = Setting {
            attr: "transit_encryption_enabled",
            what: "in transit",
            how: "existing groups can switch with `transit_encryption_mode = \"preferred\"` first",
        };
        check_setting(out, group, &subject, &at_rest, at_rest_default);
        check_setting(out, group, &subject, &transit, Tri::No);
    }
}

/// One encryption setting: its attribute, what it protects, how an existing group changes it.
struct Setting {
    attr: &'static str,
    what: &'static str,
    how: &'static str,
}

fn check_setting(out: &mut Emitter<'_>, group: &Resource, subject: &str, setting: &Setting, default: Tri<'_>) {
    let Setting { attr, what, how } = setting;
    let fix = format!("set `{attr} = true` ({how})");
    match bool_attr(&group.body, &[attr]) {
        Attr::Set(true, _) => {}
        Attr::Set(false, value) => {
            out.fail(group, value.span, format!("{subject} does not encrypt data {what} (`{attr} = false`); {fix}."))
        }
        Attr::Unknown(value) => {
            out.unknown(group, value, format!("{subject} encrypts data {what} only if `{attr}` is true; {fix}"))
        }
        Attr::Unset => match default {
            Tri::Yes => {}
            Tri::No => out.fail(
                group,
                group.span,
                format!("{subject} does not encrypt data {what} (`{attr}` is not set and defaults to false); {fix}."),
            ),
            Tri::Unknown(engine) => out.unknown(
                group,
                engine,
                format!("{subject} does not set `{attr}`, which defaults to false unless the engine is Valkey; {fix}"),
            ),
        },
    }
}
