//! ## What it does
//! Reports an inline suppression (a `tollgate:ignore` comment, a `tollgate.dev/ignore`
//! annotation, or a Trivy `:exp:` ignore of a rule that declares its id) whose `until` date has
//! passed. The expired suppression no longer hides anything: the findings it covered are
//! reported again beside this one. "Today" is the scan's date in UTC; `until` is the last day
//! the suppression applies.
//!
//! ## Why is this bad?
//! An exception with a date was accepted for a while, not for ever: the date is when someone
//! promised to look again. This finding says where the exception is written, so the review
//! happens instead of the comment being deleted blindly. It cannot itself be suppressed inline
//! (that would hide the reminder in the same place); `disable` it in tollgate.toml if a team
//! does not want it.
//!
//! ## Example
//! ```hcl
//! # tollgate:ignore TG101 until=2025-06-30 -- bastion, until the VPN is live
//! resource "aws_security_group" "bastion" {
//! ```
//!
//! ## Use instead
//! ```hcl
//! # tollgate:ignore TG101 until=2027-03-31 -- VPN delayed, reviewed by the platform team (JIRA-123)
//! resource "aws_security_group" "bastion" {
//! ```

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG004",
    slug: "expired-suppression",
    title: "An inline suppression has expired",
    severity: Severity::Medium,
    category: Category::Input,
    references: &[],
    aliases: &[],
};
