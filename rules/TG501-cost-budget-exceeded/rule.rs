//! ## What it does
//! Projects what the scanned configuration costs a month at its desired sizes, from the
//! embedded price list (or `[cost] price_file`), and compares it with each budget of
//! `tollgate.toml` `[cost]` (`budget`, `[[cost.budgets]]`) or `--budget` that checks the `now`
//! projection: the total, or one scope (a tag, a module, a namespace, an environment, a root).
//! With `--cost-source aws` the total is checked against Cost Explorer's month-to-date spend and
//! forecast plus the change's cost. The finding points at the largest contributor and names the
//! three largest with their lines. It is `unknown` when the priced part is within the ceiling but
//! resources in the scope have no price or an unknown quantity, which could decide it.
//! Built-in: reported by the cost step of the pipeline, which runs when a budget is configured
//! or `--cost` is given.
//!
//! ## Why is this bad?
//! A change that takes a team over its monthly budget is found on the invoice weeks later. In
//! review it is one line (an instance type, a node count) and cheap to change.
//!
//! ## Example
//! ```toml
//! [cost]
//! budget = 100  # USD a month
//! ```
//! ```hcl
//! resource "aws_instance" "web" {
//!   instance_type = "t3.xlarge" # $121.47 a month in us-east-1
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//! resource "aws_instance" "web" {
//!   instance_type = "t3.large" # $60.74 a month
//! }
//! ```

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG501",
    slug: "cost-budget-exceeded",
    title: "The projected monthly cost exceeds a budget",
    severity: Severity::High,
    category: Category::Cost,
    references: &[],
    aliases: &[],
};
