//! Loading policies once per run: reading `.rego` files, parsing and checking each one (syntax,
//! METADATA, function calls), compiling the good ones into one engine, deciding each package's
//! input mode and metadata, and loading `--data` documents.

use crate::builtins::{calls_of, check_calls, defined_functions, package_of};
use crate::capabilities::BuiltinPolicy;
use crate::config_files::{self, FileAccess, CONFIG_BUILTINS};
use crate::data::load_data;
use crate::differences::difference_notices;
use crate::eval::engine_problem;
use crate::isolate::{guarded_result, PANICKED};
use crate::metadata::{parse_annotations, Annotation};
use crate::namespace_glob::namespace_matches;
use crate::parameterised::parameterised_tests;
use crate::quiet::capturing_stderr;
use crate::rules::{
    is_trivy, object_heads, package_annotation, rule_effect_in, rule_heads, selectors, CheckMeta, Effect, Mode,
    PolicyRule, PolicyRuleInfo, RuleHeadInfo,
};
use crate::strict_checks::strict_errors;
use regorus::unstable::{Module, Parser, Source};
use regorus::utils::limits::{ExecutionTimerConfig, PolicyLengthConfig};
use regorus::Engine;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tollgate_model::{Category, LoadError, Severity};

/// Tollgate's Rego library (`data.tollgate.lib`: `resource`, `outgoing`, `incoming`, `is_unknown`).
pub const LIBRARY: &str = include_str!("../lib/tollgate.rego");
const LIBRARY_PATH: &str = "<tollgate>/lib/tollgate.rego";

/// How policies are loaded and run.
#[derive(Debug, Clone)]
pub struct PolicyOptions {
    /// Conftest packages whose rules are evaluated (`--namespace`, repeatable); `main` by default.
    pub namespaces: Vec<String>,
    /// Every package with Conftest rules (`--all-namespaces`).
    pub all_namespaces: bool,
    /// JSON/YAML files or directories loaded under `data` (`--data`), merged at its root as Conftest does.
    pub data_paths: Vec<PathBuf>,
    /// One evaluation with every document as `[{path, contents}]` (`--combine`).
    pub combine: bool,
    /// Parse the user's policies as Rego v0 (`--rego-version v0`); bundled rules stay v1.
    pub rego_v0: bool,
    /// Wall-clock limit of one rule evaluation on one input.
    pub time_limit: Duration,
    /// A builtin given a wrong type or a bad value is an error (`--strict`), not undefined (OPA's default);
    /// and OPA's strict-mode compiler checks refuse the user's policy files that fail them.
    pub strict: bool,
    /// Directories (the scan roots) `parse_config_file` may read besides the working directory
    /// and the policy and data directories.
    pub readable_dirs: Vec<PathBuf>,
    /// Which builtins the user's policies may call (`--capabilities`, `[policy] builtins`).
    pub builtins: BuiltinPolicy,
}

impl Default for PolicyOptions {
    fn default() -> Self {
        PolicyOptions {
            namespaces: vec!["main".to_string()],
            all_namespaces: false,
            data_paths: Vec::new(),
            combine: false,
            rego_v0: false,
            time_limit: Duration::from_secs(5),
            strict: false,
            readable_dirs: Vec::new(),
            builtins: BuiltinPolicy::default(),
        }
    }
}

/// A package: how it is evaluated and what it declares.
#[derive(Debug, Clone)]
pub(crate) struct PackageInfo {
    pub mode: Mode,
    pub file: String,
    pub line: u32,
    pub meta: CheckMeta,
    /// Declares an `exception` rule (Conftest and Trivy exceptions).
    pub has_exception: bool,
    /// Has a package METADATA annotation (which Trivy prefers over `__rego_metadata__`).
    pub annotated: bool,
    /// Declares Trivy's legacy `__rego_metadata__` / `__rego_input__` rules.
    pub legacy_rules: BTreeSet<String>,
}

/// A `test_*` rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TestRule {
    pub file: String,
    pub name: String,
    pub package: String,
    pub line: u32,
    /// A parameterised test's helper module, which enumerates its cases ([`crate::parameterised`]).
    pub cases: Option<String>,
}

/// The policies of a run, parsed and compiled once; evaluation clones the engine per thread.
#[derive(Debug, Clone)]
pub struct PolicySet {
    pub(crate) engine: Engine,
    /// Every rule that is evaluated, sorted, so findings and errors come out in the same order every run.
    pub rules: Vec<PolicyRule>,
    pub(crate) packages: BTreeMap<String, PackageInfo>,
    pub(crate) tests: Vec<TestRule>,
    pub options: PolicyOptions,
    /// Notices about loaded user policies that still run: constructs OPA evaluates differently
    /// ([`crate::differences`]). Shown as warnings; they neither drop a policy nor fail the gate.
    pub warnings: Vec<LoadError>,
    /// How many of the user's policy files were loaded, and how many were not.
    pub files: PolicyFiles,
    /// What the Rego engine itself said while loading (kept off stderr), located when it says where.
    pub notes: Vec<LoadError>,
}

/// The user's `.rego` files of a run: loaded, and left out (unreadable, invalid, refused).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PolicyFiles {
    pub loaded: usize,
    pub failed: usize,
}

impl PolicyFiles {
    fn count(parsed: &[ParsedPolicy], user_paths: &BTreeSet<String>, errors: &[LoadError]) -> PolicyFiles {
        let loaded: BTreeSet<&str> =
            parsed.iter().map(|p| p.path.as_str()).filter(|path| user_paths.contains(*path)).collect();
        let failed: BTreeSet<&str> = errors
            .iter()
            .map(|e| e.file.as_str())
            .filter(|file| file.ends_with(".rego") && !loaded.contains(file))
            .collect();
        PolicyFiles { loaded: loaded.len(), failed: failed.len() }
    }
}

struct ParsedPolicy {
    path: String,
    text: String,
    v1: bool,
    module: Module,
    package: String,
    annotations: Vec<Annotation>,
    heads: Vec<RuleHeadInfo>,
}

impl PolicySet {
    /// Loads every `.rego` file under `dirs` (recursively, in path order). A file that does not
    /// parse, or calls an unknown or refused function, becomes a [`LoadError`] with its file and
    /// line, and the other files still load.
    pub fn load(dirs: &[PathBuf], options: PolicyOptions) -> (PolicySet, Vec<LoadError>) {
        PolicySet::load_with_sources(Vec::new(), dirs, options)
    }

    /// Loads `sources` (`(path, text)` pairs: the bundled Rego rules, embedded in the binary,
    /// always Rego v1) and then every `.rego` file under `dirs`. What the engine writes to
    /// stderr meanwhile becomes [`PolicySet::notes`].
    pub fn load_with_sources(
        sources: Vec<(String, String)>,
        dirs: &[PathBuf],
        options: PolicyOptions,
    ) -> (PolicySet, Vec<LoadError>) {
        let ((mut set, errors), notes) = capturing_stderr(|| PolicySet::load_all(sources, dirs, options));
        // A file that failed was parsed once more as Rego v0 to explain the failure: what the
        // engine said of that attempt is not news.
        set.notes.extend(notes.into_iter().filter(|note| !errors.iter().any(|e| e.file == note.file)));
        (set, errors)
    }

    fn load_all(
        sources: Vec<(String, String)>,
        dirs: &[PathBuf],
        options: PolicyOptions,
    ) -> (PolicySet, Vec<LoadError>) {
        let mut errors = Vec::new();
        let mut texts = vec![(LIBRARY_PATH.to_string(), LIBRARY.to_string(), true)];
        texts.extend(sources.into_iter().map(|(path, text)| (path, text, true)));
        let bundled: BTreeSet<String> = texts.iter().map(|(path, _, _)| path.clone()).collect();
        let user_files = read_user_files(dirs, &mut errors);
        let user_paths: BTreeSet<String> = user_files.iter().map(|(path, _)| path.clone()).collect();
        texts.extend(user_files.into_iter().map(|(path, text)| (path, text, !options.rego_v0)));

        let mut parsed = Vec::new();
        for (path, text, v1) in texts {
            match parse_policy(path.clone(), text.clone(), v1) {
                Ok(policy) => parsed.push(policy),
                Err(e) if v1 => match parse_policy(path, text, false) {
                    // Trivy parses checks as Rego v0 (its documented `deny[res] { ... }` form), so a
                    // Trivy check that is valid v0 runs unchanged.
                    Ok(policy) if is_trivy(&policy.annotations, &policy.heads) => parsed.push(policy),
                    // Conftest (v0.56+) refuses v0 syntax unless told: so do we, saying how.
                    Ok(_) => errors.push(LoadError {
                        message: format!(
                            "{} (this file is valid Rego v0: run with `--rego-version v0`, or `rego_version = \"v0\"` under [policy] in tollgate.toml)",
                            e.message
                        ),
                        ..e
                    }),
                    Err(_) => errors.push(e),
                },
                Err(e) => errors.push(e),
            }
        }
        let defined: BTreeSet<String> = parsed.iter().flat_map(|p| defined_functions(&p.module)).collect();
        // The allow-list is for the user's policies; Tollgate's bundled rules may call any builtin.
        let unrestricted = BuiltinPolicy::default();
        parsed.retain(|policy| {
            if options.strict && !bundled.contains(&policy.path) {
                let refused = strict_errors(&policy.module, &policy.path, &defined);
                if !refused.is_empty() {
                    errors.extend(refused.into_iter().map(|e| LoadError {
                        message: format!(
                            "{} (OPA's strict mode, `--strict`); this policy file was not loaded",
                            e.message
                        ),
                        ..e
                    }));
                    return false;
                }
            }
            let builtins = if bundled.contains(&policy.path) { &unrestricted } else { &options.builtins };
            let bad = check_calls(&policy.module, &defined, builtins);
            for call in &bad {
                errors.push(LoadError {
                    file: policy.path.clone(),
                    line: call.line,
                    column: call.column,
                    message: format!("{}; this policy file was not loaded (the others were)", call.message),
                });
            }
            bad.is_empty()
        });

        let modes = package_modes(&parsed);
        parsed.retain(|policy| {
            let mode = modes.get(&policy.package).copied().unwrap_or(Mode::Conftest);
            let objects = if policy.v1 { object_heads(&policy.module, mode) } else { Vec::new() };
            for (name, line) in &objects {
                errors.push(error(
                    &policy.path,
                    *line,
                    format!(
                        "rule `{name}[...] if` defines a partial object in Rego v1, not a set of messages (Conftest refuses it: \"rule is using 'if' keyword without 'contains' keyword\"); write `{name} contains msg if {{ ... }}`; this policy file was not loaded"
                    ),
                ));
            }
            objects.is_empty()
        });

        let access = file_access(&parsed, dirs, &options);
        let mut engine = compile(&mut parsed, &options, &access, &mut errors);
        let mut packages: BTreeMap<String, PackageInfo> = BTreeMap::new();
        let mut rules = Vec::new();
        let mut tests = Vec::new();
        for policy in &parsed {
            let mode = modes.get(&policy.package).copied().unwrap_or(Mode::Conftest);
            let package = packages.entry(policy.package.clone()).or_insert_with(|| PackageInfo {
                mode,
                file: policy.path.clone(),
                line: policy.module.package.span.line,
                meta: CheckMeta::default(),
                has_exception: false,
                annotated: false,
                legacy_rules: BTreeSet::new(),
            });
            if let Some(annotation) = package_annotation(&policy.annotations) {
                match CheckMeta::from_annotation(annotation) {
                    Ok(meta) => {
                        package.meta = meta;
                        package.annotated = true;
                        package.file = policy.path.clone();
                        package.line = policy.module.package.span.line;
                    }
                    Err(e) => errors.push(error(
                        &policy.path,
                        annotation.line,
                        format!("METADATA: {e}; the rule keeps its default"),
                    )),
                }
            }
            for head in &policy.heads {
                package.has_exception |= head.name == "exception";
                if head.name == "__rego_metadata__" || head.name == "__rego_input__" {
                    package.legacy_rules.insert(head.name.clone());
                }
                if head.name.starts_with("test_") {
                    tests.push(TestRule {
                        file: policy.path.clone(),
                        name: head.name.clone(),
                        package: policy.package.clone(),
                        line: head.line,
                        cases: None,
                    });
                }
                if let Some(effect) = rule_effect_in(mode, &head.name) {
                    rules.push(PolicyRule {
                        package: policy.package.clone(),
                        name: head.name.clone(),
                        effect,
                        file: policy.path.clone(),
                        line: head.line,
                        mode,
                    });
                }
            }
        }
        for policy in &parsed {
            tests.extend(parameterised_tests(&policy.module, &policy.package).into_iter().map(
                |(name, line, helper)| TestRule {
                    file: policy.path.clone(),
                    name,
                    package: policy.package.clone(),
                    line,
                    cases: Some(helper),
                },
            ));
        }
        legacy_trivy_metadata(&mut engine, &mut packages, &mut errors);
        // Prints of loading (Trivy's metadata rules) must not reach every evaluation's output.
        let _ = engine.take_prints();
        let refused = refuse_cloud_checks(&packages, &mut errors);
        check_namespace_patterns(&options, &mut errors);
        rules.retain(|r| !refused.contains(&r.package) && conftest_selected(r, &options));
        rules.sort();
        // A rule split over several files is one rule: keep the first file that declares it.
        rules.dedup_by(|b, a| a.package == b.package && a.name == b.name);
        tests.sort();
        tests.dedup_by(|b, a| a.package == b.package && a.name == b.name);
        errors.sort();
        let mut warnings: Vec<LoadError> = parsed
            .iter()
            .filter(|policy| user_paths.contains(&policy.path))
            .flat_map(|policy| difference_notices(&policy.module, &policy.path))
            .collect();
        warnings.sort();
        let files = PolicyFiles::count(&parsed, &user_paths, &errors);
        let notes = parsed.iter().flat_map(metadata_calls).collect();
        (PolicySet { engine, rules, packages, tests, options, warnings, files, notes }, errors)
    }

    /// The rules of this set with their ids, titles and severities (for configuration checks).
    pub fn rule_ids(&self) -> Vec<PolicyRuleInfo> {
        let mut infos: Vec<PolicyRuleInfo> = self
            .rules
            .iter()
            .map(|rule| {
                let meta = self.packages.get(&rule.package).map(|p| &p.meta);
                let id = self.rule_id(rule);
                PolicyRuleInfo {
                    slug: meta.and_then(|m| m.slug.clone()).unwrap_or_else(|| id.clone()),
                    id,
                    title: meta.and_then(|m| m.title.clone()),
                    description: meta.and_then(|m| m.description.clone()),
                    severity: self.severity(rule),
                    category: meta.and_then(|m| m.category).unwrap_or(Category::Policy),
                    file: rule.file.clone(),
                    line: rule.line,
                    package: rule.package.clone(),
                    rule: rule.name.clone(),
                    effect: rule.effect,
                    mode: rule.mode,
                }
            })
            .collect();
        infos.sort();
        infos
    }

    /// The id findings of `rule` carry: the package's declared id, else `<package>.<rule>`.
    pub(crate) fn rule_id(&self, rule: &PolicyRule) -> String {
        self.meta(rule).and_then(|m| m.id.clone()).unwrap_or_else(|| rule.id())
    }

    pub(crate) fn meta(&self, rule: &PolicyRule) -> Option<&CheckMeta> {
        self.packages.get(&rule.package).map(|p| &p.meta)
    }

    /// Declared severity, else high for deny/violation/unknown and low for warn.
    pub(crate) fn severity(&self, rule: &PolicyRule) -> Severity {
        self.meta(rule).and_then(|m| m.severity).unwrap_or(match rule.effect {
            Effect::Deny | Effect::Unknown => Severity::High,
            Effect::Warn => Severity::Low,
        })
    }

    /// Adds the graph document (`data.tollgate`), once per run, before evaluation clones the engine.
    pub(crate) fn with_data(&self, data: regorus::Value) -> Result<Engine, String> {
        let mut engine = self.engine.clone();
        guarded_result(|| engine.add_data(data))?;
        // Compile once here, so the per-thread clones do not each compile again.
        guarded_result(|| engine.eval_query("true".to_string(), false))?;
        Ok(engine)
    }
}

/// How long a policy file may be. regorus's defaults (1,024 columns, 20,000 lines, 1 MiB)
/// refuse valid OPA policies: generated ones put a long list or a data table on one line, and
/// OPA has no such limit. These bounds still stop a pathological file early.
const POLICY_LIMITS: PolicyLengthConfig = PolicyLengthConfig {
    max_col: match NonZeroU32::new(65_536) {
        Some(n) => n,
        None => NonZeroU32::MIN,
    },
    max_file_bytes: match NonZeroUsize::new(16 * 1024 * 1024) {
        Some(n) => n,
        None => NonZeroUsize::MIN,
    },
    max_lines: match NonZeroUsize::new(500_000) {
        Some(n) => n,
        None => NonZeroUsize::MIN,
    },
};

/// How many evaluation steps pass between two reads of the clock for the time limit.
const TIMER_CHECK_INTERVAL: NonZeroU32 = match NonZeroU32::new(256) {
    Some(n) => n,
    None => NonZeroU32::MIN,
};

/// The engine of the files in `parsed` with the `--data` documents, compiled (prepared) once so
/// every clone evaluates without compiling again. A file regorus rejects when adding it, or
/// when compiling the whole set (an unsafe variable, a recursive rule), is dropped with an error
/// naming it, and the rest is compiled again without it.
fn compile(
    parsed: &mut Vec<ParsedPolicy>,
    options: &PolicyOptions,
    access: &FileAccess,
    errors: &mut Vec<LoadError>,
) -> Engine {
    loop {
        let (mut engine, mut round_errors) = new_engine(options, access);
        let mut rejected = Vec::new();
        for policy in parsed.iter() {
            engine.set_rego_v0(!policy.v1);
            if let Err(e) = guarded_result(|| engine.add_policy(policy.path.clone(), policy.text.clone())) {
                errors.push(policy_error(&policy.path, &e));
                rejected.push(policy.path.clone());
            }
        }
        engine.set_rego_v0(false);
        parsed.retain(|p| !rejected.contains(&p.path));
        if let Err(e) = load_data(&mut engine, &options.data_paths) {
            round_errors.extend(e);
        }
        let Err(text) = guarded_result(|| engine.eval_query("true".to_string(), false)) else {
            errors.extend(round_errors);
            return engine;
        };
        let culprit = if text.starts_with(PANICKED) {
            first_panicking(parsed, options, access)
        } else {
            parsed.iter().position(|p| p.path != LIBRARY_PATH && text.contains(&format!("--> {}:", p.path)))
        };
        match culprit {
            Some(index) => {
                let policy = parsed.remove(index);
                let mut load_error = policy_error(&policy.path, &text);
                load_error.message = load_error.message.replace("fix the syntax", "fix the policy");
                errors.push(load_error);
            }
            None => {
                let problem = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or(&text).trim().to_string();
                round_errors.push(error("<policies>", 0, format!("the policies could not be compiled: {problem}")));
                errors.extend(round_errors);
                return engine;
            }
        }
    }
}

/// An engine with the time limit and Tollgate's extensions, and why registering them failed.
fn new_engine(options: &PolicyOptions, access: &FileAccess) -> (Engine, Vec<LoadError>) {
    let mut engine = Engine::new();
    // OPA's default: a builtin error (`regex.match` on an object, `semver.compare("x", ..)`)
    // makes the call undefined and evaluation goes on; `--strict` reports it as an error.
    engine.set_strict_builtin_errors(options.strict);
    engine.set_policy_length_config(POLICY_LIMITS);
    // print() output is kept with its `file:line:` prefix and handed to the report, never
    // written to stderr by the engine.
    engine.set_gather_prints(true);
    engine.set_execution_timer_config(ExecutionTimerConfig {
        limit: options.time_limit,
        // Reading the clock at every evaluation step cost more than the rules themselves
        // (measured with benches/policy.sh); every 256 steps keeps a stop within
        // microseconds of the limit.
        check_interval: TIMER_CHECK_INTERVAL,
    });
    let mut errors = Vec::new();
    if let Err(e) = crate::extensions::register(&mut engine, options.strict)
        .and_then(|_| config_files::register(&mut engine, access))
        .and_then(|_| crate::limits::register(&mut engine, options.strict))
    {
        errors.push(error("<tollgate>", 0, format!("cannot register Tollgate's Rego extensions: {e}")));
    }
    (engine, errors)
}

/// The first user file whose addition makes compiling panic (a panic names no file): the
/// files are compiled one more at a time, which costs a compile per file only in this case.
fn first_panicking(parsed: &[ParsedPolicy], options: &PolicyOptions, access: &FileAccess) -> Option<usize> {
    let (mut engine, _) = new_engine(options, access);
    for (index, policy) in parsed.iter().enumerate() {
        engine.set_rego_v0(!policy.v1);
        let added = guarded_result(|| engine.add_policy(policy.path.clone(), policy.text.clone()));
        let compiled = guarded_result(|| engine.eval_query("true".to_string(), false));
        let panicked = [&added.map(|_| ()), &compiled.map(|_| ())]
            .into_iter()
            .any(|r| r.as_ref().is_err_and(|e| e.starts_with(PANICKED)));
        if panicked {
            return (policy.path != LIBRARY_PATH).then_some(index);
        }
    }
    None
}

/// A note at each `rego.metadata.rule()` / `chain()` call: regorus cannot give their values, so
/// the rules that make them fail (said once here, at load, not only as each rule's error).
fn metadata_calls(policy: &ParsedPolicy) -> Vec<LoadError> {
    calls_of(&policy.module)
        .into_iter()
        .filter(|(name, _, _)| name == "rego.metadata.rule" || name == "rego.metadata.chain")
        .map(|(name, line, column)| LoadError {
            file: policy.path.clone(),
            line,
            column,
            message: format!(
                "{name}() is not supported by the Rego engine (regorus keeps no METADATA at evaluation time): the rules that call it fail"
            ),
        })
        .collect()
}

/// Where `parse_config_file` reads: relative to the working directory, or to the one policy
/// file calling the config builtins; inside the working directory, policy, data and scan dirs.
fn file_access(parsed: &[ParsedPolicy], dirs: &[PathBuf], options: &PolicyOptions) -> FileAccess {
    let callers: Vec<PathBuf> = parsed
        .iter()
        .filter(|p| calls_of(&p.module).iter().any(|(name, _, _)| CONFIG_BUILTINS.contains(&name.as_str())))
        .filter_map(|p| Path::new(&p.path).parent().map(Path::to_path_buf))
        .collect();
    let readable: Vec<PathBuf> =
        dirs.iter().chain(&options.data_paths).chain(&options.readable_dirs).cloned().collect();
    FileAccess::new(&callers, &readable)
}

/// Conftest rules run only in the selected namespaces (each a name or a glob, as Conftest
/// matches `--namespace`); resource and Trivy rules always run.
fn conftest_selected(rule: &PolicyRule, options: &PolicyOptions) -> bool {
    rule.mode != Mode::Conftest
        || options.all_namespaces
        || options.namespaces.iter().any(|pattern| namespace_matches(pattern, &rule.package).unwrap_or(false))
}

/// A malformed `--namespace` glob is an error (it would select nothing, silently).
fn check_namespace_patterns(options: &PolicyOptions, errors: &mut Vec<LoadError>) {
    for pattern in &options.namespaces {
        if let Err(problem) = namespace_matches(pattern, "") {
            let message = format!("--namespace `{pattern}` is not a valid glob: {problem}; it selects no package");
            errors.push(error("<--namespace>", 0, message));
        }
    }
}

fn parse_policy(path: String, text: String, v1: bool) -> Result<ParsedPolicy, LoadError> {
    if let Some((line, column)) = crate::limits::too_deep(&text) {
        let message = format!(
            "`[`/`{{` nested deeper than {} levels: regorus's parser takes twice as long for each level more; name the inner values (a helper rule or variable per level); this policy file was not loaded",
            crate::limits::MAX_BRACKET_DEPTH
        );
        return Err(LoadError { file: path, line, column, message });
    }
    if let Some((line, column, width)) = crate::limits::huge_format_width(&text) {
        let message = format!(
            "a format width or precision of {width} in this string: regorus's `sprintf` pads it in memory at once (minutes, then an abort); Tollgate refuses over {}; this policy file was not loaded",
            crate::limits::MAX_FORMAT_WIDTH
        );
        return Err(LoadError { file: path, line, column, message });
    }
    let parse = || -> anyhow::Result<Module> {
        let source = Source::from_contents_with_limits(
            path.clone(),
            text.clone(),
            POLICY_LIMITS.max_file_bytes,
            POLICY_LIMITS.max_lines,
        )?;
        let mut parser = Parser::new(&source)?;
        parser.set_max_col(POLICY_LIMITS.max_col);
        if v1 {
            parser.enable_rego_v1()?;
        }
        parser.parse()
    };
    let module = parse().map_err(|e| policy_error(&path, &e.to_string()))?;
    let (annotations, annotation_errors) = parse_annotations(&text);
    if let Some(first) = annotation_errors.first() {
        return Err(error(&path, first.line, format!("{}; this policy file was not loaded", first.message)));
    }
    let package = package_of(&module);
    let heads = rule_heads(&module);
    Ok(ParsedPolicy { path, text, v1, module, package, annotations, heads })
}

/// Each package's mode: `tollgate.*` is resource mode; a package any file of which carries
/// Trivy metadata is a Trivy check; every other package is Conftest's.
fn package_modes(parsed: &[ParsedPolicy]) -> BTreeMap<String, Mode> {
    let mut modes = BTreeMap::new();
    for policy in parsed {
        let mode = if policy.package == "tollgate" || policy.package.starts_with("tollgate.") {
            Mode::Resource
        } else if is_trivy(&policy.annotations, &policy.heads) {
            Mode::Trivy
        } else {
            Mode::Conftest
        };
        let entry = modes.entry(policy.package.clone()).or_insert(mode);
        if mode == Mode::Trivy && *entry == Mode::Conftest {
            *entry = Mode::Trivy;
        }
    }
    modes
}

/// Trivy checks without a package METADATA read `__rego_metadata__` and `__rego_input__`
/// (evaluated once, without input, as Trivy's static metadata).
fn legacy_trivy_metadata(
    engine: &mut Engine,
    packages: &mut BTreeMap<String, PackageInfo>,
    errors: &mut Vec<LoadError>,
) {
    for (name, package) in packages.iter_mut().filter(|(_, p)| p.mode == Mode::Trivy && !p.annotated) {
        for rule in package.legacy_rules.clone() {
            let value = match guarded_result(|| engine.eval_rule(format!("data.{name}.{rule}"))) {
                Ok(regorus::Value::Undefined) => continue,
                Ok(value) => value,
                Err(e) => {
                    errors.push(error(&package.file, package.line, format!("{rule} could not be evaluated: {e}")));
                    continue;
                }
            };
            let Ok(Json::Object(fields)) = serde_json::to_value(&value) else {
                errors.push(error(&package.file, package.line, format!("{rule} must be an object")));
                continue;
            };
            if rule == "__rego_input__" {
                package.meta.selectors = selectors(&fields);
            } else if let Err(e) = package.meta.populate(&fields) {
                errors.push(error(&package.file, package.line, format!("{rule}: {e}")));
            }
        }
    }
}

/// Trivy checks written against Trivy's internal `cloud` schema cannot run on what Tollgate
/// parses: each is refused with an error naming it, and its rules are not evaluated.
fn refuse_cloud_checks(packages: &BTreeMap<String, PackageInfo>, errors: &mut Vec<LoadError>) -> BTreeSet<String> {
    let mut refused = BTreeSet::new();
    for (name, package) in packages.iter().filter(|(_, p)| p.mode == Mode::Trivy && p.meta.reads_cloud()) {
        let id = package.meta.id.clone().unwrap_or_else(|| name.clone());
        errors.push(error(
            &package.file,
            package.line,
            format!(
                "Trivy check {id} (package {name}, {}) reads Trivy's internal `cloud` schema, which Tollgate does not build; it was not loaded: select `kubernetes`, `yaml` or `json` input, or write it as a Tollgate resource rule (`package tollgate.*`)",
                package.file
            ),
        ));
        refused.insert(name.clone());
    }
    refused
}

fn read_user_files(dirs: &[PathBuf], errors: &mut Vec<LoadError>) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in dirs {
        if let Err(e) = collect_files(dir, &["rego"], &mut files) {
            let message = format!("policy path: {e}; no policy was read from it: check the --policy path");
            errors.push(error(&dir.display().to_string(), 0, message));
        }
    }
    files.sort();
    files.dedup();
    let mut texts = Vec::new();
    for file in files {
        let path = file.display().to_string();
        match std::fs::read_to_string(&file) {
            Ok(text) => texts.push((path, text)),
            Err(e) => errors.push(error(&path, 0, format!("cannot read policy: {e}; this policy was not run"))),
        }
    }
    texts
}

/// Whether `path` is a file, or a directory holding a `.rego` file at any depth.
pub fn has_policy_files(path: &Path) -> bool {
    let mut files = Vec::new();
    collect_files(path, &["rego"], &mut files).is_ok() && !files.is_empty()
}

/// Files under `dir` (or `dir` itself) whose extension is one of `extensions`.
pub(crate) fn collect_files(dir: &Path, extensions: &[&str], files: &mut Vec<PathBuf>) -> Result<(), String> {
    if dir.is_file() {
        files.push(dir.to_path_buf());
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read directory: {e}"))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, extensions, files)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|ext| extensions.contains(&ext)) {
            files.push(path);
        }
    }
    Ok(())
}

pub(crate) fn error(file: &str, line: u32, message: String) -> LoadError {
    LoadError { file: file.to_string(), line, column: 0, message }
}

/// A regorus error (`\n--> file:line:col\n ... \nerror: message`) as a [`LoadError`].
fn policy_error(path: &str, message: &str) -> LoadError {
    let location = message.lines().find_map(|l| l.trim().strip_prefix("--> "));
    let (line, column) = location
        .and_then(|loc| {
            let mut parts = loc.rsplitn(3, ':');
            let column = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            Some((line, column))
        })
        .unwrap_or((0, 0));
    let (_, problem) = engine_problem(message);
    LoadError {
        file: path.to_string(),
        line,
        column,
        message: format!("invalid Rego: {problem}; this policy file was not loaded (the others were): fix the syntax"),
    }
}
