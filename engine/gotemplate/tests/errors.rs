//! Errors worded and located as Go's, missingkey options, and the limits that stop runaway templates.

mod support;

use serde_json::json;
use support::{render_error, render_in};
use tollgate_gotemplate::{Functions, Limits, MissingKey, Options, Templates, Value};

fn set_with(missing_key: MissingKey, limits: Limits) -> Templates {
    Templates::new().with_options(Options { missing_key, limits })
}

/// Each template's error as Go words it (the expected texts are Helm 4.1.4's).
fn expect_errors(cases: &[(&str, &str)]) {
    for (text, expected) in cases {
        assert_eq!(render_error(text, json!({})), *expected, "{text:?}");
    }
}

#[test]
fn parse_errors_name_the_template_and_line() {
    let cases = [
        ("{{.x", "template: t:1: unclosed action"),
        ("a\n{{if .x}}b", "template: t:2: unexpected EOF"),
        ("{{end}}", "template: t:1: unexpected {{end}}"),
        ("\n\n{{nofunc 1}}", "template: t:3: function \"nofunc\" not defined"),
        ("{{$x}}", "template: t:1: undefined variable \"$x\""),
        ("{{break}}", "template: t:1: {{break}} outside {{range}}"),
        ("{{\"abc}}", "template: t:1: unterminated quoted string"),
        ("{{/* open", "template: t:1: unclosed comment"),
        ("{{/* c */ x}}", "template: t:1: comment ends before closing delimiter"),
        ("{{1 | 2}}", "template: t:1: non executable command in pipeline stage 2"),
        ("{{if}}{{end}}", "template: t:1: missing value for if"),
        ("{{range $a, $b, $c := .}}{{end}}", "template: t:1: too many declarations in range"),
        ("{{ /* not a comment */ }}", "template: t:1: unexpected \"/\" in command"),
        ("{{with 1}}{{else if 2}}{{end}}", "template: t:1: unexpected <if> in input"),
        ("{{range $a, 1}}{{end}}", "template: t:1: range can only initialize variables"),
        ("{{.x\"y\"}}", "template: t:1: bad character U+0022 '\"'"),
        ("{{ print \"a\"\"b\" }}", "template: t:1: unexpected \"\\\"b\\\"\" in operand"),
    ];
    expect_errors(&cases);
}

/// Go's lexer passes a stray printable character on and the parser words it where it stands; each
/// expected text is what Helm 4.1.4 printed for the same template.
#[test]
fn stray_characters_are_worded_by_where_they_stand() {
    let cases = [
        ("{{ .Release.Name\n{{ end }}", "template: t:2: unexpected \"{\" in operand"),
        ("{{ { }}", "template: t:1: unexpected \"{\" in command"),
        ("{{ print 1 ; }}", "template: t:1: unexpected \";\" in operand"),
        ("{{ .a | { }}", "template: t:1: unexpected \"{\" in command"),
        ("{{ $x := @ }}", "template: t:1: unexpected \"@\" in command"),
        ("{{ if { }}{{ end }}", "template: t:1: unexpected \"{\" in if"),
        ("{{ range [ }}{{ end }}", "template: t:1: unexpected \"[\" in range"),
        ("{{ with ~ }}{{ end }}", "template: t:1: unexpected \"~\" in with"),
        ("{{ template { }}", "template: t:1: unexpected \"{\" in template clause"),
        ("{{ define { }}{{ end }}", "template: t:1: unexpected \"{\" in define clause"),
        ("{{ print (1)(2) }}", "template: t:1: unexpected \"(\" in operand"),
        ("{{ print .a{ }}", "template: t:1: bad character U+007B '{'"),
        ("{{ print $x{ }}", "template: t:1: bad character U+007B '{'"),
        ("{{ print{ }}", "template: t:1: bad character U+007B '{'"),
        ("{{ print .a:b }}", "template: t:1: expected :="),
        ("{{ print \u{1} }}", "template: t:1: unrecognized character in action: U+0001"),
        // The parser meets the stray `{` before the lexer's complaint about `-` counts.
        ("{{ .Release.Name\n{{- end }}", "template: t:2: unexpected \"{\" in operand"),
        ("{{ $x: }}", "template: t:1: undefined variable \"$x\""),
    ];
    expect_errors(&cases);
}

/// A lexer error on a later line than its action's `{{` names where the action began (Helm 4.1.4's text).
#[test]
fn lexer_errors_name_the_line_their_action_began() {
    let cases = [
        ("{{ print 1\n", "template: t:2: unclosed action started at t:1"),
        ("{{ print 1 }}\n{{ print\n\"abc\n}}", "template: t:3: unterminated quoted string in action started at t:2"),
        ("{{ print\n'a\n}}", "template: t:2: unterminated character constant in action started at t:1"),
        ("{{ print\n\u{1} }}", "template: t:2: unrecognized character in action: U+0001 in action started at t:1"),
        ("{{ if 1 }}{{ print 1 }}\n{{/* abc \n", "template: t:2: unclosed comment"),
    ];
    expect_errors(&cases);
}

#[test]
fn a_failed_parse_adds_nothing_to_the_set() {
    let mut set = Templates::new();
    assert!(set.parse("bad", r#"{{define "x"}}ok{{end}}{{if}}"#).is_err());
    assert!(!set.contains("x") && !set.contains("bad"));
}

#[test]
fn nil_pointer_errors_point_at_the_field_chain() {
    let error = render_error("line one\n  {{ .Values.a.b }}", json!({"Values": {"a": null}}));
    // Go positions a chained field at its second element (`.a` at byte 12 of line 2).
    assert_eq!(error, "template: t:2:12: executing \"t\" at <.Values.a.b>: nil pointer evaluating interface {}.b");
}

#[test]
fn fields_of_scalars_are_errors() {
    let error = render_error("{{.s.x}}", json!({"s": "str"}));
    assert_eq!(error, "template: t:1:4: executing \"t\" at <.s.x>: can't evaluate field x in type string");
}

#[test]
fn missingkey_zero_gives_nil_and_its_fields_fail_as_in_helm() {
    let mut set = set_with(MissingKey::Zero, Limits::default());
    assert_eq!(render_in(&mut set, "{{.a}}", json!({})).unwrap(), "<no value>");
    let error = render_in(&mut set, "{{.a.b}}", json!({})).unwrap_err();
    assert!(error.ends_with("nil pointer evaluating interface {}.b"), "{error}");
}

#[test]
fn nil_data_is_no_value_and_an_error_only_under_missingkey_error() {
    let mut set = Templates::new();
    assert_eq!(render_in(&mut set, "{{.x.y}}", json!(null)).unwrap(), "<no value>");
    let mut set = set_with(MissingKey::Error, Limits::default());
    let error = render_in(&mut set, "{{.x}}", json!(null)).unwrap_err();
    assert!(error.ends_with("nil data; no entry for key \"x\""), "{error}");
}

#[test]
fn missingkey_error_names_the_key() {
    let mut set = set_with(MissingKey::Error, Limits::default());
    let error = render_in(&mut set, "{{.a}}", json!({})).unwrap_err();
    assert_eq!(error, "template: t:1:2: executing \"t\" at <.a>: map has no entry for key \"a\"");
}

#[test]
fn template_errors() {
    let error = render_error(r#"{{template "nope" .}}"#, json!({}));
    assert_eq!(error, "template: t:1:11: executing \"t\" at <{{template \"nope\" .}}>: template \"nope\" not defined");
    let error = render_error("{{1 2}}", json!({}));
    assert!(error.ends_with("can't give argument to non-function 1"), "{error}");
    let error = render_error("{{not 1 2}}", json!({}));
    assert_eq!(error, "template: t:1:2: executing \"t\" at <not>: wrong number of args for not: want 1 got 2");
    let error = render_error("{{range true}}{{end}}", json!({}));
    assert!(error.ends_with("range can't iterate over true"), "{error}");
    let error = render_error("{{range $i, $v := 3}}{{end}}", json!({}));
    assert!(error.ends_with("can't use 3 to iterate over more than one variable"), "{error}");
    let error = render_error("{{.m 1}}", json!({"m": {}}));
    assert!(error.ends_with("m is not a method but has arguments"), "{error}");
}

#[test]
fn function_values_cannot_be_printed() {
    let mut entries = std::collections::BTreeMap::new();
    entries.insert("f".to_string(), Value::Function(tollgate_gotemplate::FunctionValue::new("f", |_| Ok(Value::Nil))));
    let mut set = Templates::new();
    set.parse("t", "{{.f}}").unwrap();
    let error = set.execute("t", &Value::map(entries)).unwrap_err().to_string();
    assert!(error.ends_with("can't print .f of type func(...interface {}) (interface {}, error)"), "{error}");
}

#[test]
fn errors_in_defined_templates_name_the_executing_template() {
    let mut set = Templates::new();
    set.parse("helpers.tpl", "{{define \"x\"}}\n{{.a.b}}{{end}}").unwrap();
    set.parse("main", r#"{{template "x" .}}"#).unwrap();
    let error = set.execute("main", &Value::from(json!({"a": 1}))).unwrap_err().to_string();
    assert_eq!(error, "template: helpers.tpl:2:4: executing \"x\" at <.a.b>: can't evaluate field b in type int64");
}

#[test]
fn executing_an_unknown_template_is_an_error() {
    let error = Templates::new().execute("absent", &Value::Nil).unwrap_err().to_string();
    assert_eq!(error, "template: absent: no template \"absent\" associated with template \"absent\"");
}

#[test]
fn infinite_template_recursion_stops_at_the_depth_limit() {
    let limits = Limits { max_template_depth: 50, ..Limits::default() };
    let mut set = set_with(MissingKey::Default, limits);
    set.parse("t", r#"{{define "loop"}}{{template "loop" .}}{{end}}{{template "loop" .}}"#).unwrap();
    let error = set.execute("t", &Value::Nil).unwrap_err().to_string();
    assert!(error.ends_with("exceeded maximum template depth (50)"), "{error}");
}

#[test]
fn default_depth_limit_holds_even_on_a_small_caller_stack() {
    let run = || {
        let mut functions = Functions::new();
        functions.add_with_engine("include", |engine, args| match args {
            [Value::String(name), data] => engine.execute_template(name, data).map(Value::String),
            _ => Err("bad args".to_string()),
        });
        let mut set = Templates::with_functions(functions);
        set.parse("t", r#"{{define "r"}}{{include "r" .}}{{end}}{{include "r" .}}"#).unwrap();
        set.execute("t", &Value::Nil).unwrap_err().to_string()
    };
    let error = std::thread::Builder::new().stack_size(256 << 10).spawn(run).unwrap().join().unwrap();
    // Each include wraps its callee's error, as Helm's does; the innermost names the limit.
    assert!(error.ends_with("error calling include: exceeded maximum template depth (1000)"), "{}", &error[..200]);
}

#[test]
fn output_size_is_limited() {
    let limits = Limits { max_output_bytes: 100, ..Limits::default() };
    let mut set = set_with(MissingKey::Default, limits);
    let error = render_in(&mut set, "{{range 1000}}xx{{end}}", json!({})).unwrap_err();
    assert!(error.ends_with("output exceeds the limit of 100 bytes"), "{error}");
    assert_eq!(render_in(&mut set, "{{range 50}}xx{{end}}", json!({})).unwrap().len(), 100);
}

#[test]
fn range_iterations_are_limited() {
    let limits = Limits { max_range_iterations: 1000, ..Limits::default() };
    let mut set = set_with(MissingKey::Default, limits);
    let error = render_in(&mut set, "{{range 1000000000000}}{{end}}", json!({})).unwrap_err();
    assert!(error.ends_with("range exceeds the limit of 1000 iterations"), "{error}");
    let error = render_in(&mut set, "{{range 40}}{{range 40}}{{end}}{{end}}", json!({})).unwrap_err();
    assert!(error.contains("range exceeds the limit"), "{error}");
}

#[test]
fn work_is_limited_across_template_calls() {
    // Each level calls the next twice: 2^20 calls of "l0" stay under every other limit (depth 21,
    // empty output, no range) and would take minutes; the step count stops it.
    let mut text = String::from(r#"{{define "l0"}}{{end}}"#);
    for level in 1..=20 {
        let below = level - 1;
        text.push_str(&format!(
            r#"{{{{define "l{level}"}}}}{{{{template "l{below}"}}}}{{{{template "l{below}"}}}}{{{{end}}}}"#
        ));
    }
    text.push_str(r#"{{template "l20"}}"#);
    let limits = Limits { max_steps: 10_000, ..Limits::default() };
    let mut set = set_with(MissingKey::Default, limits);
    let error = render_in(&mut set, &text, json!({})).unwrap_err();
    assert!(error.contains("execution exceeds the limit of 10000 steps"), "{error}");
    let limits = Limits { max_steps: 10_000, ..Limits::default() };
    let mut set = set_with(MissingKey::Default, limits);
    assert_eq!(render_in(&mut set, "{{range 100}}x{{end}}", json!({})).unwrap().len(), 100);
}

#[test]
fn deep_nesting_in_the_parser_is_an_error_not_a_crash() {
    let deep_parens = format!("{{{{{}1{}}}}}", "(".repeat(5000), ")".repeat(5000));
    assert!(render_error(&deep_parens, json!({})).ends_with("max expression depth exceeded"));
    let deep_ifs = format!("{}x{}", "{{if true}}".repeat(5000), "{{end}}".repeat(5000));
    assert!(render_error(&deep_ifs, json!({})).ends_with("max expression depth exceeded"));
}

#[test]
fn the_parser_cap_holds_with_the_largest_nesting_limit() {
    let limits = Limits { max_nesting: usize::MAX, ..Limits::default() };
    let mut set = set_with(MissingKey::Default, limits);
    let text = format!("{{{{{}1{}}}}}", "(".repeat(990), ")".repeat(990));
    assert_eq!(render_in(&mut set, &text, json!({})).unwrap(), "1");
    let text = format!("{{{{{}1{}}}}}", "(".repeat(1001), ")".repeat(1001));
    assert!(render_in(&mut set, &text, json!({})).unwrap_err().ends_with("max expression depth exceeded"));
}

/// 20,000 nested template calls take seconds in a debug build: run with `--ignored`.
#[test]
#[ignore]
fn nesting_bounds_recursion_even_when_the_depth_limit_is_raised() {
    let parens = format!("{}1{}", "(print ".repeat(300), ")".repeat(300));
    let limits = Limits { max_template_depth: usize::MAX, ..Limits::default() };
    for body in
        [r#"{{template "r" .}}"#.to_string(), format!(r#"{{{{if {parens}}}}}{{{{template "r" .}}}}{{{{end}}}}"#)]
    {
        let mut set = set_with(MissingKey::Default, limits);
        set.parse("t", &format!(r#"{{{{define "r"}}}}{body}{{{{end}}}}{{{{template "r" .}}}}"#)).unwrap();
        let error = set.execute("t", &Value::Nil).unwrap_err().to_string();
        assert!(error.ends_with("exceeded maximum nesting depth (20000)"), "{error}");
    }
}

#[test]
fn nesting_across_template_calls_is_bounded() {
    let body = format!("{}{{{{template \"r\" .}}}}{}", "{{if true}}".repeat(400), "{{end}}".repeat(400));
    let mut set = Templates::new();
    set.parse("t", &format!("{{{{define \"r\"}}}}{body}{{{{end}}}}{{{{template \"r\" .}}}}")).unwrap();
    let error = set.execute("t", &Value::Nil).unwrap_err().to_string();
    assert!(error.ends_with("exceeded maximum nesting depth (20000)"), "{error}");
}
