//! `helm template`'s flags as a `clap` struct, and their conversion into a [`TemplateRequest`].

use std::path::PathBuf;

use clap::Args;

use crate::{TemplateRequest, UserValues};

/// `helm template [NAME] CHART` and the flags that change what it prints.
#[derive(Args, Debug, Clone, Default, PartialEq)]
pub struct TemplateArgs {
    /// The release name, or the chart when only one argument is given (the name is then `release-name`).
    #[arg(value_name = "NAME")]
    pub first: String,
    /// The chart: a directory or a packaged `.tgz`.
    #[arg(value_name = "CHART")]
    pub second: Option<String>,
    /// A values file (repeatable; later files win).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// Values on the command line (`a.b=1,c[0]=x`).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Values that stay strings.
    #[arg(long = "set-string", value_name = "KEY=VALUE")]
    pub set_string: Vec<String>,
    /// Values given as JSON.
    #[arg(long = "set-json", value_name = "KEY=JSON")]
    pub set_json: Vec<String>,
    /// Values read from files.
    #[arg(long = "set-file", value_name = "KEY=PATH")]
    pub set_file: Vec<String>,
    /// One literal string value, commas and all.
    #[arg(long = "set-literal", value_name = "KEY=VALUE")]
    pub set_literal: Vec<String>,
    #[arg(short = 'n', long = "namespace", default_value = "default")]
    pub namespace: String,
    /// The Kubernetes version `.Capabilities` reports (Helm's default otherwise).
    #[arg(long = "kube-version")]
    pub kube_version: Option<String>,
    /// API versions `.Capabilities.APIVersions` reports besides the defaults (comma-separated or repeated).
    #[arg(short = 'a', long = "api-versions", value_delimiter = ',')]
    pub api_versions: Vec<String>,
    /// Only the documents of these templates (`templates/x.yaml`, Go globs).
    #[arg(short = 's', long = "show-only")]
    pub show_only: Vec<String>,
    /// Print the chart's `crds/` first.
    #[arg(long = "include-crds")]
    pub include_crds: bool,
    /// Accepted for Helm compatibility: `helm template` prints CRDs only with `--include-crds` anyway.
    #[arg(long = "skip-crds")]
    pub skip_crds: bool,
    /// Leave out test hooks.
    #[arg(long = "skip-tests")]
    pub skip_tests: bool,
    /// Leave out every hook.
    #[arg(long = "no-hooks")]
    pub no_hooks: bool,
    /// `.Release.IsUpgrade` true (and `IsInstall` false).
    #[arg(long = "is-upgrade")]
    pub is_upgrade: bool,
    /// Omit NAME: `helm template` 4.1.4 then still names the release `release-name` (no time-based
    /// name), so the output stays deterministic.
    #[arg(short = 'g', long = "generate-name")]
    pub generate_name: bool,
}

impl TemplateArgs {
    /// The request these flags describe, with the `-f` files read.
    pub fn to_request(&self) -> Result<TemplateRequest, String> {
        let (release_name, chart) = match &self.second {
            Some(_) if self.generate_name => return Err("cannot set --generate-name and also specify a name".into()),
            Some(chart) => (self.first.clone(), chart.clone()),
            None => ("release-name".to_string(), self.first.clone()),
        };
        let mut files = Vec::new();
        for path in &self.values {
            let text = std::fs::read_to_string(path).map_err(|error| format!("open {}: {error}", path.display()))?;
            files.push((path.display().to_string(), text));
        }
        Ok(TemplateRequest {
            chart: PathBuf::from(chart),
            release_name,
            namespace: self.namespace.clone(),
            values: UserValues {
                files,
                set_json: self.set_json.clone(),
                set: self.set.clone(),
                set_string: self.set_string.clone(),
                set_file: self.set_file.clone(),
                set_literal: self.set_literal.clone(),
            },
            kube_version: self.kube_version.clone(),
            api_versions: self.api_versions.clone(),
            include_crds: self.include_crds,
            skip_tests: self.skip_tests,
            no_hooks: self.no_hooks,
            is_upgrade: self.is_upgrade,
            show_only: self.show_only.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::TemplateArgs;
    use clap::Parser;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        args: TemplateArgs,
    }

    fn parse(argv: &[&str]) -> TemplateArgs {
        Command::try_parse_from(std::iter::once("template").chain(argv.iter().copied())).expect("flags parse").args
    }

    /// As `helm template` 4.1.4 does with `-g`.
    #[test]
    fn generate_name_keeps_the_default_name_and_refuses_a_given_one() {
        let request = parse(&["-g", "./chart"]).to_request().expect("request");
        assert_eq!(request.release_name, "release-name");
        let error = parse(&["web", "./chart", "--generate-name"]).to_request().unwrap_err();
        assert_eq!(error, "cannot set --generate-name and also specify a name");
    }

    #[test]
    fn one_argument_is_the_chart_and_the_name_defaults() {
        let request = parse(&["./chart"]).to_request().expect("request");
        assert_eq!(request.release_name, "release-name");
        assert_eq!(request.chart, std::path::PathBuf::from("./chart"));
        assert_eq!(request.namespace, "default");
    }

    #[test]
    fn helm_flags_map_onto_the_request() {
        let argv = [
            "web",
            "./chart",
            "-n",
            "prod",
            "--set",
            "a=1",
            "--set-string",
            "b=2",
            "-a",
            "x/v1,y/v1",
            "-s",
            "templates/a.yaml",
            "--include-crds",
            "--skip-tests",
            "--no-hooks",
            "--is-upgrade",
            "--kube-version",
            "1.30",
        ];
        let request = parse(&argv).to_request().expect("request");
        assert_eq!((request.release_name.as_str(), request.namespace.as_str()), ("web", "prod"));
        assert_eq!(request.values.set, vec!["a=1"]);
        assert_eq!(request.values.set_string, vec!["b=2"]);
        assert_eq!(request.api_versions, vec!["x/v1", "y/v1"]);
        assert_eq!(request.show_only, vec!["templates/a.yaml"]);
        assert!(request.include_crds && request.skip_tests && request.no_hooks && request.is_upgrade);
        assert_eq!(request.kube_version.as_deref(), Some("1.30"));
    }

    #[test]
    fn a_missing_values_file_is_an_error_naming_it() {
        let error = parse(&["./chart", "-f", "/nonexistent/values.yaml"]).to_request().expect_err("missing file");
        assert!(error.starts_with("open /nonexistent/values.yaml: "), "{error}");
    }
}
