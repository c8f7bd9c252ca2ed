//! Random Rego policies and input documents from a small grammar, for the property test
//! (`tests/policy_fuzz.rs`, a seeded generator) and the structure-aware fuzz target
//! (`fuzz/fuzz_targets/rego_grammar.rs`, choices read from the fuzzer's bytes).
//!
//! The grammar is Conftest- and Trivy-shaped Rego v1 (`deny contains msg if { ... }`, helper
//! functions, `else`, comprehensions, `some`/`every`, `with`, tests), with the corners that
//! have crashed or hung engines: builtins given the wrong types, huge numbers and ranges,
//! `object.subset` on arrays, division by zero, deep nesting, recursion, and now and then a
//! syntax error or Rego v0.

/// Where the choices come from: `pick(n)` is a number in `0..n` (n > 0).
pub struct Gen<'a> {
    pick: &'a mut dyn FnMut(u32) -> u32,
    depth: u32,
    /// Variables bound so far in the rule being written (most terms use only these, so most
    /// rules compile and reach evaluation).
    bound: Vec<&'static str>,
    /// This rule keeps to short terms, so that it is likely to compile and match.
    simple: bool,
    /// This file keeps to rules that compile when their terms do (no v0, no syntax errors).
    sane: bool,
}

const FIELDS: [&str; 12] = [
    "kind",
    "metadata",
    "name",
    "labels",
    "spec",
    "containers",
    "image",
    "securityContext",
    "privileged",
    "ports",
    "replicas",
    "data",
];
const VARS: [&str; 5] = ["x", "y", "k", "v", "i"];
const SCALARS: [&str; 14] = [
    "\"a\"",
    "\"\"",
    "\"10.0.0.0/8\"",
    "\"1.2.3\"",
    "0",
    "-1",
    "1.5",
    "1e308",
    "18446744073709551616",
    "true",
    "false",
    "null",
    "\"[a-z\"",
    "`raw\\n`",
];
/// Calls as (name, arity): sound builtins, type-confused ones, and ones that allocate.
const CALLS: [(&str, usize); 30] = [
    ("count", 1),
    ("sprintf", 2),
    ("concat", 2),
    ("startswith", 2),
    ("regex.match", 2),
    ("object.get", 3),
    ("numbers.range", 2),
    ("numbers.range_step", 3),
    ("object.subset", 2),
    ("array.slice", 3),
    ("json.marshal", 1),
    ("lower", 1),
    ("split", 2),
    ("to_number", 1),
    ("sum", 1),
    ("max", 1),
    ("type_name", 1),
    ("object.union", 2),
    ("semver.compare", 2),
    ("units.parse_bytes", 1),
    ("replace", 3),
    ("strings.replace_n", 2),
    ("walk", 1),
    ("net.cidr_contains", 2),
    ("base64.decode", 1),
    ("yaml.unmarshal", 1),
    ("glob.match", 3),
    ("format_int", 2),
    ("helper", 1),
    ("object.keys", 1),
];
const COMPARISONS: [&str; 6] = ["==", "!=", "<", ">=", "in", ":="];
const ARITHMETIC: [&str; 7] = ["+", "-", "*", "/", "%", "|", "&"];

impl<'a> Gen<'a> {
    pub fn new(pick: &'a mut dyn FnMut(u32) -> u32) -> Self {
        Gen { pick, depth: 0, bound: Vec::new(), simple: false, sane: false }
    }

    fn pick(&mut self, n: usize) -> usize {
        (self.pick)(n.max(1) as u32) as usize % n.max(1)
    }

    fn one<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.pick(items.len())]
    }

    /// A bound variable, now and then any (an unsafe variable is a compile error worth meeting).
    fn var(&mut self) -> &'static str {
        match self.bound.len() {
            0 => "input.kind",
            n if self.sane || self.pick(10) > 0 => {
                let index = self.pick(n);
                self.bound[index]
            }
            _ => self.one(&VARS),
        }
    }

    fn bind(&mut self) -> &'static str {
        let var = VARS[self.pick(VARS.len())];
        self.bound.push(var);
        var
    }

    /// A policy file: a package, rules, sometimes a syntax error.
    pub fn policy(&mut self) -> String {
        let package = self.one(&["main", "main", "kubernetes.admission", "user.kubernetes.ID001"]);
        let mut text = format!("package {package}\n\n");
        self.sane = self.pick(2) == 0;
        if self.pick(4) == 0 {
            text.push_str("import rego.v1\n\n");
        }
        for _ in 0..1 + self.pick(4) {
            text.push_str(&self.rule());
            text.push('\n');
        }
        match if self.sane { 2 } else { self.pick(12) } {
            0 => text.insert(self.pick(text.len() + 1).min(text.len()), '{'),
            1 => text.truncate(self.pick(text.len() + 1)),
            _ => {}
        }
        // The grammar is ASCII, so every byte index above was a character boundary.
        text
    }

    fn rule(&mut self) -> String {
        self.bound.clear();
        self.simple = self.sane || self.pick(2) == 0;
        if !self.sane && self.pick(3) == 0 {
            self.bound.push("x");
        }
        let body = self.body();
        let value = self.var();
        match if self.sane { [0, 1, 10][self.pick(3)] } else { self.pick(11) } {
            0 => format!("warn contains msg if {{\n{body}\tmsg := sprintf(\"%v\", [{value}])\n}}\n"),
            1 => format!("violation contains {{\"msg\": \"m\", \"x\": {}}} if {{\n{body}}}\n", self.term()),
            2 => format!("helper(x) := {} if {{\n{body}}}\n", self.term()),
            3 => format!("p := {} if {{\n{body}}} else := {}\n", self.term(), self.term()),
            4 => format!("default allow := false\n\nallow if {{\n{body}}}\n"),
            5 => format!("test_case if {{\n\tdeny with input as {}\n}}\n", self.term()),
            6 => format!("obj[k] := {} if {{\n\tsome k in [\"a\", \"b\"]\n{body}}}\n", self.term()),
            7 => "f(x) := f(x) if true\n".to_string(),
            8 => format!("deny[msg] {{\n{body}\tmsg := \"v0\"\n}}\n"),
            9 => format!("deny if {{\n{body}}}\n"),
            _ => format!("deny contains msg if {{\n{body}\tmsg := sprintf(\"%v\", [{value}])\n}}\n"),
        }
    }

    fn body(&mut self) -> String {
        (0..1 + self.pick(4)).map(|_| format!("\t{}\n", self.statement())).collect()
    }

    fn statement(&mut self) -> String {
        match if self.sane { [0, 5, 7, 8, 9][self.pick(5)] } else { self.pick(10) } {
            0 | 1 => {
                let collection = if self.pick(2) == 0 { self.input_ref() } else { self.term() };
                format!("some {} in {collection}", self.bind())
            }
            2 => format!("not {}", self.term()),
            3 => {
                let domain = self.term();
                format!("every {} in {domain} {{ {} }}", self.bind(), self.statement_shallow())
            }
            4 => format!("{} with input.kind as {}", self.term(), self.term()),
            5 | 6 => {
                let value = self.term();
                format!("{} := {value}", self.bind())
            }
            7 => self.input_ref(),
            _ => {
                let comparisons = if self.sane { &COMPARISONS[..5] } else { &COMPARISONS[..] };
                format!("{} {} {}", self.term(), self.one(comparisons), self.term())
            }
        }
    }

    fn statement_shallow(&mut self) -> String {
        format!("{} != {}", self.term(), self.term())
    }

    /// A term; deeper nesting gets likelier to end in a scalar, so sizes stay small.
    pub fn term(&mut self) -> String {
        self.depth += 1;
        let choice = match (self.simple, self.depth) {
            (true, 1) => [0, 1, 1, 2, 6][self.pick(5)],
            (true, _) | (false, 5..) => self.pick(3),
            (false, _) => self.pick(12),
        };
        let term = match choice {
            0 => self.one(&SCALARS).to_string(),
            1 => self.input_ref(),
            2 => self.var().to_string(),
            3 => format!("[{}, {}]", self.term(), self.term()),
            4 => format!("{{\"k\": {}, {}: {}}}", self.term(), self.term(), self.term()),
            5 => format!("{{{}}}", self.term()),
            6..=8 => self.call(),
            9 => {
                let (var, collection) = (self.one(&VARS), self.term());
                format!("[{var} | some {var} in {collection}]")
            }
            10 => format!("({} {} {})", self.term(), self.one(&ARITHMETIC), self.term()),
            _ => self.nested(),
        };
        self.depth -= 1;
        term
    }

    /// A term in brackets: mostly a few levels; now and then past Tollgate's nesting limit (the
    /// file is refused at once) or unbalanced (a syntax error).
    fn nested(&mut self) -> String {
        let depth = if self.pick(10) == 0 { 17 + self.pick(10) } else { 1 + self.pick(4) };
        let close = if self.pick(10) == 0 { self.pick(depth + 2) } else { depth };
        format!("{}{}{}", "[".repeat(depth), self.term(), "]".repeat(close))
    }

    fn input_ref(&mut self) -> String {
        let mut path = String::from("input");
        for _ in 0..1 + self.pick(3) {
            match self.pick(5) {
                0 => path.push_str("[_]"),
                1 => path.push_str("[0]"),
                _ => {
                    path.push('.');
                    path.push_str(self.one(&FIELDS));
                }
            }
        }
        path
    }

    fn call(&mut self) -> String {
        let (name, arity) = CALLS[self.pick(CALLS.len())];
        if self.sane && name == "helper" {
            return "count(input.metadata)".to_string();
        }
        let args: Vec<String> = (0..arity).map(|_| self.term()).collect();
        format!("{name}({})", args.join(", "))
    }

    /// An input document: a Kubernetes-shaped object with random values, as YAML (or JSON).
    pub fn document(&mut self) -> String {
        let kind = self.one(&["Pod", "Deployment", "ConfigMap", "Service"]);
        let value = self.json_value(0);
        let name = self.one(&["a", "b", "x-y"]);
        let labels = self.json_value(2);
        let doc = format!(
            "{{\"apiVersion\": \"v1\", \"kind\": \"{kind}\", \"metadata\": {{\"name\": \"{name}\", \"annotations\": {labels}}}, \"spec\": {value}}}"
        );
        match self.pick(6) {
            0 => format!("{doc}\n---\n{doc}\n"),
            1 => format!("{doc}\n---\n"),
            _ => format!("{doc}\n"),
        }
    }

    fn json_value(&mut self, depth: u32) -> String {
        let choice = if depth > 3 { self.pick(5) } else { self.pick(9) };
        match choice {
            0 => "null".to_string(),
            1 => self.one(&["0", "-7", "2.5", "1e300", "65536"]).to_string(),
            2 => self.one(&["true", "false"]).to_string(),
            3 | 4 => self.one(&["\"a\"", "\"\"", "\"10.0.0.0/16\"", "\"nginx:latest\"", "\"1.2.3\""]).to_string(),
            5 | 6 => {
                let items: Vec<String> = (0..self.pick(4)).map(|_| self.json_value(depth + 1)).collect();
                format!("[{}]", items.join(", "))
            }
            _ => {
                // Distinct keys: Kubernetes' YAML decoding (and so Tollgate's) refuses duplicates.
                let first = self.pick(FIELDS.len());
                let fields: Vec<String> = (0..self.pick(4))
                    .map(|i| format!("\"{}\": {}", FIELDS[(first + i) % FIELDS.len()], self.json_value(depth + 1)))
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
        }
    }
}
