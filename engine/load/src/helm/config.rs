//! Releases named in `tollgate.toml`: per chart directory, named values sets, each rendered and
//! scanned on its own.

use super::{chart_meta, read_values_files, Planned, Release, RequestedBy};
use crate::{display_path, LoadOptions};
use std::path::PathBuf;
use tollgate_helm::{TemplateRequest, UserValues};

/// The Helm settings of a scan (`[helm]` of `tollgate.toml`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HelmSettings {
    /// Charts with named values sets.
    pub charts: Vec<ChartValuesSets>,
    /// The `tollgate.toml` that names them (its line numbers locate errors).
    pub config_file: Option<PathBuf>,
    /// Also render every chart with its own values when a source already renders it.
    pub always_render_defaults: bool,
    /// `--kube-version` for every render (Helm's default when `None`).
    pub kube_version: Option<String>,
}

/// `[helm.charts."DIR"]`: a chart directory and its values sets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartValuesSets {
    /// The chart directory (resolved against the configuration's directory).
    pub dir: PathBuf,
    pub sets: Vec<ValuesSet>,
}

/// `[helm.charts."DIR".values.NAME]`: one way the chart is deployed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValuesSet {
    pub name: String,
    /// Values files in order, after the chart's `values.yaml` (resolved against the chart directory).
    pub files: Vec<PathBuf>,
    /// `--set` and `--set-string` arguments, applied after the files.
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    /// Default: the values set's name.
    pub release_name: Option<String>,
    /// Default: `default`, objects naming no namespace then staying unspecified.
    pub namespace: Option<String>,
    /// The line of the set's table in `tollgate.toml` (0: not known).
    pub line: u32,
}

/// A release for every values set of every configured chart.
pub(crate) fn configured_releases(options: &LoadOptions) -> Planned {
    let settings = &options.helm;
    let file = settings.config_file.as_deref().map(|f| display_path(f, options)).unwrap_or_default();
    let mut planned = Planned::default();
    for chart in &settings.charts {
        for set in &chart.sets {
            let requested_by =
                RequestedBy { file: file.clone(), line: set.line, what: format!("values set {}", set.name) };
            match chart_meta(&chart.dir) {
                Some(Ok(_)) => {}
                Some(Err(error)) => {
                    planned.errors.push(requested_by.error(format!("{error}; the chart was not rendered")));
                    continue;
                }
                None => {
                    let shown = display_path(&chart.dir, options);
                    planned.errors.push(requested_by.error(format!(
                        "`{shown}` is not a Helm chart directory (no Chart.yaml): fix the path in [helm.charts]"
                    )));
                    continue;
                }
            }
            let Some(files) = read_values_files(&set.files, options, &requested_by, false, &mut planned.errors) else {
                continue;
            };
            let values =
                UserValues { files, set: set.set.clone(), set_string: set.set_string.clone(), ..UserValues::default() };
            let request = TemplateRequest {
                chart: chart.dir.clone(),
                release_name: set.release_name.clone().unwrap_or_else(|| set.name.clone()),
                namespace: set.namespace.clone().unwrap_or_else(|| "default".into()),
                values,
                kube_version: settings.kube_version.clone(),
                include_crds: true,
                ..TemplateRequest::default()
            };
            planned.releases.push(Release {
                chart_dir: chart.dir.clone(),
                request,
                values_set: set.name.clone(),
                requested_by: Some(requested_by),
                applies_namespace: set.namespace.is_some(),
                deployed_by: None,
                sensitive_values: Vec::new(),
                deployed_from: chart.dir.clone(),
            });
        }
    }
    planned
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn each_values_set_is_a_release_with_its_files_in_order_then_its_set_arguments() {
        let dir = tempfile::tempdir().unwrap();
        let chart = dir.path().join("charts/web");
        fs::create_dir_all(&chart).unwrap();
        fs::write(chart.join("Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n").unwrap();
        fs::write(chart.join("values-dev.yaml"), "replicas: 1\n").unwrap();
        fs::write(chart.join("values-eu.yaml"), "region: eu\n").unwrap();
        let mut options = LoadOptions::new(vec![dir.path().to_path_buf()]);
        let dev = ValuesSet {
            name: "dev".into(),
            files: vec![chart.join("values-dev.yaml"), chart.join("values-eu.yaml")],
            set: vec!["image.tag=1.2".into()],
            set_string: vec!["build=007".into()],
            namespace: Some("web-dev".into()),
            line: 7,
            ..ValuesSet::default()
        };
        let prod =
            ValuesSet { name: "prod".into(), release_name: Some("web".into()), line: 12, ..ValuesSet::default() };
        options.helm.charts = vec![ChartValuesSets { dir: chart.clone(), sets: vec![dev, prod] }];
        options.helm.config_file = Some(dir.path().join("tollgate.toml"));
        let planned = configured_releases(&options);
        assert!(planned.errors.is_empty(), "{:?}", planned.errors);
        let [dev, prod] = planned.releases.as_slice() else { panic!("{:?}", planned.releases) };
        assert_eq!((dev.request.release_name.as_str(), dev.request.namespace.as_str()), ("dev", "web-dev"));
        let names: Vec<&str> = dev.request.values.files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["charts/web/values-dev.yaml", "charts/web/values-eu.yaml"]);
        assert_eq!(dev.request.values.files[1].1, "region: eu\n");
        assert_eq!(dev.request.values.set, ["image.tag=1.2"]);
        assert_eq!(dev.request.values.set_string, ["build=007"]);
        assert!(dev.applies_namespace && !prod.applies_namespace);
        assert_eq!((prod.request.release_name.as_str(), prod.request.namespace.as_str()), ("web", "default"));
        let by = prod.requested_by.as_ref().unwrap();
        assert_eq!((by.file.as_str(), by.line, by.what.as_str()), ("tollgate.toml", 12, "values set prod"));
    }

    #[test]
    fn a_missing_values_file_or_chart_is_an_error_at_the_set() {
        let dir = tempfile::tempdir().unwrap();
        let chart = dir.path().join("web");
        fs::create_dir_all(&chart).unwrap();
        fs::write(chart.join("Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n").unwrap();
        let mut options = LoadOptions::new(vec![dir.path().to_path_buf()]);
        let missing =
            ValuesSet { name: "dev".into(), files: vec![chart.join("nope.yaml")], line: 3, ..ValuesSet::default() };
        options.helm.charts = vec![
            ChartValuesSets { dir: chart.clone(), sets: vec![missing] },
            ChartValuesSets {
                dir: dir.path().join("absent"),
                sets: vec![ValuesSet { name: "x".into(), line: 9, ..ValuesSet::default() }],
            },
        ];
        let planned = configured_releases(&options);
        assert!(planned.releases.is_empty());
        let lines: Vec<u32> = planned.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 9]);
        assert!(planned.errors[0].message.contains("web/nope.yaml"), "{}", planned.errors[0].message);
        assert!(planned.errors[1].message.contains("not a Helm chart directory"));
    }
}
