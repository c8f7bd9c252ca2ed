//! Differential test of whole configurations: each directory under
//! `tests/differential/configs/` is a root module using only the built-in `terraform_data`
//! resource (no provider, so `terraform init` works offline). In a scratch copy, Terraform runs
//! `init`, `plan -out` and `show -json`, and Tollgate loads the same copy (`tollgate_load::load`).
//! Both must give the same `terraform_data` instance addresses, and for each instance the same
//! planned `input`: equal where Terraform knows it, unknown in Tollgate wherever Terraform's
//! `after_unknown` says it is known only after apply.
//!
//! A configuration with a `cycle.expected` file is one Terraform rejects with `Error: Cycle:`:
//! `terraform plan` must fail so, and Tollgate must report exactly one cycle
//! (`invalid-configuration`) and no other error (instances left unknown because a `count` is in
//! the cycle are its consequence); both must name every value the file lists
//! (`module.a.var.input`, `local.name`; Terraform's ` (expand)` suffixes aside).
//!
//! A `plan.args` file in a configuration gives the extra inputs of the plan, in order:
//! `TF_VAR_name=value` (environment), `-var-file=path` and `-var=name=value`; Tollgate gets the
//! same values through its settings.
//!
//! Runs when `terraform` is on the PATH and prints `SKIP: terraform not found` otherwise.

use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tollgate_model::{TfBlock, Value, ValueKind};
use tollgate_terraform_differential::{copy_dir, json_equal, json_of, parallel, threads, Terraform};

/// The inputs a configuration's `plan.args` gives.
#[derive(Default)]
struct PlanInputs {
    env: Vec<(String, String)>,
    var_files: Vec<String>,
    vars: Vec<(String, String)>,
}

impl PlanInputs {
    fn read(config: &Path) -> PlanInputs {
        let mut inputs = PlanInputs::default();
        let Ok(text) = std::fs::read_to_string(config.join("plan.args")) else { return inputs };
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if let Some(file) = line.strip_prefix("-var-file=") {
                inputs.var_files.push(file.to_string());
            } else if let Some((name, value)) = line.strip_prefix("-var=").and_then(|v| v.split_once('=')) {
                inputs.vars.push((name.to_string(), value.to_string()));
            } else if let Some((name, value)) = line.split_once('=').filter(|(n, _)| n.starts_with("TF_VAR_")) {
                inputs.env.push((name.to_string(), value.to_string()));
            } else {
                panic!("{}: plan.args line not understood: {line}", config.display());
            }
        }
        inputs
    }

    fn plan_args(&self) -> Vec<String> {
        let mut args: Vec<String> =
            ["plan", "-input=false", "-no-color", "-lock=false", "-out=p"].map(String::from).into();
        args.extend(self.var_files.iter().map(|f| format!("-var-file={f}")));
        args.extend(self.vars.iter().map(|(n, v)| format!("-var={n}={v}")));
        args
    }

    fn settings(&self, dir: &Path) -> tollgate_load::TerraformSettings {
        tollgate_load::TerraformSettings {
            cli_var_files: self.var_files.iter().map(|f| dir.join(f)).collect(),
            cli_vars: self.vars.clone(),
            env_vars: self
                .env
                .iter()
                .filter_map(|(n, v)| Some((n.strip_prefix("TF_VAR_")?.to_string(), v.clone())))
                .collect(),
            // Unconfined: Terraform reads anywhere, and `path.cwd` is its absolute directory.
            sandbox: None,
            ..Default::default()
        }
    }
}

/// One planned instance: Terraform's `after.input` and `after_unknown.input`.
struct Planned {
    input: Option<Json>,
    unknown: Option<Json>,
}

/// What comparing one configuration found, and how long each side took.
struct Checked {
    name: String,
    instances: usize,
    problems: Vec<String>,
    terraform_time: Duration,
    tollgate_time: Duration,
}

fn configs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential/configs");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/differential/configs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn configurations_plan_as_terraform_plans_them() {
    let Some(terraform) = Terraform::find_or_skip("the differential configuration test") else { return };
    let configs = configs();
    assert!(configs.len() >= 4, "at least 4 configurations, found {}", configs.len());
    let started = Instant::now();
    let checked = parallel(&configs, threads(), || (), |(), config| check(&terraform, config));
    let mut problems = Vec::new();
    for c in &checked {
        println!(
            "{}: {} instances, terraform {:.1?}, tollgate {:.1?}, {} problems",
            c.name,
            c.instances,
            c.terraform_time,
            c.tollgate_time,
            c.problems.len()
        );
        problems.extend(c.problems.iter().map(|p| format!("{}: {p}", c.name)));
    }
    println!("{} configurations compared with terraform plan in {:.1?}", configs.len(), started.elapsed());
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

fn check(terraform: &Terraform, config: &Path) -> Checked {
    let name = config.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let scratch = tempfile::tempdir().expect("scratch directory");
    let dir = scratch.path().join(&name);
    copy_dir(config, &dir).expect("copy the configuration");
    let inputs = PlanInputs::read(&dir);

    if let Some(expected) = expected_cycle(&dir) {
        return check_cycle(terraform, &dir, &inputs, name, &expected);
    }
    let started = Instant::now();
    let planned = plan(terraform, &dir, &inputs);
    let terraform_time = started.elapsed();
    let started = Instant::now();
    let ours = tollgate_instances(&dir, &inputs);
    let tollgate_time = started.elapsed();

    let mut problems = Vec::new();
    let (planned, ours) = match (planned, ours) {
        (Ok(planned), Ok(ours)) => (planned, ours),
        (planned, ours) => {
            problems.extend(planned.err());
            problems.extend(ours.err());
            return Checked { name, instances: 0, problems, terraform_time, tollgate_time };
        }
    };
    let theirs_addresses: BTreeSet<&String> = planned.keys().collect();
    let ours_addresses: BTreeSet<&String> = ours.keys().collect();
    for missing in theirs_addresses.difference(&ours_addresses) {
        problems.push(format!("{missing}: planned by terraform, missing in tollgate"));
    }
    for extra in ours_addresses.difference(&theirs_addresses) {
        problems.push(format!("{extra}: in tollgate, not planned by terraform"));
    }
    for (address, planned) in &planned {
        if let Some(value) = ours.get(address) {
            let path = format!("{address}.input");
            compare(&path, value, planned.input.as_ref(), planned.unknown.as_ref(), &mut problems);
        }
    }
    Checked { name, instances: planned.len(), problems, terraform_time, tollgate_time }
}

/// The values `cycle.expected` says the cycle goes through, when the configuration has one.
fn expected_cycle(dir: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(dir.join("cycle.expected")).ok()?;
    Some(text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect())
}

/// Terraform rejects the configuration with a cycle through the expected values, and Tollgate
/// reports the same cycle, once.
fn check_cycle(terraform: &Terraform, dir: &Path, inputs: &PlanInputs, name: String, expected: &[String]) -> Checked {
    let mut problems = Vec::new();
    let started = Instant::now();
    let theirs = terraform_cycle(terraform, dir, inputs);
    let terraform_time = started.elapsed();
    let started = Instant::now();
    let ours = tollgate_cycle(dir, inputs);
    let tollgate_time = started.elapsed();
    for (tool, named) in [("terraform", theirs), ("tollgate", ours)] {
        match named {
            Ok(named) => problems.extend(
                expected
                    .iter()
                    .filter(|value| !named.contains(*value))
                    .map(|value| format!("{tool} does not name `{value}` in the cycle (it names {named:?})")),
            ),
            Err(problem) => problems.push(problem),
        }
    }
    Checked { name, instances: 0, problems, terraform_time, tollgate_time }
}

/// The values of the cycle `terraform plan` reports (`Error: Cycle: a (expand), b, ...`).
fn terraform_cycle(terraform: &Terraform, dir: &Path, inputs: &PlanInputs) -> Result<BTreeSet<String>, String> {
    let init = terraform.run_with_env(dir, &["init", "-input=false", "-no-color", "-backend=false"], "", &inputs.env);
    if !init.success {
        return Err(format!("terraform init failed:\n{}{}", init.stdout, init.stderr));
    }
    let plan_args = inputs.plan_args();
    let ran = terraform.run_with_env(dir, &plan_args.iter().map(String::as_str).collect::<Vec<_>>(), "", &inputs.env);
    let output = format!("{}{}", ran.stdout, ran.stderr);
    let line = output.lines().find_map(|l| l.split_once("Error: Cycle: ").map(|(_, rest)| rest.to_string()));
    match (ran.success, line) {
        (false, Some(line)) => Ok(line
            .split(", ")
            .map(|value| value.trim().trim_end_matches(" (expand)").trim_end_matches(" (close)").to_string())
            .collect()),
        _ => Err(format!("terraform plan did not fail with a cycle:\n{output}")),
    }
}

/// The values of the one cycle Tollgate reports: the `names` its notice lists in backquotes
/// before "depend on each other".
fn tollgate_cycle(dir: &Path, inputs: &PlanInputs) -> Result<BTreeSet<String>, String> {
    let mut options = tollgate_load::LoadOptions::new(vec![dir.to_path_buf()]);
    options.terraform = inputs.settings(dir);
    let loaded = tollgate_load::load(&options).map_err(|e| format!("tollgate load: {e}"))?;
    let cycles: Vec<&str> = loaded
        .notices
        .iter()
        .filter(|n| n.kind == tollgate_model::NoticeKind::InvalidConfiguration && n.message.contains("in a cycle"))
        .map(|n| n.message.as_str())
        .collect();
    let others = loaded
        .notices
        .iter()
        .filter(|n| n.kind != tollgate_model::NoticeKind::UnknownInstances && !n.message.contains("in a cycle"))
        .count();
    match cycles.as_slice() {
        [message] if others == 0 && loaded.errors.is_empty() => {
            let listed = message.split(" depend on each other").next().unwrap_or_default();
            Ok(listed.split('`').skip(1).step_by(2).map(String::from).collect())
        }
        _ => Err(format!(
            "tollgate should report one cycle and nothing else; it reported errors {:?} and notices {:?}",
            loaded.errors, loaded.notices
        )),
    }
}

/// `init`, `plan` and `show -json`: the planned `terraform_data` instances by address.
fn plan(terraform: &Terraform, dir: &Path, inputs: &PlanInputs) -> Result<BTreeMap<String, Planned>, String> {
    let run = |args: &[&str]| {
        let ran = terraform.run_with_env(dir, args, "", &inputs.env);
        match ran.success {
            true => Ok(ran.stdout),
            false => Err(format!("terraform {} failed:\n{}{}", args.join(" "), ran.stdout, ran.stderr)),
        }
    };
    run(&["init", "-input=false", "-no-color", "-backend=false"])?;
    let plan_args = inputs.plan_args();
    run(&plan_args.iter().map(String::as_str).collect::<Vec<_>>())?;
    let shown = run(&["show", "-json", "-no-color", "p"])?;
    let json: Json = serde_json::from_str(&shown).map_err(|e| format!("terraform show -json: {e}"))?;
    let mut planned = BTreeMap::new();
    for change in json.get("resource_changes").and_then(Json::as_array).into_iter().flatten() {
        if change.get("mode").and_then(Json::as_str) != Some("managed")
            || change.get("type").and_then(Json::as_str) != Some("terraform_data")
        {
            continue;
        }
        let address = change.get("address").and_then(Json::as_str).unwrap_or_default().to_string();
        let after = change.pointer("/change/after/input").cloned();
        let unknown = change.pointer("/change/after_unknown/input").cloned();
        planned.insert(address, Planned { input: after, unknown });
    }
    Ok(planned)
}

/// Tollgate's `terraform_data` instances of the directory: address -> `input` (null when not set).
fn tollgate_instances(dir: &Path, inputs: &PlanInputs) -> Result<BTreeMap<String, Value>, String> {
    let mut options = tollgate_load::LoadOptions::new(vec![dir.to_path_buf()]);
    options.terraform = inputs.settings(dir);
    let loaded = tollgate_load::load(&options).map_err(|e| format!("tollgate load: {e}"))?;
    if !loaded.errors.is_empty() || !loaded.notices.is_empty() {
        return Err(format!("tollgate reported errors {:?} and notices {:?}", loaded.errors, loaded.notices));
    }
    let mut instances = BTreeMap::new();
    for (_, resource) in loaded.graph.resources() {
        let is_resource = resource.terraform().is_some_and(|o| o.block == TfBlock::Resource);
        if !is_resource || resource.type_name != "terraform_data" {
            continue;
        }
        let input = match resource.body.entry("input") {
            Some(entry) => entry.value.clone(),
            None => Value::null(resource.span),
        };
        if instances.insert(resource.address.clone(), input).is_some() {
            return Err(format!("tollgate has two instances at {}", resource.address));
        }
    }
    Ok(instances)
}

/// Compares Tollgate's value with Terraform's planned value at `path`: `after` is the known
/// part (`None` where Terraform leaves an unknown out), `unknown` the matching `after_unknown`.
fn compare(path: &str, ours: &Value, after: Option<&Json>, unknown: Option<&Json>, problems: &mut Vec<String>) {
    let shown = |v: &Value| json_of(v).map(|j| j.to_string()).unwrap_or_else(|| "(partly unknown)".into());
    if unknown == Some(&Json::Bool(true)) {
        if !ours.is_unknown() {
            problems.push(format!("{path}: terraform knows it only after apply, tollgate says {}", shown(ours)));
        }
        return;
    }
    if let Some(u) = ours.as_unknown() {
        let theirs = after.map(Json::to_string).unwrap_or_else(|| "null".into());
        problems.push(format!("{path}: tollgate says unknown ({}), terraform knows {theirs}", u.source));
        return;
    }
    match (&ours.kind, after) {
        (ValueKind::List(items), Some(Json::Array(theirs))) if items.len() == theirs.len() => {
            for (i, (item, their)) in items.iter().zip(theirs).enumerate() {
                let unknown = unknown.and_then(|u| u.get(i));
                compare(&format!("{path}[{i}]"), item, Some(their), unknown, problems);
            }
        }
        (ValueKind::Map(entries), Some(Json::Object(theirs))) => {
            let mut keys: BTreeSet<&str> = theirs.keys().map(String::as_str).collect();
            if let Some(Json::Object(unknowns)) = unknown {
                keys.extend(unknowns.iter().filter(|(_, u)| **u == Json::Bool(true)).map(|(k, _)| k.as_str()));
            }
            let ours_keys: BTreeSet<&str> = entries.iter().map(|e| e.key.as_str()).collect();
            if keys != ours_keys {
                problems.push(format!("{path}: tollgate has keys {ours_keys:?}, terraform {keys:?}"));
                return;
            }
            for entry in entries {
                let unknown = unknown.and_then(|u| u.get(&entry.key));
                compare(&format!("{path}.{}", entry.key), &entry.value, theirs.get(&entry.key), unknown, problems);
            }
        }
        _ => {
            let theirs = after.cloned().unwrap_or(Json::Null);
            match json_of(ours) {
                Some(json) if json_equal(&json, &theirs) => {}
                _ => problems.push(format!("{path}: tollgate says {}, terraform {theirs}", shown(ours))),
            }
        }
    }
}
