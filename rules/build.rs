//! Registers the rule catalog: every `rules/TG*/rule.rs` folder becomes a module and an entry of
//! `all()`, with the file's leading `//!` lines as the rule's documentation (a `rule.rs` without
//! `pub fn check` is a built-in rule: documented here, reported by the pipeline); every
//! `rules/TG*/policy.rego` folder becomes an embedded Rego policy and an entry of `all()`, its
//! metadata and documentation read from the package's `# METADATA` block (see `rego_meta.rs`);
//! every `src/support/*.rs` becomes a `support` module. Adding a rule is adding a folder.

#[path = "build/rego_meta.rs"]
mod rego_meta;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// One discovered rule folder.
struct RuleFolder {
    /// `TG101-security-group-open-admin-port`
    folder: String,
    /// `tg101_security_group_open_admin_port`
    module: String,
    file: PathBuf,
    kind: RuleKind,
}

enum RuleKind {
    /// `rule.rs` with a `pub fn check`: its leading `//!` documentation.
    Native { docs: String },
    /// `rule.rs` without a `check`: a built-in rule the pipeline reports (its findings come from
    /// what loading says, made by the functions the file exports).
    Builtin { docs: String },
    /// `policy.rego`: what its package `# METADATA` declares.
    Rego(rego_meta::RegoMeta),
}

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    // The directories themselves are watched so that a new folder or file re-runs this script.
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", manifest_dir.display());
    let support_dir = manifest_dir.join("src").join("support");
    println!("cargo:rerun-if-changed={}", support_dir.display());

    let rules = discover_rules(&manifest_dir);
    let support = discover_support(&support_dir);

    fs::write(out_dir.join("catalog.rs"), render_catalog(&rules)).expect("write catalog.rs");
    fs::write(out_dir.join("catalog_tests.rs"), render_catalog_tests(&rules)).expect("write catalog_tests.rs");
    fs::write(out_dir.join("support.rs"), render_support(&support)).expect("write support.rs");
}

fn discover_rules(manifest_dir: &Path) -> Vec<RuleFolder> {
    let mut rules = Vec::new();
    let entries = fs::read_dir(manifest_dir).expect("read the rules directory");
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(folder) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        if !path.is_dir() || !folder.starts_with("TG") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let (native, rego) = (path.join("rule.rs"), path.join("policy.rego"));
        let file = match (native.is_file(), rego.is_file()) {
            (true, false) => native,
            (false, true) => rego,
            (true, true) => panic!("rule folder `{folder}` has both rule.rs and policy.rego; keep exactly one"),
            (false, false) => panic!("rule folder `{folder}` has neither rule.rs (native) nor policy.rego (Rego)"),
        };
        println!("cargo:rerun-if-changed={}", file.display());
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
        let kind = if file.ends_with("policy.rego") {
            RuleKind::Rego(
                rego_meta::read(&folder, &text).unwrap_or_else(|e| panic!("rules/{folder}/policy.rego: {e}")),
            )
        } else if text.contains("pub fn check(") {
            RuleKind::Native { docs: leading_docs(&text) }
        } else {
            RuleKind::Builtin { docs: leading_docs(&text) }
        };
        rules.push(RuleFolder { module: module_name(&folder), folder, file, kind });
    }
    rules.sort_by(|a, b| a.folder.cmp(&b.folder));
    for pair in rules.windows(2) {
        if pair[0].module == pair[1].module {
            panic!("rule folders `{}` and `{}` map to the same module name", pair[0].folder, pair[1].folder);
        }
    }
    rules
}

fn discover_support(support_dir: &Path) -> Vec<(String, PathBuf)> {
    let mut modules = Vec::new();
    let Ok(entries) = fs::read_dir(support_dir) else { return modules };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        if path.extension().and_then(|e| e.to_str()) != Some("rs") || stem == "mod" {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let module = module_name(&stem);
        if module != stem {
            panic!("support file `{}` must be named as a Rust module (`{module}.rs`)", path.display());
        }
        modules.push((module, path));
    }
    modules.sort();
    modules
}

/// A valid Rust identifier from a folder name: lower case, `-` and other punctuation become `_`.
fn module_name(folder: &str) -> String {
    let mut name: String =
        folder.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

/// The leading `//!` lines of a file, without the `//! ` prefix, as markdown.
fn leading_docs(text: &str) -> String {
    let mut docs = String::new();
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix("//!") else { break };
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        docs.push_str(rest.trim_end());
        docs.push('\n');
    }
    docs.trim().to_string() + "\n"
}

fn render_catalog(rules: &[RuleFolder]) -> String {
    let mut out = String::from("// Generated by rules/build.rs from the rule folders. Do not edit.\n\n");
    for rule in rules {
        let file = rule.file.display().to_string();
        match &rule.kind {
            RuleKind::Native { .. } => {
                let _ = writeln!(out, "#[path = {file:?}]\nmod {};", rule.module);
            }
            RuleKind::Builtin { .. } => {
                let _ = writeln!(out, "#[path = {file:?}]\npub mod {};", rule.module);
            }
            RuleKind::Rego(meta) => {
                let _ = writeln!(out, "mod {} {{\n{}}}", rule.module, meta.render_module(&file));
            }
        }
    }
    out.push_str(
        "\n/// Every rule folder, in folder (= id) order.\npub(crate) fn generated() -> Vec<RuleDef> {\n    vec![\n",
    );
    for rule in rules {
        let (docs, check) = match &rule.kind {
            RuleKind::Native { docs } => (docs, format!("Check::Native({}::check)", rule.module)),
            RuleKind::Builtin { docs } => (docs, "Check::Builtin".to_string()),
            RuleKind::Rego(meta) => (&meta.docs, format!("Check::Rego({}::POLICY)", rule.module)),
        };
        let folder = format!("rules/{}", rule.folder);
        let _ = writeln!(
            out,
            "        RuleDef {{ meta: &{m}::META, docs: {docs:?}, folder: {folder:?}, check: {check} }},",
            m = rule.module
        );
    }
    out.push_str("    ]\n}\n");
    out
}

/// One test per rule folder for `tests/catalog.rs`, so a rule's cases run alone by its id.
fn render_catalog_tests(rules: &[RuleFolder]) -> String {
    let mut out = String::from("// Generated by rules/build.rs from the rule folders. Do not edit.\n\n");
    for rule in rules {
        let name = rule.folder.replace('-', "_");
        let id = rule.folder.split('-').next().unwrap_or_default();
        let _ = writeln!(out, "#[test]\n#[allow(non_snake_case)]\nfn {name}() {{\n    check_rule({id:?});\n}}\n");
    }
    out
}

fn render_support(modules: &[(String, PathBuf)]) -> String {
    let mut out = String::from("// Generated by rules/build.rs from src/support/*.rs. Do not edit.\n\n");
    for (module, path) in modules {
        let _ = writeln!(out, "#[path = {:?}]\npub mod {module};", path.display().to_string());
    }
    out
}
