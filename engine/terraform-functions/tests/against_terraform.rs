//! Differential test: every expression in `tests/corpus.txt` (function calls on literals, one per
//! line) is evaluated by Tollgate and by the real `terraform console`, and the results must agree:
//! the same JSON value (numbers compared numerically), both an error, or both unknown.
//!
//! Runs when `terraform` is on the PATH and prints `SKIP: terraform not found` otherwise.
//! Terraform runs offline in a scratch directory holding the files that `file()`, `fileset()`
//! and `templatefile()` expressions read, with an empty CLI configuration and no checkpoint calls.

use hcl_edit::expr::{Expression, ObjectKey, UnaryOperator};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tollgate_model::{MapEntry, Number, Span, Value, ValueKind};
use tollgate_terraform_functions::{call, FunctionEnv};

/// What evaluating an expression gave.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Value(Json),
    Unknown,
    Error(String),
}

#[test]
fn functions_agree_with_terraform_console() {
    let Some(terraform) = find_terraform() else {
        println!("SKIP: terraform not found on PATH; the differential function corpus did not run");
        eprintln!("SKIP: terraform not found on PATH; the differential function corpus did not run");
        return;
    };
    let corpus = load_corpus();
    assert!(corpus.len() >= 150, "the corpus must hold at least 150 expressions, has {}", corpus.len());
    let scratch = tempfile::tempdir().expect("scratch directory");
    write_fixture_files(scratch.path());

    let started = Instant::now();
    let theirs = run_terraform_all(&terraform, &corpus);
    let mut mismatches = Vec::new();
    for ((line, expr), terraform_outcome) in corpus.iter().zip(theirs) {
        let ours = evaluate(expr, scratch.path());
        if !agree(&ours, &terraform_outcome) {
            mismatches.push(format!(
                "corpus.txt:{line}: {expr}\n    tollgate:  {}\n    terraform: {}",
                show(&ours),
                show(&terraform_outcome)
            ));
        }
    }
    println!("{} expressions compared with terraform in {:.1?}", corpus.len(), started.elapsed());
    assert!(mismatches.is_empty(), "{} mismatches with terraform:\n{}", mismatches.len(), mismatches.join("\n"));
}

/// Corpus lines: one expression each; blank lines and `#` comments are skipped.
fn load_corpus() -> Vec<(usize, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus.txt");
    let text = std::fs::read_to_string(&path).expect("tests/corpus.txt");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| (i + 1, l.trim().to_string()))
        .collect()
}

fn find_terraform() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("terraform")).find(|p| p.is_file())
}

fn write_fixture_files(dir: &Path) {
    std::fs::create_dir_all(dir.join("fs/sub/deep")).unwrap();
    std::fs::write(dir.join("fs/a.txt"), "hello\n").unwrap();
    std::fs::write(dir.join("fs/sub/b.txt"), "x").unwrap();
    std::fs::write(dir.join("fs/sub/deep/c.tf"), "y").unwrap();
    std::fs::write(dir.join("fs/bin.dat"), [0xffu8]).unwrap();
    std::fs::write(dir.join("fs/greeting.tmpl"), "Hello, ${name}!").unwrap();
    std::fs::write(dir.join("fs/config.json"), r#"{"region":"eu-west-1","zones":["a","b"]}"#).unwrap();
    std::fs::write(dir.join("empty.tfrc"), "").unwrap();
}

/// Runs every expression through `terraform console` on two threads, each in its own scratch
/// directory (two consoles in one directory contend for its state lock).
fn run_terraform_all(terraform: &Path, corpus: &[(usize, String)]) -> Vec<Outcome> {
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; corpus.len()]);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                let scratch = tempfile::tempdir().expect("scratch directory");
                write_fixture_files(scratch.path());
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some((_, expr)) = corpus.get(i) else { break };
                    let outcome = run_terraform(terraform, scratch.path(), expr);
                    results.lock().unwrap()[i] = Some(outcome);
                }
            });
        }
    });
    results.into_inner().unwrap().into_iter().map(|o| o.unwrap_or(Outcome::Error("not run".into()))).collect()
}

fn run_terraform(terraform: &Path, dir: &Path, expr: &str) -> Outcome {
    let mut child = Command::new(terraform)
        .args(["console", "-no-color"])
        .current_dir(dir)
        .env("TF_CLI_CONFIG_FILE", dir.join("empty.tfrc"))
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("terraform console starts");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        let _ = writeln!(stdin, "jsonencode({expr})");
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().ok().flatten().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let output = child.wait_with_output().expect("terraform console output");
    let stdout = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
    if !output.status.success() || stderr.contains("Error") {
        return Outcome::Error(stderr.lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join(" "));
    }
    if stdout == "(known after apply)" {
        return Outcome::Unknown;
    }
    match unquote_go(&stdout).map(|json| serde_json::from_str::<Json>(&json)) {
        Some(Ok(value)) => Outcome::Value(value),
        _ => Outcome::Error(format!("unreadable console output: {stdout}")),
    }
}

/// Reads a Go `strconv.Quote` string (how the console prints a string).
fn unquote_go(quoted: &str) -> Option<String> {
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            continue;
        }
        let escaped = chars.next()?;
        let mut hex =
            |n: usize| -> Option<u32> { u32::from_str_radix(&chars.by_ref().take(n).collect::<String>(), 16).ok() };
        match escaped {
            'n' => out.push(b'\n'),
            't' => out.push(b'\t'),
            'r' => out.push(b'\r'),
            'a' => out.push(7),
            'b' => out.push(8),
            'f' => out.push(12),
            'v' => out.push(11),
            'x' => out.push(hex(2)? as u8),
            'u' => out.extend_from_slice(char::from_u32(hex(4)?)?.to_string().as_bytes()),
            'U' => out.extend_from_slice(char::from_u32(hex(8)?)?.to_string().as_bytes()),
            other => out.extend_from_slice(other.to_string().as_bytes()),
        }
    }
    String::from_utf8(out).ok()
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
    let env = FunctionEnv { module_dir: dir, max_file_bytes: 1 << 20, render_template: Some(&render) };
    match eval(&attribute.value, &env) {
        Ok(v) if v.contains_unknown() => Outcome::Unknown,
        Ok(v) => match json_value(&v) {
            Some(json) => Outcome::Value(json),
            None => Outcome::Error("value has no JSON form (infinity or NaN)".into()),
        },
        Err(e) => Outcome::Error(e),
    }
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

/// The value as JSON, or `None` when a number has no JSON form.
fn json_value(v: &Value) -> Option<Json> {
    Some(match &v.kind {
        ValueKind::Number(Number::Float(f)) if !f.is_finite() => return None,
        ValueKind::List(items) => Json::Array(items.iter().map(json_value).collect::<Option<_>>()?),
        ValueKind::Map(entries) => {
            Json::Object(entries.iter().map(|e| Some((e.key.clone(), json_value(&e.value)?))).collect::<Option<_>>()?)
        }
        _ => v.to_json(),
    })
}

fn agree(ours: &Outcome, theirs: &Outcome) -> bool {
    match (ours, theirs) {
        (Outcome::Value(a), Outcome::Value(b)) => json_equal(a, b),
        (Outcome::Unknown, Outcome::Unknown) | (Outcome::Error(_), Outcome::Error(_)) => true,
        _ => false,
    }
}

/// JSON equality with numbers compared numerically (Terraform's are arbitrary precision).
fn json_equal(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs())
        }
        (Json::Array(xs), Json::Array(ys)) => xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| json_equal(x, y)),
        (Json::Object(xs), Json::Object(ys)) => {
            xs.len() == ys.len() && xs.iter().all(|(k, x)| ys.get(k).is_some_and(|y| json_equal(x, y)))
        }
        _ => a == b,
    }
}

fn show(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Value(v) => v.to_string(),
        Outcome::Unknown => "(unknown)".into(),
        Outcome::Error(e) => format!("error: {e}"),
    }
}
