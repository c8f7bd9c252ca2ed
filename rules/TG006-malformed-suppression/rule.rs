//! ## What it does
//! Reports an inline suppression that cannot be honoured: a `tollgate:ignore` comment or
//! `tollgate.dev/ignore` annotation naming no known rule, with an `until` that is not a
//! `YYYY-MM-DD` date or an unknown setting, one that is not on or directly above a block or
//! attribute, one naming a rule that cannot be suppressed (TG000, TG003 and the suppression
//! checks TG004-TG006), and, when `require_reason = true` in tollgate.toml, any suppression
//! (also Checkov's and Trivy's) without a reason. Such a suppression suppresses nothing.
//!
//! ## Why is this bad?
//! Someone meant to accept a finding and the comment silently does not do it, or it accepts a
//! finding without the reason the team requires. It cannot itself be suppressed inline.
//!
//! ## Example
//! ```hcl
//! # tollgate:ignore TG101 until=31/03/2027 -- VPN only
//! resource "aws_security_group" "bastion" {
//! ```
//!
//! ## Use instead
//! ```hcl
//! # tollgate:ignore TG101 until=2027-03-31 -- VPN only
//! resource "aws_security_group" "bastion" {
//! ```

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG006",
    slug: "malformed-suppression",
    title: "An inline suppression cannot be honoured",
    severity: Severity::Medium,
    category: Category::Input,
    references: &[],
    aliases: &[],
};
