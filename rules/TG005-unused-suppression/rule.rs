//! ## What it does
//! Reports a rule named in a `tollgate:ignore` comment or `tollgate.dev/ignore` annotation that
//! suppresses nothing: the rule ran and reported no finding on the lines the suppression covers
//! (the block or attribute below it, or the object it annotates). A rule that did not run in
//! the scan (`--rule`, `--category`, `disable`) is not reported. Checkov and Trivy comments
//! are not reported: they may serve those tools.
//!
//! ## Why is this bad?
//! A stale suppression hides the next real problem at the same place: once the code is fixed,
//! the exception should go too. A comment that is in the wrong place (separated from its block
//! by a blank line is reported as malformed, TG006) is caught here when it covers other lines.
//! It cannot itself be suppressed inline; `disable` it in tollgate.toml if a team does not want it.
//!
//! ## Example
//! ```hcl
//! # tollgate:ignore TG102 -- legacy volume
//! resource "aws_ebs_volume" "data" {
//!   encrypted = true
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_ebs_volume" "data" {
//!   encrypted = true
//! }
//! ```

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG005",
    slug: "unused-suppression",
    title: "An inline suppression suppresses nothing",
    severity: Severity::Low,
    category: Category::Input,
    references: &[],
    aliases: &[],
};
