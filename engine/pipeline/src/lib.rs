//! The scan pipeline as one library function, [`scan`]: options in, report out. The CLI, the
//! tests, and every later entry point (the GitHub Action, pre-commit, `apply`) call it, so they
//! all see the same configuration, rules and gate.
//!
//! Data flows one way: configuration ([`config`], [`policy_settings`]) -> policies and rule
//! selection ([`selection`]) -> load (`tollgate-load`) -> native rules (`tollgate-evaluate`),
//! Rego (`tollgate-policy`), the built-in input checks (`tollgate-rules`) and the cost step
//! ([`cost`]: the estimate, its baseline and Cost Explorer's month, [`budget`]s checked into
//! TG501-TG503 findings, when `--cost` or `[cost]` asks) -> inline
//! suppressions (`tollgate-suppress`) -> `[[ignore]]` suppressions ([`ignores`]) -> the baseline
//! ([`baseline`]) -> a [`ScanReport`](tollgate_model::ScanReport) with its gate. With
//! `--only-files` ([`focus`]), the paths are files to report on: they are loaded with their
//! neighbours, and the report keeps only what is located in them. [`init`] and [`init_template`]
//! write a starter configuration for `tollgate init`.
//!
//! ```no_run
//! use tollgate_pipeline::{scan, ScanOptions};
//!
//! let mut options = ScanOptions::default();
//! options.load.paths = vec!["fixtures/atlas-payments".into()];
//! let done = scan(&options, &mut |note| eprintln!("{note}")).expect("the scan runs");
//! println!("{} findings, gate passed: {}", done.report.findings.len(), done.report.passed());
//! ```

pub mod baseline;
pub mod budget;
pub mod budget_findings;
pub mod budget_json;
pub mod clusters;
pub mod config;
pub mod cost;
pub mod cost_config;
mod cost_ref;
pub mod focus;
pub mod helm_config;
pub mod ignores;
pub mod init;
pub mod init_template;
pub mod inputs;
pub mod options;
mod paths;
pub mod policy_settings;
pub mod project;
pub mod quotas_config;
mod scan;
pub mod selection;
mod suppressions;
pub mod write;

pub use options::{
    CostArgs, CostSource, LoadArgs, PolicyArgs, RegoVersion, RuleSelection, ScanOptions, SuppressionArgs, UnknownPolicy,
};
pub use scan::{located, policy_options, scan, Scan};
