//! Argument checks for functions with Go-typed parameters (`func(count int, s string)`), worded as Go's
//! `text/template` words them when a template passes the wrong count or type.

use tollgate_gotemplate::{Functions, Value};

/// `want` arguments exactly, else Go's arity error.
pub fn arity(name: &str, args: &[Value], want: usize) -> Result<(), String> {
    if args.len() == want {
        return Ok(());
    }
    Err(format!("wrong number of args for {name}: want {want} got {}", args.len()))
}

/// A `string` parameter: Go does not convert other types to it.
pub fn string(args: &[Value], index: usize) -> Result<&str, String> {
    match args.get(index) {
        Some(Value::String(s)) => Ok(s),
        other => Err(wrong_type("string", other)),
    }
}

/// An `int` parameter: Go passes integers only (a float64 from a values file is refused).
pub fn int(args: &[Value], index: usize) -> Result<i64, String> {
    match args.get(index) {
        Some(Value::Int(i)) => Ok(*i),
        other => Err(wrong_type("int", other)),
    }
}

/// Go's refusal of an integer of another size (`int64`, `uint8`) for an `int` parameter.
pub fn not_an_int(value: &Value) -> String {
    wrong_type("int", Some(value))
}

fn wrong_type(expected: &str, got: Option<&Value>) -> String {
    match got {
        None | Some(Value::Nil) | Some(Value::NoValue) => format!("invalid value; expected {expected}"),
        Some(value) => format!("wrong type for value; expected {expected}; got {}", value.type_name()),
    }
}

/// Sprig's `strval`: strings as they are, anything else as `%v` prints it.
pub fn strval(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_go_string(),
    }
}

/// Go's `s[start:end]` on bytes (`None` for an omitted bound); an index off the string is Go's runtime
/// panic, which Helm reports as the function's error.
pub fn go_slice(s: &str, start: Option<i64>, end: Option<i64>) -> Result<String, String> {
    let length = s.len() as i64;
    let high = end.unwrap_or(length);
    if high < 0 {
        return Err(format!("runtime error: slice bounds out of range [:{high}]"));
    }
    if high > length {
        return Err(format!("runtime error: slice bounds out of range [:{high}] with length {length}"));
    }
    let low = start.unwrap_or(0);
    if low < 0 {
        return Err(format!("runtime error: slice bounds out of range [{low}:]"));
    }
    if low > high {
        return Err(format!("runtime error: slice bounds out of range [{low}:{high}]"));
    }
    // Go strings are bytes: a cut inside a character leaves invalid UTF-8, which Helm prints as U+FFFD.
    Ok(String::from_utf8_lossy(&s.as_bytes()[low as usize..high as usize]).into_owned())
}

/// Registers `name(s string) string`.
pub fn add_unary(functions: &mut Functions, name: &'static str, body: fn(&str) -> String) {
    functions.add(name, move |args| {
        arity(name, args, 1)?;
        Ok(Value::String(body(string(args, 0)?)))
    });
}

/// Registers `name(a, b string) T`, the piped value being `b`.
pub fn add_binary(functions: &mut Functions, name: &'static str, body: fn(&str, &str) -> Value) {
    functions.add(name, move |args| {
        arity(name, args, 2)?;
        Ok(body(string(args, 0)?, string(args, 1)?))
    });
}

/// Registers `name(n int, s string) (string, error)`.
pub fn add_int_string(functions: &mut Functions, name: &'static str, body: fn(i64, &str) -> Result<String, String>) {
    functions.add(name, move |args| {
        arity(name, args, 2)?;
        body(int(args, 0)?, string(args, 1)?).map(Value::String)
    });
}

/// Go's `strings.Repeat`, refusing a negative count as Go panics on it, and an output too large to hold.
pub fn repeat(s: &str, count: i64) -> Result<String, String> {
    let count = usize::try_from(count).map_err(|_| "strings: negative Repeat count".to_string())?;
    match s.len().checked_mul(count) {
        Some(total) if total <= MAX_REPEAT_BYTES => Ok(s.repeat(count)),
        _ => Err(format!("strings: Repeat output of {count} copies exceeds {MAX_REPEAT_BYTES} bytes")),
    }
}

/// Where Go would try to allocate (and Helm run out of memory), rendering stops with an error instead.
pub const MAX_REPEAT_BYTES: usize = 64 << 20;

#[cfg(test)]
pub mod tests {
    //! Renders templates with these functions over Helm-like values (numbers from values files are
    //! float64 in Helm), to compare with what `helm template` printed for the same template.

    use tollgate_gotemplate::{Functions, Templates, Value};

    /// `.Values` as the scratch chart the expectations were taken from: `num: 3`, `s: hello`, `f: 1.5`,
    /// `big: 1000000`, `list: [b, a, 3]`, and `n: 3`, which YAML 1.1 reads as the key `false`, so that
    /// `.Values.n` is missing.
    fn values() -> Value {
        Value::from(serde_json::json!({
            "Values": {"num": 3.0, "s": "hello", "f": 1.5, "big": 1000000.0, "list": ["b", "a", 3.0]}
        }))
    }

    pub fn render_with_seed(seed: &str, template: &str) -> Result<String, String> {
        let (mut functions, _) = crate::functions(seed);
        add_list_builders(&mut functions);
        let mut set = Templates::with_functions(functions);
        set.parse("t", template).map_err(|error| error.to_string())?;
        set.execute("t", &values()).map_err(|error| error.to_string())
    }

    /// The cases build inputs with Sprig's `list` and `dict`, another module's functions: when this crate
    /// does not (yet) register them, plain versions stand in, for building test inputs only.
    fn add_list_builders(functions: &mut Functions) {
        if !functions.contains("list") {
            functions.add("list", |args| Ok(Value::list(args.to_vec())));
        }
        if !functions.contains("dict") {
            functions.add("dict", |args| {
                let pairs =
                    args.chunks(2).map(|pair| (pair[0].to_go_string(), pair.get(1).cloned().unwrap_or(Value::Nil)));
                Ok(Value::map(pairs.collect()))
            });
        }
    }

    pub fn render(template: &str) -> Result<String, String> {
        render_with_seed("release-seed", template)
    }

    /// Each template renders to the text given, or (for an `ERR ` expectation) fails with an error
    /// containing the text after `ERR `.
    pub fn assert_renders(cases: &[(&str, &str)]) {
        let mut failures = Vec::new();
        for (template, expected) in cases {
            let result = render(template);
            let ok = match (expected.strip_prefix("ERR "), &result) {
                (Some(message), Err(error)) => error.contains(message),
                (None, Ok(output)) => output == expected,
                _ => false,
            };
            if !ok {
                failures.push(format!("{template}\n  expected: {expected:?}\n  got:      {result:?}"));
            }
        }
        assert!(failures.is_empty(), "{} cases differ:\n{}", failures.len(), failures.join("\n"));
    }
}
