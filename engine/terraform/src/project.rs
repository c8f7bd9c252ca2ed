//! A Terraform project: every module directory of a scan, which of them are roots, and the
//! evaluation of each root once per environment.

use crate::blocks::TopBlock;
use crate::module::{is_local_source, literal_source, ModuleDef};
use crate::parse::{ParsedFile, TfFileKind};
use crate::scope::{Inputs, Instance};
use crate::vars::{auto_rank, GivenValues};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use tollgate_model::source::normalize_path;
use tollgate_model::{LoadError, Notice, NoticeKind, Resource, Span, TfBlock, Value};

/// Stack of the thread each evaluation runs on.
const EVALUATION_STACK_BYTES: usize = 64 * 1024 * 1024;

/// How many nested references an evaluation follows on its own thread, and on a caller's thread
/// whose stack may be as small as rayon's 2 MiB.
const MAX_REFERENCE_DEPTH: usize = 150;
const SMALL_STACK_REFERENCE_DEPTH: usize = 24;

/// How Terraform is evaluated: the roots that have environments, and variable values given
/// from outside the configuration.
#[derive(Debug, Clone, Default)]
pub struct TerraformSettings {
    /// Roots named in `tollgate.toml`, each with its environments.
    pub roots: Vec<RootSettings>,
    /// Var files applied to every root (`[terraform] var_files`), before the root's own.
    pub var_files: Vec<PathBuf>,
    /// `--var-file` from the command line, applied to every root after the configured files.
    pub cli_var_files: Vec<PathBuf>,
    /// `--var name=value` from the command line, last (they win).
    pub cli_vars: Vec<(String, String)>,
    /// `TF_VAR_name` values from the environment (the weakest source after defaults).
    pub env_vars: Vec<(String, String)>,
    /// Where evaluation may read: file functions, and the modules local `source`s and
    /// `modules.json` name. Outside it, a function's value is unknown
    /// ([`UnknownReason::OutsideScanRoot`](tollgate_model::UnknownReason)) and a module is
    /// unresolved; `abspath` and `path.cwd` are unknown. `None` reads anywhere, as Terraform does.
    pub sandbox: Option<tollgate_terraform_functions::Sandbox>,
}

/// A root module named in the configuration.
#[derive(Debug, Clone, Default)]
pub struct RootSettings {
    pub path: PathBuf,
    /// Each is evaluated separately; none means one evaluation without an environment name.
    pub environments: Vec<EnvironmentSettings>,
}

/// A named set of values for one root.
#[derive(Debug, Clone, Default)]
pub struct EnvironmentSettings {
    pub name: String,
    pub var_files: Vec<PathBuf>,
    pub vars: Vec<(String, String)>,
}

/// Computes attributes a data source's provider would return that follow from the
/// configuration alone (the JSON of an `aws_iam_policy_document`, the region of `aws_region`):
/// `(name, value)` pairs added to the data source's body when it does not set them, so
/// references to them resolve. Attributes it leaves out stay unknown, read by the provider
/// during plan.
pub type DataHook = fn(&DataSource<'_>) -> Vec<(String, Value)>;

/// One instance of a data source, as a [`DataHook`] sees it.
pub struct DataSource<'a> {
    /// `aws_region`.
    pub type_name: &'a str,
    /// The arguments as evaluated.
    pub body: &'a Value,
    pub(crate) provider: &'a dyn Fn() -> Option<Value>,
}

impl DataSource<'_> {
    /// The evaluated body of the provider configuration the data source uses (its `provider`
    /// argument, else its type's default configuration, passed down module calls as Terraform
    /// passes it); `None` when the configuration declares no such `provider` block (the
    /// provider then takes its settings from the environment).
    pub fn provider_config(&self) -> Option<Value> {
        (self.provider)()
    }
}

/// One evaluation: a root module in one environment.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Job {
    /// The root's directory as shown to users.
    pub shown_dir: String,
    pub environment: Option<String>,
    root: PathBuf,
    environment_index: Option<usize>,
}

/// What evaluating one root yields.
#[derive(Debug, Default)]
pub struct Evaluation {
    pub resources: Vec<Resource>,
    /// Reference edges as (from, to, attribute), indices into `resources`.
    pub edges: Vec<(usize, usize, String)>,
    pub notices: Vec<Notice>,
    /// Values Terraform treats as sensitive (from `sensitive = true` variables), as (resource
    /// index, path into its body): to mark in the graph so nothing prints them.
    pub sensitive: Vec<(usize, Vec<tollgate_model::PathStep>)>,
}

pub struct Project<'p> {
    defs: BTreeMap<PathBuf, ModuleDef<'p>>,
    /// Root directory -> `modules.json` key (`vpc`, `eks.nodes`) -> module directory.
    remote: BTreeMap<PathBuf, BTreeMap<String, PathBuf>>,
    /// Variable definitions files by path.
    var_files: BTreeMap<PathBuf, &'p ParsedFile>,
    /// Automatically loaded variable files of each directory, in Terraform's order.
    auto_vars: BTreeMap<PathBuf, Vec<&'p ParsedFile>>,
    roots: BTreeMap<PathBuf, Option<usize>>,
    settings: TerraformSettings,
    pub(crate) data_hook: Option<DataHook>,
    errors: Vec<LoadError>,
}

impl<'p> Project<'p> {
    /// A project of parsed files (configuration and variable files, scanned or read because a
    /// module call or a setting needs them). `modules_json` holds the text of
    /// `.terraform/modules/modules.json` by root directory.
    pub fn new(
        files: &'p [ParsedFile],
        modules_json: &BTreeMap<PathBuf, String>,
        settings: TerraformSettings,
        data_hook: Option<DataHook>,
    ) -> Self {
        Self::build(files, modules_json, settings, data_hook, true)
    }

    /// Files evaluated each as they are, override files as ordinary files ([`crate::parse_file`]).
    pub(crate) fn standalone(files: &'p [ParsedFile]) -> Self {
        Self::build(files, &BTreeMap::new(), TerraformSettings::default(), None, false)
    }

    fn build(
        files: &'p [ParsedFile],
        modules_json: &BTreeMap<PathBuf, String>,
        settings: TerraformSettings,
        data_hook: Option<DataHook>,
        fold_overrides: bool,
    ) -> Self {
        let mut by_dir: BTreeMap<PathBuf, Vec<&ParsedFile>> = BTreeMap::new();
        let mut var_files = BTreeMap::new();
        let mut auto_vars: BTreeMap<PathBuf, Vec<&ParsedFile>> = BTreeMap::new();
        let mut scanned = BTreeSet::new();
        for file in files {
            let dir = dir_key(file.dir());
            match file.kind {
                TfFileKind::Config => {
                    if file.scanned {
                        scanned.insert(dir.clone());
                    }
                    by_dir.entry(dir).or_default().push(file);
                }
                TfFileKind::Vars => {
                    var_files.insert(dir_key(&file.path), file);
                    if auto_rank(file).is_some() {
                        auto_vars.entry(dir).or_default().push(file);
                    }
                }
            }
        }
        for list in auto_vars.values_mut() {
            list.sort_by_key(|f| auto_rank(f));
        }
        let mut errors = Vec::new();
        let defs: BTreeMap<PathBuf, ModuleDef<'p>> = by_dir
            .into_iter()
            .map(|(dir, files)| {
                let def = ModuleDef::new(&dir, &files, fold_overrides);
                errors.extend(def.errors.iter().cloned());
                (dir, def)
            })
            .collect();
        let mut remote = BTreeMap::new();
        for (root, text) in modules_json {
            let root = dir_key(root);
            let entries = parse_modules_json(text)
                .into_iter()
                .map(|(key, dir)| (key, dir_key(&root.join(dir))))
                .collect::<BTreeMap<_, _>>();
            remote.insert(root, entries);
        }
        let mut project =
            Project { defs, remote, var_files, auto_vars, roots: BTreeMap::new(), settings, data_hook, errors };
        project.roots = project.find_roots(&scanned);
        project
    }

    /// Problems found before evaluation (override blocks with nothing to override, configured
    /// roots without Terraform files).
    pub fn errors(&self) -> &[LoadError] {
        &self.errors
    }

    pub(crate) fn module(&self, dir: &Path) -> Option<&ModuleDef<'p>> {
        self.defs.get(dir)
    }

    /// Where evaluation may read ([`TerraformSettings::sandbox`]).
    pub(crate) fn sandbox(&self) -> Option<&tollgate_terraform_functions::Sandbox> {
        self.settings.sandbox.as_ref()
    }

    /// Whether `modules.json` places module `key` of `root` outside the sandbox.
    pub(crate) fn remote_outside_sandbox(&self, root: &Path, key: &str) -> bool {
        let dir = self.remote.get(root).and_then(|modules| modules.get(key));
        dir.zip(self.sandbox()).is_some_and(|(dir, sandbox)| !sandbox.contains(dir))
    }

    pub(crate) fn remote_module(&self, root: &Path, key: &str) -> Option<&ModuleDef<'p>> {
        self.remote.get(root)?.get(key).and_then(|dir| self.defs.get(dir))
    }

    /// Roots: configured roots, and every scanned directory no other scanned directory calls
    /// (plus any left unreached, as in a cycle of calls, so nothing goes unchecked).
    fn find_roots(&mut self, scanned: &BTreeSet<PathBuf>) -> BTreeMap<PathBuf, Option<usize>> {
        let calls: BTreeMap<&PathBuf, Vec<PathBuf>> =
            self.defs.iter().map(|(dir, def)| (dir, local_calls(def))).collect();
        let called: BTreeSet<&PathBuf> = calls
            .iter()
            .filter(|(dir, _)| scanned.contains(**dir))
            .flat_map(|(dir, targets)| targets.iter().filter(move |t| t != dir))
            .collect();
        let mut roots: BTreeMap<PathBuf, Option<usize>> =
            scanned.iter().filter(|dir| !called.contains(dir)).map(|dir| (dir.clone(), None)).collect();
        for (index, root) in self.settings.roots.iter().enumerate() {
            let key = dir_key(&root.path);
            if self.defs.contains_key(&key) {
                roots.insert(key, Some(index));
            } else {
                self.errors.push(LoadError {
                    file: root.path.display().to_string(),
                    line: 0,
                    column: 0,
                    message: "tollgate.toml names this directory as a Terraform root, but the scan found no .tf \
                              files in it; fix `path` in [[terraform.root]] or scan the directory"
                        .to_string(),
                });
            }
        }
        let mut reached: BTreeSet<PathBuf> = BTreeSet::new();
        let mut pending: Vec<PathBuf> = roots.keys().cloned().collect();
        while let Some(dir) = pending.pop() {
            if let Some(targets) = calls.get(&dir) {
                if !reached.contains(&dir) {
                    pending.extend(targets.iter().cloned());
                }
            }
            reached.insert(dir);
        }
        for dir in scanned {
            if !reached.contains(dir) {
                roots.insert(dir.clone(), None);
            }
        }
        roots
    }

    /// Every evaluation to run: each root once per environment, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = Vec::new();
        for (root, settings) in &self.roots {
            let shown_dir = self.defs.get(root).map(|d| d.shown_dir.clone()).unwrap_or_default();
            let environments = settings.and_then(|i| self.settings.roots.get(i)).map(|r| &r.environments);
            match environments.filter(|e| !e.is_empty()) {
                Some(environments) => {
                    for (index, environment) in environments.iter().enumerate() {
                        jobs.push(Job {
                            shown_dir: shown_dir.clone(),
                            environment: Some(environment.name.clone()),
                            root: root.clone(),
                            environment_index: Some(index),
                        });
                    }
                }
                None => jobs.push(Job { shown_dir, environment: None, root: root.clone(), environment_index: None }),
            }
        }
        jobs.sort();
        jobs
    }

    /// The values given for a job's root variables, in Terraform's precedence order.
    fn given(&self, job: &Job) -> GivenValues {
        let mut given = GivenValues::default();
        given.raw(&self.settings.env_vars);
        for file in self.auto_vars.get(&job.root).into_iter().flatten() {
            given.file(file);
        }
        let environment = self
            .roots
            .get(&job.root)
            .copied()
            .flatten()
            .and_then(|i| self.settings.roots.get(i))
            .zip(job.environment_index)
            .and_then(|(root, i)| root.environments.get(i));
        let mut files: Vec<&PathBuf> = self.settings.var_files.iter().collect();
        files.extend(environment.map(|e| &e.var_files).into_iter().flatten());
        for path in files {
            if let Some(file) = self.var_files.get(&dir_key(path)) {
                given.file(file);
            }
        }
        if let Some(environment) = environment {
            given.raw(&environment.vars);
        }
        for path in &self.settings.cli_var_files {
            if let Some(file) = self.var_files.get(&dir_key(path)) {
                given.file(file);
            }
        }
        given.raw(&self.settings.cli_vars);
        given
    }

    /// Evaluates one root in one environment: every module instance, every block instance.
    /// Runs on a thread of its own with a large stack (deep module trees and reference chains
    /// recurse), whatever the caller's stack.
    pub fn evaluate(&self, job: &Job) -> Evaluation {
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("tollgate-terraform".to_string())
                .stack_size(EVALUATION_STACK_BYTES)
                .spawn_scoped(scope, || self.evaluate_here(job, MAX_REFERENCE_DEPTH))
                .ok()
                .and_then(|handle| handle.join().ok())
        })
        .unwrap_or_else(|| self.evaluate_here(job, SMALL_STACK_REFERENCE_DEPTH))
    }

    /// [`Project::evaluate`] on the caller's thread, following fewer nested references (the
    /// caller's stack may be small): for evaluating single files.
    pub(crate) fn evaluate_on_this_thread(&self, job: &Job) -> Evaluation {
        self.evaluate_here(job, SMALL_STACK_REFERENCE_DEPTH)
    }

    fn evaluate_here(&self, job: &Job, max_depth: usize) -> Evaluation {
        let Some(def) = self.defs.get(&job.root) else { return Evaluation::default() };
        let run = Run {
            project: self,
            root_dir: def.dir.clone(),
            root_key: job.root.clone(),
            root: def.shown_dir.clone(),
            environment: job.environment.clone(),
            given: self.given(job),
            max_depth,
            stack: RefCell::new(Vec::new()),
            notices: RefCell::new(Vec::new()),
            cycles: RefCell::new(BTreeSet::new()),
        };
        let root = Instance::new(&run, def, String::new(), Vec::new(), Vec::new(), Inputs::Root);
        let mut evaluation = crate::emit::emit_root(&root);
        drop(root);
        evaluation.notices.extend(run.notices.take());
        evaluation.notices.sort();
        evaluation.notices.dedup();
        evaluation
    }
}

/// The state of one evaluation shared by its module instances.
pub(crate) struct Run<'r, 'p> {
    pub(crate) project: &'r Project<'p>,
    pub(crate) root_dir: PathBuf,
    pub(crate) root_key: PathBuf,
    /// The root module's directory as shown (`TfOrigin::root`).
    pub(crate) root: String,
    pub(crate) environment: Option<String>,
    pub(crate) given: GivenValues,
    /// Deeper chains of references than this (a local naming a local naming a local...) are not
    /// followed: the value is unknown. It keeps hostile input from exhausting the stack.
    pub(crate) max_depth: usize,
    /// (module path, address) of the values being evaluated, innermost last.
    stack: RefCell<Vec<(String, String)>>,
    notices: RefCell<Vec<Notice>>,
    cycles: RefCell<BTreeSet<Vec<String>>>,
}

impl Run<'_, '_> {
    pub(crate) fn push(&self, path: &str, address: &str) {
        self.stack.borrow_mut().push((path.to_string(), address.to_string()));
    }

    pub(crate) fn pop(&self) {
        self.stack.borrow_mut().pop();
    }

    pub(crate) fn depth(&self) -> usize {
        self.stack.borrow().len()
    }

    pub(crate) fn notice(&self, notice: Notice) {
        self.notices.borrow_mut().push(notice);
    }

    /// The error for a value that needs itself; the cycle is reported once, at `span`.
    pub(crate) fn cycle(&self, path: &str, address: &str, span: Span) -> String {
        let full = |path: &str, address: &str| {
            if path.is_empty() {
                address.to_string()
            } else {
                format!("{path}.{address}")
            }
        };
        let stack = self.stack.borrow();
        let start = stack.iter().position(|(p, a)| p == path && a == address).unwrap_or(0);
        let mut names: Vec<String> = stack.get(start..).unwrap_or_default().iter().map(|(p, a)| full(p, a)).collect();
        names.push(full(path, address));
        let chain = names.join(" -> ");
        let mut members: Vec<String> = names.clone();
        members.sort();
        members.dedup();
        drop(stack);
        if self.cycles.borrow_mut().insert(members.clone()) {
            let listed = members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
            self.notice(Notice {
                kind: NoticeKind::InvalidConfiguration,
                address: full(path, address),
                span,
                message: format!(
                    "{listed} depend on each other in a cycle ({chain}); Terraform rejects the configuration: break \
                     the cycle. Their values are unknown"
                ),
                environment: self.environment.clone(),
                root: Some(self.root.clone()),
            });
        }
        format!("cycle: {chain}")
    }
}

/// The directories a module's calls with a local `source` reach.
fn local_calls(def: &ModuleDef<'_>) -> Vec<PathBuf> {
    def.blocks_of(TfBlock::Module)
        .filter_map(|block| literal_source(block).filter(|s| is_local_source(s)).map(|s| dir_key(&def.dir.join(s))))
        .collect()
}

/// Directories that module calls or `modules.json` name but that no given file lives in: the
/// loader reads their `.tf` files and adds them before building the [`Project`].
pub fn module_dirs_needed(files: &[ParsedFile], modules_json: &BTreeMap<PathBuf, String>) -> Vec<PathBuf> {
    let have: BTreeSet<PathBuf> =
        files.iter().filter(|f| f.kind == TfFileKind::Config).map(|f| dir_key(f.dir())).collect();
    let mut needed = BTreeSet::new();
    for file in files.iter().filter(|f| f.kind == TfFileKind::Config) {
        for top in file.blocks().iter().filter(|t| t.header.block == TfBlock::Module) {
            if let Some(source) = source_of(top, file).filter(|s| is_local_source(s)) {
                needed.insert(dir_key(&file.dir().join(source)));
            }
        }
    }
    for (root, text) in modules_json {
        for (_, dir) in parse_modules_json(text) {
            needed.insert(dir_key(&root.join(dir)));
        }
    }
    needed.into_iter().filter(|dir| !have.contains(dir) && dir.is_dir()).collect()
}

fn source_of(top: &TopBlock<'_>, file: &ParsedFile) -> Option<String> {
    let block = crate::module::DefBlock { top: top.clone(), file, overrides: Vec::new() };
    literal_source(&block)
}

/// The (key, directory) entries of `.terraform/modules/modules.json`; the root's own entry
/// (empty key) is left out. Unreadable text yields nothing (the modules stay unresolved).
pub fn parse_modules_json(text: &str) -> Vec<(String, String)> {
    let Ok(root) = tollgate_model::json::parse(text) else { return Vec::new() };
    let field = |object: &tollgate_model::json::Json, name: &str| {
        object.as_object()?.iter().rev().find(|m| m.key == name).and_then(|m| m.value.as_str()).map(str::to_string)
    };
    let Some(modules) = root.as_object().and_then(|members| members.iter().find(|m| m.key == "Modules")) else {
        return Vec::new();
    };
    match &modules.value.kind {
        tollgate_model::json::JsonKind::Array(items) => items
            .iter()
            .filter_map(|item| Some((field(item, "Key")?, field(item, "Dir")?)))
            .filter(|(key, _)| !key.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// A path's identity: resolved through links when it exists, made absolute and normalized
/// otherwise.
pub(crate) fn dir_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| normalize_path(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())))
}

/// `to` relative to `from` with `/` separators (`.` when equal), as `path.module` gives it.
pub(crate) fn relative_path(from: &Path, to: &Path) -> String {
    let (from, to) = (dir_key(from), dir_key(to));
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to.get(common..).unwrap_or_default().iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}
