//! Parameterised tests (OPA 1.2+): `test_x[name] if { some name, case in cases; ... }` is one
//! test per value of `name`. The rule's value holds only the cases that passed, so the cases
//! themselves are found with a helper rule: the body up to the statement that first names the
//! parameter, in the same package and with the same imports, collecting the parameter's values.
//! A case the helper finds and the test's value lacks has failed.

use regorus::unstable::{Expr, Module, Rule, RuleHead};

/// The package rule (in the helper module) holding the cases of test `name`.
pub(crate) fn cases_rule(name: &str) -> String {
    format!("__tollgate_cases_{name}")
}

/// Each parameterised `test_*` rule of `module`: its name, line and the helper module's text.
pub(crate) fn parameterised_tests(module: &Module, package: &str) -> Vec<(String, u32, String)> {
    // `rego.v1` and `future.keywords` are the helper's own (it is written in Rego v1).
    let imports: Vec<&str> = module
        .imports
        .iter()
        .map(|i| i.span.text())
        .filter(|i| !i.contains("rego.v1") && !i.contains("future.keywords"))
        .collect();
    let mut tests = Vec::new();
    for rule in &module.policy {
        let Rule::Spec { head: RuleHead::Compr { refr, .. }, bodies, span } = rule.as_ref() else { continue };
        let Expr::RefBrack { refr: base, index, .. } = refr.as_ref() else { continue };
        let (Expr::Var { span: name, .. }, Expr::Var { span: parameter, .. }) = (base.as_ref(), index.as_ref()) else {
            continue;
        };
        let (name, parameter) = (name.text(), parameter.text());
        if !name.starts_with("test_") {
            continue;
        }
        let definitions: Vec<String> = bodies
            .iter()
            .filter_map(|body| {
                let stmts: Vec<&str> = body.query.stmts.iter().map(|s| s.span.text()).collect();
                let binding = stmts.iter().position(|s| names_variable(s, parameter))?;
                let prefix = stmts[..=binding].join("\n\t");
                Some(format!("{} contains {parameter} if {{\n\t{prefix}\n}}\n", cases_rule(name)))
            })
            .collect();
        let helper =
            format!("package {package}\n\nimport rego.v1\n{}\n\n{}", imports.join("\n"), definitions.join("\n"));
        tests.push((name.to_string(), span.line, helper));
    }
    tests
}

/// Whether `text` uses `variable` as a whole word.
fn names_variable(text: &str, variable: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == variable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(names_variable("some name, tc in cases", "name"));
        assert!(!names_variable("some names in cases", "name"));
        assert!(!names_variable("x := rename", "name"));
    }
}
