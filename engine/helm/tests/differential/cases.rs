//! The invocations to compare, read from each test chart's `cases.toml`, turned into `helm template`
//! arguments and into our [`TemplateRequest`]. Every path is made absolute so both sides name files
//! the same way in their messages.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tollgate_helm::{TemplateArgs, TemplateRequest};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    #[serde(rename = "case")]
    cases: Vec<Case>,
}

/// One `helm template` invocation of a test chart.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Case {
    pub name: String,
    /// The chart to render, relative to the test chart's directory (a `.tgz` too); the directory itself
    /// by default.
    pub chart: Option<String>,
    /// NAME; omitted, both sides use `release-name`.
    pub release: Option<String>,
    pub namespace: Option<String>,
    /// `-f` files, relative to the test chart's directory.
    pub values: Vec<String>,
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    pub set_json: Vec<String>,
    pub set_literal: Vec<String>,
    /// `key=path` with the path relative to the test chart's directory.
    pub set_file: Vec<String>,
    pub kube_version: Option<String>,
    pub api_versions: Vec<String>,
    pub show_only: Vec<String>,
    pub include_crds: bool,
    pub skip_tests: bool,
    pub no_hooks: bool,
    pub is_upgrade: bool,
    /// The case must fail and Helm's message contain this (keeps a failing chart failing as meant).
    pub expect_error: Option<String>,
    /// Texts Helm's output must contain (keeps a chart rendering what it is meant to exercise).
    pub expect_output: Vec<String>,
    /// Texts Helm's output must not contain (a disabled subchart, a skipped hook).
    pub expect_absent: Vec<String>,
}

/// The cases of the test chart in `directory` (from its `cases.toml`).
pub fn read_cases(directory: &Path) -> Result<Vec<Case>, String> {
    let path = directory.join("cases.toml");
    let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    let file: CaseFile = toml::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    if file.cases.is_empty() {
        return Err(format!("{}: no [[case]]", path.display()));
    }
    Ok(file.cases)
}

impl Case {
    fn chart_path(&self, directory: &Path) -> PathBuf {
        match &self.chart {
            Some(chart) => directory.join(chart),
            None => directory.to_path_buf(),
        }
    }

    fn values_paths(&self, directory: &Path) -> Vec<String> {
        self.values.iter().map(|file| absolute(directory, file)).collect()
    }

    /// `key=path,key2=path2` with each path made absolute.
    fn set_file_arguments(&self, directory: &Path) -> Vec<String> {
        let absolute_pairs = |argument: &String| -> String {
            let pairs: Vec<String> = argument
                .split(',')
                .map(|pair| match pair.split_once('=') {
                    Some((key, file)) => format!("{key}={}", absolute(directory, file)),
                    None => pair.to_string(),
                })
                .collect();
            pairs.join(",")
        };
        self.set_file.iter().map(absolute_pairs).collect()
    }

    /// The arguments after `helm template`.
    pub fn helm_arguments(&self, directory: &Path) -> Vec<String> {
        let mut arguments: Vec<String> = self.release.iter().cloned().collect();
        arguments.push(self.chart_path(directory).display().to_string());
        let mut flag = |name: &str, value: &str| arguments.extend([format!("--{name}"), value.to_string()]);
        if let Some(namespace) = &self.namespace {
            flag("namespace", namespace);
        }
        for file in self.values_paths(directory) {
            flag("values", &file);
        }
        let set_file = self.set_file_arguments(directory);
        let repeated = [
            ("set", &self.set),
            ("set-string", &self.set_string),
            ("set-json", &self.set_json),
            ("set-literal", &self.set_literal),
            ("set-file", &set_file),
            ("api-versions", &self.api_versions),
            ("show-only", &self.show_only),
        ];
        for (name, values) in repeated {
            values.iter().for_each(|value| flag(name, value));
        }
        if let Some(kube_version) = &self.kube_version {
            flag("kube-version", kube_version);
        }
        let switches = [
            ("--include-crds", self.include_crds),
            ("--skip-tests", self.skip_tests),
            ("--no-hooks", self.no_hooks),
            ("--is-upgrade", self.is_upgrade),
        ];
        arguments.extend(switches.iter().filter(|(_, on)| *on).map(|(name, _)| name.to_string()));
        arguments
    }

    /// The same invocation as our request: `helm_arguments` parsed by the flags `tollgate helm template`
    /// takes ([`TemplateArgs`]), which read the values files as the CLI reads them.
    pub fn request(&self, directory: &Path) -> Result<TemplateRequest, String> {
        #[derive(clap::Parser)]
        struct Template {
            #[command(flatten)]
            args: TemplateArgs,
        }
        let argv = std::iter::once("template".to_string()).chain(self.helm_arguments(directory));
        let template = <Template as clap::Parser>::try_parse_from(argv).map_err(|error| error.to_string())?;
        template.args.to_request()
    }
}

fn absolute(directory: &Path, file: &str) -> String {
    directory.join(file).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_helm::UserValues;

    fn case(toml_text: &str) -> Case {
        let file: CaseFile = toml::from_str(toml_text).unwrap_or_else(|error| panic!("{error}"));
        file.cases[0].clone()
    }

    #[test]
    fn helm_and_our_request_are_asked_the_same() {
        let case = case(
            r#"[[case]]
name = "prod"
release = "web"
namespace = "shop"
values = ["values-prod.yaml"]
set = ["replicas=3"]
set_file = ["config=files/a.txt,extra=files/b.txt"]
kube_version = "1.29.0"
api_versions = ["monitoring.coreos.com/v1"]
show_only = ["templates/deployment.yaml"]
include_crds = true
skip_tests = true"#,
        );
        let directory = Path::new("/charts/app");
        let expected: Vec<String> = [
            "web",
            "/charts/app",
            "--namespace",
            "shop",
            "--values",
            "/charts/app/values-prod.yaml",
            "--set",
            "replicas=3",
            "--set-file",
            "config=/charts/app/files/a.txt,extra=/charts/app/files/b.txt",
            "--api-versions",
            "monitoring.coreos.com/v1",
            "--show-only",
            "templates/deployment.yaml",
            "--kube-version",
            "1.29.0",
            "--include-crds",
            "--skip-tests",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(case.helm_arguments(directory), expected);

        let request = TemplateRequest {
            chart: directory.to_path_buf(),
            release_name: "web".into(),
            namespace: "shop".into(),
            values: UserValues {
                set: vec!["replicas=3".into()],
                set_file: vec!["config=/charts/app/files/a.txt,extra=/charts/app/files/b.txt".into()],
                ..UserValues::default()
            },
            kube_version: Some("1.29.0".into()),
            api_versions: vec!["monitoring.coreos.com/v1".into()],
            include_crds: true,
            skip_tests: true,
            show_only: vec!["templates/deployment.yaml".into()],
            ..TemplateRequest::default()
        };
        let without_files = Case { values: Vec::new(), ..case };
        assert_eq!(without_files.request(directory), Ok(request));
    }

    #[test]
    fn defaults_are_helms() {
        let case = case("[[case]]\nname = \"default\"");
        assert_eq!(case.helm_arguments(Path::new("/c")), vec!["/c".to_string()]);
        let request = case.request(Path::new("/c")).unwrap_or_else(|error| panic!("{error}"));
        assert_eq!(request.release_name, "release-name");
        assert_eq!(request.namespace, "default");
    }
}
