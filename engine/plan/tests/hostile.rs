//! Plans that are wrong in every way still load without a panic; what is wrong is an error.

use std::path::Path;
use tollgate_model::{FileId, GraphBuilder, SourceFile, SourceMap};
use tollgate_plan::{attach, is_plan, parse, AttachOptions};

const HEAD: &str = r#""format_version": "1.2", "terraform_version": "1.11.4""#;

/// Parses `text` as `plan.json` and attaches it to an empty graph; answers the error messages.
fn load(text: &str) -> Vec<String> {
    let source = SourceFile { path: "plan.json".to_string(), text: text.into() };
    let mut plan = parse(FileId(0), &source, Path::new("/nonexistent/plan.json"));
    let mut sources = SourceMap::new();
    sources.add("plan.json", plan.text.as_str());
    let mut builder = GraphBuilder::new(Vec::new());
    let options = AttachOptions {
        config_dir: None,
        scanned: &[],
        display_path: &|p| p.display().to_string(),
        max_file_bytes: 1 << 20,
    };
    let attached = attach(&mut builder, &mut sources, plan.plan.take().into_iter().collect(), &options);
    let _graph = builder.build(sources);
    plan.errors.iter().chain(&attached.errors).map(|e| format!("{}:{} {}", e.line, e.column, e.message)).collect()
}

#[test]
fn malformed_plans_are_errors_not_crashes() {
    let cases = [
        format!("{{{HEAD}, \"planned_values\": []}}"),
        format!("{{{HEAD}, \"planned_values\": {{\"root_module\": {{\"resources\": [1, null, {{}}]}}}}}}"),
        format!(
            "{{{HEAD}, \"planned_values\": {{\"root_module\": {{\"resources\": [{{\"address\": \"a.b\", \"type\": \"a\", \
             \"name\": \"b\", \"index\": {{}}, \"values\": [1], \"sensitive_values\": true}}], \"child_modules\": \
             [{{\"address\": \"module.\", \"resources\": [{{\"address\": \"module..x.y\", \"type\": \"x\", \"name\": \
             \"y\", \"values\": {{\"v\": 1}}}}]}}]}}}}, \"resource_changes\": [{{\"address\": \"a.b\", \"change\": \
             {{\"actions\": \"delete\", \"after_unknown\": [true], \"after_sensitive\": 7}}}}, 5], \"configuration\": \
             {{\"root_module\": {{\"module_calls\": {{\"m\": {{\"source\": 3}}}}, \"resources\": [{{\"address\": \
             \"a.b\", \"expressions\": {{\"x\": {{\"references\": [1, \"a.b[\\\"unterminated\"]}}}}}}]}}}}}}"
        ),
        format!("{{{HEAD}, \"resource_changes\": [{{\"address\": \"x.y\", \"change\": {{\"actions\": [\"delete\"]}}}}]}}"),
        format!("{{{HEAD}, \"planned_values\": {}}}", "[".repeat(500)),
        format!("{{{HEAD}, \"planned_values\": {{}}, \"errored\": true}}"),
        r#"{"format_version": "2.0", "terraform_version": "9.0.0", "planned_values": {}}"#.to_string(),
        r#"{"format_version": 1, "terraform_version": "1.0.0", "planned_values": {}}"#.to_string(),
    ];
    for text in &cases {
        assert!(is_plan(text) || text.contains("[[["), "{text}");
        let _ = load(text);
    }
    assert!(load(&cases[4])[0].contains("plan JSON is malformed"));
    assert!(load(&cases[5])[0].contains("errored: true"));
    assert!(load(&cases[6])[0].starts_with("1:20 plan format_version `2.0` is not supported"), "{:?}", load(&cases[6]));
    assert!(load(&cases[1]).iter().all(|e| e.contains("lacks `address`, `type` or `name`")));
}
