//! `values.schema.json` validation as Helm does it: each chart's schema against its part of the values
//! (the root chart against all of them, a subchart against its section), JSON Schema draft 2020-12 unless
//! the schema's `$schema` names another draft (as Helm 4's validator reads it), and one error listing every failing chart. Remote `$ref`s
//! are not fetched: a schema that needs one is reported as invalid rather than passed.

use crate::chart::ChartTree;
use serde_json::{Map, Value};
use std::fmt;

/// The values broke one or more charts' schemas (or a schema itself is invalid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// Per failing chart, in chart order: the chart name and its problems (`at '<pointer>': <problem>`).
    pub charts: Vec<(String, Vec<String>)>,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "values don't meet the specifications of the schema(s) in the following chart(s):")?;
        for (chart, problems) in &self.charts {
            write!(f, "\n{chart}:")?;
            for problem in problems {
                write!(f, "\n- {problem}")?;
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
    // Without `$schema`, Helm 4 (jsonschema v6) reads a schema as draft 2020-12, as this validator does.
    let validator = match jsonschema::options().build(schema) {
        Ok(validator) => validator,
        Err(error) => return vec![format!("at '': the schema is invalid: {error}")],
    };
    let instance = Value::Object(values.clone());
    crate::schema_wording::problems(schema, validator.iter_errors(&instance))
}
