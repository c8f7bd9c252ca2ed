//! ## What it does
//! Reports a module call whose source could not be read: a registry or git module when
//! `terraform init` has not run (no `.terraform/modules/modules.json`), or a local path that
//! does not exist. Its outputs are unknown.
//!
//! ## Why is this bad?
//! The resources the module creates are not checked.
//!
//! ## Example
//! ```hcl
//! module "vpc" {
//!   source = "terraform-aws-modules/vpc/aws"
//! }
//! ```
//!
//! ## Use instead
//! Run `terraform init` before the scan so the module is installed under `.terraform/modules`,
//! or vendor it as a local module.

use crate::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "TG002",
    slug: "unresolved-module",
    title: "Module source could not be read",
    severity: Severity::High,
    category: Category::Input,
    references: &[],
    aliases: &[],
};
