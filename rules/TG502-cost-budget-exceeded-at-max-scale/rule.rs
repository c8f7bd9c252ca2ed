//! ## What it does
//! Projects what the scanned configuration costs a month at maximum scale (node group and
//! auto scaling group `max_size`, HorizontalPodAutoscaler `maxReplicas`) and compares it with
//! each budget that checks the `max` projection (`budget_at = "max"` or `"both"` in `[cost]` or
//! a `[[cost.budgets]]` entry, `--budget-at`). Like TG501 it names the budget, the scope, the
//! figure against the ceiling and the three largest contributors, and is `unknown` when
//! unpriced resources could decide it.
//!
//! ## Why is this bad?
//! Autoscaling turns a small bill into a large one exactly when load peaks. A ceiling that holds
//! at the desired size but not at the maximum is a budget the autoscaler is allowed to break.
//!
//! ## Example
//! ```toml
//! [cost]
//! budget = 100
//! budget_at = "max"
//! ```
//! ```hcl
//! resource "aws_eks_node_group" "workers" {
//!   instance_types = ["t3.large"]
//!   scaling_config {
//!     desired_size = 1
//!     max_size     = 4 # 4 x $60.74 a month at maximum scale
//!     min_size     = 1
//!   }
//! }
//! ```
//!
//! ## Use instead
//! ```hcl
//!   scaling_config {
//!     desired_size = 1
//!     max_size     = 1
//!     min_size     = 1
//!   }
//! ```

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG502",
    slug: "cost-budget-exceeded-at-max-scale",
    title: "The projected monthly cost at maximum scale exceeds a budget",
    severity: Severity::High,
    category: Category::Cost,
    references: &[],
    aliases: &[],
};
