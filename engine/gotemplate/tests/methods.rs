//! Function values in a map are methods: callable through a field chain, never visited by `range`.

use std::collections::BTreeMap;

use tollgate_gotemplate::{FunctionValue, Templates, Value};

#[test]
fn range_over_a_map_skips_its_methods() {
    let mut files = BTreeMap::new();
    files.insert("a.txt".to_string(), Value::from("A"));
    files.insert("Get".to_string(), Value::Function(FunctionValue::new("Get", |_| Ok(Value::from("got")))));
    let mut data = BTreeMap::new();
    data.insert("Files".to_string(), Value::map(files));
    let mut set = Templates::new();
    set.parse("t", "{{ range $k, $v := .Files }}{{ $k }}={{ $v }};{{ end }}{{ .Files.Get \"x\" }}").expect("parses");
    assert_eq!(set.execute("t", &Value::map(data)).expect("runs"), "a.txt=A;got");
}

#[test]
fn a_method_ending_a_chain_is_called_even_without_arguments() {
    let mut files = BTreeMap::new();
    files.insert(
        "AsConfig".to_string(),
        Value::Function(FunctionValue::method("AsConfig", |args| Ok(Value::Int(args.len() as i64)))),
    );
    files.insert(
        "Get".to_string(),
        Value::Function(FunctionValue::method("Get", |args| match args {
            [_] => Ok(Value::from("one")),
            _ => Err(format!("wrong number of args for Get: want 1 got {}", args.len())),
        })),
    );
    files.insert("plain".to_string(), Value::Function(FunctionValue::new("plain", |_| Ok(Value::Nil))));
    let data = Value::map([("Files".to_string(), Value::map(files))].into_iter().collect());
    let mut set = Templates::new();
    set.parse("t", "{{ .Files.AsConfig }} {{ \"x\" | .Files.AsConfig }} {{ .Files.Get \"a\" }}").expect("parses");
    assert_eq!(set.execute("t", &data).expect("runs"), "0 1 one");
    set.parse("missing", "{{ .Files.Get }}").expect("parses");
    let error = set.execute("missing", &data).expect_err("argument count").to_string();
    assert!(error.ends_with("at <.Files.Get>: wrong number of args for Get: want 1 got 0"), "{error}");
    set.parse("value", "{{ .Files.plain }}").expect("parses");
    let error = set.execute("value", &data).expect_err("a func value is not printable").to_string();
    assert!(error.contains("can't print .Files.plain"), "{error}");
}
