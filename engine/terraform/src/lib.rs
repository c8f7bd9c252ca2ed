//! Tollgate's Terraform loader: `.tf` (HCL) and `.tf.json` files to graph resources.
//!
//! This crate owns reading Terraform configuration. [`parse_file`] turns one file into
//! [`Resource`](tollgate_model::Resource)s: one per `resource`, `data`, `module`, `provider`,
//! `variable` and `output` block and one per local value, each with the exact span of its block
//! and a body of spanned values. It evaluates nothing: literals become known values, and every
//! other expression (references, function calls, interpolations, conditionals, ...) becomes an
//! unknown carrying its source text. [`link`] turns the references each resource records
//! (`aws_kms_key.main.arn`, `var.name`, ...) into graph edges within a module.
//!
//! Body representation (shared by both syntaxes where JSON allows it):
//! - attributes are map entries; the value spans the expression, the key span the name;
//! - nested blocks are a list of maps under their type, one map per block, even for one block;
//! - a labeled nested block (`provisioner "local-exec"`) keeps its label under `__label__`
//!   (a string, or a list of strings for several labels);
//! - `dynamic "x"` blocks are not expanded: `x` is an unknown (source `dynamic "x"`); when static
//!   `x` blocks sit beside it, `x` is a list holding the static maps and the unknown in order;
//! - a local value's resource stores its expression under `value`, like an `output` block;
//! - in `.tf.json`, objects stay maps (JSON cannot tell a block from an object attribute), so
//!   rules should read nested blocks through `Value::items()`, which fits both syntaxes.
//!
//! References: each (target, attribute) pair is recorded once, at its first occurrence; the
//! attribute is the dotted path of nested blocks and attribute name
//! (`rule.apply_server_side_encryption_by_default.kms_master_key_id`). `provider = aws.west`
//! and a module's `providers = { aws = aws.west }` reference `provider.aws.west`;
//! `lifecycle.ignore_changes` names attributes, not blocks, and is skipped.
//!
//! Override files (`override.tf`, `*_override.tf`) parse like any other; [`merge_overrides`]
//! then folds their blocks into the blocks they override, as Terraform does, once every file of
//! the scan is loaded.

mod blocks;
mod body;
mod emit;
pub mod eval;
mod expr;
mod hcl;
mod instances;
mod lines;
mod link;
mod module;
mod overrides;
mod parse;
mod project;
mod refs;
mod scope;
mod tfjson;
mod vars;

#[cfg(test)]
mod tests;

pub use eval::{evaluate_expression, evaluate_expression_with_locals, EvalError};
pub use link::link;
pub use overrides::{is_override_file, merge_overrides};
pub use parse::{parse_terraform_file, ParsedFile, TfFileKind};
pub use project::{
    module_dirs_needed, parse_modules_json, DataHook, EnvironmentSettings, Evaluation, Job, Project, RootSettings,
    TerraformSettings,
};

use tollgate_model::{FileId, FileLoad, Origin, SourceFile};

/// Parses one `.tf` or `.tf.json` file (decided by the suffix of `source.path`) of the module in
/// directory `module_dir` (relative to the scan root, `.` for the root) and evaluates it as a
/// module of its own: variables take their defaults, references to blocks of other files are
/// unknown. Never panics: syntax errors and malformed blocks become [`FileLoad::errors`] with the
/// line and column. Scans use [`Project`], which evaluates whole modules and their roots.
pub fn parse_file(file: FileId, source: &SourceFile, module_dir: &str) -> FileLoad {
    let parsed = parse_terraform_file(file, source, std::path::Path::new(&source.path));
    let mut load = FileLoad { errors: parsed.errors.clone(), ..FileLoad::default() };
    if parsed.kind != TfFileKind::Config {
        return load;
    }
    let files = [parsed];
    let project = Project::standalone(&files);
    for job in project.jobs() {
        load.resources.extend(project.evaluate_on_this_thread(&job).resources);
    }
    for resource in &mut load.resources {
        if let Origin::Terraform(origin) = &mut resource.origin {
            origin.module_dir = module_dir.to_string();
        }
    }
    load
}
