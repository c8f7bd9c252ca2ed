//! ## What it does
//! Checks that every `aws_elasticache_replication_group` (Redis OSS or Valkey) requires clients to
//! authenticate: with a Redis AUTH token (`auth_token`) or with role-based access control
//! (`user_group_ids`). An `auth_token` written as another resource's attribute
//! (`random_password.redis.result`) counts as set; a variable that may be empty makes the verdict
//! unknown. Both need in-transit encryption (`transit_encryption_enabled = true`), which TG113
//! checks.
//!
//! ## Why is this bad?
//! Without authentication, anything that can reach the cluster's port (every pod and instance in
//! the allowed security groups, or an attacker who got into one of them) can read every key,
//! overwrite sessions and cached authorisations, or run `FLUSHALL`.
//!
//! ## Example
//! ```hcl
//! resource "aws_elasticache_replication_group" "sessions" {
//!   replication_group_id       = "sessions"
//!   description                = "user sessions"
//!   node_type                  = "cache.r7g.large"
//!   transit_encryption_enabled = true
//!   at_rest_encryption_enabled = true
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_elasticache_replication_group" "sessions" {
//!   replication_group_id       = "sessions"
//!   description                = "user sessions"
//!   node_type                  = "cache.r7g.large"
//!   transit_encryption_enabled = true
//!   at_rest_encryption_enabled = true
//!   user_group_ids             = [aws_elasticache_user_group.sessions.id]
//! }
//! ```
//!
//! ## References
//! - [Authenticating with the Redis AUTH command](https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html)
//! - [Role-Based Access Control (RBAC)](https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html)

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG134",
    slug: "elasticache-redis-no-auth",
    title: "ElastiCache replication group does not require authentication",
    severity: Severity::Medium,
    category: Category::Network,
    references: &["CWE-306"],
    aliases: &[],
};

pub fn check(ctx: &Context<'_>, out: &mut Emitter<'_>) {
    for (_, group) in ctx.tf_resources("aws_elasticache_replication_group") {
        let subject = format!("ElastiCache replication group `{}`", group.name);
        let fix = "require authentication with role-based access control (`user_group_ids`) or a Redis AUTH token \
                   (`auth_token`), with `transit_encryption_enabled = true`";
        let token = expect::names_something(group.body.get("auth_token"));
        let users = match group.body.get("user_group_ids") {
            Lookup::Absent => Tri::No,
            Lookup::Unknown(v) => Tri::Unknown(v),
            Lookup::Known(v) => {
                let ids = Strings::read(v);
                if ids.known.is_empty() {
                    ids.unknown.first().map_or(Tri::No, |v| Tri::Unknown(v))
                } else {
                    Tri::Yes
                }
            }
        };
        match token.or(|| users) {
            Tri::Yes => {}
            Tri::No => out.fail(
                group,
                group.span,
                format!("{subject} lets every client that reaches it read and write all keys without authenticating; {fix}."),
            ),
            Tri::Unknown(value) => out.unknown(
                group,
                value,
                format!("{subject} does not require authentication if its `auth_token` and `user_group_ids` are empty; {fix}"),
            ),
        }
    }
}
