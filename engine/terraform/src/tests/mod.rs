//! Tests of the whole loader through its public entry points.

mod support;

mod data_sources;
mod expansion;
mod hcl_blocks;
mod hcl_json;
mod hcl_values;
mod hostile;
mod hostile_eval;
mod json_config;
mod module_cycles;
mod modules;
mod overrides;
mod project_support;
mod references;
mod variables;
