//! Differential test: every expression in `tests/corpus.txt` (function calls on literals, one per
//! line) is evaluated by Tollgate and by the real `terraform console`, and the results must agree:
//! the same JSON value (numbers compared numerically), both an error, or both unknown.
//!
//! Runs when `terraform` is on the PATH and prints `SKIP: terraform not found` otherwise.
//! Terraform runs offline in a scratch directory holding the files that `file()`, `fileset()`
//! and `templatefile()` expressions read, with an empty CLI configuration and no checkpoint calls.

use hcl_edit::expr::{Expression, ObjectKey, UnaryOperator};
use std::path::Path;
use std::time::Instant;
use tollgate_model::{MapEntry, Number, Span, Value, ValueKind};
use tollgate_terraform_differential::{compare_corpus, parallel, read_corpus, rerun_unexpected, Outcome, Terraform};
use tollgate_terraform_functions::{call, FunctionEnv};

#[test]
fn functions_agree_with_terraform_console() {
    let Some(terraform) = Terraform::find_or_skip("the differential function corpus") else { return };
    let corpus = read_corpus(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus.txt"));
    assert!(corpus.len() >= 150, "the corpus must hold at least 150 expressions, has {}", corpus.len());
    let scratch = tempfile::tempdir().expect("scratch directory");
    write_fixture_files(scratch.path());

    let started = Instant::now();
    // Two consoles in one directory contend for its state lock: each thread has its own.
    let setup = || {
        let dir = tempfile::tempdir().expect("scratch directory");
        write_fixture_files(dir.path());
        dir
    };
    let theirs = parallel(&corpus, 2, setup, |dir, entry| terraform.console(dir.path(), &entry.expr));
    let ours: Vec<Outcome> = corpus.iter().map(|entry| evaluate(&entry.expr, scratch.path())).collect();
    let theirs =
        rerun_unexpected(&corpus, &ours, theirs, setup, |dir, entry| terraform.console(dir.path(), &entry.expr));
    let mismatches = compare_corpus("corpus.txt", &corpus, &ours, &theirs);
    println!("{} expressions compared with terraform in {:.1?}", corpus.len(), started.elapsed());
    assert!(mismatches.is_empty(), "{} mismatches with terraform:\n{}", mismatches.len(), mismatches.join("\n"));
}

fn write_fixture_files(dir: &Path) {
    std::fs::create_dir_all(dir.join("fs/sub/deep")).unwrap();
    std::fs::write(dir.join("fs/a.txt"), "hello\n").unwrap();
    std::fs::write(dir.join("fs/sub/b.txt"), "x").unwrap();
    std::fs::write(dir.join("fs/sub/deep/c.tf"), "y").unwrap();
    std::fs::write(dir.join("fs/bin.dat"), [0xffu8]).unwrap();
    std::fs::write(dir.join("fs/greeting.tmpl"), "Hello, ${name}!").unwrap();
    std::fs::write(dir.join("fs/config.json"), r#"{"region":"eu-west-1","zones":["a","b"]}"#).unwrap();
}

/// Evaluates a corpus expression with Tollgate: literals and nested function calls only.
fn evaluate(expr: &str, dir: &Path) -> Outcome {
    let text = format!("value = {expr}\n");
    let body = match hcl_edit::parser::parse_body(&text) {
        Ok(body) => body,
        Err(e) => return Outcome::Error(format!("parse error: {e}")),
    };
    let Some(attribute) = body.get_attribute("value") else {
        return Outcome::Error("no expression".into());
    };
    let render = |template: &str, vars: &Value, span: Span| render_template(template, vars, span);
    // No sandbox: Terraform reads wherever a path leads, and these compare with it.
    let env = FunctionEnv { module_dir: dir, max_file_bytes: 1 << 20, render_template: Some(&render), sandbox: None };
    Outcome::of(eval(&attribute.value, &env))
}

fn eval(expr: &Expression, env: &FunctionEnv) -> Result<Value, String> {
    let span = Span::default();
    let kind = match expr {
        Expression::Null(_) => ValueKind::Null,
        Expression::Bool(b) => ValueKind::Bool(*b.value()),
        Expression::Number(n) => ValueKind::Number(match n.as_i64() {
            Some(i) => Number::Int(i),
            None => Number::Float(n.as_f64().ok_or("bad number")?),
        }),
        Expression::String(s) => ValueKind::String(s.value().to_string()),
        Expression::Array(items) => ValueKind::List(items.iter().map(|e| eval(e, env)).collect::<Result<_, _>>()?),
        Expression::Object(object) => {
            let mut entries = Vec::new();
            for (key, value) in object.iter() {
                let key = match key {
                    ObjectKey::Ident(ident) => ident.value().to_string(),
                    ObjectKey::Expression(e) => {
                        eval(e, env)?.as_str().ok_or("object key must be a string")?.to_string()
                    }
                };
                entries.push(MapEntry { key, key_span: span, value: eval(value.expr(), env)? });
            }
            ValueKind::Map(entries)
        }
        Expression::Parenthesis(inner) => return eval(inner.inner(), env),
        Expression::UnaryOp(op) if *op.operator.value() == UnaryOperator::Neg => match eval(&op.expr, env)?.kind {
            ValueKind::Number(Number::Int(i)) => ValueKind::Number(Number::Int(-i)),
            ValueKind::Number(Number::Float(f)) => ValueKind::Number(Number::Float(-f)),
            _ => return Err("negation of a non-number".into()),
        },
        Expression::FuncCall(f) => {
            let args = f.args.iter().map(|a| eval(a, env)).collect::<Result<Vec<_>, _>>()?;
            return call(f.name.name.value().as_str(), args, span, env).map_err(|e| e.to_string());
        }
        other => return Err(format!("the corpus evaluator handles literals and calls only, not {other:?}")),
    };
    Ok(Value::new(kind, span))
}

/// A minimal template renderer for `templatefile`: `${name}` interpolations of string variables.
fn render_template(template: &str, vars: &Value, span: Span) -> Result<Value, String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').ok_or("unterminated interpolation")? + start;
        let name = rest[start + 2..end].trim();
        let value = vars.get(name).known().ok_or_else(|| format!("vars map does not contain key {name:?}"))?;
        out.push_str(&value.display());
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(Value::string(out, span))
}
