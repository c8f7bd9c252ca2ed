//! A chart and its dependencies as far as values are concerned, and Helm's processing of them:
//! `condition`/`tags`, `alias`, `import-values`, parent overrides and `global:` values.

use crate::merge::{coalesce_tables, fill_defaults, join_path};
use serde_json::{Map, Value};

/// What the values computation needs to know about a chart (read from its directory by the renderer).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartTree {
    pub name: String,
    /// The chart's own `values.yaml`.
    pub values: Map<String, Value>,
    /// The chart's `values.schema.json`, if it has one.
    pub schema: Option<Value>,
    pub dependencies: Vec<Dependency>,
}

/// One entry of `dependencies:` in `Chart.yaml`, with the chart it resolved to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dependency {
    pub chart: ChartTree,
    pub alias: Option<String>,
    /// Comma-separated value paths, relative to the parent chart's values (`sub.enabled,global.sub.enabled`).
    pub condition: Option<String>,
    pub tags: Vec<String>,
    pub import_values: Vec<ImportValue>,
}

impl Dependency {
    /// The key of this dependency's section in its parent's values: the alias if set, else the chart name.
    pub fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.chart.name)
    }
}

/// One `import-values` entry.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportValue {
    /// `- data`: the child's `exports.data` map merged into the parent's top level.
    Exports(String),
    /// `- child: a.b` / `parent: c`: the child's value at `a.b` placed at `c` in the parent.
    Map { child: String, parent: String },
}

/// Helm's `CoalesceValues`: `values` (what the user gave) over the chart's defaults, then each
/// dependency's section over that dependency's defaults, with the parent's `global:` copied into every
/// subchart (the parent's globals win). Type clashes Helm only warns about are returned as warnings.
pub fn coalesce_chart(chart: &ChartTree, values: Map<String, Value>) -> (Map<String, Value>, Vec<String>) {
    let mut warnings = Vec::new();
    let coalesced = coalesce_into(chart, values, "", &mut warnings);
    (coalesced, warnings)
}

fn coalesce_into(
    chart: &ChartTree,
    mut values: Map<String, Value>,
    path: &str,
    warnings: &mut Vec<String>,
) -> Map<String, Value> {
    coalesce_own_defaults(chart, &mut values, path, warnings);
    for dependency in &chart.dependencies {
        let key = dependency.key();
        let full_key = join_path(path, key);
        let mut section = match values.remove(key) {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(section)) => section,
            Some(other) => {
                warnings.push(format!("warning: unable to coalesce {full_key}: not a table"));
                values.insert(key.to_string(), other);
                continue;
            }
        };
        copy_globals(&values, &mut section, &full_key, warnings);
        let coalesced = coalesce_into(&dependency.chart, section, &full_key, warnings);
        values.insert(key.to_string(), Value::Object(coalesced));
    }
    values
}

/// The chart's defaults under `values`; within a subchart's section nulls are kept (Helm coalesces
/// those sections in merge mode) so they can still delete the subchart's own defaults.
fn coalesce_own_defaults(chart: &ChartTree, values: &mut Map<String, Value>, path: &str, warnings: &mut Vec<String>) {
    let is_subchart = |key: &str| chart.dependencies.iter().any(|dependency| dependency.key() == key);
    let (sections, own): (Map<String, Value>, Map<String, Value>) =
        chart.values.iter().map(|(key, value)| (key.clone(), value.clone())).partition(|(key, _)| is_subchart(key));
    coalesce_tables(values, &own, path, warnings);
    for (key, default) in sections {
        match (values.get_mut(&key), default) {
            (Some(Value::Object(section)), Value::Object(default)) => {
                fill_defaults(section, &default, &join_path(path, &key), warnings)
            }
            (Some(_), _) => {}
            (None, default) => {
                values.insert(key, default);
            }
        }
    }
}

/// Copies the parent's `global:` into the subchart's section; where both have a key the parent wins,
/// and maps under `global:` merge. Like Helm, every subchart section gets a `global` map, empty if need be.
fn copy_globals(parent: &Map<String, Value>, section: &mut Map<String, Value>, path: &str, warnings: &mut Vec<String>) {
    let parent_globals = match parent.get("global") {
        None => Map::new(),
        Some(Value::Object(globals)) => globals.clone(),
        Some(_) => {
            warnings.push("warning: skipping globals because source global is not a table.".to_string());
            return;
        }
    };
    let own = match section.get("global") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(own)) => own.clone(),
        Some(_) => {
            warnings.push(format!("warning: skipping globals for {path} because destination global is not a table."));
            return;
        }
    };
    let mut globals = parent_globals;
    coalesce_tables(&mut globals, &own, &join_path(path, "global"), warnings);
    section.insert("global".to_string(), Value::Object(globals));
}

/// Helm's dependency processing before rendering: drops the dependencies that `tags` and `condition`
/// disable (evaluated over the coalesced values, so a subchart's own defaults count), then applies
/// `import-values` bottom-up. Returns the chart as it is rendered, and warnings Helm prints.
pub fn process_dependencies(chart: &ChartTree, values: &Map<String, Value>) -> (ChartTree, Vec<String>) {
    let (coalesced, mut warnings) = coalesce_chart(chart, values.clone());
    let tags = match coalesced.get("tags") {
        Some(Value::Object(tags)) => tags.clone(),
        _ => Map::new(),
    };
    let mut enabled = chart.clone();
    prune_disabled(&mut enabled, &coalesced, &tags, "", &mut warnings);
    import_values(&mut enabled, &mut warnings);
    (enabled, warnings)
}

fn prune_disabled(
    chart: &mut ChartTree,
    coalesced: &Map<String, Value>,
    tags: &Map<String, Value>,
    path: &str,
    warnings: &mut Vec<String>,
) {
    chart.dependencies.retain(|dependency| is_enabled(dependency, coalesced, tags, path, warnings));
    for dependency in &mut chart.dependencies {
        let child_path = format!("{path}{}.", dependency.key());
        prune_disabled(&mut dependency.chart, coalesced, tags, &child_path, warnings);
    }
}

/// Conditions win over tags: the first condition path that holds a boolean decides; otherwise any
/// tag set to `true` enables, and tags all `false` disable; with neither the dependency is enabled.
fn is_enabled(
    dependency: &Dependency,
    coalesced: &Map<String, Value>,
    tags: &Map<String, Value>,
    path: &str,
    warnings: &mut Vec<String>,
) -> bool {
    // Helm trims the whole condition, not each path: `a, b` looks up " b", which never exists.
    let conditions = dependency.condition.as_deref().unwrap_or_default().trim();
    for condition in conditions.split(',').filter(|c| !c.is_empty()) {
        let full_path = format!("{path}{condition}");
        match value_at(coalesced, &full_path) {
            Some(Value::Bool(enabled)) => return *enabled,
            Some(Value::Null) | None => {}
            Some(_) => warnings.push(format!(
                "Warning: Condition path '{full_path}' for chart {} returned non-bool value",
                dependency.key()
            )),
        }
    }
    let mut tag_values = Vec::new();
    for tag in &dependency.tags {
        match tags.get(tag) {
            Some(Value::Bool(enabled)) => tag_values.push(*enabled),
            Some(_) => {
                warnings.push(format!("Warning: Tag '{tag}' for chart {} returned non-bool value", dependency.key()))
            }
            None => {}
        }
    }
    if tag_values.contains(&true) {
        return true;
    }
    tag_values.is_empty()
}

/// The value at a dotted path, `None` if any step is missing or not a map.
pub fn value_at<'a>(values: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut steps = path.split('.').filter(|step| !step.is_empty());
    let mut current = values.get(steps.next()?)?;
    for step in steps {
        current = current.as_object()?.get(step)?;
    }
    Some(current)
}

/// Applies `import-values`, deepest charts first. Imported values are defaults: the parent's own
/// values override them, so a parent can import a whole section and change parts of it (Helm's code
/// does this; the example in Helm's "Charts" page shows the older, opposite precedence).
fn import_values(chart: &mut ChartTree, warnings: &mut Vec<String>) {
    for dependency in &mut chart.dependencies {
        import_values(&mut dependency.chart, warnings);
    }
    let (coalesced, _) = coalesce_chart(chart, Map::new());
    let mut imported = Map::new();
    for dependency in &chart.dependencies {
        for import in &dependency.import_values {
            let (child, parent) = match import {
                ImportValue::Exports(name) => (format!("exports.{name}"), String::new()),
                ImportValue::Map { child, parent } => (child.clone(), parent.clone()),
            };
            let child_path = format!("{}.{child}", dependency.key());
            match value_at(&coalesced, &child_path) {
                // Coalesced, not merged: where two imports collide, the earlier one stays.
                Some(Value::Object(table)) => {
                    coalesce_tables(&mut imported, &nested_at(&parent, table.clone()), "", warnings);
                }
                _ => warnings
                    .push(format!("Warning: ImportValues missing table from chart {}: {child_path}", dependency.key())),
            }
        }
    }
    // Like Helm, a chart with dependencies renders from its coalesced defaults (nulls trimmed) with
    // the imports under them. A side effect Helm has too: a `null` in the parent's values.yaml no
    // longer deletes a subchart default (only a user-supplied `null` does).
    if chart.dependencies.is_empty() {
        return;
    }
    let mut values = without_nulls(coalesced);
    coalesce_tables(&mut values, &imported, "", warnings);
    chart.values = values;
}

fn without_nulls(values: Map<String, Value>) -> Map<String, Value> {
    values
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(key, value)| match value {
            Value::Object(table) => (key, Value::Object(without_nulls(table))),
            other => (key, other),
        })
        .collect()
}

/// `table` placed at the dotted `path` (the top level when the path is empty or `.`).
fn nested_at(path: &str, table: Map<String, Value>) -> Map<String, Value> {
    path.rsplit('.').filter(|step| !step.is_empty()).fold(table, |inner, step| {
        let mut outer = Map::new();
        outer.insert(step.to_string(), Value::Object(inner));
        outer
    })
}
