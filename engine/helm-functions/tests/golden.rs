//! Golden outputs of real Helm 4.1.4 (`tests/golden/regenerate.sh`): every line of `templates.txt`
//! rendered over `values.yaml`, read as Helm reads a values file, must print what Helm printed.

use tollgate_gotemplate::{Templates, Value};

fn render(template: &str, data: &Value) -> String {
    let (functions, _) = tollgate_helm_functions::functions("golden");
    let mut set = Templates::with_functions(functions);
    let out = match set.parse("t", template) {
        Ok(()) => set.execute("t", data).map_err(|error| error.to_string()),
        Err(error) => Err(error.to_string()),
    };
    // Helm shows no value as nothing; the capture dropped trailing newlines.
    let out = out.unwrap_or_else(|error| format!("ERROR {error}")).replace("<no value>", "");
    out.trim_end_matches('\n').replace('\n', "~")
}

#[test]
fn outputs_match_helm() {
    let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/");
    let read = |name: &str| std::fs::read_to_string(format!("{golden}{name}")).expect("golden file");
    let values = tollgate_helm_values::read_values_file("values.yaml", &read("values.yaml")).expect("values");
    let expected = read("helm-4.1.4.txt");
    let mut compared = 0;
    let mut failures = Vec::new();
    for line in expected.lines() {
        let (template, output) = line.split_once("\t=> ").expect("a golden line");
        let output = output.strip_suffix('~').unwrap_or(output).trim_end_matches('~');
        // Each line renders over fresh values: templates may change them with `set`.
        let data = Value::from(serde_json::json!({ "Values": serde_json::Value::Object(values.clone()) }));
        let got = render(template, &data);
        if got != output {
            failures.push(format!("{template}\n  helm: {output}\n  ours: {got}"));
        }
        compared += 1;
    }
    assert_eq!(compared, read("templates.txt").lines().count());
    assert!(failures.is_empty(), "{} of {compared} differ:\n{}", failures.len(), failures.join("\n"));
}
