//! Coalescing, subcharts, globals, conditions, tags and import-values, with the examples of Helm's
//! "Values Files", "Subcharts and Global Values" and "Charts" (dependencies) documentation.

use serde_json::{json, Map, Value};
use tollgate_helm_values::{
    coalesce_chart, compute_values, process_dependencies, ChartTree, Dependency, ImportValue, UserValues,
};

fn map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not a map: {other}"),
    }
}

fn chart(name: &str, values: Value, dependencies: Vec<Dependency>) -> ChartTree {
    ChartTree { name: name.into(), values: map(values), schema: None, dependencies }
}

fn dependency(chart: ChartTree) -> Dependency {
    Dependency { chart, ..Dependency::default() }
}

fn no_files(path: &str) -> Result<String, String> {
    Err(format!("{path}: not readable in this test"))
}

fn computed(chart: &ChartTree, user: &UserValues) -> Value {
    Value::Object(compute_values(chart, user, &no_files).unwrap_or_else(|e| panic!("{e}")).values)
}

fn names(chart: &ChartTree) -> Vec<String> {
    chart.dependencies.iter().map(|d| d.key().to_string()).collect()
}

#[test]
fn files_in_order_then_set_flags_in_helms_order() {
    let chart = chart("app", json!({"image": {"repository": "nginx", "tag": "1.0"}, "ports": [80, 443]}), vec![]);
    let user = UserValues {
        files: vec![
            ("a.yaml".into(), "image:\n  tag: \"2.0\"\nports: [8080]\n".into()),
            ("b.yaml".into(), "image:\n  pullPolicy: Always\n".into()),
        ],
        set_json: vec![r#"mode="json""#.into()],
        set: vec!["mode=set".into(), "count=3".into()],
        set_string: vec!["count=3".into()],
        set_literal: vec!["note=a,b".into()],
        ..UserValues::default()
    };
    assert_eq!(
        computed(&chart, &user),
        json!({
            "image": {"repository": "nginx", "tag": "2.0", "pullPolicy": "Always"},
            "ports": [8080.0],
            "mode": "set",
            "count": "3",
            "note": "a,b"
        })
    );
}

#[test]
fn null_deletes_a_default_key_as_the_docs_livenessprobe_example() {
    let chart = chart(
        "app",
        json!({"livenessProbe": {"httpGet": {"path": "/user/login", "port": 80}, "initialDelaySeconds": 120}}),
        vec![],
    );
    let user = UserValues {
        set: vec!["livenessProbe.exec.command={cat,docroot/CHANGELOG.txt}".into(), "livenessProbe.httpGet=null".into()],
        ..UserValues::default()
    };
    assert_eq!(
        computed(&chart, &user),
        json!({"livenessProbe": {"exec": {"command": ["cat", "docroot/CHANGELOG.txt"]}, "initialDelaySeconds": 120}})
    );
}

#[test]
fn the_key_order_of_the_result_does_not_matter() {
    assert_eq!(map(json!({"a": 1, "b": 2})), map(json!({"b": 2, "a": 1})));
}

#[test]
fn a_parent_section_overrides_the_subcharts_own_values() {
    let sub = chart("mysubchart", json!({"dessert": "cake", "size": "small"}), vec![]);
    let parent = chart("mychart", json!({"mysubchart": {"dessert": "ice cream"}}), vec![dependency(sub)]);
    let (values, warnings) = coalesce_chart(&parent, Map::new());
    assert_eq!(Value::Object(values), json!({"mysubchart": {"dessert": "ice cream", "size": "small", "global": {}}}));
    assert!(warnings.is_empty());
}

#[test]
fn globals_are_copied_into_every_subchart_and_the_parents_win() {
    let mysql = chart("mysql", json!({"max_connections": 10, "global": {"app": "Own", "region": "eu"}}), vec![]);
    let apache = chart("apache", json!({"port": 80}), vec![]);
    let parent = chart(
        "wordpress",
        json!({"title": "My WordPress Site", "mysql": {"max_connections": 100}, "apache": {"port": 8080}, "global": {"app": "MyWordPress"}}),
        vec![dependency(mysql), dependency(apache)],
    );
    let (values, _) = coalesce_chart(&parent, Map::new());
    assert_eq!(
        Value::Object(values),
        json!({
            "title": "My WordPress Site",
            "global": {"app": "MyWordPress"},
            "mysql": {"max_connections": 100, "global": {"app": "MyWordPress", "region": "eu"}},
            "apache": {"port": 8080, "global": {"app": "MyWordPress"}}
        })
    );
}

#[test]
fn an_alias_names_the_section_and_the_same_chart_can_appear_twice() {
    let redis = chart("redis", json!({"port": 6379}), vec![]);
    let cache = Dependency { alias: Some("cache".into()), ..dependency(redis.clone()) };
    let queue = Dependency { alias: Some("queue".into()), ..dependency(redis) };
    let parent = chart("app", json!({"queue": {"port": 6380}}), vec![cache, queue]);
    let (values, _) = coalesce_chart(&parent, Map::new());
    assert_eq!(
        Value::Object(values),
        json!({"cache": {"port": 6379, "global": {}}, "queue": {"port": 6380, "global": {}}})
    );
}

#[test]
fn a_non_map_where_a_subchart_section_belongs_is_a_warning_not_a_crash() {
    let parent = chart("app", json!({"sub": "oops"}), vec![dependency(chart("sub", json!({"a": 1}), vec![]))]);
    let (values, warnings) = coalesce_chart(&parent, Map::new());
    assert_eq!(values["sub"], json!("oops"));
    assert_eq!(warnings, vec!["warning: unable to coalesce sub: not a table".to_string()]);
    let computed = compute_values(&parent, &UserValues::default(), &no_files).unwrap();
    assert_eq!(computed.warnings, warnings, "each warning once");
}

/// The "Tags and Condition example" of Helm's Charts documentation.
fn tagged_parent(values: Value) -> ChartTree {
    let with = |name: &str, tags: [&str; 2]| Dependency {
        condition: Some(format!("{name}.enabled,global.{name}.enabled")),
        tags: tags.iter().map(|tag| tag.to_string()).collect(),
        ..dependency(chart(name, json!({}), vec![]))
    };
    chart(
        "parentchart",
        values,
        vec![with("subchart1", ["front-end", "subchart1"]), with("subchart2", ["back-end", "subchart2"])],
    )
}

#[test]
fn a_condition_overrides_tags_and_tags_enable_when_no_condition_path_exists() {
    let parent = tagged_parent(json!({"subchart1": {"enabled": true}, "tags": {"front-end": false, "back-end": true}}));
    let (rendered, _) = process_dependencies(&parent, &Map::new());
    assert_eq!(names(&rendered), ["subchart1", "subchart2"]);
}

#[test]
fn set_flags_decide_tags_and_conditions() {
    let parent = tagged_parent(json!({"subchart1": {"enabled": true}, "tags": {"front-end": false, "back-end": true}}));
    let user = UserValues {
        set: vec!["tags.front-end=true".into(), "subchart2.enabled=false".into()],
        ..UserValues::default()
    };
    let computed = compute_values(&parent, &user, &no_files).unwrap();
    assert_eq!(names(&computed.chart), ["subchart1"]);
    assert!(computed.values.get("subchart2").and_then(|v| v.get("global")).is_none());
}

#[test]
fn the_first_condition_path_holding_a_boolean_wins() {
    let parent = tagged_parent(json!({"global": {"subchart1": {"enabled": false}}, "subchart2": {"enabled": "yes"}}));
    let (rendered, warnings) = process_dependencies(&parent, &Map::new());
    assert_eq!(names(&rendered), ["subchart2"]);
    assert_eq!(
        warnings,
        vec!["Warning: Condition path 'subchart2.enabled' for chart subchart2 returned non-bool value".to_string()]
    );
}

#[test]
fn tags_all_false_disable_and_a_subcharts_own_default_can_disable_it() {
    let parent = tagged_parent(json!({"tags": {"back-end": false, "subchart2": false}}));
    assert_eq!(names(&process_dependencies(&parent, &Map::new()).0), ["subchart1"]);
    let optional = Dependency {
        condition: Some("metrics.enabled".into()),
        ..dependency(chart("metrics", json!({"enabled": false}), vec![]))
    };
    let parent = chart("app", json!({}), vec![optional]);
    assert!(process_dependencies(&parent, &Map::new()).0.dependencies.is_empty());
    let user = map(json!({"metrics": {"enabled": true}}));
    assert_eq!(names(&process_dependencies(&parent, &user).0), ["metrics"]);
}

#[test]
fn nested_conditions_are_relative_to_their_parent_section() {
    let leaf = Dependency { condition: Some("leaf.enabled".into()), ..dependency(chart("leaf", json!({}), vec![])) };
    let middle = dependency(chart("middle", json!({"leaf": {"enabled": false}}), vec![leaf]));
    let root = chart("root", json!({}), vec![middle]);
    let (rendered, _) = process_dependencies(&root, &Map::new());
    assert!(rendered.dependencies[0].chart.dependencies.is_empty());
    let user = map(json!({"middle": {"leaf": {"enabled": true}}}));
    assert_eq!(names(&process_dependencies(&root, &user).0.dependencies[0].chart), ["leaf"]);
}

#[test]
fn import_values_in_the_exports_form() {
    let child = chart("subchart", json!({"exports": {"data": {"myint": 99}}}), vec![]);
    let parent = chart(
        "parent",
        json!({}),
        vec![Dependency { import_values: vec![ImportValue::Exports("data".into())], ..dependency(child) }],
    );
    let values = computed(&parent, &UserValues::default());
    assert_eq!(values["myint"], json!(99));
}

#[test]
fn import_values_in_the_child_parent_form_keep_the_parents_own_values_on_top() {
    let child = chart("subchart1", json!({"default": {"data": {"myint": 999, "mybool": true}}}), vec![]);
    let import = ImportValue::Map { child: "default.data".into(), parent: "myimports".into() };
    let parent = chart(
        "parent",
        json!({"myimports": {"mybool": false, "mystring": "helm rocks!"}}),
        vec![Dependency { import_values: vec![import], ..dependency(child) }],
    );
    let values = computed(&parent, &UserValues::default());
    assert_eq!(values["myimports"], json!({"myint": 999, "mybool": false, "mystring": "helm rocks!"}));
}

#[test]
fn a_missing_import_is_a_warning() {
    let child = chart("sub", json!({}), vec![]);
    let parent = chart(
        "parent",
        json!({}),
        vec![Dependency { import_values: vec![ImportValue::Exports("nope".into())], ..dependency(child) }],
    );
    let (_, warnings) = process_dependencies(&parent, &Map::new());
    assert_eq!(warnings, vec!["Warning: ImportValues missing table from chart sub: sub.exports.nope".to_string()]);
}

#[test]
fn a_bad_values_file_or_set_argument_is_an_error_naming_it() {
    let chart = chart("app", json!({}), vec![]);
    let user = UserValues { files: vec![("bad.yaml".into(), "a: [\n".into())], ..UserValues::default() };
    assert!(compute_values(&chart, &user, &no_files).unwrap_err().to_string().starts_with("bad.yaml:"));
    let user = UserValues { set: vec!["novalue".into()], ..UserValues::default() };
    assert_eq!(
        compute_values(&chart, &user, &no_files).unwrap_err().to_string(),
        r#"failed parsing --set data: key "novalue" has no value"#
    );
}

#[test]
fn a_user_null_deletes_a_subchart_default_but_a_parent_values_yaml_null_does_not() {
    let sub = chart("sub", json!({"resources": {"limits": {"cpu": "1"}}, "port": 80}), vec![]);
    let parent = chart("app", json!({"sub": {"resources": null}, "keep": null}), vec![dependency(sub)]);
    let user = UserValues { set: vec!["sub.port=null".into()], ..UserValues::default() };
    assert_eq!(
        computed(&parent, &user),
        json!({"sub": {"resources": {"limits": {"cpu": "1"}}, "global": {}}}),
        "Helm renders a chart with dependencies from its coalesced defaults with nulls trimmed"
    );
}

#[test]
fn when_two_imports_collide_the_first_wins() {
    let one = chart("one", json!({"exports": {"shared": {"colour": "red", "fromOne": true}}}), vec![]);
    let two = chart("two", json!({"exports": {"shared": {"colour": "blue", "fromTwo": true}}}), vec![]);
    let import = |c| Dependency { import_values: vec![ImportValue::Exports("shared".into())], ..dependency(c) };
    let parent = chart("parent", json!({}), vec![import(one), import(two)]);
    let values = computed(&parent, &UserValues::default());
    assert_eq!(
        (&values["colour"], &values["fromOne"], &values["fromTwo"]),
        (&json!("red"), &json!(true), &json!(true))
    );
}

#[test]
fn globals_reach_grandchildren_merged_with_each_levels_own() {
    let leaf = chart("leaf", json!({"global": {"level": "leaf", "leafOnly": true}}), vec![]);
    let middle = chart("middle", json!({"global": {"level": "middle", "middleOnly": true}}), vec![dependency(leaf)]);
    let root = chart("root", json!({"global": {"level": "root"}}), vec![dependency(middle)]);
    let user = UserValues { set: vec!["global.fromUser=1".into()], ..UserValues::default() };
    let values = computed(&root, &user);
    assert_eq!(values["global"], json!({"level": "root", "fromUser": 1}), "globals do not flow up");
    assert_eq!(values["middle"]["global"], json!({"level": "root", "fromUser": 1, "middleOnly": true}));
    assert_eq!(
        values["middle"]["leaf"]["global"],
        json!({"level": "root", "fromUser": 1, "middleOnly": true, "leafOnly": true})
    );
}

#[test]
fn non_bool_tags_are_warned_about_and_ignored() {
    let sub = Dependency { tags: vec!["web".into()], ..dependency(chart("sub", json!({}), vec![])) };
    let parent = chart("app", json!({"tags": {"web": "false"}}), vec![sub]);
    let (rendered, warnings) = process_dependencies(&parent, &Map::new());
    assert_eq!(names(&rendered), ["sub"]);
    assert_eq!(warnings, vec!["Warning: Tag 'web' for chart sub returned non-bool value".to_string()]);
}

#[test]
fn condition_paths_are_not_trimmed_one_by_one() {
    // Helm trims the whole condition only, so " other.enabled" (with its space) is never found.
    let sub = Dependency {
        condition: Some(" sub.enabled, other.enabled ".into()),
        ..dependency(chart("sub", json!({}), vec![]))
    };
    let parent = chart("app", json!({"other": {"enabled": false}}), vec![sub]);
    assert_eq!(names(&process_dependencies(&parent, &Map::new()).0), ["sub"]);
    let user = map(json!({"sub": {"enabled": false}}));
    assert!(process_dependencies(&parent, &user).0.dependencies.is_empty());
}
