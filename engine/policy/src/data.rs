//! `--data`: JSON and YAML documents under `data`.
//!
//! Conftest expands each `--data` path to the `.json`/`.yaml`/`.yml` files under it and hands
//! that list of *files* to OPA's loader (policy/engine.go `LoadWithData`), so every file is
//! merged at the root of `data` whatever directory it sits in (conftest#535: "the folder itself
//! doesn't come into play"). Tollgate does the same; two files setting the same key to
//! different values is an error naming the file.

use crate::load::{collect_files, error};
use regorus::Engine;
use serde_json::Value as Json;
use std::path::PathBuf;
use tollgate_model::LoadError;

pub(crate) fn load_data(engine: &mut Engine, paths: &[PathBuf]) -> Result<(), Vec<LoadError>> {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if let Err(e) = collect_files(path, &["json", "yaml", "yml"], &mut files) {
            errors.push(error(
                &path.display().to_string(),
                0,
                format!("--data: {e}; no data was read from it: check the path"),
            ));
        }
    }
    files.sort();
    files.dedup();
    for file in files {
        let name = file.display().to_string();
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) => {
                errors.push(error(&name, 0, format!("--data: cannot read: {e}")));
                continue;
            }
        };
        let is_json = file.extension().is_some_and(|e| e == "json");
        let parsed: Result<Json, String> = if is_json {
            serde_json::from_str(&text).map_err(|e| format!("invalid JSON at line {}: {e}", e.line()))
        } else {
            serde_saphyr::from_str(&text)
                .map_err(|e| format!("invalid YAML: {}", e.to_string().lines().next().unwrap_or("")))
        };
        let document = match parsed {
            Ok(Json::Null) => continue,
            Ok(Json::Object(map)) => Json::Object(map),
            Ok(_) => {
                errors.push(error(
                    &name,
                    0,
                    "--data: a data document must be an object (its keys go under `data`)".into(),
                ));
                continue;
            }
            Err(e) => {
                errors.push(error(&name, 0, format!("--data: {e}; this data file was not loaded")));
                continue;
            }
        };
        if let Err(e) = crate::isolate::guarded_result(|| engine.add_data(regorus::Value::from(document))) {
            errors.push(error(
                &name,
                0,
                format!("--data: cannot merge into `data`: {e}; this data file was not loaded"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
