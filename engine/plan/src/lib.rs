//! Tollgate's Terraform plan loader: `terraform show -json` output (format_version 1.x) to
//! graph resources.
//!
//! A plan is Terraform's own evaluation of a configuration, so its resources need no
//! expression evaluation: variables, modules, `count` and `for_each` are resolved, and what
//! Terraform cannot know before apply is marked. This crate owns reading plans:
//! - [`is_plan`] tells a plan from other JSON by its top-level keys, cheaply;
//! - [`parse`] reads one plan: every resource instance of `planned_values` (child modules
//!   included) with `resource_changes` laid over, plus the data sources read while planning
//!   (`prior_state`). Resources planned for deletion (or to be forgotten) are not checked and
//!   are reported as skipped;
//! - [`attach`] puts the instances into the graph;
//! - [`parse_keeping_document`] also keeps the whole plan JSON, spanned, for Conftest-style
//!   policies (which read a plan as `terraform show -json` wrote it).
//!
//! Resources: the address is exactly the plan's (`module.eks["dev"].aws_eks_node_group.this["apps"]`),
//! the origin a Terraform `resource` or `data` block with the plan's module instance path. The
//! body is the planned values in the Terraform loader's representation (objects are maps,
//! nested blocks lists of maps); a leaf `after_unknown` marks is
//! `Unknown(AfterApply)`, quoting the configuration's expression when the configuration is at
//! hand (else the attribute path).
//!
//! Sensitive values (`sensitive_values`, `after_sensitive`) stay in the body with their real
//! value, since Terraform knows them and rules must judge them correctly; they are marked in
//! the graph ([`tollgate_model::Sensitive`]), so finding messages are scrubbed and `inspect`
//! prints a marker instead. The plan text given to the source map (which the text report
//! quotes) keeps only the resource objects, with sensitive values replaced: the variables,
//! outputs and prior state a plan also carries in clear text never reach a report.
//!
//! Locations: a plan has no configuration lines, so an instance spans its object in the plan.
//! When the configuration is beside the plan (`.tf` files in the plan's directory) or given
//! with `--config-dir`, each instance is located in its block instead (module calls followed
//! through the plan's `configuration` section: local sources, or `.terraform/modules` after
//! `terraform init`), and each value at the attribute that writes it; the configuration's own
//! unevaluated `resource` and `data` blocks are then dropped from the graph (the plan's
//! instances replace them; [`Attached::superseded_files`] lets the loader drop what a static
//! evaluation noticed there too) and the files are listed as skipped. Edges: the references of `configuration` become
//! `Reference` edges between instances of the same module instance (an instance named in the
//! reference, or every instance of the resource).

mod address;
mod attach;
mod config;
mod configdir;
mod display;
mod document;
mod providers;
mod respan;
mod sniff;
mod values;

pub use attach::{attach, AttachOptions, Attached};
pub use display::MAX_SHOWN_LINE_CHARS;
pub use document::{parse, parse_keeping_document, Plan, PlanLoad};
pub use sniff::is_plan;
