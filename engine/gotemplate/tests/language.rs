//! The template language: text, trimming, comments, pipelines, variables and scoping, control
//! structures, define/template/block. Expected outputs are Go's (pkg.go.dev/text/template).

mod support;

use serde_json::json;
use support::{render, render_error, render_in};
use tollgate_gotemplate::Templates;

#[test]
fn trim_markers_remove_all_adjacent_whitespace_including_newlines() {
    assert_eq!(render("{{23 -}} < {{- 45}}", json!(null)), "23<45");
    assert_eq!(render("a  \n\t {{- 1}}", json!(null)), "a1");
    assert_eq!(render("{{1 -}}\n\n  b", json!(null)), "1b");
    assert_eq!(render("x\n{{- if true -}}\n  y\n{{- end -}}\nz", json!(null)), "xyz");
}

#[test]
fn a_minus_without_space_is_a_number_not_a_trim_marker() {
    assert_eq!(render("a {{-3}}", json!(null)), "a -3");
    assert_eq!(render("{{3 }} b", json!(null)), "3 b");
}

#[test]
fn comments_produce_nothing_and_may_trim() {
    assert_eq!(render("a{{/* a comment */}}b", json!(null)), "ab");
    assert_eq!(render("a \n{{- /* trimmed */ -}}\n b", json!(null)), "ab");
    assert_eq!(render("{{/* spans\nlines */}}x", json!(null)), "x");
}

#[test]
fn pipelines_from_the_go_documentation_all_print_output_quoted() {
    let cases = [
        r#"{{"\"output\""}}"#,
        r#"{{`"output"`}}"#,
        r#"{{printf "%q" "output"}}"#,
        r#"{{"output" | printf "%q"}}"#,
        r#"{{printf "%q" (print "out" "put")}}"#,
        r#"{{"put" | printf "%s%s" "out" | printf "%q"}}"#,
        r#"{{"output" | printf "%s" | printf "%q"}}"#,
        r#"{{with "output"}}{{printf "%q" .}}{{end}}"#,
        r#"{{with $x := "output" | printf "%q"}}{{$x}}{{end}}"#,
        r#"{{with $x := "output"}}{{printf "%q" $x}}{{end}}"#,
        r#"{{with $x := "output"}}{{$x | printf "%q"}}{{end}}"#,
    ];
    for case in cases {
        assert_eq!(render(case, json!(null)), "\"output\"", "{case}");
    }
}

#[test]
fn fields_and_chains() {
    let data = json!({"a": {"b": {"c": "deep"}}, "list": [1, 2]});
    assert_eq!(render("{{.a.b.c}}", data.clone()), "deep");
    assert_eq!(render("{{$.a.b.c}}", data.clone()), "deep");
    assert_eq!(render("{{$x := .a}}{{$x.b.c}}", data.clone()), "deep");
    assert_eq!(render("{{(.a).b.c}}", data.clone()), "deep");
    assert_eq!(render("{{(index .a \"b\").c}}", data.clone()), "deep");
    assert_eq!(render("{{.a}}", data.clone()), "map[b:map[c:deep]]");
    assert_eq!(render("{{.list}}", data), "[1 2]");
}

#[test]
fn missing_keys_print_no_value() {
    assert_eq!(render("{{.missing}}", json!({})), "<no value>");
    assert_eq!(render("{{.missing.deeper}}", json!({})), "<no value>");
    assert_eq!(render("{{.present}}", json!({"present": null})), "<no value>");
    assert_eq!(render("{{print .missing}}", json!({})), "<nil>");
}

#[test]
fn literals() {
    assert_eq!(render("{{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}}", json!(null)), "31 15 15 5 1000");
    assert_eq!(render("{{1.5}} {{1e3}} {{-2.50}} {{.5}}", json!(null)), "1.5 1000 -2.5 0.5");
    assert_eq!(render("{{'a'}} {{'\\n'}}", json!(null)), "97 10");
    assert_eq!(render(r#"{{"tab\there\u00e9\x41"}}"#, json!(null)), "tab\thereéA");
    assert_eq!(render("{{`raw\\n`}}", json!(null)), "raw\\n");
    assert_eq!(render("{{true}} {{false}}", json!(null)), "true false");
}

#[test]
fn if_else_if_else() {
    let text = "{{if eq .n 1}}one{{else if eq .n 2}}two{{else}}many{{end}}";
    assert_eq!(render(text, json!({"n": 1})), "one");
    assert_eq!(render(text, json!({"n": 2})), "two");
    assert_eq!(render(text, json!({"n": 3})), "many");
}

#[test]
fn truthiness_follows_go() {
    let text = "{{if .}}T{{else}}F{{end}}";
    for falsy in [json!(false), json!(0), json!(0.0), json!(""), json!([]), json!({}), json!(null)] {
        assert_eq!(render(text, falsy.clone()), "F", "{falsy}");
    }
    for truthy in [json!(true), json!(-1), json!(0.5), json!("x"), json!([0]), json!({"a": 0})] {
        assert_eq!(render(text, truthy.clone()), "T", "{truthy}");
    }
}

#[test]
fn with_sets_dot_and_else_with_chains() {
    let text = "{{with .a}}a={{.}}{{else with .b}}b={{.}}{{else}}none{{end}}";
    assert_eq!(render(text, json!({"a": 1, "b": 2})), "a=1");
    assert_eq!(render(text, json!({"b": 2})), "b=2");
    assert_eq!(render(text, json!({})), "none");
}

#[test]
fn range_over_lists_maps_in_sorted_order_and_integers() {
    assert_eq!(render("{{range .}}[{{.}}]{{end}}", json!([3, 1, 2])), "[3][1][2]");
    assert_eq!(render("{{range $i, $v := .}}{{$i}}:{{$v}} {{end}}", json!(["a", "b"])), "0:a 1:b ");
    let map = json!({"zeta": 1, "alpha": 2, "mid": 3});
    assert_eq!(render("{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", map.clone()), "alpha=2;mid=3;zeta=1;");
    assert_eq!(render("{{range .}}{{.}}{{end}}", map), "231");
    assert_eq!(render("{{range 3}}{{.}}{{end}}", json!(null)), "012");
    assert_eq!(render("{{range $i := 3}}{{$i}}{{end}}", json!(null)), "012");
}

#[test]
fn range_else_runs_for_empty_and_missing_collections() {
    let text = "{{range .items}}x{{else}}empty{{end}}";
    assert_eq!(render(text, json!({"items": []})), "empty");
    assert_eq!(render(text, json!({"items": {}})), "empty");
    assert_eq!(render(text, json!({})), "empty");
    assert_eq!(render("{{range 0}}x{{else}}none{{end}}", json!(null)), "none");
}

#[test]
fn break_and_continue() {
    let text = "{{range .}}{{if eq . 3}}{{break}}{{end}}{{if eq . 1}}{{continue}}{{end}}{{.}}{{end}}";
    assert_eq!(render(text, json!([0, 1, 2, 3, 4])), "02");
    let nested = "{{range .}}{{range .}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}};{{end}}";
    assert_eq!(render(nested, json!([[1, 2, 3], [4]])), "1;4;");
}

#[test]
fn variables_live_to_the_end_of_their_control_structure() {
    assert_eq!(render("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", json!(null)), "21");
    assert_eq!(render("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", json!(null)), "2");
    assert_eq!(render("{{$x := 0}}{{range .}}{{$x = .}}{{end}}{{$x}}", json!([4, 5, 6])), "6");
    assert_eq!(render("{{if $y := .a}}{{$y}}{{else}}{{$y}}!{{end}}", json!({"a": 0})), "0!");
    let error = render_error("{{if true}}{{$z := 1}}{{end}}{{$z}}", json!(null));
    assert_eq!(error, "template: t:1: undefined variable \"$z\"");
}

#[test]
fn dollar_is_the_root_inside_range_and_with() {
    let text = "{{range .items}}{{$.prefix}}{{.}} {{end}}";
    assert_eq!(render(text, json!({"prefix": "-", "items": ["a", "b"]})), "-a -b ");
}

#[test]
fn define_template_and_block() {
    let text = r#"{{define "greet"}}Hello, {{.}}!{{end}}{{template "greet" .name}} {{template "greet"}}"#;
    assert_eq!(render(text, json!({"name": "Ann"})), "Hello, Ann! Hello, <no value>!");
    let block = r#"[{{block "inner" .}}default {{.}}{{end}}]"#;
    assert_eq!(render(block, json!("x")), "[default x]");
}

#[test]
fn a_later_definition_wins_but_an_empty_one_does_not_replace() {
    let mut set = Templates::new();
    set.parse("a", r#"{{define "x"}}first{{end}}"#).unwrap();
    set.parse("b", r#"{{define "x"}}second{{end}}"#).unwrap();
    set.parse("c", "{{define \"x\"}}  \n{{end}}").unwrap();
    assert_eq!(render_in(&mut set, r#"{{template "x"}}"#, json!(null)).unwrap(), "second");
    let names: Vec<&str> = set.names().collect();
    assert_eq!(names, ["a", "b", "c", "t", "x"]);
}

#[test]
fn block_is_overridden_by_a_later_define() {
    let mut set = Templates::new();
    set.parse("base", r#"<{{block "content" .}}default{{end}}>"#).unwrap();
    set.parse("page", r#"{{define "content"}}custom {{.}}{{end}}"#).unwrap();
    assert_eq!(set.execute("base", &"v".into()).unwrap(), "<custom v>");
}

#[test]
fn parenthesised_pipelines_and_variable_declarations_in_them() {
    assert_eq!(render("{{print (len .) (index . 1)}}", json!([7, 8])), "2 8");
    assert_eq!(render("{{$x := (print \"a\" | printf \"%s-b\")}}{{$x}}", json!(null)), "a-b");
}

#[test]
fn newlines_inside_actions_are_spaces() {
    assert_eq!(render("{{print\n1\n2}}", json!(null)), "1 2");
}
