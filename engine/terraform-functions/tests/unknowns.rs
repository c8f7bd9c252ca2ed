//! Unknown values propagate as Terraform propagates them: a wholly unknown argument makes the
//! result unknown with the argument's reason; functions that only need a collection's structure
//! work on collections holding unknowns; functions that need every value do not. Results are
//! located at the call; elements copied from arguments keep their own spans.

use std::path::Path;
use tollgate_model::{FileId, MapEntry, Number, Pos, Span, UnknownReason, Value, ValueKind};
use tollgate_terraform_functions::{call, FunctionEnv};

fn at(line: u32) -> Span {
    Span::new(FileId(1), Pos::new(line, 1), Pos::new(line, 10))
}

fn s(text: &str) -> Value {
    Value::string(text, at(1))
}

fn int(i: i64) -> Value {
    Value::new(ValueKind::Number(Number::Int(i)), at(1))
}

fn list(items: Vec<Value>) -> Value {
    Value::new(ValueKind::List(items), at(1))
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    let entries = entries.into_iter().map(|(k, v)| MapEntry { key: k.into(), key_span: at(1), value: v }).collect();
    Value::new(ValueKind::Map(entries), at(1))
}

/// An unset variable: its reason must survive the call.
fn unset() -> Value {
    Value::unknown(UnknownReason::UnsetVariable, "var.region", at(2))
}

fn run(name: &str, args: Vec<Value>) -> Value {
    let env = FunctionEnv { module_dir: Path::new("."), max_file_bytes: 1 << 20, render_template: None, sandbox: None };
    call(name, args, at(9), &env).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_unknown(name: &str, args: Vec<Value>) {
    let result = run(name, args);
    let unknown = result.as_unknown().unwrap_or_else(|| panic!("{name} should be unknown, got {:?}", result.to_json()));
    assert_eq!(unknown.reason, UnknownReason::UnsetVariable, "{name} keeps the argument's reason");
    assert_eq!(unknown.source, "var.region", "{name} keeps the argument's source");
    assert_eq!(result.span, at(9), "{name} is located at the call");
}

#[test]
fn a_wholly_unknown_argument_makes_the_result_unknown() {
    let cases: Vec<(&str, Vec<Value>)> = vec![
        ("upper", vec![unset()]),
        ("format", vec![s("%s-%s"), s("a"), unset()]),
        ("join", vec![s(","), unset()]),
        ("split", vec![s(","), unset()]),
        ("replace", vec![unset(), s("a"), s("b")]),
        ("length", vec![unset()]),
        ("keys", vec![unset()]),
        ("merge", vec![map(vec![]), unset()]),
        ("concat", vec![list(vec![]), unset()]),
        ("lookup", vec![unset(), s("a")]),
        ("element", vec![list(vec![s("a")]), unset()]),
        ("cidrsubnet", vec![unset(), int(8), int(1)]),
        ("cidrsubnet", vec![s("10.0.0.0/16"), int(8), unset()]),
        ("jsonencode", vec![unset()]),
        ("jsondecode", vec![unset()]),
        ("yamlencode", vec![unset()]),
        ("tostring", vec![unset()]),
        ("tolist", vec![unset()]),
        ("toset", vec![list(vec![s("a"), unset()])]),
        ("max", vec![int(1), unset()]),
        ("range", vec![unset()]),
        ("file", vec![unset()]),
        ("templatefile", vec![unset(), map(vec![])]),
        ("md5", vec![unset()]),
        ("base64encode", vec![unset()]),
        ("regex", vec![s("a"), unset()]),
        ("coalesce", vec![unset(), s("a")]),
        ("coalescelist", vec![unset(), list(vec![s("a")])]),
        ("startswith", vec![unset(), s("x")]),
        ("zipmap", vec![list(vec![unset()]), list(vec![int(1)])]),
    ];
    for (name, args) in cases {
        assert_unknown(name, args);
    }
}

#[test]
fn functions_that_need_every_value_are_unknown_when_one_is() {
    let partly = list(vec![s("a"), unset()]);
    for (name, args) in [
        ("join", vec![s(","), partly.clone()]),
        ("sort", vec![partly.clone()]),
        ("distinct", vec![partly.clone()]),
        ("compact", vec![partly.clone()]),
        ("jsonencode", vec![partly.clone()]),
        ("yamlencode", vec![map(vec![("a", unset())])]),
        ("format", vec![s("%v"), partly.clone()]),
        ("flatten", vec![list(vec![partly.clone()])]),
        ("setunion", vec![partly.clone(), list(vec![])]),
        ("sum", vec![list(vec![int(1), unset()])]),
        ("transpose", vec![map(vec![("a", partly.clone())])]),
        ("alltrue", vec![list(vec![unset()])]),
    ] {
        assert_unknown(name, args);
    }
}

#[test]
fn functions_that_need_only_structure_work_with_unknown_elements() {
    let partly = list(vec![s("a"), unset()]);
    assert_eq!(run("length", vec![partly.clone()]).as_i64(), Some(2));
    assert_eq!(run("element", vec![partly.clone(), int(0)]).as_str(), Some("a"));
    assert!(run("element", vec![partly.clone(), int(1)]).is_unknown());
    let concat = run("concat", vec![partly.clone(), list(vec![s("z")])]);
    assert_eq!(concat.as_list().map(<[Value]>::len), Some(3));
    let m = map(vec![("known", s("k")), ("later", unset())]);
    assert_eq!(run("keys", vec![m.clone()]).as_list().map(<[Value]>::len), Some(2));
    assert_eq!(run("lookup", vec![m.clone(), s("known")]).as_str(), Some("k"));
    assert!(run("lookup", vec![m.clone(), s("later")]).is_unknown());
    let merged = run("merge", vec![m.clone(), map(vec![("extra", int(1))])]);
    assert!(merged.get("later").is_unknown());
    assert_eq!(merged.get("extra").known().and_then(Value::as_i64), Some(1));
    assert_eq!(run("contains", vec![partly.clone(), s("a")]).as_bool(), Some(true));
    assert!(run("contains", vec![partly.clone(), s("b")]).is_unknown());
    assert_eq!(run("coalesce", vec![s("x"), unset()]).as_str(), Some("x"));
    assert_eq!(
        run("anytrue", vec![list(vec![unset(), Value::new(ValueKind::Bool(true), at(1))])]).as_bool(),
        Some(true)
    );
    assert_eq!(run("startswith", vec![unset(), s("")]).as_bool(), Some(true));
    let listed = run("formatlist", vec![s("%s!"), partly.clone()]);
    assert_eq!(listed.as_list().map(|l| l[0].as_str()), Some(Some("a!")));
    assert!(listed.as_list().map(|l| l[1].is_unknown()).unwrap_or(false));
    assert_eq!(run("reverse", vec![partly.clone()]).as_list().map(<[Value]>::len), Some(2));
    assert!(run("zipmap", vec![list(vec![s("a")]), list(vec![unset()])]).get("a").is_unknown());
}

#[test]
fn results_are_located_at_the_call_and_copied_elements_keep_their_spans() {
    let from_line_5 = Value::string("x", at(5));
    let result = run("concat", vec![list(vec![from_line_5.clone()]), list(vec![])]);
    assert_eq!(result.span, at(9));
    assert_eq!(result.as_list().unwrap()[0].span, at(5));
    assert_eq!(run("upper", vec![from_line_5.clone()]).span, at(9));
    assert_eq!(run("element", vec![list(vec![from_line_5.clone()]), int(0)]).span, at(9));
    let merged = run("merge", vec![map(vec![("a", from_line_5)])]);
    assert_eq!(merged.span, at(9));
    assert_eq!(merged.get("a").known().unwrap().span, at(5));
}

#[test]
fn time_dependent_functions_are_unknown_after_apply() {
    for name in ["timestamp", "plantimestamp", "uuid"] {
        let result = run(name, vec![]);
        assert_eq!(result.as_unknown().map(|u| u.reason), Some(UnknownReason::AfterApply), "{name}");
    }
    let bcrypt = run("bcrypt", vec![s("secret")]);
    assert_eq!(bcrypt.as_unknown().map(|u| u.reason), Some(UnknownReason::AfterApply));
}
