//! Go's builtin functions and printf verbs, with the outputs Go documents; and registered functions.

mod support;

use serde_json::json;
use support::{assert_renders, data, render, render_error, render_in};
use tollgate_gotemplate::{FunctionValue, Functions, Templates, Value};

#[test]
fn and_or_return_the_deciding_value_and_short_circuit() {
    assert_eq!(render("{{and 1 0 2}}", json!(null)), "0");
    assert_eq!(render("{{and 1 2 3}}", json!(null)), "3");
    assert_eq!(render("{{or 0 \"\" \"x\" 1}}", json!(null)), "x");
    assert_eq!(render("{{or 0 \"\"}}", json!(null)), "");
    // The index call would fail; and never evaluates it.
    assert_eq!(render("{{and false (index .list 10)}}", json!({"list": []})), "false");
    assert_eq!(render("{{or true (index .list 10)}}", json!({"list": []})), "true");
    assert_eq!(render("{{1 | and true}}", json!(null)), "1");
}

#[test]
fn not_negates_truth() {
    assert_eq!(render("{{not 0}} {{not \"a\"}} {{not .missing}}", json!({})), "true false true");
}

#[test]
fn eq_takes_several_arguments() {
    assert_eq!(render("{{eq .x 1 2 3}}", json!({"x": 3})), "true");
    assert_eq!(render("{{eq .x 1 2 3}}", json!({"x": 4})), "false");
    assert_eq!(render("{{eq \"a\" \"a\"}} {{ne \"a\" \"b\"}}", json!(null)), "true true");
    assert_eq!(render("{{eq .missing nil}} {{eq 1 nil}}", json!({})), "true false");
}

#[test]
fn comparisons_of_ints_floats_and_strings() {
    let text = "{{lt 1 2}} {{le 2 2}} {{gt 2.5 1.5}} {{ge \"b\" \"a\"}} {{lt \"B\" \"a\"}}";
    assert_eq!(render(text, json!(null)), "true true true true true");
}

#[test]
fn comparisons_of_incompatible_kinds_are_errors() {
    let error = render_error("{{eq 1 \"1\"}}", json!(null));
    assert_eq!(
        error,
        "template: t:1:2: executing \"t\" at <eq 1 \"1\">: error calling eq: incompatible types for comparison: int and string"
    );
    let error = render_error("{{lt 1 1.5}}", json!(null));
    assert!(error.ends_with("error calling lt: incompatible types for comparison: int and float64"), "{error}");
    let error = render_error("{{lt true false}}", json!(null));
    assert!(error.ends_with("error calling lt: invalid type for comparison"), "{error}");
    let error = render_error("{{eq .a .a}}", json!({"a": [1]}));
    assert!(error.ends_with("error calling eq: non-comparable type [1]: []interface {}"), "{error}");
}

#[test]
fn index_of_lists_maps_strings_and_nested() {
    let value = json!({"m": {"k": [10, {"deep": "x"}]}, "s": "abc"});
    assert_eq!(render("{{index .m \"k\" 1 \"deep\"}}", value.clone()), "x");
    assert_eq!(render("{{index .m.k 0}}", value.clone()), "10");
    assert_eq!(render("{{index .s 1}}", value.clone()), "98");
    assert_eq!(render("{{index .m \"absent\"}}", value.clone()), "<no value>");
    let error = render_error("{{index .m.k 5}}", value.clone());
    assert!(error.ends_with("error calling index: index out of range: 5"), "{error}");
    let error = render_error("{{index .m 1}}", value);
    assert!(error.ends_with("error calling index: value has type int; should be string"), "{error}");
}

#[test]
fn slice_and_len() {
    let value = json!({"l": [1, 2, 3, 4], "s": "hello", "m": {"a": 1, "b": 2}});
    assert_eq!(render("{{slice .l 1 3}} {{slice .l 2}} {{slice .l}}", value.clone()), "[2 3] [3 4] [1 2 3 4]");
    assert_eq!(render("{{slice .s 1 4}}", value.clone()), "ell");
    assert_eq!(render("{{len .l}} {{len .s}} {{len .m}}", value.clone()), "4 5 2");
    let error = render_error("{{slice .l 3 1}}", value.clone());
    assert!(error.ends_with("error calling slice: invalid slice index: 3 > 1"), "{error}");
    let error = render_error("{{len 3}}", value);
    assert!(error.ends_with("error calling len: len of type int"), "{error}");
}

#[test]
fn print_adds_spaces_only_between_non_string_operands() {
    assert_eq!(render("{{print \"a\" \"b\" 1 2 \"c\" 3}}", json!(null)), "ab1 2c3");
    assert_eq!(render("{{println \"a\" 1}}", json!(null)), "a 1\n");
    assert_eq!(render("{{print .}}", json!({"b": [1, {"c": null}], "a": "x"})), "map[a:x b:[1 map[c:<nil>]]]");
}

#[test]
fn printf_verbs() {
    let cases = [
        (r#"{{printf "%s|%v|%d" "a" 1.5 42}}"#, "a|1.5|42"),
        (r#"{{printf "%q %q" "hi\n" 65}}"#, r#""hi\n" 'A'"#),
        (r#"{{printf "%x %X %o %b %O" 255 255 8 5 8}}"#, "ff FF 10 101 0o10"),
        (r#"{{printf "%#x %#o" 255 8}}"#, "0xff 010"),
        (r#"{{printf "%x % x %X" "hi" "hi" "hi"}}"#, "6869 68 69 6869"),
        (
            r#"{{printf "%e %E %f %.2f" 1234.5678 1234.5678 3.14159 3.14159}}"#,
            "1.234568e+03 1.234568E+03 3.141590 3.14",
        ),
        (r#"{{printf "%g %g %g %g" 1000000.0 100000.0 0.00001 1.0}}"#, "1e+06 100000 1e-05 1"),
        (r#"{{printf "%.3g %.10g" 3.14159 3.14159}}"#, "3.14 3.14159"),
        (r#"{{printf "%t %v" true false}}"#, "true false"),
        (r#"{{printf "%c %U %#U" 65 65 65}}"#, "A U+0041 U+0041 'A'"),
        (r#"{{printf "%5d|%-5d|%05d|%+d|% d" 42 42 42 42 42}}"#, "   42|42   |00042|+42| 42"),
        (r#"{{printf "%6.2f|%-8s|%8s|%.2s" 3.14159 "ab" "ab" "abc"}}"#, "  3.14|ab      |      ab|ab"),
        (r#"{{printf "%05d" -42}}"#, "-0042"),
        (r#"{{printf "%.3d" 7}}"#, "007"),
        (r#"{{printf "%*d" 4 7}}"#, "   7"),
        (r#"{{printf "100%%"}}"#, "100%"),
        (r#"{{printf "%T %T %T %T" 1 1.5 "s" .}}"#, "int float64 string map[string]interface {}"),
    ];
    assert_renders(&cases, json!({}));
}

#[test]
fn printf_error_forms() {
    let cases = [
        (r#"{{printf "%d" "x"}}"#, "%!d(string=x)"),
        (r#"{{printf "%s" 5}}"#, "%!s(int=5)"),
        (r#"{{printf "%f" 5}}"#, "%!f(int=5)"),
        (r#"{{printf "%d"}}"#, "%!d(MISSING)"),
        (r#"{{printf "%d" 1 2 "x"}}"#, "1%!(EXTRA int=2, string=x)"),
        (r#"{{printf "%z" 1}}"#, "%!z(int=1)"),
        (r#"{{printf "%d" nil}}"#, "%!d(<nil>)"),
        (r#"{{printf "x%"}}"#, "x%!(NOVERB)"),
    ];
    assert_renders(&cases, json!({}));
}

#[test]
fn printf_of_nested_maps_and_lists_applies_the_verb_to_elements() {
    let value = json!({"m": {"b": [1, 2], "a": {"x": "y"}}, "l": ["a", "b"], "n": [1, 2]});
    assert_eq!(render(r#"{{printf "%v" .m}}"#, value.clone()), "map[a:map[x:y] b:[1 2]]");
    assert_eq!(render(r#"{{printf "%q" .l}}"#, value.clone()), r#"["a" "b"]"#);
    assert_eq!(render(r#"{{printf "%d" .n}}"#, value.clone()), "[1 2]");
    assert_eq!(render(r#"{{printf "%3d|%-2v" .n .l}}"#, value.clone()), "[  1   2]|[a  b ]");
    assert_eq!(render(r#"{{printf "%#v" .l}}"#, value), r#"[]interface {}{"a", "b"}"#);
}

#[test]
fn float_values_print_as_go_prints_float64() {
    let value = json!({"a": 1.0, "b": 1e6, "c": 0.1, "d": 123456789.0, "e": 1e21, "f": -0.5});
    assert_eq!(render("{{.a}} {{.b}} {{.c}} {{.d}} {{.e}} {{.f}}", value), "1 1e+06 0.1 1.23456789e+08 1e+21 -0.5");
}

#[test]
fn html_js_and_urlquery_escape() {
    assert_eq!(
        render(r#"{{html "<a href='x'>&\"</a>"}}"#, json!(null)),
        "&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt;"
    );
    assert_eq!(render(r#"{{js "it's <b>\"x\"=1\\"}}"#, json!(null)), r#"it\'s \u003Cb\u003E\"x\"\u003D1\\"#);
    assert_eq!(render(r#"{{urlquery "a b&c=d/é"}}"#, json!(null)), "a+b%26c%3Dd%2F%C3%A9");
    assert_eq!(render(r#"{{"x y" | urlquery}}"#, json!(null)), "x+y");
    // A missing value reaches the escaper as nil, which Go prints `<nil>`.
    assert_eq!(render("{{html .missing}}", json!({})), "&lt;nil&gt;");
    assert_eq!(render("{{html 1 2 \"a\"}}", json!({})), "1 2a");
}

#[test]
fn registered_functions_receive_arguments_and_piped_value_last() {
    let mut functions = Functions::new();
    functions.add("join", |args| {
        let parts: Vec<String> = args.iter().map(Value::to_go_string).collect();
        Ok(Value::String(parts.join("+")))
    });
    functions.add("fails", |_| Err("it broke".to_string()));
    functions.add("one", |args| match args {
        [value] => Ok(value.clone()),
        _ => Err(format!("wrong number of args for one: want 1 got {}", args.len())),
    });
    let mut set = Templates::with_functions(functions);
    assert_eq!(render_in(&mut set, "{{\"c\" | join \"a\" .missing}}", json!({})).unwrap(), "a+<nil>+c");
    let error = render_in(&mut set, "x\n  {{fails 1}}", json!({})).unwrap_err();
    assert_eq!(error, "template: t:2:4: executing \"t\" at <fails 1>: error calling fails: it broke");
    let error = render_in(&mut set, "{{1 | one 2}}", json!({})).unwrap_err();
    assert_eq!(error, "template: t:1:6: executing \"t\" at <one>: wrong number of args for one: want 1 got 2");
}

#[test]
fn registered_functions_override_builtins() {
    let mut functions = Functions::new();
    functions.add("len", |_| Ok(Value::Int(99)));
    let mut set = Templates::with_functions(functions);
    assert_eq!(render_in(&mut set, "{{len .}}", json!([1])).unwrap(), "99");
}

#[test]
fn call_and_method_style_function_values() {
    let has = FunctionValue::new("Has", |args| Ok(Value::Bool(args.first() == Some(&Value::from("apps/v1")))));
    let double = FunctionValue::new("double", |args| match args {
        [Value::Int(i)] => Ok(Value::Int(i * 2)),
        _ => Err("want one int".to_string()),
    });
    let mut apis = std::collections::BTreeMap::new();
    apis.insert("Has".to_string(), Value::Function(has));
    let mut root = std::collections::BTreeMap::new();
    root.insert("APIVersions".to_string(), Value::map(apis));
    root.insert("double".to_string(), Value::Function(double));
    let root = Value::map(root);
    let mut set = Templates::new();
    set.parse("t", r#"{{.APIVersions.Has "apps/v1"}} {{.APIVersions.Has "x/v1"}} {{call .double 21}}"#).unwrap();
    assert_eq!(set.execute("t", &root).unwrap(), "true false 42");
    set.parse("bad", "{{call .double \"x\"}}").unwrap();
    let error = set.execute("bad", &root).unwrap_err().to_string();
    assert!(error.ends_with("error calling call: want one int"), "{error}");
    set.parse("nil", "{{call .nothing}}").unwrap();
    let error = set.execute("nil", &root).unwrap_err().to_string();
    assert!(error.ends_with("error calling call: call of nil"), "{error}");
}

#[test]
fn engine_functions_include_and_render_text_within_the_same_set() {
    let mut functions = Functions::new();
    functions.add_with_engine("include", |engine, args| match args {
        [Value::String(name), data] => engine.execute_template(name, data).map(Value::String),
        _ => Err("include wants a name and data".to_string()),
    });
    functions.add_with_engine("tpl", |engine, args| match args {
        [Value::String(text), data] => engine.render_text("tpl", text, data).map(Value::String),
        _ => Err("tpl wants text and data".to_string()),
    });
    let mut set = Templates::with_functions(functions);
    set.parse("helpers", r#"{{define "name"}}{{.app}}-svc{{end}}"#).unwrap();
    let text = r#"{{include "name" . | printf "%q"}} {{tpl .t .}}"#;
    let out = render_in(&mut set, text, json!({"app": "web", "t": "{{include \"name\" .}}!"})).unwrap();
    assert_eq!(out, "\"web-svc\" web-svc!");
    let error = render_in(&mut set, r#"{{include "nope" .}}"#, json!({})).unwrap_err();
    assert!(error.ends_with("error calling include: template \"nope\" not defined"), "{error}");
}

#[test]
fn value_conversions_round_trip_json() {
    let json = json!({"a": [1, 2.5, "x", true, null], "b": {"c": {}}});
    assert_eq!(data(json.clone()).to_json(), json);
}

/// A `set` as Sprig's: mutates the map in place, refusing a cycle.
fn mutating_set() -> Functions {
    let mut functions = Functions::new();
    functions.add("set", |args| match args {
        [Value::Map(map), Value::String(key), value] if !value.reaches(map) => {
            map.insert(key, value.clone());
            Ok(Value::Map(map.clone()))
        }
        _ => Err("bad set".to_string()),
    });
    functions
}

#[test]
fn maps_are_shared_references_as_in_go() {
    let mut set = Templates::with_functions(mutating_set());
    set.parse("helpers", r#"{{define "mark"}}{{$_ := set . "marked" true}}{{end}}"#).unwrap();
    // Through a variable, an alias, dot, a nested map, and a map passed to a template.
    let text = concat!(
        r#"{{$d := .Values}}{{$_ := set $d "a" 1}}{{.Values.a}} "#,
        r#"{{$_ := set .Values.inner "b" 2}}{{$d.inner.b}} "#,
        r#"{{template "mark" .Values.inner}}{{.Values.inner.marked}} "#,
        r#"{{range $k, $v := .Values}}{{$_ := set $d "late" 0}}{{$k}},{{end}} {{len .Values}}"#,
    );
    let out = render_in(&mut set, text, json!({"Values": {"inner": {}}})).unwrap();
    assert_eq!(out, "1 2 true a,inner, 3");
}

#[test]
fn a_snapshot_does_not_see_later_changes_and_cycles_are_refused() {
    let map = tollgate_gotemplate::Map::new(Default::default());
    map.insert("a", Value::Int(1));
    let before = map.snapshot();
    map.insert("b", Value::Int(2));
    assert_eq!((before.len(), map.len()), (1, 2));
    let outer = Value::list(vec![Value::Map(map.clone())]);
    assert!(outer.reaches(&map));
    let mut set = Templates::with_functions(mutating_set());
    let error = render_in(&mut set, r#"{{set .inner "me" .}}"#, json!({"inner": {}})).unwrap_err();
    assert!(error.ends_with("error calling set: bad set"), "{error}");
}
