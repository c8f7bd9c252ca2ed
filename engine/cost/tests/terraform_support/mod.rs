//! Loading Terraform for the cost tests: a directory written from strings, or a seed estate
//! with the roots and environments of its `tollgate.toml`.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use tollgate_cost::{estimate, format_usd, CostLine, CostSettings, Estimate, Price, Quantity, Usage};
use tollgate_load::{load, EnvironmentSettings, LoadOptions, RootSettings};
use tollgate_model::Graph;

/// The graph of a configuration written into a temporary directory.
pub fn graph_of(files: &[(&str, &str)]) -> Graph {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("directory");
        fs::write(path, text).expect("file");
    }
    let loaded = load(&LoadOptions::new(vec![dir.path().to_path_buf()])).expect("load");
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    loaded.graph
}

/// The estimate of a configuration with a default region and a usage file.
pub fn estimate_of(files: &[(&str, &str)], default_region: Option<&str>, usage: &str) -> Estimate {
    let graph = graph_of(files);
    let settings = CostSettings {
        default_region: default_region.map(str::to_string),
        usage: Usage::parse(usage, "usage.toml").expect("usage file"),
        ..CostSettings::default()
    };
    estimate(&graph, &settings)
}

/// The seed estate `fixtures/<name>` loaded with its `tollgate.toml` roots and environments.
pub fn seed_graph(name: &str) -> Graph {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name);
    let mut options = LoadOptions::new(vec![dir.clone()]);
    let (roots, var_files) = seed_roots(&dir);
    options.terraform.roots = roots;
    options.terraform.var_files = var_files;
    load(&options).expect("load").graph
}

/// `[[terraform.root]]` and `[terraform] var_files` of a seed's `tollgate.toml`, paths resolved
/// as the pipeline resolves them (roots and shared var files against the file's directory, an
/// environment's var files against its root).
fn seed_roots(dir: &Path) -> (Vec<RootSettings>, Vec<PathBuf>) {
    let text = fs::read_to_string(dir.join("tollgate.toml")).expect("tollgate.toml");
    let config: toml::Table = toml::from_str(&text).expect("TOML");
    let terraform = config.get("terraform").and_then(toml::Value::as_table).cloned().unwrap_or_default();
    let strings = |value: Option<&toml::Value>| -> Vec<String> {
        let items = value.and_then(toml::Value::as_array).cloned().unwrap_or_default();
        items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
    };
    let var_files = strings(terraform.get("var_files")).iter().map(|f| dir.join(f)).collect();
    let roots = terraform.get("root").and_then(toml::Value::as_array).cloned().unwrap_or_default();
    let roots = roots
        .iter()
        .map(|root| {
            let path = dir.join(root.get("path").and_then(toml::Value::as_str).expect("root path"));
            let environments = root.get("environments").and_then(toml::Value::as_table).cloned().unwrap_or_default();
            let environments = environments
                .iter()
                .map(|(name, env)| EnvironmentSettings {
                    name: name.clone(),
                    var_files: strings(env.get("var_files")).iter().map(|f| path.join(f)).collect(),
                    vars: Vec::new(),
                })
                .collect();
            RootSettings { path, environments }
        })
        .collect();
    (roots, var_files)
}

/// The one line of `address`.
pub fn line<'a>(estimate: &'a Estimate, address: &str) -> &'a CostLine {
    let found: Vec<&CostLine> = estimate.lines.iter().filter(|l| l.address == address).collect();
    match found.as_slice() {
        [one] => one,
        other => panic!("{} lines for {address} in:\n{}", other.len(), describe(estimate)),
    }
}

/// A line's monthly figure now and at max, to the cent, and its components without a figure.
pub fn monthly(line: &CostLine) -> (String, String, usize) {
    let (now, missing) = line.monthly(false);
    let (at_max, _) = line.monthly(true);
    (format_usd(now), format_usd(at_max), missing)
}

/// Every line with its components, for failing assertions and for reviewing seeds.
pub fn describe(estimate: &Estimate) -> String {
    let mut out = String::new();
    for line in &estimate.lines {
        let (now, at_max, missing) = monthly(line);
        let environment = line.scope.environment.as_deref().unwrap_or("-");
        out.push_str(&format!(
            "{} [{environment}] {:?} {now} / {at_max}, {missing} missing\n",
            line.address, line.scope.region
        ));
        for c in &line.components {
            let quantity = match &c.quantity {
                Quantity::Known { now, at_max } => format!("{now}/{at_max}"),
                Quantity::Unknown { reason } => format!("unknown: {reason}"),
            };
            let price = match &c.price {
                Price::Priced { usd_per_unit, .. } => usd_per_unit.to_string(),
                Price::Unpriced { reason } => format!("unpriced: {reason}"),
            };
            out.push_str(&format!("    {} ({}) {quantity} x {price}\n", c.name, c.unit));
        }
    }
    for u in &estimate.usage_based {
        let environment = u.scope.environment.as_deref().unwrap_or("-");
        out.push_str(&format!("usage-based {} [{environment}]: {}\n", u.address, u.reason));
    }
    out
}

/// Asserts a line's monthly figures now and at max and its components without a figure.
#[track_caller]
pub fn assert_line(estimate: &Estimate, address: &str, now: &str, at_max: &str, missing: usize) {
    let found = monthly(line(estimate, address));
    assert_eq!(found, (now.to_string(), at_max.to_string(), missing), "{address} in:\n{}", describe(estimate));
}
