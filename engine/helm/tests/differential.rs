//! Differential tests: every test chart under tests/charts (each with a `cases.toml` of `helm
//! template` invocations) rendered by real Helm 4.1.4 and by `tollgate_helm`, compared object by
//! object and byte by byte; failing cases compare Helm's `Error:` message with ours. One test per
//! chart (`cargo test -p tollgate-helm --test differential -- app`) and a summary of all. Helm comes
//! from `TOLLGATE_HELM` or scripts/fetch-tools.sh; without it the tests print `SKIP:` and pass.

#[path = "differential/cases.rs"]
mod cases;
#[path = "differential/compare.rs"]
mod compare;
#[path = "differential/helm.rs"]
mod helm;
#[path = "differential/run.rs"]
mod run;

use helm::{Helm, HelmOutput};
use run::{chart_names, charts_root, known_differences, run_charts};

fn check_charts(charts: &[String], what: &str) {
    let Some(helm) = Helm::find_or_skip(what) else {
        return;
    };
    let report = run_charts(&helm, charts);
    println!("{report}");
    let unexpected = report.unexpected(&known_differences());
    assert!(
        unexpected.is_empty(),
        "{what}: tollgate_helm does not render as helm {} expects:\n{}\n\n{report}",
        helm::HELM_VERSION,
        unexpected.join("\n")
    );
}

fn check_chart(chart: &str) {
    check_charts(&[chart.to_string()], &format!("the differential test of chart {chart}"));
}

/// One test per chart, and [`CHARTS`]: the charts they cover.
macro_rules! chart_tests {
    ($($test:ident => $chart:literal),* $(,)?) => {
        const CHARTS: &[&str] = &[$($chart),*];
        $( #[test] fn $test() { check_chart($chart); } )*
    };
}

chart_tests! {
    app => "app",
    umbrella => "umbrella",
    library_user => "library-user",
    whitespace => "whitespace",
    sprig => "sprig",
    lifecycle => "lifecycle",
    fail_required => "fail-required",
    fail_runtime => "fail-runtime",
    fail_unknown_function => "fail-unknown-function",
    fail_parse => "fail-parse",
    fail_missing_dependency => "fail-missing-dependency",
    storefront => "storefront",
    workers => "workers",
    gateway_stack => "gateway-stack",
    value_types => "value-types",
    yaml_output => "yaml-output",
    manifest_shapes => "manifest-shapes",
    shared_state => "shared-state",
    helm_objects => "helm-objects",
    legacy_v1 => "legacy-v1",
    fail_comment_spacing => "fail-comment-spacing",
}

/// All charts at once: the table of which cases agree.
#[test]
fn summary() {
    check_charts(&chart_names(), "the differential summary");
}

#[test]
fn every_test_chart_has_its_test() {
    let mut listed: Vec<String> = CHARTS.iter().map(|chart| chart.to_string()).collect();
    listed.sort();
    assert_eq!(chart_names(), listed, "a chart under tests/charts needs its line in chart_tests!");
}

#[test]
fn every_case_reads_and_names_existing_files() {
    for chart in chart_names() {
        let directory = charts_root().join(&chart);
        let cases = cases::read_cases(&directory).unwrap_or_else(|error| panic!("{error}"));
        for case in cases {
            let request = case.request(&directory).unwrap_or_else(|error| panic!("{chart}/{}: {error}", case.name));
            assert!(request.chart.exists(), "{chart}/{}: {} does not exist", case.name, request.chart.display());
            let set_files = request.values.set_file.iter().flat_map(|argument| argument.split(','));
            for file in set_files.filter_map(|pair| pair.split_once('=').map(|(_, file)| file)) {
                assert!(
                    std::path::Path::new(file).is_file(),
                    "{chart}/{}: --set-file {file} does not exist",
                    case.name
                );
            }
        }
    }
}

/// The harness checked on real output: Helm agrees with itself, and a doctored copy of its output
/// (a value changed, an object dropped, an indentation changed) is caught.
#[test]
fn the_comparison_catches_doctored_helm_output() {
    let Some(helm) = Helm::find_or_skip("the harness self-check") else {
        return;
    };
    let directory = charts_root().join("app");
    let case = cases::read_cases(&directory).unwrap_or_else(|error| panic!("{error}")).remove(0);
    let first = helm.template(&case.helm_arguments(&directory));
    let second = helm.template(&case.helm_arguments(&directory));
    let HelmOutput::Manifests(output) = &first else {
        panic!("helm failed on app/{}: {first:?}", case.name);
    };
    assert_eq!(run::differences(&second, &Ok(output.clone())), Vec::<String>::new());

    let changed_port = output.replacen("port: 80", "port: 81", 1);
    assert_ne!(&changed_port, output, "the app chart's output has a port 80");
    let found = run::differences(&first, &Ok(changed_port));
    assert!(found.iter().any(|d| d.starts_with("object: ") && d.contains("helm has 80, ours has 81")), "{found:?}");

    let documents = compare::split_documents(output);
    let dropped = &documents[documents.len() - 1];
    let without_last = &output[..output.rfind("---\n").unwrap_or(0)];
    let found = run::differences(&first, &Ok(without_last.to_string()));
    assert!(
        found.iter().any(|d| d.starts_with("object: missing object: ") && d.contains(&dropped.source)),
        "{found:?}"
    );

    let reindented = output.replacen("\n  ", "\n   ", 1);
    let found = run::differences(&first, &Ok(reindented));
    assert!(found.iter().any(|d| d.starts_with("text differs at line")), "{found:?}");
}

/// On every case, Helm's own result passed off as ours shows no difference (no false alarm from
/// the splitting of odd outputs), and the same output without its last document does.
#[test]
fn helms_own_output_agrees_with_itself_and_loses_a_document_visibly() {
    let Some(helm) = Helm::find_or_skip("the harness check on every case") else {
        return;
    };
    for chart in chart_names() {
        let directory = charts_root().join(&chart);
        for case in cases::read_cases(&directory).unwrap_or_else(|error| panic!("{error}")) {
            let label = format!("{chart}/{}", case.name);
            let theirs = helm.template_once(&case.helm_arguments(&directory));
            let as_ours = match &theirs {
                HelmOutput::Manifests(output) => Ok(output.clone()),
                HelmOutput::Error(message) => Err(message.clone()),
            };
            assert_eq!(run::differences(&theirs, &as_ours), Vec::<String>::new(), "{label}");
            if let HelmOutput::Manifests(output) = &theirs {
                let without_last = &output[..output.rfind("---\n").unwrap_or(0)];
                let found = run::differences(&theirs, &Ok(without_last.to_string()));
                assert!(found.iter().any(|d| d.starts_with("object: missing object: ")), "{label}: {found:?}");
            }
        }
    }
}
