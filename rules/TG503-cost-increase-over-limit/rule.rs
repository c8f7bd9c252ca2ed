//! ## What it does
//! Compares the projected monthly cost with a baseline (`--cost-baseline FILE`, an earlier JSON
//! report, or `--cost-compare-ref REF`, the same tree at a git ref, or `[cost] baseline`) and
//! reports a budget whose increase exceeds its `max_increase`: an amount in USD (`200`) or a
//! percentage of the baseline (`"15%"`), for the total (`[cost] max_increase`) or a scope
//! (`[[cost.budgets]] max_increase`). The figure compared is the one the budget checks (`now`,
//! `max` or both). It is `unknown` when unpriced resources, or removed resources whose scope the
//! baseline does not say, could decide it.
//!
//! ## Why is this bad?
//! A pull request that adds a third of the bill deserves a second look even under the ceiling;
//! the increase limit makes that look part of the gate.
//!
//! ## Example
//! ```toml
//! [cost]
//! max_increase = "15%"
//! ```
//! ```hcl
//! resource "aws_instance" "web" {
//!   count         = 4 # was 2: +100%
//!   instance_type = "t3.large"
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_instance" "web" {
//!   count         = 2
//!   instance_type = "t3.large"
//! }
//! ```

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG503",
    slug: "cost-increase-over-limit",
    title: "The projected monthly cost rises more than allowed over the baseline",
    severity: Severity::High,
    category: Category::Cost,
    references: &[],
    aliases: &[],
};
