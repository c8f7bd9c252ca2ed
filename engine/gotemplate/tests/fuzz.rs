//! Random templates from a small grammar (fixed seed): parsing and executing never panic, and a panic
//! caught on the template thread would show as "the template thread failed", which is checked too.

use serde_json::json;
use tollgate_gotemplate::{Limits, Options, Templates, Value};

/// xorshift64*: deterministic and dependency-free.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const OPERANDS: &[&str] = &[
    ".",
    ".a",
    ".a.b",
    ".list",
    ".m.x",
    "$",
    "$x",
    "$.a",
    "1",
    "-2",
    "0x1F",
    "1.5",
    "'c'",
    "\"s\"",
    "`r`",
    "true",
    "nil",
    "(len .list)",
    "(index .list 0)",
    ".missing.deep",
    "(slice .list 1)",
    "(.m).x",
];
const FUNCTIONS: &[&str] = &[
    "print",
    "printf \"%v %d %s\"",
    "eq",
    "ne",
    "lt",
    "and",
    "or",
    "not",
    "len",
    "index",
    "slice",
    "html",
    "js",
    "urlquery",
    "println",
    "call",
];
const FRAGMENTS: &[&str] = &[
    "text",
    " ",
    "\n",
    "{{- ",
    " -}}",
    "{{",
    "}}",
    "{{end}}",
    "{{else}}",
    "{{break}}",
    "(",
    ")",
    "|",
    "{{/* c */}}",
    "$x := ",
    "$x = ",
    "{{define \"d\"}}",
    "{{template \"d\" .}}",
    "\"",
    "{{range $i, $v := .list}}",
];

fn action(random: &mut Random, depth: usize) -> String {
    let operand = |r: &mut Random| r.pick(OPERANDS).to_string();
    match random.below(if depth > 2 { 3 } else { 9 }) {
        0 => format!("{{{{{}}}}}", operand(random)),
        1 => format!("{{{{{} {} {}}}}}", random.pick(FUNCTIONS), operand(random), operand(random)),
        2 => format!("{{{{{} | {}}}}}", operand(random), random.pick(FUNCTIONS)),
        3 => format!(
            "{{{{if {}}}}}{}{{{{else}}}}{}{{{{end}}}}",
            operand(random),
            body(random, depth + 1),
            body(random, depth + 1)
        ),
        4 => format!("{{{{range $k, $v := {}}}}}{}{{{{end}}}}", operand(random), body(random, depth + 1)),
        5 => format!("{{{{with $x := {}}}}}{}{{{{end}}}}", operand(random), body(random, depth + 1)),
        6 => format!(
            "{{{{range {}}}}}{{{{if {}}}}}{{{{break}}}}{{{{end}}}}{{{{continue}}}}{{{{end}}}}",
            operand(random),
            operand(random)
        ),
        7 => format!(
            "{{{{define \"d{}\"}}}}{}{{{{end}}}}{{{{template \"d{}\" {}}}}}",
            depth,
            body(random, depth + 1),
            depth,
            operand(random)
        ),
        _ => random.pick(FRAGMENTS).to_string(),
    }
}

fn body(random: &mut Random, depth: usize) -> String {
    (0..random.below(4)).map(|_| action(random, depth)).collect()
}

#[test]
fn random_templates_never_panic() {
    let mut random = Random(0x5EED_1234_ABCD_0001);
    let data = Value::from(json!({"a": {"b": 1}, "list": [1, "two", 3.5, null], "m": {"x": [1]}, "s": "str"}));
    let limits = Limits { max_output_bytes: 1 << 16, max_range_iterations: 10_000, ..Limits::default() };
    let mut outcomes = [0usize; 3];
    for iteration in 0..200 {
        let text = format!("{{{{$x := 1}}}}{}", body(&mut random, 0));
        let mut set = Templates::new().with_options(Options { limits, ..Options::default() });
        let outcome = match set.parse("f", &text) {
            Err(error) => Err(error.to_string()).map(|_: ()| 0),
            Ok(()) => set.execute("f", &data).map(|_| 2).map_err(|e| e.to_string()),
        };
        if let Err(message) = &outcome {
            assert!(!message.contains("the template thread failed"), "iteration {iteration}: {text:?} panicked");
            assert!(message.starts_with("template: "), "iteration {iteration}: {message}");
        }
        outcomes[match outcome {
            Ok(_) => 2,
            Err(_) if set.contains("f") => 1,
            Err(_) => 0,
        }] += 1;
    }
    // The grammar reaches all three outcomes: parse errors, execution errors and output.
    assert!(outcomes.iter().all(|&count| count > 0), "{outcomes:?}");
}
