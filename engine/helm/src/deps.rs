//! Helm's dependency handling before rendering: a dependency of `Chart.yaml` missing from `charts/` is an
//! error (worded as Helm words it); dependencies are matched by name and version constraint, aliased
//! copies take the alias as name; then `condition`/`tags` (through `tollgate-helm-values`) drop the
//! disabled ones.

use serde_json::Value as Json;
use tollgate_helm_values::{ChartTree, Dependency, ImportValue};

use crate::chart::{load_error, Chart};
use crate::kube_version::{parse_version, satisfies};
use crate::HelmError;

/// Helm's check of the top chart: every `dependencies:` entry must have a chart of that name in `charts/`.
pub fn check_dependencies(chart: &Chart) -> Result<(), HelmError> {
    let missing: Vec<&str> = chart
        .dependencies
        .iter()
        .filter(|spec| !chart.subcharts.iter().any(|sub| sub.name == spec.name))
        .map(|spec| spec.name.as_str())
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(load_error(
        &chart.name,
        &format!(
            "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {}",
            missing.join(", ")
        ),
    ))
}

fn version_matches(constraint: &str, version: &str) -> bool {
    parse_version(version).is_some_and(|version| satisfies(constraint, &version))
}

/// The subcharts as Helm renders them, recursively: charts no entry claims first, then one per entry
/// that resolves (an aliased entry gets a copy named after its alias), with the entry kept alongside.
pub fn resolve_subcharts(chart: &mut Chart) {
    let existing = std::mem::take(&mut chart.subcharts);
    let claimed = |sub: &Chart| {
        chart.dependencies.iter().any(|spec| spec.name == sub.name && version_matches(&spec.version, &sub.version))
    };
    let mut resolved: Vec<Chart> = existing.iter().filter(|sub| !claimed(sub)).cloned().collect();
    let mut specs: Vec<Option<usize>> = vec![None; resolved.len()];
    for (index, spec) in chart.dependencies.iter().enumerate() {
        let found = existing.iter().find(|sub| sub.name == spec.name && version_matches(&spec.version, &sub.version));
        if let Some(sub) = found {
            let mut copy = sub.clone();
            if let Some(alias) = &spec.alias {
                copy.name = alias.clone();
            }
            resolved.push(copy);
            specs.push(Some(index));
        }
    }
    for sub in &mut resolved {
        resolve_subcharts(sub);
    }
    chart.subcharts = resolved;
    chart.dependency_specs = specs;
}

/// The values engine's view of a resolved chart.
pub fn chart_tree(chart: &Chart) -> ChartTree {
    let dependencies = chart
        .subcharts
        .iter()
        .zip(&chart.dependency_specs)
        .map(|(sub, spec)| {
            let spec = spec.and_then(|index| chart.dependencies.get(index));
            Dependency {
                chart: chart_tree(sub),
                alias: None,
                condition: spec.and_then(|spec| spec.condition.clone()),
                tags: spec.map(|spec| spec.tags.clone()).unwrap_or_default(),
                import_values: spec
                    .map(|spec| spec.import_values.iter().filter_map(import_value).collect())
                    .unwrap_or_default(),
            }
        })
        .collect();
    ChartTree { name: chart.name.clone(), values: chart.values.clone(), schema: chart.schema.clone(), dependencies }
}

fn import_value(entry: &Json) -> Option<ImportValue> {
    match entry {
        Json::String(name) => Some(ImportValue::Exports(name.clone())),
        Json::Object(map) => Some(ImportValue::Map {
            child: map.get("child")?.as_str()?.to_string(),
            parent: map.get("parent")?.as_str()?.to_string(),
        }),
        _ => None,
    }
}

/// Drops the subcharts the values engine disabled (`enabled` is the computed tree, same order, fewer
/// entries).
pub fn keep_enabled(chart: &mut Chart, enabled: &ChartTree) {
    let mut remaining = enabled.dependencies.iter().peekable();
    let subcharts = std::mem::take(&mut chart.subcharts);
    let specs = std::mem::take(&mut chart.dependency_specs);
    for (mut sub, spec) in subcharts.into_iter().zip(specs) {
        if let Some(tree) = remaining.next_if(|dependency| dependency.chart.name == sub.name) {
            keep_enabled(&mut sub, &tree.chart);
            chart.subcharts.push(sub);
            chart.dependency_specs.push(spec);
        }
    }
}
