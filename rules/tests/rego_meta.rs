//! The build-time reader of Rego rules' `# METADATA` (`build/rego_meta.rs`): what it accepts and
//! the messages that stop the build.

#[path = "../build/rego_meta.rs"]
#[allow(dead_code)]
mod rego_meta;

const GOOD: &str = "# Header comment.\n\n# METADATA\n# title: Something is off\n# description: |\n#   ## What it does\n#   Checks.\n#\n#   ## Why is this bad?\n#   Because.\n# custom:\n#   id: TG399\n#   slug: something-off\n#   severity: HIGH\n#   category: least-privilege\n#   references: [\"CWE-1\"]\npackage tollgate.rules.something_off\n\nimport rego.v1\n";

#[test]
fn reads_the_package_metadata() {
    let meta = rego_meta::read("TG399-something-off", GOOD).expect("valid metadata");
    assert_eq!(
        (meta.id.as_str(), meta.slug.as_str(), meta.title.as_str()),
        ("TG399", "something-off", "Something is off")
    );
    assert_eq!((meta.severity, meta.category), ("High", "LeastPrivilege"));
    assert_eq!(meta.references, vec!["CWE-1".to_string()]);
    assert_eq!(meta.docs, "## What it does\nChecks.\n\n## Why is this bad?\nBecause.\n");
    let module = meta.render_module("/x/policy.rego");
    assert!(module.contains("tollgate_model::Severity::High") && module.contains("include_str!(\"/x/policy.rego\")"));
}

#[test]
fn missing_or_invalid_metadata_is_named() {
    let error = |folder: &str, text: &str| rego_meta::read(folder, text).err().unwrap_or_default();
    assert!(error("TG399-something-off", "package tollgate.rules.something_off\n").contains("no `# METADATA`"));
    assert!(error("TG399-something-off", "# METADATA\n# title: x\n").contains("no `package` line"));
    assert!(error("TG398-something-off", GOOD).contains("folder must be named `TG399-something-off`"));
    assert!(error("TG399-something-off", &GOOD.replace("severity: HIGH", "severity: urgent"))
        .contains("custom.severity `urgent`"));
    assert!(error("TG399-something-off", &GOOD.replace("category: least-privilege", "category: safety"))
        .contains("custom.category `safety`"));
    assert!(error("TG399-something-off", &GOOD.replace("#   slug: something-off\n", "")).contains("custom.slug"));
    assert!(error("TG399-something-off", &GOOD.replace("rules.something_off", "rules.other"))
        .contains("package must be `tollgate.rules.something_off`"));
    assert!(error("TG399-something-off", &GOOD.replace("# title: Something is off\n", "# title: [unclosed\n"))
        .contains("not valid YAML"));
}
