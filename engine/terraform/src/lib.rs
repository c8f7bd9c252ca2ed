//! Tollgate's Terraform loader: Terraform configuration evaluated as Terraform evaluates it.
//!
//! This crate owns reading and evaluating Terraform configuration:
//! - [`parse_terraform_file`] parses one `.tf`, `.tf.json`, `.tfvars` or `.tfvars.json` file
//!   into a [`ParsedFile`] (syntax errors and malformed blocks as errors with line and column);
//!   parsing is per file, so the scan runs it in parallel.
//! - [`Project`] gathers the parsed files into modules (one per directory, override files folded
//!   into the blocks they override), finds the roots (a directory another scanned directory
//!   calls is a module, not a root), and [`Project::evaluate`]s each root once per environment
//!   ([`TerraformSettings`]): variables from defaults, `TF_VAR_*`, `terraform.tfvars(.json)`,
//!   `*.auto.tfvars(.json)`, var files and `--var` in Terraform's precedence, converted to their
//!   type constraints (with `optional(T, default)`); locals in any order; module calls with local
//!   sources or installed by `terraform init` (`.terraform/modules/modules.json`, see
//!   [`module_dirs_needed`]) evaluated with their inputs; `count` and `for_each` expanded into
//!   instances with Terraform's addresses (`module.eks["dev"].aws_eks_node_group.this["apps"]`);
//!   `dynamic` blocks expanded. The result ([`Evaluation`]) is one resource per block instance,
//!   the reference edges between instances, and [`Notice`](tollgate_model::Notice)s: instances
//!   that cannot be known, modules that could not be read, configurations Terraform rejects
//!   (cycles, values of the wrong type).
//! - [`ParsedFile::raw_document`] is a file as Conftest parses it, for Conftest-style policies:
//!   HCL converted to JSON exactly as hcl2json (Conftest's HCL 2 parser) converts it (module
//!   `hcl_json`, which documents the shape), JSON files as their JSON, every node spanned.
//! - [`TerraformSettings::sandbox`] confines evaluation to the scan root: file functions outside
//!   it (and `abspath`, `path.cwd`) are unknown (`OutsideScanRoot`), modules outside it unresolved.
//! - [`eval`] is the expression evaluator ([`evaluate_expression`] for one expression, as
//!   `terraform console` answers); functions come from `tollgate-terraform-functions`.
//!
//! Unknowns: what Tollgate cannot know is unknown, with a reason: another resource's attribute
//! the configuration does not set (`AfterApply`), a data source's result, which its provider
//! reads during plan (`ReadDuringPlan`, naming the provider from the block's `provider` argument
//! or its type; `AfterApply` when its arguments are only known after apply, since Terraform then
//! reads it during apply; a [`DataHook`] computes what follows from the configuration and the
//! provider configuration, passed down module calls as Terraform passes it), a variable without
//! a value (`UnsetVariable`), a module that could not be read (`UnresolvedModule`), an expression Tollgate
//! cannot evaluate (`Expression`). The source of an unknown computed attribute names the module
//! instance of its block (`module.logs.aws_s3_bucket.this[0].id`), so it does not read as a
//! block of the module that uses it. Unknowns propagate as in Terraform; an element of a list or
//! object (written out or made by a `for` expression) that fails to evaluate is unknown on its
//! own, the rest stays known. A value reached through a reference is located where it is used
//! (`encrypted = var.enc` points at that line). `tests/differential_*.rs` compare the evaluator
//! with the real `terraform console` and `terraform plan` (see `tests/differential/`).
//!
//! Body representation (shared by both syntaxes where JSON allows it):
//! - attributes are map entries; the value spans the expression, the key span the name;
//! - nested blocks are a list of maps under their type, one map per block, even for one block;
//!   `dynamic "x"` blocks add one map per element of their `for_each` (an unknown `for_each`
//!   makes `x` unknown, source `dynamic "x"`);
//! - a labeled nested block (`provisioner "local-exec"`) keeps its label under `__label__`
//!   (a string, or a list of strings for several labels);
//! - a local value's resource stores its value under `value`, like an `output` block; a
//!   `variable` block's resource adds the value it takes under `value`;
//! - arguments that name things rather than hold values (`depends_on`, `provider`, `providers`,
//!   a variable's `type`, `lifecycle.ignore_changes`) are kept as written;
//! - in `.tf.json`, objects stay maps (JSON cannot tell a block from an object attribute), so
//!   rules should read nested blocks through `Value::items()`, which fits both syntaxes.
//!
//! References: each resource records the blocks its expressions name (each (target, attribute)
//! pair once, at its first occurrence; the attribute is the dotted path of nested blocks and
//! attribute name). `provider = aws.west` and a module's `providers = { aws = aws.west }`
//! reference `provider.aws.west`. Edges go to the instances an index selects
//! (`aws_s3_bucket.b[0]`, `aws_s3_bucket.b[each.key]`), else to every instance.
//!
//! [`parse_file`], [`merge_overrides`] and [`link`] are the single-file entry points: one file
//! evaluated as a module of its own, override blocks merged into resources, and edges by address.

mod blocks;
mod body;
mod calls;
mod emit;
pub mod eval;
mod expr;
mod hcl;
mod hcl_json;
mod instances;
mod link;
mod module;
mod overrides;
mod parse;
mod project;
mod providers;
mod refs;
mod scope;
mod sensitive;
mod tfjson;
mod vars;

#[cfg(test)]
mod tests;

pub use eval::{evaluate_expression, evaluate_expression_with_locals, EvalError};
pub use link::link;
pub use overrides::{is_override_file, merge_overrides};
pub use parse::{parse_terraform_file, ParsedFile, TfFileKind};
pub use project::{
    module_dirs_needed, parse_modules_json, DataHook, DataSource, EnvironmentSettings, Evaluation, Job, Project,
    RootSettings, TerraformSettings,
};
pub use tollgate_terraform_functions::Sandbox;

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
            // A file read alone is no root's evaluation.
            origin.root = None;
        }
    }
    load
}
