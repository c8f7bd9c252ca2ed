//! Load-time checks (unknown and refused functions named with file and line, syntax errors
//! while the other files load), Tollgate's CIDR extensions used from a policy, and `run_tests`.

mod support;

use support::*;
use tollgate_policy::{run_tests, PolicyOptions, TestOutcome};

const GOOD: &str = r#"package main

import data.helpers
import rego.v1

deny contains msg if {
	some rule in input.ingress
	net.cidr_intersects(rule.cidr, "203.0.113.0/24")
	msg := sprintf("%s reaches the internet: narrow it", [helpers.describe(rule)])
}

merged := net.cidr_merge(["10.0.0.0/25", "10.0.0.128/25"])
"#;

const HELPERS: &str = "package helpers\n\nimport rego.v1\n\ndescribe(rule) := sprintf(\"rule %s\", [rule.name])\n";

const NETWORK: &str = "package main\n\nimport rego.v1\n\nremote := http.send({\"method\": \"get\", \"url\": \"https://example.com\"})\n\ndeny contains \"x\" if remote.status_code == 200\n";

const UNKNOWN: &str = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := crypto.x509.parse_certificates(input.cert)\n}\n";

const BROKEN: &str = "package main\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := \n}\n";

#[test]
fn unknown_and_refused_functions_and_syntax_errors_are_named_and_the_rest_loads() {
    let dir = tempdir();
    let files = [
        ("good.rego", GOOD),
        ("helpers.rego", HELPERS),
        ("net.rego", NETWORK),
        ("unknown.rego", UNKNOWN),
        ("broken.rego", BROKEN),
    ];
    let (set, errors) = policies(dir.path(), &files, PolicyOptions::default());
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].starts_with("policy/broken.rego:6 invalid Rego"), "{errors:#?}");
    assert!(
        errors[1].starts_with("policy/net.rego:5 the builtin `http.send` is refused: it sends HTTP requests"),
        "{errors:#?}"
    );
    assert!(
        errors[2].starts_with("policy/unknown.rego:6 unknown function `crypto.x509.parse_certificates`"),
        "{errors:#?}"
    );
    let rules: Vec<String> = set
        .rules
        .iter()
        .map(|r| format!("{} {}", r.id(), r.file.replace(&format!("{}/", dir.path().display()), "")))
        .collect();
    assert_eq!(rules, vec!["main.deny policy/good.rego"]);
}

#[test]
fn a_file_that_does_not_compile_is_dropped_and_the_others_still_run() {
    let dir = tempdir();
    write(dir.path(), "inputs/sg.json", "{\"ingress\": [{\"name\": \"ssh\", \"cidr\": \"203.0.113.0/24\"}]}\n");
    let unsafe_var = "package other\n\nimport rego.v1\n\ndeny contains msg if {\n\tx == 1\n\tmsg := \"never\"\n}\n";
    let graph = graph(dir.path());
    let options = PolicyOptions { all_namespaces: true, ..PolicyOptions::default() };
    let (set, errors) =
        policies(dir.path(), &[("good.rego", GOOD), ("helpers.rego", HELPERS), ("unsafe.rego", unsafe_var)], options);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("policy/unsafe.rego:6 invalid Rego: "), "{errors:?}");
    let outcome = tollgate_policy::evaluate(&graph, &set);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(findings(&outcome).len(), 1);
}

#[test]
fn cidr_extensions_run_inside_policies() {
    let dir = tempdir();
    write(dir.path(), "inputs/sg.json", "{\"ingress\": [\n  {\"name\": \"ssh\", \"cidr\": \"0.0.0.0/0\"},\n  {\"name\": \"vpn\", \"cidr\": \"10.8.0.0/16\"}\n]}\n");
    let (findings, outcome) =
        run(dir.path(), &[("good.rego", GOOD), ("helpers.rego", HELPERS)], PolicyOptions::default());
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(
        findings,
        vec!["main.deny high fail inputs/sg.json inputs/sg.json:1-4 rule ssh reaches the internet: narrow it"]
    );
}

#[test]
fn tests_pass_fail_and_error_each_with_file_and_line() {
    let dir = tempdir();
    write(dir.path(), "data/limits.json", "{\"limits\": {\"max_replicas\": 10}}");
    let tests = r#"package main_test

import data.main
import rego.v1

test_merge if main.merged == {"10.0.0.0/24"}

test_internet_denied if {
	count(main.deny) == 1 with input as {"ingress": [{"name": "any", "cidr": "0.0.0.0/0"}]}
}

test_data_is_loaded if data.limits.max_replicas == 10

test_wrong_expectation if count(main.deny) == 5 with input as {"ingress": []}

test_broken if {
	x := 1 / 0
	x == 1
}
"#;
    let files = [("good.rego", GOOD), ("helpers.rego", HELPERS), ("good_test.rego", tests)];
    // Strict: `1 / 0` is an error, not undefined (OPA's default, which would make the test fail).
    let options = PolicyOptions { data_paths: vec![dir.path().join("data")], strict: true, ..PolicyOptions::default() };
    let (set, errors) = policies(dir.path(), &files, options);
    assert!(errors.is_empty(), "{errors:?}");
    let run = run_tests(&set);
    let got: Vec<String> = run
        .results
        .iter()
        .map(|r| {
            let outcome = match &r.outcome {
                TestOutcome::Passed => "pass".to_string(),
                TestOutcome::Failed => "fail".to_string(),
                TestOutcome::Error(e) => format!("error: {}", e.replace(&format!("{}/", dir.path().display()), "")),
            };
            format!(
                "{}:{} {}.{} {}",
                r.file.replace(&format!("{}/", dir.path().display()), ""),
                r.line,
                r.package,
                r.name,
                outcome
            )
        })
        .collect();
    assert_eq!(
        got[..4],
        [
            "policy/good_test.rego:16 main_test.test_broken error: policy/good_test.rego:17:12: divide by zero",
            "policy/good_test.rego:12 main_test.test_data_is_loaded pass",
            "policy/good_test.rego:8 main_test.test_internet_denied pass",
            "policy/good_test.rego:6 main_test.test_merge pass",
        ]
    );
    assert_eq!(got[4], "policy/good_test.rego:14 main_test.test_wrong_expectation fail");
}
