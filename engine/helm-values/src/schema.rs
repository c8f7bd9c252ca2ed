//! `values.schema.json` validation as Helm does it: each chart's schema against its part of the values
//! (the root chart against all of them, a subchart against its section), JSON Schema draft 7 unless the
//! schema's `$schema` names another draft, and one error listing every failing chart. Remote `$ref`s
//! are not fetched: a schema that needs one is reported as invalid rather than passed.

use crate::chart::ChartTree;
use serde_json::{Map, Value};
use std::fmt;

/// The values broke one or more charts' schemas (or a schema itself is invalid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// Per failing chart, in chart order: the chart name and its problems (`<path>: <problem>`).
    pub charts: Vec<(String, Vec<String>)>,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "values don't meet the specifications of the schema(s) in the following chart(s):")?;
        for (chart, problems) in &self.charts {
            writeln!(f, "{chart}:")?;
            for problem in problems {
                writeln!(f, "- {problem}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for SchemaError {}

/// Validates `values` (the coalesced values of `chart`) against every schema in the chart tree.
pub fn validate_values(chart: &ChartTree, values: &Map<String, Value>) -> Result<(), SchemaError> {
    let mut charts = Vec::new();
    collect_problems(chart, values, &mut charts);
    if charts.is_empty() {
        Ok(())
    } else {
        Err(SchemaError { charts })
    }
}

fn collect_problems(chart: &ChartTree, values: &Map<String, Value>, charts: &mut Vec<(String, Vec<String>)>) {
    if let Some(schema) = &chart.schema {
        let problems = problems(schema, values);
        if !problems.is_empty() {
            charts.push((chart.name.clone(), problems));
        }
    }
    let empty = Map::new();
    for dependency in &chart.dependencies {
        let section = values.get(dependency.key()).and_then(Value::as_object).unwrap_or(&empty);
        collect_problems(&dependency.chart, section, charts);
    }
}

fn problems(schema: &Value, values: &Map<String, Value>) -> Vec<String> {
    let options = if schema.get("$schema").is_some() {
        jsonschema::options()
    } else {
        jsonschema::options().with_draft(jsonschema::Draft::Draft7)
    };
    let validator = match options.build(schema) {
        Ok(validator) => validator,
        Err(error) => return vec![format!("(root): the schema is invalid: {error}")],
    };
    let instance = Value::Object(values.clone());
    validator
        .iter_errors(&instance)
        .map(|error| format!("{}: {}", dotted(&error.instance_path().to_string()), error))
        .collect()
}

/// A JSON pointer as Helm's messages spell the location: `(root)`, `image.tag`, `ports.0`.
fn dotted(pointer: &str) -> String {
    if pointer.is_empty() {
        return "(root)".to_string();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|step| step.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}
