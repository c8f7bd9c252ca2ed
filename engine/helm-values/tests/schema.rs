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
fn problems_are_listed_per_chart_with_helms_pointer_and_wording() {
    let chart = schema_chart("web", json!({}), replicas_schema(), vec![]);
    let error = validate_values(&chart, &map(json!({"replicaCount": "two", "image": {"tag": 5}}))).unwrap_err();
    let text = error.to_string();
    assert!(
        text.starts_with("values don't meet the specifications of the schema(s) in the following chart(s):\nweb:\n- "),
        "{text}"
    );
    assert_eq!(error.charts.len(), 1);
    let problems = &error.charts[0].1;
    assert!(problems.contains(&"at '/replicaCount': got string, want integer".to_string()), "{problems:?}");
    assert!(problems.contains(&"at '/image/tag': got number, want string".to_string()), "{problems:?}");
    let missing = validate_values(&chart, &Map::new()).unwrap_err();
    assert_eq!(missing.charts[0].1, ["at '': missing property 'image'"]);
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
    assert_eq!(error.charts[0].1, ["at '/port': got string, want integer"]);
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
fn draft_2020_12_unless_the_schema_names_another_draft() {
    // `dependentRequired` exists from 2019-09 on; draft 7 does not know it and ignores it. Helm 4.1.4
    // enforces it in a schema without `$schema`, with this message.
    let rule = json!({"type": "object", "dependentRequired": {"tls": ["certificate"]}});
    let values = map(json!({"tls": true}));
    let unnamed = schema_chart("web", json!({}), rule.clone(), vec![]);
    let error = validate_values(&unnamed, &values).unwrap_err();
    assert_eq!(error.charts[0].1, ["at '': properties 'certificate' required, if 'tls' exists"]);
    let mut named = rule;
    named["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    let draft_7 = schema_chart("web", json!({}), named, vec![]);
    assert_eq!(validate_values(&draft_7, &values), Ok(()));
}

#[test]
fn a_remote_reference_is_not_fetched_and_is_reported() {
    let remote = json!({"properties": {"image": {"$ref": "https://example.com/image.json"}}});
    let chart = schema_chart("web", json!({}), remote, vec![]);
    let error = validate_values(&chart, &map(json!({"image": {}}))).unwrap_err();
    assert!(error.charts[0].1[0].starts_with("at '': the schema is invalid: "), "{error}");
}

/// One keyword broken at a time; each expected text is what Helm 4.1.4 printed for the same schema
/// and value (its `values.schema.json` without `$schema`, so draft 2020-12).
#[test]
fn each_keyword_is_worded_as_helm_words_it() {
    let cases = [
        (json!({"type": "integer"}), json!("s"), "at '/v': got string, want integer"),
        (json!({"type": ["string", "null", "boolean"]}), json!(1), "at '/v': got number, want null or boolean or string"),
        (
            json!({"type": ["object", "array", "integer", "number", "boolean", "null"]}),
            json!("s"),
            "at '/v': got string, want null or boolean or number or integer or array or object",
        ),
        (json!({"enum": ["a", 1, true, null]}), json!("z"), "at '/v': value must be one of 'a', 1, true, <nil>"),
        (json!({"enum": [{"a": 1}, 2.5]}), json!(1), "at '/v': 'enum' failed"),
        (json!({"const": "fixed"}), json!("other"), "at '/v': value must be 'fixed'"),
        (json!({"const": 3}), json!(4), "at '/v': value must be 3"),
        (json!({"const": {"a": [1]}}), json!(1), "at '/v': 'const' failed"),
        (json!({"minimum": 1}), json!(0), "at '/v': minimum: got 0, want 1"),
        (json!({"minimum": 3}), json!(2.5), "at '/v': minimum: got 2.5, want 3"),
        (json!({"maximum": 1000}), json!(100000000), "at '/v': maximum: got 1×10⁰⁸, want 1,000"),
        (json!({"exclusiveMinimum": 1}), json!(1), "at '/v': exclusiveMinimum: got 1, want 1"),
        (json!({"exclusiveMaximum": 5}), json!(5), "at '/v': exclusiveMaximum: got 5, want 5"),
        (json!({"multipleOf": 3}), json!(4), "at '/v': multipleOf: got 4, want 3"),
        (json!({"multipleOf": 0.5}), json!(0.3), "at '/v': multipleOf: got 0.3, want 0.5"),
        (json!({"minLength": 2}), json!("a"), "at '/v': minLength: got 1, want 2"),
        (json!({"maxLength": 1}), json!("éé"), "at '/v': maxLength: got 2, want 1"),
        (json!({"pattern": "^[a-z]+$"}), json!("A1"), "at '/v': 'A1' does not match pattern '^[a-z]+$'"),
        (json!({"minItems": 2}), json!([1]), "at '/v': minItems: got 1, want 2"),
        (json!({"maxItems": 1}), json!([1, 2]), "at '/v': maxItems: got 2, want 1"),
        (json!({"uniqueItems": true}), json!([{"a": 1}, 2, 3, 2, {"a": 1}]), "at '/v': items at 1 and 3 are equal"),
        (json!({"minProperties": 2}), json!({"a": 1}), "at '/v': minProperties: got 1, want 2"),
        (json!({"maxProperties": 1}), json!({"a": 1, "b": 2}), "at '/v': maxProperties: got 2, want 1"),
        (json!({"required": ["inner"]}), json!({}), "at '/v': missing property 'inner'"),
        (
            json!({"additionalProperties": false, "properties": {"k": {}}}),
            json!({"z": 1, "b": 2, "k": 3}),
            "at '/v': additional properties 'b', 'z' not allowed",
        ),
        (json!({"not": {"type": "string"}}), json!("s"), "at '/v': 'not' failed"),
        (
            json!({"propertyNames": {"pattern": "^a"}}),
            json!({"b": 1}),
            "at '': invalid propertyName 'b'\n  - at '': 'b' does not match pattern '^a'",
        ),
        (
            json!({"propertyNames": {"maxLength": 2}}),
            json!({"abc": 1}),
            "at '': invalid propertyName 'abc'\n  - at '': maxLength: got 3, want 2",
        ),
        (
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
            json!(1.5),
            "at '/v': 'anyOf' failed\n  - at '/v': got number, want string\n  - at '/v': got number, want integer",
        ),
        (
            json!({"oneOf": [{"type": "string"}, {"type": "boolean"}]}),
            json!(1),
            "at '/v': 'oneOf' failed, none matched\n  - at '/v': got number, want string\n  - at '/v': got number, want boolean",
        ),
        (json!({"oneOf": [{"type": "integer"}, {"minimum": 0}]}), json!(5), "at '/v': 'oneOf' failed, subschemas 0, 1 matched"),
        (json!({"prefixItems": [{"type": "string"}], "items": false}), json!(["a", 2]), "at '/v/1': false schema"),
        (json!({"type": "object", "properties": {"list": {"items": {"properties": {"b": {"type": "string"}}}}}}),
            json!({"list": [{"b": "ok"}, {"b": 5}]}),
            "at '/v/list/1/b': got number, want string"),
    ];
    for (rule, value, expected) in cases {
        let schema = json!({"type": "object", "properties": {"v": rule}});
        let chart = schema_chart("s", json!({}), schema, vec![]);
        let error = validate_values(&chart, &map(json!({"v": value}))).unwrap_err();
        assert_eq!(error.charts[0].1, [expected], "{rule}");
    }
}

#[test]
fn missing_properties_of_one_object_are_one_problem() {
    let schema = json!({"type": "object", "required": ["n1", "n2", "n3"]});
    let chart = schema_chart("s", json!({}), schema, vec![]);
    let error = validate_values(&chart, &Map::new()).unwrap_err();
    assert_eq!(error.to_string(), "values don't meet the specifications of the schema(s) in the following chart(s):\ns:\n- at '': missing properties 'n1', 'n2', 'n3'");
}

#[test]
fn draft_7_dependencies_are_worded_as_dependent_required() {
    let schema = json!({"$schema": "http://json-schema.org/draft-07/schema#", "dependencies": {"a": ["b", "c"]}});
    let chart = schema_chart("s", json!({}), schema, vec![]);
    let error = validate_values(&chart, &map(json!({"a": 1}))).unwrap_err();
    assert_eq!(error.charts[0].1, ["at '': properties 'b', 'c' required, if 'a' exists"]);
}
