//! Unit tests of [`super::strict_errors`]: each check, what it reports and what it leaves alone.

use super::*;
use crate::ast_walk::parse_for_test;

/// The strict errors of `text` (a module after `package t`), as `line:column message`.
fn errors(text: &str) -> Vec<String> {
    let module = parse_for_test(&format!("package t\n\n{text}\n"));
    let defined: BTreeSet<String> = crate::builtins::defined_functions(&module).into_iter().collect();
    strict_errors(&module, "t.rego", &defined)
        .into_iter()
        .map(|e| format!("{}:{} {}", e.line, e.column, e.message))
        .collect()
}

fn none(text: &str) {
    assert_eq!(errors(text), Vec::<String>::new(), "{text}");
}

#[test]
fn an_assignment_never_read_is_reported_at_its_statement() {
    assert_eq!(errors("p if {\n\tb := 1\n}"), vec!["4:2 assigned var b unused"]);
    assert_eq!(errors("p if {\n\t[a, b] := [1, 2]\n\ta > 0\n}"), vec!["4:2 assigned var b unused"]);
    assert_eq!(errors("p := [1 | x := 2]"), vec!["3:11 assigned var x unused"], "inside a comprehension");
    none("p if {\n\tb := 1\n\tb > 0\n}");
    none("p := b if {\n\tb := 1\n}");
    none("q contains b if {\n\tb := 1\n}");
    none("p if {\n\t_ := 1\n}");
    none("p := [y | y := 1]");
    none("p[k] := v if {\n\tk := \"a\"\n\tv := 1\n}");
    none("f(a) := x if {\n\tx := a\n}");
    none("q contains [a, b] if {\n\ta := 1\n\tb := 2\n}");
    none("p if {\n\tb := 1\n\tc := [x | x := b]\n\tcount(c) > 0\n}");
    none("p if {\n\tb := 1\n\tevery x in [1] {\n\t\tx < b\n\t}\n}");
    none("p := v if {\n\tv := 1\n\tfalse\n} else := w if {\n\tw := 2\n}");
}

#[test]
fn a_comprehension_that_assigns_the_same_name_has_its_own_variable() {
    let found = errors("p if {\n\ty := 5\n\tz := [y | y := 1]\n\tcount(z) > 0\n}");
    assert_eq!(found, vec!["4:2 assigned var y unused"]);
    none("p if {\n\ty := 5\n\tz := [y | y := 1]\n\tcount(z) > y\n}");
}

#[test]
fn a_function_argument_never_read_is_reported() {
    assert_eq!(errors("f(x, y) := y"), vec!["3:3 unused argument x. (hint: use _ (wildcard variable) instead)"]);
    none("f(_, y) := y");
    none("f(x) if {\n\tx > 1\n}");
}

#[test]
fn duplicate_and_unused_imports_are_reported() {
    let found = errors("import data.a.foo\nimport input.foo\n\np if foo.x");
    assert_eq!(found, vec!["4:1 import must not shadow import data.a.foo"]);
    assert_eq!(errors("import data.a.foo\n\np := 1"), vec!["3:1 import data.a.foo unused"]);
    assert_eq!(errors("import data.a.foo as bar\n\np := 1"), vec!["3:1 import data.a.foo as bar unused"]);
    none("import rego.v1\n\np := 1");
    none("import future.keywords.in\n\np := 1");
    none("import data.a.foo as bar\n\np := bar.x");
    none("import input.spec\n\np if spec.x");
}

#[test]
fn input_and_data_as_names_are_reported() {
    assert_eq!(errors("f(input) := 1"), vec!["3:3 args must not shadow input (use a different variable name)"]);
    none("p if input.x == data.y");
}

#[test]
fn deprecated_builtins_are_reported_unless_the_policy_defines_the_function() {
    assert_eq!(errors("p := any([true, false])"), vec!["3:6 deprecated built-in function calls in expression: any"]);
    assert_eq!(
        errors("p if re_match(\"a\", \"a\")"),
        vec!["3:6 deprecated built-in function calls in expression: re_match"]
    );
    none("any(xs) if true in xs\n\np := any([true, false])");
    none("p := regex.match(\"a\", \"a\")");
}

/// Tollgate's own Rego (never checked at run time) is clean under strict mode: no false
/// positives on valid policies, and a sample of real-world shapes for the checks.
#[test]
fn the_bundled_library_and_rules_pass_the_strict_checks() {
    let rules_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut sources = vec![("lib/tollgate.rego".to_string(), crate::LIBRARY.to_string())];
    for entry in std::fs::read_dir(&rules_dir).expect("rules dir").flatten() {
        let path = entry.path().join("policy.rego");
        if let Ok(text) = std::fs::read_to_string(&path) {
            sources.push((path.display().to_string(), text));
        }
    }
    assert!(sources.len() > 5, "found {} policies", sources.len());
    for (path, text) in sources {
        let module = parse_for_test(&text);
        let defined: BTreeSet<String> = crate::builtins::defined_functions(&module).into_iter().collect();
        assert_eq!(strict_errors(&module, &path, &defined), Vec::new(), "{path}");
    }
}

#[test]
fn an_import_used_only_as_a_function_is_used() {
    none("import data.lib\n\np if lib.is_ok(input)");
    none("import data.lib\n\np if {\n\tsome x in lib.items(input)\n\tx > 1\n}");
}
