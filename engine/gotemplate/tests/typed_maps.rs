//! Named Go map types (Helm's `common.Values`, its `.Files`): a type name for `%T` and messages, and
//! methods that a field chain finds before the entries but that `len`, `range` and printing never see.

use std::collections::BTreeMap;
use std::sync::Arc;

use tollgate_gotemplate::{FunctionValue, Map, MapType, Templates, Value};

fn typed_map() -> Map {
    let entries: BTreeMap<String, Value> =
        [("Get".to_string(), Value::from("entry")), ("a".to_string(), Value::from("A"))].into_iter().collect();
    let get = FunctionValue::method("Get", |args| Ok(Value::from(format!("method({})", args.len()))));
    Map::new(entries).with_type(Arc::new(MapType { name: "pkg.files", methods: vec![get] }))
}

fn run(source: &str, map: &Map) -> String {
    let data = Value::map([("M".to_string(), Value::Map(map.clone()))].into_iter().collect());
    let mut set = Templates::new();
    set.parse("t", source).expect("parses");
    set.execute("t", &data).expect("runs")
}

#[test]
fn methods_win_over_entries_but_are_no_entries() {
    let map = typed_map();
    assert_eq!(run(r#"{{ .M.Get "x" }} {{ .M.Get }} {{ index .M "Get" }}"#, &map), "method(1) method(0) entry");
    assert_eq!(
        run("{{ len .M }} {{ range $k, $v := .M }}{{ $k }}={{ $v }};{{ end }} {{ .M }}", &map),
        "2 Get=entry;a=A; map[Get:entry a:A]"
    );
}

#[test]
fn the_type_name_shows_and_the_entries_stay_shared() {
    let plain = Map::new(BTreeMap::new());
    let typed = plain.with_type(Arc::new(MapType { name: "common.Values", methods: Vec::new() }));
    plain.insert("k", Value::from("v"));
    assert_eq!(run(r#"{{ printf "%T" .M }} {{ .M.k }}"#, &typed), "common.Values v");
    assert_eq!(Value::Map(plain.clone()).type_name(), "map[string]interface {}");
    assert!(typed.same(&plain));
}
