//! Rendering a template with our functions as `helm template` would show it.

use tollgate_gotemplate::{Templates, Value};

/// The values `/tmp` scratch charts used when the expected outputs were taken from Helm 4.1.4: numbers
/// from a values file are float64, as Helm decodes them.
pub fn values() -> Value {
    let res = serde_json::json!({
        "limits": {"cpu": "100m", "memory": "1Gi"},
        "f": 1.5, "big": 12345678, "e": {}, "l": [], "nul": null, "t": true
    });
    let values = Value::from(serde_json::json!({"Values": {"res": res}}));
    floats(values)
}

/// Every integer as a float, as Helm's values are.
fn floats(value: Value) -> Value {
    match value {
        Value::Int64(i) => Value::Float(i as f64),
        Value::List(items) => Value::list(items.iter().cloned().map(floats).collect()),
        Value::Map(map) => Value::map(map.snapshot().iter().map(|(k, v)| (k.clone(), floats(v.clone()))).collect()),
        other => other,
    }
}

/// What Helm prints for `text`, or its error after `executing ... at <...>: `; Helm shows no value as "".
pub fn render(text: &str) -> String {
    let (functions, _) = tollgate_helm_functions::functions("seed");
    let mut set = Templates::with_functions(functions);
    if let Err(error) = set.parse("t", text) {
        return format!("PARSE {error}");
    }
    match set.execute("t", &values()) {
        Ok(out) => out.replace("<no value>", ""),
        Err(error) => {
            let text = error.to_string();
            format!("ERR {}", text.split_once(">: ").map_or(text.as_str(), |(_, message)| message))
        }
    }
}

/// Checks each `(template, expected)` pair, reporting every mismatch at once.
pub fn check(cases: &[(&str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(text, expected)| {
            let got = render(text);
            (got != *expected).then(|| format!("{text}\n  want: {expected:?}\n  got:  {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
