//! No function panics, whatever it is given: every supported function is called with no
//! arguments, with each value of a pool of awkward values, with every pair of them, and with
//! triples from a smaller pool (nulls, unknowns, huge and negative numbers, malformed patterns,
//! CIDRs and timestamps, deep nesting, unknowns inside collections).

use std::panic::{catch_unwind, AssertUnwindSafe};
use tollgate_model::{MapEntry, Number, Span, UnknownReason, Value, ValueKind};
use tollgate_terraform_functions::{call, FunctionEnv, SUPPORTED};

fn v(kind: ValueKind) -> Value {
    Value::new(kind, Span::default())
}

fn s(text: &str) -> Value {
    Value::string(text, Span::default())
}

fn n(number: Number) -> Value {
    v(ValueKind::Number(number))
}

fn pool() -> Vec<Value> {
    let unknown = Value::unknown(UnknownReason::UnsetVariable, "var.x", Span::default());
    let mut deep = s("bottom");
    for _ in 0..300 {
        deep = v(ValueKind::List(vec![deep]));
    }
    let entry = |key: &str, value: Value| MapEntry { key: key.into(), key_span: Span::default(), value };
    vec![
        Value::null(Span::default()),
        unknown.clone(),
        v(ValueKind::Bool(true)),
        n(Number::Int(0)),
        n(Number::Int(-1)),
        n(Number::Int(3)),
        n(Number::Float(1.5)),
        n(Number::Float(-1e300)),
        n(Number::Float(1e20)),
        n(Number::Float(f64::INFINITY)),
        n(Number::Int(i64::MIN)),
        n(Number::Int(i64::MAX)),
        s(""),
        s("a,b"),
        s("10.0.0.0/8"),
        s("fd00::/64"),
        s("/(/"),
        s("%*d%[9]s%.9999999f"),
        s("2018-01-02T23:12:01Z"),
        s("ünï🙂\u{301}"),
        s("~/x"),
        s("**/{a,b"),
        v(ValueKind::List(vec![])),
        v(ValueKind::List(vec![n(Number::Int(1)), s("a"), Value::null(Span::default())])),
        v(ValueKind::List(vec![unknown.clone(), s("b")])),
        deep,
        v(ValueKind::Map(vec![])),
        v(ValueKind::Map(vec![entry("a", v(ValueKind::List(vec![n(Number::Int(1))]))), entry("b", unknown)])),
    ]
}

#[test]
fn no_function_panics_on_any_argument_mix() {
    let dir = tempfile::tempdir().expect("scratch directory");
    let env = FunctionEnv { module_dir: dir.path(), max_file_bytes: 1 << 16, render_template: None, sandbox: None };
    let pool = pool();
    let small: Vec<Value> = [0usize, 1, 4, 7, 13, 16, 22, 26].iter().map(|i| pool[*i].clone()).collect();
    let mut panics = Vec::new();
    let mut calls = 0usize;
    let mut attempt = |name: &str, args: Vec<Value>| {
        calls += 1;
        let shown: Vec<String> = args.iter().map(|a| a.display().chars().take(40).collect()).collect();
        if catch_unwind(AssertUnwindSafe(|| call(name, args, Span::default(), &env))).is_err() {
            panics.push(format!("{name}({})", shown.join(", ")));
        }
    };
    for name in SUPPORTED {
        attempt(name, vec![]);
        for a in &pool {
            attempt(name, vec![a.clone()]);
            for b in &pool {
                attempt(name, vec![a.clone(), b.clone()]);
            }
        }
        for a in &small {
            for b in &small {
                for c in &small {
                    attempt(name, vec![a.clone(), b.clone(), c.clone()]);
                }
            }
        }
    }
    assert!(panics.is_empty(), "{} of {calls} calls panicked:\n{}", panics.len(), panics.join("\n"));
}
