//! Helm's two ways of combining values maps.
//!
//! *Merging* combines what the user gave (values files in order, then the `--set` family): maps merge
//! key by key, anything else (lists included) is replaced, and `null` is kept as `null`.
//! *Coalescing* puts the user's values over a chart's defaults: the user wins, maps merge deeply, and a
//! user `null` deletes the key together with the chart's default.

use serde_json::{Map, Value};

/// Merges `overlay` into `base`: later wins, maps merge recursively, lists and scalars are replaced.
pub fn merge_maps(base: &mut Map<String, Value>, overlay: Map<String, Value>) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Object(existing)), Value::Object(incoming)) => merge_maps(existing, incoming),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Coalesces a chart's `defaults` under `values` (which win), recording type clashes in `warnings`
/// as Helm prints them. `path` is the dotted prefix used in those warnings.
pub fn coalesce_tables(
    values: &mut Map<String, Value>,
    defaults: &Map<String, Value>,
    path: &str,
    warnings: &mut Vec<String>,
) {
    coalesce_with(values, defaults, path, false, warnings);
}

/// Coalescing that keeps `null`s (Helm's "merge" mode), used for a parent's defaults of a subchart's
/// section so that a user's `null` there survives until it meets the subchart's own default.
pub(crate) fn fill_defaults(
    values: &mut Map<String, Value>,
    defaults: &Map<String, Value>,
    path: &str,
    warnings: &mut Vec<String>,
) {
    coalesce_with(values, defaults, path, true, warnings);
}

fn coalesce_with(
    values: &mut Map<String, Value>,
    defaults: &Map<String, Value>,
    path: &str,
    keep_nulls: bool,
    warnings: &mut Vec<String>,
) {
    for (key, default) in defaults {
        let full_key = join_path(path, key);
        match values.get_mut(key) {
            None => {
                values.insert(key.clone(), default.clone());
            }
            Some(Value::Null) => {
                if !keep_nulls {
                    values.remove(key);
                }
            }
            Some(Value::Object(value)) => match default {
                Value::Object(default) => coalesce_with(value, default, &full_key, keep_nulls, warnings),
                Value::Null => {}
                _ => warnings.push(format!("warning: skipped value for {full_key}: Not a table.")),
            },
            Some(_) => {
                if default.is_object() {
                    warnings.push(format!("warning: cannot overwrite table with non table for {full_key}"));
                }
            }
        }
    }
}

pub(crate) fn join_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
