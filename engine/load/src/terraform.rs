//! Terraform as Terraform sees it: the parsed `.tf`, `.tf.json` and `.tfvars` files of the scan,
//! plus the module directories their calls reach (local paths, and remote modules that
//! `terraform init` installed under `.terraform/modules`, which the walk skips) and the var files
//! the settings name, evaluated root by root and environment by environment.

use crate::{display_path, read_text, LoadOptions};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tollgate_model::{FileId, LoadError, Notice, Resource, Skip, SourceFile, SourceMap, Value};
use tollgate_terraform::{parse_terraform_file, DataSource, ParsedFile, Project, TerraformSettings, TfFileKind};

/// Rounds of module discovery (each reads the directories the previous round's calls reach);
/// deeper trees than this are reported as unresolved by the evaluator.
const MAX_DISCOVERY_ROUNDS: usize = 32;

/// The evaluated Terraform resources of a scan.
#[derive(Debug, Default)]
pub(crate) struct Evaluated {
    pub(crate) resources: Vec<Resource>,
    /// (from, to, attribute), indices into `resources`.
    pub(crate) edges: Vec<(usize, usize, String)>,
    pub(crate) notices: Vec<Notice>,
    pub(crate) errors: Vec<LoadError>,
    /// Files of module directories not read: links out of the scan root.
    pub(crate) skipped: Vec<Skip>,
    /// Sensitive values as (index into `resources`, path).
    pub(crate) sensitive: Vec<(usize, Vec<tollgate_model::PathStep>)>,
}

/// Reads what the parsed files need beyond the scan (module directories, var files), adding
/// those files to `sources`, then evaluates every root in every environment.
pub(crate) fn evaluate(
    mut files: Vec<ParsedFile>,
    settings: &TerraformSettings,
    sources: &mut SourceMap,
    options: &LoadOptions,
) -> Evaluated {
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let modules_json = modules_json(&files, settings);
    let mut attempted = BTreeSet::new();
    for _ in 0..MAX_DISCOVERY_ROUNDS {
        // A module outside the scan root is not read: the evaluator reports it as unresolved.
        let needed: Vec<PathBuf> = tollgate_terraform::module_dirs_needed(&files, &modules_json)
            .into_iter()
            .filter(|dir| inside(settings, dir) && attempted.insert(dir.clone()))
            .collect();
        if needed.is_empty() {
            break;
        }
        let (paths, outside): (Vec<PathBuf>, Vec<PathBuf>) =
            needed.iter().flat_map(|dir| module_files(dir)).partition(|path| inside(settings, path));
        let reason = crate::walk::OUTSIDE_ROOT.to_string();
        skipped.extend(outside.iter().map(|p| Skip {
            file: display_path(p, options),
            document: None,
            reason: reason.clone(),
        }));
        files.extend(read_extra(&paths, sources, options, &mut errors));
    }
    let have: BTreeSet<PathBuf> = files.iter().map(|f| key(&f.path)).collect();
    // Var files of tollgate.toml are part of the scanned project, so confined with it; those of
    // the command line are the operator's own.
    let mut configured: Vec<&PathBuf> = settings.var_files.iter().collect();
    configured.extend(settings.roots.iter().flat_map(|r| r.environments.iter().flat_map(|e| &e.var_files)));
    let var_files =
        configured.iter().map(|path| (*path, true)).chain(settings.cli_var_files.iter().map(|p| (p, false)));
    let mut missing = Vec::new();
    for (path, is_configured) in var_files {
        if have.contains(&key(path)) || missing.contains(path) {
            continue;
        }
        if is_configured && !inside(settings, path) {
            errors.push(LoadError {
                file: display_path(path, options),
                line: 0,
                column: 0,
                message: "variable definitions file named in tollgate.toml is outside the scan root, so it is not \
                          read; move it into the project or pass --allow-outside-root"
                    .to_string(),
            });
        } else if path.is_file() {
            missing.push(path.clone());
        } else {
            errors.push(LoadError {
                file: display_path(path, options),
                line: 0,
                column: 0,
                message: "variable definitions file not found (named in tollgate.toml or by --var-file); fix the \
                          path"
                    .to_string(),
            });
        }
    }
    files.extend(read_extra(&missing, sources, options, &mut errors));

    let project = Project::new(&files, &modules_json, settings.clone(), Some(data_attributes));
    // A configured root is named by the path tollgate.toml gives, made absolute: show it as
    // every other path is shown, not as this machine's directory.
    let shown_roots: BTreeMap<String, String> = settings
        .roots
        .iter()
        .map(|root| (root.path.display().to_string(), display_path(&root.path, options)))
        .collect();
    errors.extend(project.errors().iter().cloned().map(|mut error| {
        if let Some(shown) = shown_roots.get(&error.file) {
            error.file = shown.clone();
        }
        error
    }));
    let jobs = project.jobs();
    // Each evaluation runs on a large-stack thread of its own (see `Project::evaluate`).
    let evaluations: Vec<tollgate_terraform::Evaluation> = jobs.par_iter().map(|job| project.evaluate(job)).collect();
    let mut evaluated = Evaluated { errors, skipped, ..Evaluated::default() };
    for evaluation in evaluations {
        let offset = evaluated.resources.len();
        evaluated.resources.extend(evaluation.resources);
        evaluated.edges.extend(evaluation.edges.into_iter().map(|(from, to, via)| (from + offset, to + offset, via)));
        evaluated.notices.extend(evaluation.notices);
        evaluated.sensitive.extend(evaluation.sensitive.into_iter().map(|(i, path)| (i + offset, path)));
    }
    evaluated.notices.sort();
    evaluated.notices.dedup();
    evaluated
}

/// What the AWS provider computes for a data source from the configuration alone
/// ([`tollgate_aws::data_source_attributes`]).
fn data_attributes(source: &DataSource<'_>) -> Vec<(String, Value)> {
    tollgate_aws::data_source_attributes(source.type_name, source.body, &|| source.provider_config())
}

/// `.terraform/modules/modules.json` of each scanned configuration directory that has one.
fn modules_json(files: &[ParsedFile], settings: &TerraformSettings) -> BTreeMap<PathBuf, String> {
    let dirs: BTreeSet<&Path> =
        files.iter().filter(|f| f.scanned && f.kind == TfFileKind::Config).map(|f| f.dir()).collect();
    dirs.into_iter()
        .filter_map(|dir| {
            let path = dir.join(".terraform").join("modules").join("modules.json");
            let text = inside(settings, &path).then(|| std::fs::read_to_string(&path).ok()).flatten()?;
            Some((dir.to_path_buf(), text))
        })
        .collect()
}

/// The configuration files directly in a module directory, sorted.
fn module_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && TfFileKind::of(path) == Some(TfFileKind::Config))
        .collect();
    paths.sort();
    paths
}

/// Reads and parses files the walk did not reach, registering them in `sources`.
fn read_extra(
    paths: &[PathBuf],
    sources: &mut SourceMap,
    options: &LoadOptions,
    errors: &mut Vec<LoadError>,
) -> Vec<ParsedFile> {
    let first = sources.len();
    let read: Vec<(SourceFile, Option<ParsedFile>, Option<LoadError>)> = paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let shown = display_path(path, options);
            let file = FileId((first + i) as u32);
            match read_text(path, options.max_file_bytes) {
                Ok(text) => {
                    let source = SourceFile { path: shown, text: text.into() };
                    let mut parsed = parse_terraform_file(file, &source, path);
                    parsed.scanned = false;
                    (source, Some(parsed), None)
                }
                Err(failure) => {
                    let error =
                        LoadError { file: shown.clone(), line: failure.line, column: 1, message: failure.message };
                    (SourceFile { path: shown, text: failure.text.into() }, None, Some(error))
                }
            }
        })
        .collect();
    let mut parsed_files = Vec::new();
    for (source, parsed, error) in read {
        sources.add(source.path, source.text);
        errors.extend(error);
        if let Some(parsed) = parsed {
            errors.extend(parsed.errors.iter().cloned());
            parsed_files.push(parsed);
        }
    }
    parsed_files
}

/// Whether the settings' sandbox lets the load read `path`.
fn inside(settings: &TerraformSettings, path: &Path) -> bool {
    settings.sandbox.as_ref().is_none_or(|sandbox| sandbox.contains(path))
}

fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
