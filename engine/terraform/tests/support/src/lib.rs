//! Test-only harness for the differential tests that compare Tollgate with the real `terraform`
//! CLI: finding Terraform (or printing a loud `SKIP`), running it offline (an empty CLI
//! configuration, no checkpoint calls, a time limit per command), asking `terraform console` for
//! the JSON of an expression, spreading work over threads that each own a scratch directory, and
//! comparing results the way the tests need (numbers numerically, an error on both sides as
//! agreement). Corpus files hold one expression a line; `#! mismatch: <reason>` before an
//! expression records a known, explained difference.

use serde_json::Value as Json;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tollgate_model::{Number, Value, ValueKind};

/// How long one terraform command may run before it is killed and counted as an error.
const COMMAND_TIME_LIMIT: Duration = Duration::from_secs(60);

/// What evaluating an expression gave, on either side.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Value(Json),
    Unknown,
    Error(String),
}

impl Outcome {
    /// Tollgate's result as an outcome: unknown when any part is unknown (as `jsonencode` of a
    /// partly unknown value is unknown in Terraform).
    pub fn of(result: Result<Value, String>) -> Outcome {
        match result {
            Ok(value) if value.contains_unknown() => Outcome::Unknown,
            Ok(value) => match json_of(&value) {
                Some(json) => Outcome::Value(json),
                None => Outcome::Error("value has no JSON form (infinity or NaN)".into()),
            },
            Err(e) => Outcome::Error(e),
        }
    }

    /// Whether two outcomes agree: equal JSON values, both unknown, or both errors.
    pub fn agrees_with(&self, other: &Outcome) -> bool {
        match (self, other) {
            (Outcome::Value(a), Outcome::Value(b)) => json_equal(a, b),
            (Outcome::Unknown, Outcome::Unknown) | (Outcome::Error(_), Outcome::Error(_)) => true,
            _ => false,
        }
    }

    pub fn show(&self) -> String {
        match self {
            Outcome::Value(v) => v.to_string(),
            Outcome::Unknown => "(unknown)".into(),
            Outcome::Error(e) => format!("error: {e}"),
        }
    }
}

/// The terraform executable, run offline.
pub struct Terraform {
    program: PathBuf,
    /// Holds the empty CLI configuration every command is pointed at.
    config_dir: tempfile::TempDir,
}

/// What a finished command printed.
pub struct Ran {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Terraform {
    /// Terraform from the PATH; `None` after printing `SKIP: terraform not found` (on stdout and
    /// stderr, so it shows with and without `--nocapture`) with what did not run.
    pub fn find_or_skip(what_did_not_run: &str) -> Option<Terraform> {
        let found = std::env::var_os("PATH")
            .and_then(|path| std::env::split_paths(&path).map(|dir| dir.join("terraform")).find(|p| p.is_file()));
        let Some(program) = found else {
            println!("SKIP: terraform not found on PATH; {what_did_not_run} did not run");
            eprintln!("SKIP: terraform not found on PATH; {what_did_not_run} did not run");
            return None;
        };
        let config_dir = tempfile::tempdir().expect("temporary directory for the terraform CLI configuration");
        std::fs::write(config_dir.path().join("empty.tfrc"), "").expect("empty CLI configuration");
        Some(Terraform { program, config_dir })
    }

    /// Runs `terraform args...` in `dir` with `stdin` as its input, offline and time-limited.
    pub fn run(&self, dir: &Path, args: &[&str], stdin: &str) -> Ran {
        self.run_with_env(dir, args, stdin, &[])
    }

    /// [`Terraform::run`] with extra environment variables (`TF_VAR_name`); none of the test
    /// process's own `TF_VAR_*` variables reach Terraform.
    pub fn run_with_env(&self, dir: &Path, args: &[&str], stdin: &str, env: &[(String, String)]) -> Ran {
        let mut command = Command::new(&self.program);
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("TF_VAR_") {
                command.env_remove(name);
            }
        }
        let spawned = command
            .args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", self.config_dir.path().join("empty.tfrc"))
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env_remove("TF_DATA_DIR")
            .env_remove("TF_WORKSPACE")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => return Ran { success: false, stdout: String::new(), stderr: format!("cannot start: {e}") },
        };
        if let Some(mut input) = child.stdin.take() {
            let _ = input.write_all(stdin.as_bytes());
        }
        // Read both pipes while the command runs: a large `show -json` would fill a pipe and
        // never exit otherwise.
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut text = Vec::new();
                if let Some(mut pipe) = pipe {
                    let _ = pipe.read_to_end(&mut text);
                }
                String::from_utf8_lossy(&text).into_owned()
            })
        };
        let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
        let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
        let deadline = Instant::now() + COMMAND_TIME_LIMIT;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let stdout = stdout.join().unwrap_or_default();
        let mut stderr = stderr.join().unwrap_or_default();
        if status.is_none() {
            stderr.push_str(&format!("\nkilled after {COMMAND_TIME_LIMIT:?}"));
        }
        Ran { success: status.is_some_and(|s| s.success()), stdout, stderr }
    }

    /// `jsonencode(expr)` in `terraform console` in `dir` (one console per directory at a time:
    /// two contend for its state lock).
    pub fn console(&self, dir: &Path, expr: &str) -> Outcome {
        let ran = self.run(dir, &["console", "-no-color"], &format!("jsonencode({expr})\n"));
        let stdout = ran.stdout.trim();
        if !ran.success || ran.stderr.contains("Error") {
            let lines: Vec<&str> = ran.stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            return Outcome::Error(lines.join(" "));
        }
        if stdout == "(known after apply)" {
            return Outcome::Unknown;
        }
        match unquote_go(stdout).map(|json| serde_json::from_str::<Json>(&json)) {
            Some(Ok(value)) => Outcome::Value(value),
            _ => Outcome::Error(format!("unreadable console output: {stdout}")),
        }
    }
}

/// `work` applied to every item on `threads` threads, results in the items' order. Each thread
/// first makes its own state with `setup` (a scratch directory, say).
pub fn parallel<T: Sync, S, R: Send>(
    items: &[T],
    threads: usize,
    setup: impl Fn() -> S + Sync,
    work: impl Fn(&S, &T) -> R + Sync,
) -> Vec<R> {
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let state = setup();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    let result = work(&state, item);
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(result);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    results.into_iter().map(|r| r.expect("every item was worked on")).collect()
}

/// How many threads to use: the machine's cores, at least two.
pub fn threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2)
}

/// One expression of a corpus file.
#[derive(Debug, Clone)]
pub struct CorpusEntry {
    /// 1-based line in the corpus file.
    pub line: usize,
    pub expr: String,
    /// `#! mismatch: <reason>` written before the expression: Tollgate is known to differ.
    pub expected_mismatch: Option<String>,
}

/// Reads a corpus: one expression a line; blank lines and `#` comments skipped; a
/// `#! mismatch: <reason>` line marks the next expression as a known difference.
pub fn read_corpus(path: &Path) -> Vec<CorpusEntry> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut entries = Vec::new();
    let mut pending = None;
    for (i, line) in text.lines().enumerate() {
        let line_text = line.trim();
        if let Some(reason) = line_text.strip_prefix("#! mismatch:") {
            pending = Some(reason.trim().to_string());
        } else if !line_text.is_empty() && !line_text.starts_with('#') {
            entries.push(CorpusEntry { line: i + 1, expr: line_text.to_string(), expected_mismatch: pending.take() });
        }
    }
    entries
}

/// Compares Tollgate's and Terraform's outcomes over a corpus. Returns the problems: entries
/// that disagree without a mismatch marker, and marked entries that now agree (remove the
/// marker). `file` names the corpus in messages.
/// Runs Terraform once more, alone, for each entry whose result is not what the corpus expects:
/// a console starved on a loaded machine (killed at the time limit, say) must not fail the test,
/// while a real difference shows up again. The comparison itself stays exact.
pub fn rerun_unexpected<S>(
    corpus: &[CorpusEntry],
    ours: &[Outcome],
    mut theirs: Vec<Outcome>,
    setup: impl Fn() -> S,
    work: impl Fn(&S, &CorpusEntry) -> Outcome,
) -> Vec<Outcome> {
    let mut state = None;
    for (i, entry) in corpus.iter().enumerate() {
        let (Some(our), Some(their)) = (ours.get(i), theirs.get(i)) else { continue };
        if our.agrees_with(their) == entry.expected_mismatch.is_none() {
            continue;
        }
        let state = state.get_or_insert_with(&setup);
        theirs[i] = work(state, entry);
    }
    theirs
}

pub fn compare_corpus(file: &str, corpus: &[CorpusEntry], ours: &[Outcome], theirs: &[Outcome]) -> Vec<String> {
    let mut problems = Vec::new();
    for ((entry, ours), theirs) in corpus.iter().zip(ours).zip(theirs) {
        let agree = ours.agrees_with(theirs);
        let detail = format!("    tollgate:  {}\n    terraform: {}", ours.show(), theirs.show());
        match (&entry.expected_mismatch, agree) {
            (None, false) => problems.push(format!("{file}:{}: {}\n{detail}", entry.line, entry.expr)),
            (Some(reason), true) => problems.push(format!(
                "{file}:{}: {}\n    now agrees with terraform; remove its `#! mismatch: {reason}` marker\n{detail}",
                entry.line, entry.expr
            )),
            _ => {}
        }
    }
    problems
}

/// Reads a Go `strconv.Quote` string (how the console prints a string).
pub fn unquote_go(quoted: &str) -> Option<String> {
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

/// A known value as JSON, or `None` when a number has no JSON form (infinity, NaN).
pub fn json_of(v: &Value) -> Option<Json> {
    Some(match &v.kind {
        ValueKind::Number(Number::Float(f)) if !f.is_finite() => return None,
        ValueKind::List(items) => Json::Array(items.iter().map(json_of).collect::<Option<_>>()?),
        ValueKind::Map(entries) => {
            Json::Object(entries.iter().map(|e| Some((e.key.clone(), json_of(&e.value)?))).collect::<Option<_>>()?)
        }
        _ => v.to_json(),
    })
}

/// JSON equality with numbers compared numerically (Terraform's are arbitrary precision).
pub fn json_equal(a: &Json, b: &Json) -> bool {
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

/// Copies a directory tree (files and directories only).
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn go_quoted_strings_are_read() {
        assert_eq!(unquote_go(r#""a\"b\\c\n\u00e9\x41""#).as_deref(), Some("a\"b\\c\n\u{e9}A"));
        assert_eq!(unquote_go("unquoted"), None);
    }

    #[test]
    fn numbers_compare_numerically_and_errors_agree() {
        assert!(json_equal(&json!([1, {"a": 2.0}]), &json!([1.0, {"a": 2}])));
        assert!(!json_equal(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(Outcome::Error("x".into()).agrees_with(&Outcome::Error("y".into())));
        assert!(!Outcome::Unknown.agrees_with(&Outcome::Value(json!(null))));
    }

    #[test]
    fn stale_mismatch_markers_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.txt");
        std::fs::write(&path, "# comment\n1 + 1\n#! mismatch: known\n2\n").unwrap();
        let corpus = read_corpus(&path);
        assert_eq!(corpus.len(), 2);
        assert_eq!(corpus[1].expected_mismatch.as_deref(), Some("known"));
        let same = [Outcome::Value(json!(2)), Outcome::Value(json!(2))];
        let problems = compare_corpus("c.txt", &corpus, &same, &same);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("remove its"), "{problems:?}");
    }
}
