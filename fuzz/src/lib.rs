//! What every fuzz target drives: one scan through Tollgate's library entry points (the
//! loader with the document as piped input, the policy loader on a policy directory, the
//! evaluator, the JSON report writer), which must end with a report whatever the policy says.
//! A panic escaping any of them, an abort, a hang or a blow-up is a finding of the fuzzer.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;
use tollgate_load::{load, LoadOptions, Piped};
use tollgate_policy::{evaluate, PolicyOptions, PolicySet};
use tollgate_reports::{render_json, ScanReport};

/// Splits a fuzz input into a policy and a document at the first `\n----\n` (the seed corpus
/// is written that way); without one, the whole input is the policy and the document is a Pod.
pub fn split_case(text: &str) -> (&str, &str) {
    text.split_once("\n----\n").unwrap_or((text, DEFAULT_DOCUMENT))
}

const DEFAULT_DOCUMENT: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: fuzz\nspec:\n  containers:\n    - name: app\n      image: nginx:latest\n      securityContext:\n        privileged: true\n";

/// The policy directory, one per process (libFuzzer runs one input at a time per process).
fn policy_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tollgate-fuzz-{}", std::process::id())).join("policy");
        std::fs::create_dir_all(&dir).expect("create the fuzz policy directory");
        dir
    })
}

/// Scans `document` with `policy` and checks the report is JSON with findings and errors.
pub fn scan_once(policy: &str, document: &str) {
    std::fs::write(policy_dir().join("fuzz.rego"), policy).expect("write the fuzz policy");
    let mut options = LoadOptions::new(Vec::new());
    options.piped = Some(Piped { name: "fuzz.yaml".into(), bytes: document.as_bytes().to_vec() });
    options.keep_documents = true;
    let Ok(loaded) = load(&options) else { return };
    // A short limit: a policy that loops is stopped like any other, and the fuzzer moves on.
    let policy_options =
        PolicyOptions { all_namespaces: true, time_limit: Duration::from_millis(250), ..PolicyOptions::default() };
    let (policies, mut errors) = PolicySet::load(&[policy_dir().clone()], policy_options);
    let outcome = evaluate(&loaded.graph, &policies);
    errors.extend(loaded.errors);
    errors.extend(outcome.errors);
    let report = ScanReport {
        tool_version: "fuzz".into(),
        findings: outcome.findings,
        errors,
        skipped: loaded.skipped,
        files_scanned: loaded.files_scanned,
        resources: loaded.graph.len(),
        exceptions: outcome.exceptions.len(),
        ..ScanReport::default()
    };
    let json: serde_json::Value = serde_json::from_str(&render_json(&report)).expect("the JSON report parses");
    assert!(json["findings"].is_array() && json["errors"].is_array(), "a report has findings and errors");
}

/// Parses `text` as a template and executes it on values shaped like a chart's, with the Sprig and Helm
/// functions and tight limits, so that a blow-up shows as a limit error and anything else as a finding.
pub fn render_template_once(text: &str) {
    use tollgate_gotemplate::{Limits, Options, Templates, Value};
    let limits = Limits {
        max_output_bytes: 1 << 20,
        max_range_iterations: 100_000,
        max_template_depth: 100,
        ..Limits::default()
    };
    let (functions, _) = tollgate_helm_functions::functions("fuzz");
    let mut templates = Templates::with_functions(functions).with_options(Options { limits, ..Options::default() });
    if templates.parse("fuzz", text).is_err() {
        return;
    }
    let data = Value::from(serde_json::json!({
        "Values": {"replicas": 3.0, "image": {"repository": "nginx", "tag": "1.27"}, "list": [1.0, "a", null],
                   "map": {"b": true, "a": {"x": "y"}}, "empty": {}},
        "Release": {"Name": "fuzz", "Namespace": "default"},
        "Chart": {"Name": "fuzz", "Version": "0.1.0"}
    }));
    let _ = templates.execute("fuzz", &data);
}

/// The values a fuzzed chart template reads when its input carries none.
const DEFAULT_VALUES: &str = "replicas: 3\nimage:\n  repository: nginx\n  tag: \"1.27\"\nlist: [1, a, null]\nmap:\n  b: true\n  a: {x: y}\n  t: \"{{ .Release.Name }}\"\nempty: {}\n";

/// The chart directory, one per process, whose single template and values each input rewrites.
fn chart_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tollgate-fuzz-chart-{}", std::process::id())).join("fuzz");
        std::fs::create_dir_all(dir.join("templates")).expect("create the fuzz chart directory");
        std::fs::write(dir.join("Chart.yaml"), "apiVersion: v2\nname: fuzz\nversion: 0.1.0\nappVersion: \"1.0\"\n")
            .expect("write the fuzz Chart.yaml");
        dir
    })
}

/// Renders a one-template chart as `helm template` does (Helm's `include`, `tpl`, `required`, `fail`,
/// `lookup`, the objects, the manifest split and sort): the input is the template, then optionally
/// `\n----\n` and the chart's values.yaml. It must end in output or an error.
pub fn render_chart_template_once(text: &str) {
    let (template, values) = text.split_once("\n----\n").unwrap_or((text, DEFAULT_VALUES));
    let dir = chart_dir();
    std::fs::write(dir.join("templates/fuzz.yaml"), template).expect("write the fuzz template");
    std::fs::write(dir.join("values.yaml"), values).expect("write the fuzz values");
    let request = tollgate_helm::TemplateRequest { chart: dir.clone(), ..tollgate_helm::TemplateRequest::default() };
    if let Ok(rendered) = tollgate_helm::render(&request) {
        let _ = tollgate_helm::template_output(&rendered);
    }
}
