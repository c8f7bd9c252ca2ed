//! Running every case of the test charts with real Helm and with `tollgate_helm`, in parallel, and
//! reporting per case what differs.

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::cases::{read_cases, Case};
use crate::compare::{compare_objects, compare_text, unparsed_documents};
use crate::helm::{Helm, HelmOutput};

/// The test charts' directory.
pub fn charts_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/charts")
}

/// The test charts: each directory of [`charts_root`] holding a `cases.toml`, sorted.
pub fn chart_names() -> Vec<String> {
    let entries = std::fs::read_dir(charts_root()).unwrap_or_else(|error| panic!("tests/charts: {error}"));
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("cases.toml").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What one case gave: problems of the test chart itself (Helm no longer does what the case says)
/// and differences between Helm and us.
#[derive(Debug, Default)]
pub struct CaseOutcome {
    pub label: String,
    pub chart_problems: Vec<String>,
    pub differences: Vec<String>,
}

/// The case labels (`chart/case`) listed in tests/charts/KNOWN_DIFFERENCES: cases where the renderer is
/// known not to agree with Helm yet, each under a comment saying why.
pub fn known_differences() -> Vec<String> {
    let text = std::fs::read_to_string(charts_root().join("KNOWN_DIFFERENCES")).unwrap_or_default();
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')).map(String::from).collect()
}

/// The outcomes of a run, in chart and case order.
pub struct Report {
    pub outcomes: Vec<CaseOutcome>,
}

impl Report {
    /// What is wrong given the cases known to differ (tests/charts/KNOWN_DIFFERENCES): a test chart
    /// problem, a difference in a case not listed, or a listed case that now agrees (to take off the list).
    pub fn unexpected(&self, known: &[String]) -> Vec<String> {
        let mut wrong = Vec::new();
        for outcome in &self.outcomes {
            let listed = known.contains(&outcome.label);
            if !outcome.chart_problems.is_empty() {
                wrong.push(format!("{}: the test chart no longer does what its case says", outcome.label));
            } else if outcome.differences.is_empty() && listed {
                wrong.push(format!("{} now agrees with Helm: take it off KNOWN_DIFFERENCES", outcome.label));
            } else if !outcome.differences.is_empty() && !listed {
                wrong.push(format!("{} differs from Helm", outcome.label));
            }
        }
        wrong
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let agreeing = self.outcomes.iter().filter(|o| o.differences.is_empty()).count();
        let broken_charts = self.outcomes.iter().filter(|o| !o.chart_problems.is_empty()).count();
        writeln!(
            f,
            "{} cases: {agreeing} render as Helm does, {} differ, {broken_charts} with a test chart problem",
            self.outcomes.len(),
            self.outcomes.len() - agreeing
        )?;
        for outcome in &self.outcomes {
            let verdict = if outcome.differences.is_empty() { "agrees" } else { "DIFFERS" };
            writeln!(f, "  {:<40} {verdict}", outcome.label)?;
            for problem in &outcome.chart_problems {
                writeln!(f, "    test chart: {}", problem.replace('\n', "\n      "))?;
            }
            for difference in &outcome.differences {
                writeln!(f, "    {}", difference.replace('\n', "\n      "))?;
            }
        }
        Ok(())
    }
}

/// Runs every case of `charts` on a few threads; the report keeps the charts' and cases' order.
pub fn run_charts(helm: &Helm, charts: &[String]) -> Report {
    let mut jobs: Vec<(String, PathBuf, Case)> = Vec::new();
    for chart in charts {
        let directory = charts_root().join(chart);
        let cases = read_cases(&directory).unwrap_or_else(|error| panic!("{error}"));
        jobs.extend(cases.into_iter().map(|case| (chart.clone(), directory.clone(), case)));
    }
    let next = AtomicUsize::new(0);
    let outcomes: Mutex<Vec<(usize, CaseOutcome)>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(2, 8);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut index = next.fetch_add(1, Ordering::Relaxed);
                while let Some((chart, directory, case)) = jobs.get(index) {
                    let outcome = run_case(helm, chart, directory, case);
                    outcomes.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push((index, outcome));
                    index = next.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    });
    let mut outcomes = outcomes.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    outcomes.sort_by_key(|(index, _)| *index);
    Report { outcomes: outcomes.into_iter().map(|(_, outcome)| outcome).collect() }
}

/// Helm's output for one case and ours, compared.
pub fn run_case(helm: &Helm, chart: &str, directory: &Path, case: &Case) -> CaseOutcome {
    let theirs = helm.template_once(&case.helm_arguments(directory));
    let ours = render_ours(directory, case);
    CaseOutcome {
        label: format!("{chart}/{}", case.name),
        chart_problems: check_helm_does_what_the_case_says(case, &theirs),
        differences: differences(&theirs, &ours),
    }
}

/// Our output, or our error message; a panic of the renderer is reported as a difference too.
pub fn render_ours(directory: &Path, case: &Case) -> Result<String, String> {
    let request = case.request(directory)?;
    let rendered = catch_unwind(AssertUnwindSafe(|| tollgate_helm::render(&request)));
    match rendered {
        Ok(Ok(rendered)) => Ok(tollgate_helm::template_output(&rendered)),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err("PANIC in tollgate_helm::render".to_string()),
    }
}

fn check_helm_does_what_the_case_says(case: &Case, theirs: &HelmOutput) -> Vec<String> {
    match (theirs, &case.expect_error) {
        (HelmOutput::Error(message), Some(expected)) if !message.contains(expected.as_str()) => {
            vec![format!("helm failed with {message:?}, not with {expected:?}")]
        }
        (HelmOutput::Error(_), Some(_)) => Vec::new(),
        (HelmOutput::Error(message), None) => vec![format!("helm failed: {message}")],
        (HelmOutput::Manifests(_), Some(expected)) => {
            vec![format!("helm rendered; expected it to fail with {expected:?}")]
        }
        (HelmOutput::Manifests(output), None) => {
            let lacking = case.expect_output.iter().filter(|text| !output.contains(text.as_str()));
            let present = case.expect_absent.iter().filter(|text| output.contains(text.as_str()));
            let lacking = lacking.map(|text| format!("helm's output lacks {text:?}"));
            let present = present.map(|text| format!("helm's output holds {text:?}"));
            let unparsed = unparsed_documents(output).into_iter().map(|d| format!("helm's document is not YAML: {d}"));
            lacking.chain(present).chain(unparsed).collect()
        }
    }
}

/// What differs between Helm's result and ours: objects, then the text, or the error messages.
pub fn differences(theirs: &HelmOutput, ours: &Result<String, String>) -> Vec<String> {
    match (theirs, ours) {
        (HelmOutput::Manifests(helm), Ok(ours)) => {
            let objects = compare_objects(helm, ours).into_iter().map(|problem| format!("object: {problem}"));
            objects.chain(compare_text(helm, ours)).collect()
        }
        (HelmOutput::Error(helm), Err(ours)) if helm == ours => Vec::new(),
        (HelmOutput::Error(helm), Err(ours)) => {
            vec![format!("error differs:\n  helm: {}\n  ours: {}", shorten(helm), shorten(ours))]
        }
        (HelmOutput::Manifests(_), Err(ours)) => vec![format!("helm rendered, ours failed: {ours}")],
        (HelmOutput::Error(helm), Ok(_)) => vec![format!("helm failed, ours rendered; helm: {helm}")],
    }
}

/// A long message (Helm's endless include chain runs to 100 KB) as its start and end.
fn shorten(message: &str) -> String {
    const KEEP: usize = 300;
    let chars: Vec<char> = message.chars().collect();
    if chars.len() <= 2 * KEEP {
        return message.to_string();
    }
    let head: String = chars[..KEEP].iter().collect();
    let tail: String = chars[chars.len() - KEEP..].iter().collect();
    format!("{head} [... {} characters ...] {tail}", chars.len() - 2 * KEEP)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str =
        "---\n# Source: a/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n";

    #[test]
    fn agreeing_outputs_and_equal_errors_have_no_difference() {
        assert!(differences(&HelmOutput::Manifests(OUTPUT.into()), &Ok(OUTPUT.into())).is_empty());
        assert!(differences(&HelmOutput::Error("boom".into()), &Err("boom".into())).is_empty());
    }

    #[test]
    fn each_kind_of_disagreement_is_reported() {
        let changed = OUTPUT.replace("k: v", "k: w");
        let found = differences(&HelmOutput::Manifests(OUTPUT.into()), &Ok(changed));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("object: a/templates/cm.yaml ConfigMap /a: .data.k"), "{found:?}");
        assert!(found[1].starts_with("text differs at line 8"), "{found:?}");
        let errors = differences(&HelmOutput::Error("required x".into()), &Err("required y".into()));
        assert_eq!(errors, vec!["error differs:\n  helm: required x\n  ours: required y".to_string()]);
        assert_eq!(
            differences(&HelmOutput::Manifests(OUTPUT.into()), &Err("not built".into())),
            vec!["helm rendered, ours failed: not built".to_string()]
        );
        assert_eq!(
            differences(&HelmOutput::Error("boom".into()), &Ok(OUTPUT.into())),
            vec!["helm failed, ours rendered; helm: boom".to_string()]
        );
    }

    #[test]
    fn long_error_messages_are_shortened_in_the_middle() {
        let long = format!("start{}end", "x".repeat(1000));
        let found = differences(&HelmOutput::Error(long.clone()), &Err("short".into()));
        assert!(found[0].contains("helm: startxx"), "{found:?}");
        assert!(found[0].contains("[... 408 characters ...]"), "{found:?}");
        assert!(found[0].contains("xxend\n  ours: short"), "{found:?}");
        assert!(differences(&HelmOutput::Error(long.clone()), &Err(long)).is_empty());
    }

    #[test]
    fn a_test_chart_that_stops_doing_what_its_case_says_is_reported() {
        let case = Case { expect_output: vec!["kind: Secret".into()], ..Case::default() };
        let problems = check_helm_does_what_the_case_says(&case, &HelmOutput::Manifests(OUTPUT.into()));
        assert_eq!(problems, vec!["helm's output lacks \"kind: Secret\"".to_string()]);
        let absent = Case { expect_absent: vec!["kind: ConfigMap".into()], ..Case::default() };
        let problems = check_helm_does_what_the_case_says(&absent, &HelmOutput::Manifests(OUTPUT.into()));
        assert_eq!(problems, vec!["helm's output holds \"kind: ConfigMap\"".to_string()]);
        let failing = Case { expect_error: Some("is required".into()), ..Case::default() };
        assert_eq!(check_helm_does_what_the_case_says(&failing, &HelmOutput::Manifests(OUTPUT.into())).len(), 1);
        let wrong_error = HelmOutput::Error("parse error".into());
        assert_eq!(check_helm_does_what_the_case_says(&failing, &wrong_error).len(), 1);
        let right_error = HelmOutput::Error("execution error: name is required".into());
        assert!(check_helm_does_what_the_case_says(&failing, &right_error).is_empty());
    }
}
