//! Rego policies (with `regorus`): Tollgate's bundled Rego rules and the user's own Conftest-
//! and Trivy-style policies, loaded and compiled once per run, evaluated in parallel (one
//! engine clone per rayon thread, a time limit per evaluation).
//!
//! Three input modes, decided per package ([`Mode`]):
//! - **resource** (`package tollgate.*`): each graph resource as `input`, the graph once as
//!   `data.tollgate`; `deny`/`warn`/`unknown` rules; results may name `path` and `resource`;
//! - **Conftest** (other packages, selected by namespace): each parsed document as Conftest
//!   parses it, or all of them with `--combine`; `deny`/`violation`/`warn` rules, `exception`
//!   rules, `--data`;
//! - **Trivy** (packages with Trivy metadata): `deny` rules on the documents their selectors
//!   accept, with Trivy's location metadata for `result.new`.
//!
//! Loading checks every call against regorus's builtins, the policies' own functions and
//! Tollgate's extensions ([`extensions`]: `net.cidr_intersects`, `net.cidr_merge`,
//! `net.cidr_contains_matches`, `result.new`, and OPA's `object.subset` and `strings.count` in
//! place of regorus's; [`config_files`]: Conftest's `parse_config`, `parse_config_file`,
//! `parse_combined_config_files`), and against the builtins the user's policies may call
//! ([`BuiltinPolicy`]: network, clock and random builtins refused by default; `--capabilities`;
//! tollgate.toml). `run_tests` runs `test_*` rules.

mod ast_walk;
mod builtins;
mod capabilities;
pub mod config_files;
mod data;
mod differences;
mod eval;
pub mod extensions;
mod input;
mod isolate;
mod limits;
mod load;
mod location;
pub mod metadata;
mod modes;
mod namespace_glob;
mod negation;
mod parameterised;
mod query;
mod quiet;
mod rules;
mod sprintf_check;
mod strict_checks;
mod testing;

pub use capabilities::{known_builtins, BuiltinPolicy, Capabilities};
pub use eval::{evaluate, PolicyException, PolicyOutcome};
pub use limits::{MAX_BRACKET_DEPTH, MAX_RANGE_ELEMENTS, MAX_STRING_BYTES};
pub use load::{has_policy_files, PolicyFiles, PolicyOptions, PolicySet, LIBRARY};
pub use rules::{rule_effect, rule_effect_in, CheckMeta, Effect, Mode, PolicyRule, PolicyRuleInfo, Selector};
pub use testing::{run_tests, TestOutcome, TestResult, TestRun};
