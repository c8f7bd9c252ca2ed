//! Helm's values, ours: how Helm computes `.Values` for a chart and its subcharts, on `serde_json`
//! values, without reading chart directories (the renderer describes the chart as a [`ChartTree`]).
//!
//! - [`read_values_file`]: a values file as Helm reads it (YAML 1.1 via JSON: first document only,
//!   `yes` is `true`, numbers are floats), errors with file and line.
//! - [`merge_maps`] and [`parse_set_into`]: the user's values, `-f` files in order and then the `--set`
//!   family in Helm's order ([`UserValues`]): `--set-json`, `--set`, `--set-string`, `--set-file`,
//!   `--set-literal`.
//! - [`process_dependencies`] and [`coalesce_chart`]: `condition`/`tags`, `alias`, `import-values`,
//!   the chart's defaults under the user's values, parent sections over subchart defaults, `global:`
//!   copied down, `null` deleting a key.
//! - [`validate_values`]: every chart's `values.schema.json` against its part, in Helm's error format.
//!
//! Key order: Helm's maps are unordered and everything that prints them sorts the keys (Go's `range`,
//! `toYaml`), so the order of keys in the maps returned here carries no meaning; it is deterministic
//! (user keys, then defaults), and `serde_json`'s map equality ignores it.
//!
//! ```
//! use serde_json::json;
//! use tollgate_helm_values::{compute_values, ChartTree, UserValues};
//!
//! let chart = ChartTree {
//!     name: "web".into(),
//!     values: tollgate_helm_values::read_values_file("values.yaml", "replicas: 1\nimage:\n  tag: latest\n").unwrap(),
//!     ..ChartTree::default()
//! };
//! let mut user = UserValues::default();
//! user.set.push("image.tag=1.2.3,debug=yes".into());
//! let computed = compute_values(&chart, &user, &|_| Err("no files".into())).unwrap();
//! assert_eq!(
//!     serde_json::Value::Object(computed.values),
//!     json!({"replicas": 1.0, "image": {"tag": "1.2.3"}, "debug": "yes"})
//! );
//! ```

mod chart;
mod merge;
mod schema;
mod schema_wording;
mod set;
mod values_file;
mod yaml11_keys;

pub use chart::{coalesce_chart, process_dependencies, value_at, ChartTree, Dependency, ImportValue};
pub use merge::{coalesce_tables, merge_maps};
pub use schema::{validate_values, SchemaError};
pub use set::{parse_set, parse_set_into, SetError, SetKind, MAX_INDEX, MAX_NESTING};
pub use values_file::{read_values_file, ValuesFileError};

use serde_json::{Map, Value};
use std::fmt;

/// The values a user gives on the command line (or in a `tollgate.toml` values set).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserValues {
    /// `-f/--values` files, already read: (file name, text), in the order given.
    pub files: Vec<(String, String)>,
    pub set_json: Vec<String>,
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    pub set_file: Vec<String>,
    pub set_literal: Vec<String>,
}

/// Why values could not be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum ValuesError {
    File(ValuesFileError),
    Set { flag: &'static str, argument: String, error: SetError },
    Schema(SchemaError),
}

impl fmt::Display for ValuesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValuesError::File(error) => write!(f, "{error}"),
            ValuesError::Set { flag, error, .. } => write!(f, "failed parsing --{flag} data: {error}"),
            ValuesError::Schema(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for ValuesError {}

/// The values a chart renders with, the chart as rendered (disabled dependencies dropped, imports
/// applied) and the warnings Helm would print.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedValues {
    pub values: Map<String, Value>,
    pub chart: ChartTree,
    pub warnings: Vec<String>,
}

/// Merges the user's values in Helm's order: each file, then `--set-json`, `--set`, `--set-string`,
/// `--set-file`, `--set-literal`, each flag's arguments in the order given.
pub fn merge_user_values(
    user: &UserValues,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Map<String, Value>, ValuesError> {
    let mut values = Map::new();
    for (file, text) in &user.files {
        merge_maps(&mut values, read_values_file(file, text).map_err(ValuesError::File)?);
    }
    let flags: [(&'static str, SetKind, &Vec<String>); 5] = [
        ("set-json", SetKind::Json, &user.set_json),
        ("set", SetKind::Set, &user.set),
        ("set-string", SetKind::String, &user.set_string),
        ("set-file", SetKind::File, &user.set_file),
        ("set-literal", SetKind::Literal, &user.set_literal),
    ];
    for (flag, kind, arguments) in flags {
        for argument in arguments {
            parse_set_into(kind, argument, &mut values, read_file).map_err(|error| ValuesError::Set {
                flag,
                argument: argument.clone(),
                error,
            })?;
        }
    }
    Ok(values)
}

/// Everything Helm does to get `.Values`: the user's values merged, dependencies processed, the
/// chart's defaults coalesced under them, and the schemas checked.
pub fn compute_values(
    chart: &ChartTree,
    user: &UserValues,
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<ComputedValues, ValuesError> {
    let user_values = merge_user_values(user, read_file)?;
    let (chart, mut warnings) = process_dependencies(chart, &user_values);
    let (values, coalesce_warnings) = coalesce_chart(&chart, user_values);
    // Dependency processing coalesces too: report each of Helm's warnings once.
    for warning in coalesce_warnings {
        if !warnings.contains(&warning) {
            warnings.push(warning);
        }
    }
    validate_values(&chart, &values).map_err(ValuesError::Schema)?;
    Ok(ComputedValues { values, chart, warnings })
}
