//! Rego policies (with `regorus`): loading `.rego` files from directories and compiling them once
//! per run, the documents a policy sees (a resource as `input`, the graph once as
//! `data.tollgate`), and evaluating Conftest-style rules (`deny`/`violation`/`warn` and their
//! `_suffix` forms) on every resource in parallel, one engine clone per rayon thread, with a time
//! limit per rule evaluation.
//!
//! First step of the Rego issue: Conftest's raw-file input mode, exceptions, `--namespace`,
//! `--data`, `--combine`, Trivy metadata and `policy test` come next.

mod eval;
mod input;
mod load;
pub mod metadata;

pub use eval::{evaluate, PolicyFinding, PolicyOutcome};
pub use input::{graph_data, resource_input};
pub use load::{rule_effect, Effect, PolicyOptions, PolicyRule, PolicySet};
