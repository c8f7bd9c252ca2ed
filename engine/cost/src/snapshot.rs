//! An estimate as plain figures per line, the form the JSON cost report stores and baselines are
//! read back from (`--cost-baseline`, `--cost-compare-ref`).

use crate::json::COST_JSON_VERSION;
use crate::view::Location;
use crate::Estimate;
use serde_json::{Map, Value};
use std::str::FromStr;
use tollgate_model::SourceMap;
use tollgate_pricing::{Decimal, Money};

/// Monthly figures per line: enough to diff two estimates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CostSnapshot {
    pub lines: Vec<SnapshotLine>,
}

/// One line's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotLine {
    pub address: String,
    pub environment: Option<String>,
    pub root: Option<String>,
    pub resource_type: String,
    /// `file:line` of the resource.
    pub location: String,
    pub now: Money,
    pub at_max: Money,
    /// Allocated (Kubernetes) lines are kept but never summed into totals.
    pub allocated: bool,
    /// Components without a figure.
    pub missing: usize,
}

impl CostSnapshot {
    /// The figures of an estimate.
    pub fn of(estimate: &Estimate, sources: &SourceMap) -> CostSnapshot {
        let lines = estimate
            .lines
            .iter()
            .map(|line| {
                let (now, missing_now) = line.monthly(false);
                let (at_max, missing_at_max) = line.monthly(true);
                SnapshotLine {
                    address: line.address.clone(),
                    environment: line.scope.environment.clone(),
                    root: line.scope.root.clone(),
                    resource_type: line.resource_type.clone(),
                    location: Location::of(line.span, sources).cited(),
                    now,
                    at_max,
                    allocated: line.allocated,
                    missing: missing_now.max(missing_at_max),
                }
            })
            .collect();
        CostSnapshot { lines }
    }

    /// Reads back the `cost` section of a JSON report (or a JSON cost report alone). The error
    /// names what is wrong and where (`lines[2].monthly_now.exact: ...`).
    pub fn from_json(text: &str) -> Result<CostSnapshot, String> {
        let document: Value =
            serde_json::from_str(text).map_err(|err| format!("not a JSON cost report: invalid JSON ({err})"))?;
        let cost = match document.get("cost") {
            Some(Value::Null) => return Err("the JSON report holds no cost estimate (`cost` is null)".to_string()),
            Some(cost) if document.get("version").is_none() => cost,
            _ => &document,
        };
        let cost = cost.as_object().ok_or("not a JSON cost report: expected an object with `version` and `lines`")?;
        check_version(cost)?;
        let lines = field(cost, "lines", "")?.as_array().ok_or("`lines`: expected an array")?;
        let lines = lines.iter().enumerate().map(|(at, line)| snapshot_line(line, &format!("lines[{at}]")));
        Ok(CostSnapshot { lines: lines.collect::<Result<_, _>>()? })
    }
}

fn check_version(cost: &Map<String, Value>) -> Result<(), String> {
    match cost.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(COST_JSON_VERSION)) => Ok(()),
        Some(Value::Number(n)) => Err(format!(
            "cost report version {n} is not supported: this Tollgate reads version {COST_JSON_VERSION}; \
             write the baseline again with this Tollgate"
        )),
        Some(other) => Err(format!("`version`: expected an integer, found {}", kind_of(other))),
        None => Err("not a JSON cost report: no `version` (nor a `cost` member holding one)".to_string()),
    }
}

fn snapshot_line(line: &Value, path: &str) -> Result<SnapshotLine, String> {
    let line = line.as_object().ok_or_else(|| format!("{path}: expected an object"))?;
    let file = string(line, "file", path)?;
    let start_line = field(line, "start_line", path)?
        .as_u64()
        .ok_or_else(|| format!("{path}.start_line: expected a line number"))?;
    Ok(SnapshotLine {
        address: string(line, "address", path)?,
        environment: optional_string(line, "environment", path)?,
        root: optional_string(line, "root", path)?,
        resource_type: string(line, "type", path)?,
        location: format!("{file}:{start_line}"),
        now: amount(line, "monthly_now", path)?,
        at_max: amount(line, "monthly_at_max", path)?,
        allocated: field(line, "allocated", path)?
            .as_bool()
            .ok_or_else(|| format!("{path}.allocated: expected true or false"))?,
        missing: field(line, "missing", path)?
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("{path}.missing: expected a count"))?,
    })
}

fn field<'v>(object: &'v Map<String, Value>, name: &str, path: &str) -> Result<&'v Value, String> {
    let dot = if path.is_empty() { "" } else { "." };
    object.get(name).ok_or_else(|| format!("{path}{dot}{name}: missing"))
}

fn string(object: &Map<String, Value>, name: &str, path: &str) -> Result<String, String> {
    match field(object, name, path)? {
        Value::String(text) => Ok(text.clone()),
        other => Err(format!("{path}.{name}: expected a string, found {}", kind_of(other))),
    }
}

fn optional_string(object: &Map<String, Value>, name: &str, path: &str) -> Result<Option<String>, String> {
    match field(object, name, path)? {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text.clone())),
        other => Err(format!("{path}.{name}: expected a string or null, found {}", kind_of(other))),
    }
}

/// An amount object's exact figure (`{"exact": "971.776", "cents": "971.78"}`).
fn amount(object: &Map<String, Value>, name: &str, path: &str) -> Result<Money, String> {
    let path = format!("{path}.{name}");
    let amount = field(object, name, "")
        .map_err(|_| format!("{path}: missing"))?
        .as_object()
        .ok_or_else(|| format!("{path}: expected an amount object with `exact`"))?;
    let exact = string(amount, "exact", &path)?;
    Decimal::from_str(&exact).map(Money::usd).map_err(|_| format!("{path}.exact: `{exact}` is not a decimal number"))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
