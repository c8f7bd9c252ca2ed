//! The evaluator against what `terraform console` answers for the same expressions.

use super::{evaluate_constant, evaluate_expression, evaluate_expression_with_locals};
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use tollgate_model::{Span, UnknownReason, Value, ValueKind};

fn vars() -> BTreeMap<String, Value> {
    let mut vars = BTreeMap::new();
    let parse = |text: &str| evaluate_expression(text, &BTreeMap::new()).expect("literal");
    vars.insert("name".to_string(), parse(r#""web""#));
    vars.insert("list".to_string(), parse(r#"["a", "b", "c"]"#));
    vars.insert("map".to_string(), parse(r#"{ b = 2, a = 1 }"#));
    vars.insert("objs".to_string(), parse(r#"[{ id = "x", n = 1 }, { id = "y", n = 2 }]"#));
    vars.insert("enabled".to_string(), parse("true"));
    vars.insert("later".to_string(), Value::unknown(UnknownReason::UnsetVariable, "var.later", Span::default()));
    vars
}

fn eval(source: &str) -> Json {
    match evaluate_expression(source, &vars()) {
        Ok(value) => value.to_json(),
        Err(err) => panic!("{source}: {err}"),
    }
}

fn fails(source: &str) -> String {
    match evaluate_expression(source, &vars()) {
        Ok(value) => panic!("{source} should fail, gave {}", value.to_json()),
        Err(err) => err,
    }
}

fn unknown_reason(source: &str) -> UnknownReason {
    match evaluate_expression(source, &vars()).map(|v| v.kind) {
        Ok(ValueKind::Unknown(u)) => u.reason,
        other => panic!("{source} should be unknown, gave {other:?}"),
    }
}

#[test]
fn literals_and_collections() {
    assert_eq!(eval("null"), Json::Null);
    assert_eq!(eval("5.0"), json!(5));
    assert_eq!(eval("1e3"), json!(1000));
    assert_eq!(eval("1.5"), json!(1.5));
    assert_eq!(eval(r#"[1, "a", true, null]"#), json!([1, "a", true, null]));
    assert_eq!(eval(r#"{ a = 1, "b c" = [2] }"#), json!({"a": 1, "b c": [2]}));
    assert_eq!(eval(r#"{ (var.name) = 1, name = 2 }"#), json!({"web": 1, "name": 2}));
    assert_eq!(eval(r#"{ 1 = "one" }"#), json!({"1": "one"}));
    assert!(fails("{ var.name = 1 }").contains("ambiguous"));
    assert_eq!(eval(r#"{ "var.name" = 1 }"#), json!({"var.name": 1}));
}

#[test]
fn arithmetic_and_comparison_convert_as_terraform_does() {
    assert_eq!(eval("1 + 2 * 3"), json!(7));
    assert_eq!(eval(r#"1 + "2""#), json!(3));
    assert_eq!(eval("5 % 3"), json!(2));
    assert_eq!(eval("-5 % 3"), json!(-2));
    assert_eq!(eval("7 / 2"), json!(3.5));
    assert_eq!(eval("6 / 2"), json!(3));
    assert_eq!(eval("0.1 + 0.2"), json!(0.3));
    assert_eq!(eval("-(3)"), json!(-3));
    assert_eq!(eval("9223372036854775807 + 1"), json!(9223372036854775808.0));
    assert_eq!(eval(r#""10" > 9"#), json!(true));
    assert_eq!(eval("2 <= 2"), json!(true));
    assert_eq!(eval(r#""1" == 1"#), json!(false));
    assert_eq!(eval("1 == 1.0"), json!(true));
    assert_eq!(eval("[1, 2] == [1, 2]"), json!(true));
    assert_eq!(eval("{ a = 1, b = 2 } == { b = 2, a = 1 }"), json!(true));
    assert_eq!(eval("null == null"), json!(true));
    assert_eq!(eval(r#"!"false""#), json!(true));
    assert_eq!(eval("true && false || true"), json!(true));
    assert_eq!(eval("5 % 0"), json!(5));
    assert_eq!(eval("-5.5 % 0"), json!(-5.5));
    assert!(fails(r#"1 + "x""#).contains("not a number"));
    assert!(fails("true || null").contains("null"));
}

#[test]
fn templates_and_heredocs() {
    assert_eq!(eval(r#""${var.name}-${1.50}-${true}""#), json!("web-1.5-true"));
    assert_eq!(eval(r#""${var.list}""#), json!(["a", "b", "c"]));
    assert_eq!(eval(r#""a $${b} %%{c}""#), json!("a ${b} %{c}"));
    assert_eq!(eval(r#""%{ if var.enabled }on%{ else }off%{ endif }""#), json!("on"));
    assert_eq!(eval(r#""%{ for i, x in var.list }${i}${x},%{ endfor }""#), json!("0a,1b,2c,"));
    assert_eq!(eval(r#""%{ if true ~}  x %{~ endif }|""#), json!("x|"));
    assert_eq!(eval(r#""a ${~ "b" ~} c""#), json!("abc"));
    assert_eq!(eval("<<EOT\n  hello ${var.name}\nEOT\n"), json!("  hello web\n"));
    assert_eq!(eval("<<-EOT\n    a\n      b\n    EOT\n"), json!("a\n  b\n"));
    let for_lines = "<<EOT\n%{ for x in var.list ~}\n- ${x}\n%{ endfor ~}\nEOT\n";
    assert_eq!(eval(for_lines), json!("- a\n- b\n- c\n"));
    // Strings are normalized to NFC, as Terraform stores them.
    assert_eq!(eval(r#""e\u0301" == "\u00e9""#), json!(true));
    assert_eq!(eval(r#""${"e"}\u0301""#), json!("\u{e9}"));
    assert!(fails(r#""${null}x""#).contains("null"));
    assert!(fails(r#""${var.list}x""#).contains("collection"));
    assert_eq!(unknown_reason(r#""${var.later}-x""#), UnknownReason::UnsetVariable);
}

#[test]
fn strip_markers_trim_one_line_token_in_heredocs() {
    // On its own line, `%{~` takes the spaces before it, not the line break before them.
    let own_lines = "<<EOT\nfoo\n  %{~ if true ~}\nbar\n  %{~ endif ~}\nEOT\n";
    assert_eq!(eval(own_lines), json!("foo\nbar\n"));
    let at_line_starts = "<<EOT\nfoo\n%{~ if true ~}\n  bar\n%{~ endif ~}\nbaz\nEOT\n";
    assert_eq!(eval(at_line_starts), json!("foo  barbaz\n"));
    // A quoted string's literal is one token, escaped line breaks included.
    assert_eq!(eval(r#""a\n  %{~ if true ~}  \n b%{ endif }""#), json!("ab"));
    // hcl-edit leaves escapes in directive bodies undecoded.
    assert_eq!(eval(r#""%{ if true }a\tb\"c\u00e9%{ endif }""#), json!("a\tb\"c\u{e9}"));
}

#[test]
fn flush_heredocs_measure_indentation_after_strip_markers() {
    let stripped =
        "<<-EOT\n    one\n      two\n    %{ if true ~}\n    three\n    %{ endif ~}\n      \n    four\n  EOT\n";
    assert_eq!(eval(stripped), json!("one\n  two\n    three\n      \nfour\n"));
    // A line of only spaces neither counts nor loses its spaces.
    assert_eq!(eval("<<-EOT\n    a\n        \n    b\n  EOT\n"), json!("a\n        \nb\n"));
    // A line whose indentation `%{~` removed is unindented: nothing is removed.
    let unindented =
        "<<-EOT\n    Hello\n    %{~ for x in var.list ~}\n    [${x}]\n    %{~ endfor ~}\n    done\n  EOT\n";
    assert_eq!(eval(unindented), json!("    Hello\n    [a]\n    [b]\n    [c]\n    done\n"));
}

#[test]
fn conditionals_unify_and_propagate_unknown() {
    assert_eq!(eval(r#"true ? 1 : "a""#), json!("1"));
    assert_eq!(eval("false ? 1 : 2"), json!(2));
    assert_eq!(eval("var.enabled ? var.name : null"), json!("web"));
    // Only the selected result's errors count.
    assert_eq!(eval("true ? 1 : var.list[10]"), json!(1));
    assert_eq!(unknown_reason("var.later ? 1 : 2"), UnknownReason::UnsetVariable);
    assert_eq!(eval("var.later ? 1 : 1"), json!(1));
    assert_eq!(eval("var.later ? null : null"), json!(null));
    // As in Terraform, equal strings do not survive an unknown condition, and logic does not
    // short-circuit on an unknown operand.
    assert_eq!(unknown_reason(r#"var.later ? "s" : "s""#), UnknownReason::UnsetVariable);
    assert_eq!(unknown_reason("true || var.later"), UnknownReason::UnsetVariable);
    assert_eq!(unknown_reason("var.later && false"), UnknownReason::UnsetVariable);
    assert!(fails(r#""yes" ? 1 : 2"#).contains("bool"));
    // Collections unify element by element, attribute by attribute.
    assert_eq!(eval(r#"true ? { a = 1 } : { a = "x" }"#), json!({"a": "1"}));
    assert_eq!(eval(r#"false ? ["a"] : [1, 2]"#), json!(["1", "2"]));
    assert_eq!(eval(r#"true ? { a = 1, b = "x" } : {}"#), json!({"a": "1", "b": "x"}));
    assert_eq!(eval("true ? [{ a = 1 }, { b = 2 }] : []"), json!([{"a": 1}, {"b": 2}]));
    assert_eq!(eval("true ? { a = null } : { a = 1 }"), json!({"a": null}));
    assert!(fails("true ? 1 : true").contains("inconsistent types"));
    assert!(fails("true ? { a = 1, b = [1] } : {}").contains("inconsistent types"));
    assert!(fails("true ? [1, [2]] : []").contains("inconsistent types"));
    // A reference that does not resolve is an error in either result.
    assert!(fails("true ? 1 : var.missing").contains("undeclared"));
}

#[test]
fn for_expressions() {
    assert_eq!(eval("[for x in var.list : upper(x) if x != \"b\"]"), json!(["A", "C"]));
    assert_eq!(eval("[for k, v in var.map : k]"), json!(["a", "b"]));
    assert_eq!(eval("[for i, v in var.list : i]"), json!([0, 1, 2]));
    assert_eq!(eval("{ for o in var.objs : o.id => o.n }"), json!({"x": 1, "y": 2}));
    assert_eq!(eval(r#"{ for s in ["a", "b", "a"] : s => s... }"#), json!({"a": ["a", "a"], "b": ["b"]}));
    assert!(fails(r#"{ for s in ["a", "a"] : s => 1 }"#).contains("duplicate"));
    assert_eq!(unknown_reason("[for x in var.later : x]"), UnknownReason::UnsetVariable);
    assert_eq!(unknown_reason("[for x in var.list : x if var.later]"), UnknownReason::UnsetVariable);
    // Unknown elements stay elements.
    let value = evaluate_expression("[for x in [1, var.later] : x]", &vars()).unwrap();
    assert_eq!(value.as_list().map(|l| l.len()), Some(2));
    assert!(fails("[for x in null : x]").contains("null"));
}

#[test]
fn splats_indexes_and_attributes() {
    assert_eq!(eval("var.objs[*].id"), json!(["x", "y"]));
    assert_eq!(eval("var.objs.*.id"), json!(["x", "y"]));
    // `[*]` applies the index to each element, `.*` to the result.
    assert!(fails("var.objs[*].id[0]").contains("string"));
    assert_eq!(eval("var.objs.*.id[0]"), json!("x"));
    assert_eq!(eval("var.name[*]"), json!(["web"]));
    assert_eq!(eval("null[*]"), json!([]));
    assert_eq!(eval("var.list[1]"), json!("b"));
    assert_eq!(eval(r#"var.list["2"]"#), json!("c"));
    assert_eq!(eval("var.list.0"), json!("a"));
    assert_eq!(eval(r#"var.map["a"]"#), json!(1));
    assert_eq!(eval("var.map.b"), json!(2));
    assert_eq!(eval("var.objs[1].n"), json!(2));
    assert!(fails("var.list[3]").contains("invalid index"));
    assert!(fails("var.map.c").contains("does not have an attribute"));
    assert!(fails("var.list.a").contains("list"));
    assert!(fails("var.missing").contains("undeclared"));
    assert_eq!(unknown_reason("var.later.x[0]"), UnknownReason::UnsetVariable);
    assert_eq!(unknown_reason("var.list[var.later]"), UnknownReason::UnsetVariable);
    // Resources: attributes not set in configuration are known only after apply.
    assert_eq!(unknown_reason("aws_s3_bucket.b.arn"), UnknownReason::AfterApply);
}

#[test]
fn try_and_can_catch_errors_lazily() {
    assert_eq!(eval("try(var.map.c, \"fallback\")"), json!("fallback"));
    assert_eq!(eval("try(var.map.a, \"fallback\")"), json!(1));
    assert_eq!(eval("can(var.list[5])"), json!(false));
    assert_eq!(eval("can(var.list[0])"), json!(true));
    assert_eq!(unknown_reason("try(var.later, 1)"), UnknownReason::UnsetVariable);
    assert_eq!(unknown_reason("can(var.later)"), UnknownReason::UnsetVariable);
    assert!(fails("try(var.map.c, var.list[9])").contains("try"));
    // References are resolved before evaluation: `try` and `can` do not hide undeclared names.
    assert!(fails("try(var.missing, 1)").contains("undeclared"));
    assert!(fails("can(local.missing)").contains("undeclared"));
}

#[test]
fn conversion_functions_and_expansion() {
    assert_eq!(eval(r#"tostring(5)"#), json!("5"));
    assert_eq!(eval(r#"tonumber("5")"#), json!(5));
    assert_eq!(eval(r#"toset(["b", "a", "b"])"#), json!(["a", "b"]));
    assert_eq!(eval("length(var.list)"), json!(3));
    assert_eq!(eval("length([var.later, 1])"), json!(2));
    assert_eq!(eval(r#"merge({ a = 1 }, { b = var.name })"#), json!({"a": 1, "b": "web"}));
    assert_eq!(eval(r#"format("%s-%03d", var.name, 7)"#), json!("web-007"));
    assert_eq!(eval(r#"join(",", concat(var.list, ["d"]))"#), json!("a,b,c,d"));
    assert_eq!(eval(r#"max(var.list...)"#.replace("var.list", "[1, 5, 3]").as_str()), json!(5));
    assert_eq!(unknown_reason("upper(var.later)"), UnknownReason::UnsetVariable);
    assert!(fails("provider::aws::arn_parse(\"x\")").contains("not supported"));
}

#[test]
fn locals_and_path() {
    let mut locals = BTreeMap::new();
    locals.insert("n".to_string(), evaluate_expression("3", &BTreeMap::new()).unwrap());
    let value = evaluate_expression_with_locals("local.n * 2", &BTreeMap::new(), &locals).unwrap();
    assert_eq!(value.to_json(), json!(6));
    assert_eq!(eval("path.module"), json!("."));
    assert_eq!(eval("terraform.workspace"), json!("default"));
}

#[test]
fn parse_errors_are_errors() {
    assert!(fails("1 +").contains("parse"));
}

#[test]
fn constants_call_no_functions_so_they_read_no_file() {
    for source in [r#"file("/etc/passwd")"#, r#"["${file("/etc/passwd")}"]"#, r#"{ a = upper("x") }"#] {
        let error = evaluate_constant(source).expect_err(source);
        assert!(error.contains("function calls are not allowed here"), "{source}: {error}");
    }
    assert_eq!(evaluate_constant(r#"["a", { b = 1 }]"#).map(|v| v.to_json()), Ok(json!(["a", {"b": 1}])));
}
