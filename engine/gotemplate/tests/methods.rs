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
