//! The `--set` family, each case as Helm's "The Format and Limitations of --set" documents it.

use serde_json::{json, Value};
use tollgate_helm_values::{parse_set, parse_set_into, SetKind};

fn set(kind: SetKind, argument: &str) -> Value {
    Value::Object(parse_set(kind, argument).unwrap_or_else(|e| panic!("{argument}: {e}")))
}

fn error(kind: SetKind, argument: &str) -> String {
    match parse_set(kind, argument) {
        Ok(values) => panic!("{argument} parsed as {values:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn names_pairs_and_nesting() {
    assert_eq!(set(SetKind::Set, "name=value"), json!({"name": "value"}));
    assert_eq!(set(SetKind::Set, "a=b,c=d"), json!({"a": "b", "c": "d"}));
    assert_eq!(set(SetKind::Set, "outer.inner=value"), json!({"outer": {"inner": "value"}}));
    assert_eq!(set(SetKind::Set, "outer.a=1,outer.b=2"), json!({"outer": {"a": 1, "b": 2}}));
    assert_eq!(set(SetKind::Set, "a=1,a=2"), json!({"a": 2}));
}

#[test]
fn lists_with_braces_and_indexes() {
    assert_eq!(set(SetKind::Set, "name={a,b,c}"), json!({"name": ["a", "b", "c"]}));
    assert_eq!(set(SetKind::Set, "name={}"), json!({"name": []}));
    assert_eq!(set(SetKind::Set, "servers[0].port=80"), json!({"servers": [{"port": 80}]}));
    assert_eq!(
        set(SetKind::Set, "servers[0].port=80,servers[0].host=example"),
        json!({"servers": [{"port": 80, "host": "example"}]})
    );
    assert_eq!(set(SetKind::Set, "a[2]=x"), json!({"a": [null, null, "x"]}));
    assert_eq!(set(SetKind::Set, "a[1].b=y"), json!({"a": [null, {"b": "y"}]}));
    assert_eq!(set(SetKind::Set, "m[0][1]=z"), json!({"m": [[null, "z"]]}));
}

#[test]
fn escapes_keep_commas_and_dots() {
    assert_eq!(set(SetKind::Set, r"name=value1\,value2"), json!({"name": "value1,value2"}));
    assert_eq!(
        set(SetKind::Set, r"nodeSelector.kubernetes\.io/role=master"),
        json!({"nodeSelector": {"kubernetes.io/role": "master"}})
    );
}

#[test]
fn an_equals_sign_belongs_to_the_value_after_the_first_and_escapes_work_in_names_too() {
    assert_eq!(set(SetKind::Set, "a=b=c"), json!({"a": "b=c"}));
    assert_eq!(set(SetKind::Set, r"we\=ird=1,trailing=x,"), json!({"we=ird": 1, "trailing": "x"}));
    assert_eq!(set(SetKind::Set, ""), json!({}));
}

#[test]
fn set_infers_booleans_null_and_integers_only() {
    let values = set(SetKind::Set, "a=true,b=FALSE,c=null,d=0,e=42,f=-7,g=012,h=1.5,i=yes,j=,k=99999999999999999999");
    assert_eq!(
        values,
        json!({"a": true, "b": false, "c": null, "d": 0, "e": 42, "f": -7, "g": "012", "h": "1.5", "i": "yes", "j": "", "k": "99999999999999999999"})
    );
    assert!(values["e"].is_i64(), "--set integers are int64, not float64");
    assert_eq!(set(SetKind::Set, "l={1,true,x}"), json!({"l": [1, true, "x"]}));
}

#[test]
fn set_string_keeps_strings() {
    assert_eq!(
        set(SetKind::String, "a=true,b=42,c=null,l={1,2}"),
        json!({"a": "true", "b": "42", "c": "null", "l": ["1", "2"]})
    );
}

#[test]
fn set_json_parses_one_json_value_per_pair() {
    assert_eq!(
        set(SetKind::Json, r#"a={"b":[1,2],"c":null},d=[{"e":"f"}],g=3"#),
        // Numbers are float64, as Helm decodes JSON (`typeOf` says float64 for `--set-json g=3`).
        json!({"a": {"b": [1.0, 2.0], "c": null}, "d": [{"e": "f"}], "g": 3.0})
    );
    assert_eq!(set(SetKind::Json, "list[1]=true"), json!({"list": [null, true]}));
    assert!(error(SetKind::Json, "a={broken").starts_with("failed to parse JSON value"));
}

#[test]
fn set_literal_keeps_the_whole_rest_of_the_argument() {
    assert_eq!(set(SetKind::Literal, r"a.b=x,y=z\,{w}"), json!({"a": {"b": r"x,y=z\,{w}"}}));
}

#[test]
fn set_file_reads_each_path_through_the_callback() {
    let mut values = serde_json::Map::new();
    let read = |path: &str| match path {
        "script.sh" => Ok("#!/bin/sh\necho hi\n".to_string()),
        other => Err(format!("open {other}: no such file or directory")),
    };
    parse_set_into(SetKind::File, "init.script=script.sh", &mut values, &read).unwrap();
    assert_eq!(Value::Object(values.clone()), json!({"init": {"script": "#!/bin/sh\necho hi\n"}}));
    let missing = parse_set_into(SetKind::File, "x=missing.txt", &mut values, &read).unwrap_err();
    assert_eq!(missing.to_string(), "open missing.txt: no such file or directory");
}

#[test]
fn a_later_argument_merges_into_the_same_map() {
    let mut values = serde_json::Map::new();
    let no_files = |_: &str| Err(String::new());
    parse_set_into(SetKind::Set, "a.b=1", &mut values, &no_files).unwrap();
    parse_set_into(SetKind::Set, "a.c=2,list={x,y}", &mut values, &no_files).unwrap();
    parse_set_into(SetKind::Set, "list[3]=z", &mut values, &no_files).unwrap();
    assert_eq!(Value::Object(values), json!({"a": {"b": 1, "c": 2}, "list": ["x", "y", null, "z"]}));
}

#[test]
fn malformed_arguments_are_errors() {
    assert_eq!(error(SetKind::Set, "name"), r#"key "name" has no value"#);
    assert_eq!(error(SetKind::Set, "a=b,c"), r#"key "c" has no value"#);
    assert_eq!(error(SetKind::Set, "a.b"), r#"key "a.b" has no value"#);
    assert!(error(SetKind::Set, "a={x,y").contains("list must terminate"));
    assert!(error(SetKind::Set, "a[x]=1").contains("invalid list index"));
    assert!(error(SetKind::Set, "a[1=1").contains("no closing bracket"));
    assert!(error(SetKind::Set, "a={x}y").contains("unexpected data"));
}

#[test]
fn list_indexes_and_nesting_are_bounded() {
    assert_eq!(error(SetKind::Set, "a[-1]=x"), "negative -1 index not allowed");
    assert_eq!(error(SetKind::Set, "a[65537]=x"), "index of 65537 is greater than maximum supported index 65536");
    assert_eq!(set(SetKind::Set, "a[65536]=x")["a"].as_array().map(Vec::len), Some(65537));
    let thirty = (1..=30).map(|n| format!("k{n}")).collect::<Vec<_>>().join(".");
    assert!(parse_set(SetKind::Set, &format!("{thirty}=v")).is_ok());
    assert!(error(SetKind::Set, &format!("{thirty}.k31=v")).contains("maximum supported nested level of 30"));
}
