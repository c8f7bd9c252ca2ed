//! Reading values files as Helm does (sigs.k8s.io/yaml: YAML 1.1 through JSON).

use serde_json::{json, Value};
use tollgate_helm_values::read_values_file;

fn read(text: &str) -> Value {
    Value::Object(read_values_file("values.yaml", text).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn yaml_1_1_booleans_are_booleans() {
    assert_eq!(
        read("a: yes\nb: no\nc: on\nd: off\ne: true\n"),
        json!({"a": true, "b": false, "c": true, "d": false, "e": true})
    );
}

#[test]
fn numbers_are_floats_as_after_helms_json_round_trip() {
    let values = read("replicas: 3\nbig: 1000000\nratio: 1.5\nhex: 0x1F\noctal: 012\nunderscored: 1_000\n");
    assert_eq!(
        values,
        json!({"replicas": 3.0, "big": 1000000.0, "ratio": 1.5, "hex": 31.0, "octal": 10.0, "underscored": 1000.0})
    );
    assert!(values["replicas"].is_f64(), "a values file integer is a float64 in Helm");
}

#[test]
fn null_spellings_and_empty_values_are_null_and_timestamps_stay_strings() {
    assert_eq!(read("a: ~\nb: null\nc:\nd: 2020-01-01\n"), json!({"a": null, "b": null, "c": null, "d": "2020-01-01"}));
}

#[test]
fn anchors_aliases_and_merge_keys_are_expanded() {
    let values = read("base: &base {cpu: 1m}\nweb: *base\nworker:\n  <<: *base\n  memory: 1Mi\n");
    assert_eq!(values, json!({"base": {"cpu": "1m"}, "web": {"cpu": "1m"}, "worker": {"cpu": "1m", "memory": "1Mi"}}));
}

#[test]
fn only_the_first_document_counts_and_empty_files_are_empty_maps() {
    assert_eq!(read("a: 1\n---\nb: 2\n"), json!({"a": 1.0}));
    assert_eq!(read(""), json!({}));
    assert_eq!(read("# only a comment\n"), json!({}));
}

#[test]
fn duplicate_keys_last_wins_and_non_string_keys_become_text() {
    assert_eq!(read("a: 1\na: 2\n1: one\n"), json!({"a": 2.0, "1": "one"}));
}

#[test]
fn a_top_level_that_is_not_a_map_is_an_error_naming_the_file() {
    let error = read_values_file("prod.yaml", "- a\n- b\n").unwrap_err();
    assert_eq!(error.file, "prod.yaml");
    assert!(error.to_string().starts_with("prod.yaml:1: cannot unmarshal array"), "{error}");
}

#[test]
fn syntax_errors_carry_file_and_line() {
    let error = read_values_file("values.yaml", "a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
    assert_eq!(error.file, "values.yaml");
    assert!(error.line.is_some_and(|line| line >= 2), "{error:?}");
    assert!(!error.message.is_empty());
}

#[test]
fn infinity_is_an_error_because_json_cannot_hold_it() {
    assert!(read_values_file("values.yaml", "a: .inf\n").is_err());
}

#[test]
fn single_letter_and_capitalised_yaml_1_1_booleans_but_quoted_strings_stay_strings() {
    assert_eq!(
        read("a: y\nb: n\nc: Y\nd: NO\ne: 'yes'\nf: Off\n"),
        json!({"a": true, "b": false, "c": true, "d": false, "e": "yes", "f": false})
    );
}

#[test]
fn absurdly_deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert!(read_values_file("values.yaml", &deep).is_err());
}

/// Helm 4.1.4 renders `toJson .Values` of this file as
/// `{"false":2,"key":{"false":"b","quoted":"kept","true":"a","y":"c"},"list":[true,false,false,true,"y"],"true":4}`.
#[test]
fn yaml_1_1_boolean_keys_become_true_and_false_unless_quoted() {
    let text =
        "y: 1\nn: 2\non: 3\nyes: 4\nlist: [y, n, off, Yes, \"y\"]\nkey:\n  Y: a\n  NO: b\n  \"y\": c\n  quoted: kept\n";
    assert_eq!(
        read(text),
        json!({"false": 2.0, "key": {"false": "b", "quoted": "kept", "true": "a", "y": "c"},
               "list": [true, false, false, true, "y"], "true": 4.0})
    );
}
