//! `values.schema.json` validation, per chart, in Helm's error format.

use serde_json::{json, Map, Value};
use tollgate_helm_values::{compute_values, validate_values, ChartTree, Dependency, UserValues, ValuesError};

fn map(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn schema_chart(name: &str, values: Value, schema: Value, dependencies: Vec<Dependency>) -> ChartTree {
    ChartTree { name: name.into(), values: map(values), schema: Some(schema), dependencies }
}

fn replicas_schema() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "required": ["image"],
        "properties": {
            "replicaCount": {"type": "integer", "minimum": 1},
            "image": {"type": "object", "properties": {"tag": {"type": "string"}}}
        }
    })
}

#[test]
fn valid_values_pass() {
    let chart = schema_chart("web", json!({"replicaCount": 2, "image": {"tag": "1.0"}}), replicas_schema(), vec![]);
    assert_eq!(validate_values(&chart, &chart.values), Ok(()));
}

#[test]
fn problems_are_listed_per_chart_with_dotted_paths() {
    let chart = schema_chart("web", json!({}), replicas_schema(), vec![]);
    let error = validate_values(&chart, &map(json!({"replicaCount": "two", "image": {"tag": 5}}))).unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with("values don't meet the specifications of the schema(s) in the following chart(s):\nweb:\n- "),
        "{text}"
    );
    assert_eq!(error.charts.len(), 1);
    let problems = &error.charts[0].1;
    assert!(problems.iter().any(|p| p.starts_with("replicaCount: ") && p.contains("integer")), "{problems:?}");
    assert!(problems.iter().any(|p| p.starts_with("image.tag: ") && p.contains("string")), "{problems:?}");
    let missing = validate_values(&chart, &Map::new()).unwrap_err();
    assert!(missing.charts[0].1[0].starts_with("(root): ") && missing.charts[0].1[0].contains("image"), "{missing}");
}

#[test]
fn each_subchart_schema_checks_its_own_section() {
    let sub_schema = json!({"type": "object", "properties": {"port": {"type": "integer"}}});
    let sub = schema_chart("db", json!({"port": 5432}), sub_schema, vec![]);
    let parent = schema_chart(
        "web",
        json!({"image": {}}),
        replicas_schema(),
        vec![Dependency { chart: sub, ..Dependency::default() }],
    );
    let user = UserValues { set: vec!["db.port=abc".into()], ..UserValues::default() };
    let Err(ValuesError::Schema(error)) = compute_values(&parent, &user, &|_| Err(String::new())) else {
        panic!("the subchart's schema must reject a string port");
    };
    assert_eq!(error.charts.len(), 1);
    assert_eq!(error.charts[0].0, "db");
    assert!(error.charts[0].1[0].starts_with("port: "), "{error}");
    let fine = UserValues { set: vec!["db.port=6543".into()], ..UserValues::default() };
    assert!(compute_values(&parent, &fine, &|_| Err(String::new())).is_ok());
}

#[test]
fn a_values_file_integer_satisfies_an_integer_schema() {
    // Helm reads values files into float64, yet `replicaCount: 2` passes `"type": "integer"`.
    let chart = ChartTree {
        values: tollgate_helm_values::read_values_file("values.yaml", "replicaCount: 2\nimage: {}\n").unwrap(),
        ..schema_chart("web", json!({}), replicas_schema(), vec![])
    };
    assert_eq!(validate_values(&chart, &chart.values), Ok(()));
}

#[test]
fn an_invalid_schema_is_reported_not_ignored() {
    let chart = schema_chart("web", json!({}), json!({"type": "no-such-type"}), vec![]);
    let error = validate_values(&chart, &Map::new()).unwrap_err();
    assert!(error.charts[0].1[0].contains("the schema is invalid"), "{error}");
}

#[test]
fn draft_7_unless_the_schema_names_another_draft() {
    // `dependentRequired` exists from 2019-09 on; draft 7 does not know it and ignores it.
    let rule = json!({"type": "object", "dependentRequired": {"tls": ["certificate"]}});
    let values = map(json!({"tls": true}));
    let draft_7 = schema_chart("web", json!({}), rule.clone(), vec![]);
    assert_eq!(validate_values(&draft_7, &values), Ok(()));
    let mut named = rule;
    named["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    let draft_2020 = schema_chart("web", json!({}), named, vec![]);
    let error = validate_values(&draft_2020, &values).unwrap_err();
    assert!(error.charts[0].1[0].contains("certificate"), "{error}");
}

#[test]
fn a_remote_reference_is_not_fetched_and_is_reported() {
    let remote = json!({"properties": {"image": {"$ref": "https://example.com/image.json"}}});
    let chart = schema_chart("web", json!({}), remote, vec![]);
    let error = validate_values(&chart, &map(json!({"image": {}}))).unwrap_err();
    assert!(error.charts[0].1[0].starts_with("(root): the schema is invalid: "), "{error}");
}
