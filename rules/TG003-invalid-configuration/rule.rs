//! ## What it does
//! Reports configuration Terraform would reject: a cycle between locals, a variable value of
//! the wrong type, an invalid `count` or `for_each`, modules nested past the limit.
//!
//! ## Why is this bad?
//! The plan would fail, and the values involved cannot be checked. It cannot be disabled.
//!
//! ## Example
//! ```hcl
//! locals {
//!   a = local.b
//!   b = local.a
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! locals {
//!   a = "x"
//!   b = local.a
//! }
//! ```

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG003",
    slug: "invalid-configuration",
    title: "Terraform would reject the configuration",
    severity: Severity::High,
    category: Category::Input,
    references: &[],
    aliases: &[],
};

/// Why this rule cannot be disabled.
pub const CANNOT_DISABLE: &str = "a configuration Terraform rejects must not pass";
