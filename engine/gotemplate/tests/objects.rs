//! Go structs handed to templates ([`Object`]): printed as Go prints them (fields in braces, `%+v` with
//! names, `String()` where Go calls it), fields and methods reached by a chain, JSON as their tags say.
//! The expected texts are what Helm 4.1.4 printed for `.Capabilities.KubeVersion` and a version.

use std::collections::BTreeMap;
use std::sync::Arc;

use tollgate_gotemplate::{FunctionValue, Object, Stringer, Templates, Value};

fn kube_version() -> Value {
    let field = |name: &str, value: &str| (name.to_string(), Value::from(value));
    Value::Object(Arc::new(Object {
        type_name: "common.KubeVersion".to_string(),
        fields: vec![
            field("Version", "v1.35.0"),
            field("normalizedVersion", "v1.35.0"),
            field("Major", "1"),
            field("Minor", "35"),
        ],
        methods: vec![FunctionValue::method("String", |_| Ok(Value::from("v1.35.0")))],
        text: "v1.35.0".to_string(),
        stringer: Stringer::WhenAddressable,
        json: serde_json::json!({"Version": "v1.35.0", "Major": "1", "Minor": "35"}),
    }))
}

fn version() -> Value {
    Value::Object(Arc::new(Object {
        type_name: "*semver.Version".to_string(),
        fields: vec![("orig".to_string(), Value::from("v1.2"))],
        methods: vec![FunctionValue::method("Major", |_| Ok(Value::Uint64(1)))],
        text: "1.2.0".to_string(),
        stringer: Stringer::Always,
        json: serde_json::json!("1.2.0"),
    }))
}

fn render(text: &str) -> String {
    let data = BTreeMap::from([("kube".to_string(), kube_version()), ("version".to_string(), version())]);
    let mut set = Templates::new();
    set.parse("t", text).expect("parses");
    match set.execute("t", &Value::map(data)) {
        Ok(out) => out,
        Err(error) => error.to_string(),
    }
}

#[test]
fn a_struct_prints_its_string_where_the_template_holds_it_and_its_fields_elsewhere() {
    assert_eq!(render("{{ .kube }}"), "v1.35.0");
    assert_eq!(render("{{ printf \"%v\" .kube }}"), "{v1.35.0 v1.35.0 1 35}");
    assert_eq!(render("{{ printf \"%+v\" .kube }}"), "{Version:v1.35.0 normalizedVersion:v1.35.0 Major:1 Minor:35}");
    assert_eq!(render("{{ printf \"%T\" .kube }} {{ print .kube }}"), "common.KubeVersion {v1.35.0 v1.35.0 1 35}");
}

#[test]
fn a_pointer_with_a_string_method_prints_it_everywhere() {
    assert_eq!(
        render("{{ .version }} {{ printf \"%v %s %T\" .version .version .version }}"),
        "1.2.0 1.2.0 1.2.0 *semver.Version"
    );
    assert_eq!(render("{{ print .version .kube }}"), "1.2.0 {v1.35.0 v1.35.0 1 35}");
}

#[test]
fn exported_fields_and_methods_are_reached_by_a_chain() {
    assert_eq!(render("{{ .kube.Major }}.{{ .kube.Minor }} {{ .kube.String }} {{ .version.Major }}"), "1.35 v1.35.0 1");
    assert_eq!(render("{{ printf \"%T\" .version.Major }}"), "uint64");
    assert_eq!(
        render("{{ .kube.normalizedVersion }}"),
        "template: t:1:8: executing \"t\" at <.kube.normalizedVersion>: can't evaluate field normalizedVersion in type common.KubeVersion"
    );
}

#[test]
fn a_struct_is_true_and_encodes_as_its_json() {
    assert_eq!(render("{{ if .kube }}yes{{ end }}"), "yes");
    assert_eq!(kube_version().to_json(), serde_json::json!({"Version": "v1.35.0", "Major": "1", "Minor": "35"}));
    assert_eq!(version().to_json(), serde_json::json!("1.2.0"));
}
