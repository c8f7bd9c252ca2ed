//! ## What it does
//! Reports a `count` or `for_each` whose value cannot be known before apply (it depends on
//! another resource's computed attribute) or without calling a provider (it depends on a data
//! source, which Terraform reads from its provider during plan). The block is checked once,
//! with the values that depend on `count.index` or `each` unknown.
//!
//! ## Why is this bad?
//! Without apply (or the provider's answer) nobody can say how many instances there will be, so
//! neither can a gate: findings on such a block rest on what is known.
//!
//! ## Example
//! ```hcl
//! resource "aws_route_table" "private" {
//!   count = length(data.aws_availability_zones.all.names)
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_route_table" "private" {
//!   count = length(var.azs)
//! }
//! ```

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG001",
    slug: "unknown-instances",
    title: "Instances of a block cannot be known before apply",
    severity: Severity::Medium,
    category: Category::Input,
    references: &[],
    aliases: &[],
};
