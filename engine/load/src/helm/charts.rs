//! Charts nothing else renders: rendered once with their own `values.yaml`, as Checkov and Trivy
//! render them (release: the chart's name; values set `default`; namespace `default`, objects
//! naming none staying unspecified). A chart a source renders is not rendered again unless
//! [`HelmSettings::always_render_defaults`](super::HelmSettings) asks for it. Library charts only
//! render as dependencies of other charts.

use super::{chart_meta, same_dir, Planned, Release};
use crate::{display_path, LoadOptions};
use std::path::PathBuf;
use tollgate_helm::TemplateRequest;
use tollgate_model::{LoadError, Skip};

/// The values set of a chart rendered with its own values.
pub const DEFAULT_VALUES_SET: &str = "default";

/// A release for each chart of `chart_dirs` not among `rendered`.
pub(crate) fn default_releases(chart_dirs: &[PathBuf], rendered: &[Release], options: &LoadOptions) -> Planned {
    let mut planned = Planned::default();
    for dir in chart_dirs {
        let covered = rendered.iter().any(|release| same_dir(&release.chart_dir, dir));
        if covered && !options.helm.always_render_defaults {
            continue;
        }
        let chart_file = display_path(&dir.join(super::CHART_FILE), options);
        let meta = match chart_meta(dir) {
            Some(Ok(meta)) => meta,
            Some(Err(message)) => {
                let message = format!("{message}; the chart was not rendered: fix Chart.yaml");
                planned.errors.push(LoadError { file: chart_file, line: 1, column: 1, message });
                continue;
            }
            None => continue,
        };
        if meta.is_library {
            let reason = "Helm library chart: it renders only as a dependency of the charts that use it".to_string();
            planned.notes.push(Skip { file: display_path(dir, options), document: None, reason });
            continue;
        }
        let request = TemplateRequest {
            chart: dir.clone(),
            release_name: meta.name,
            kube_version: options.helm.kube_version.clone(),
            include_crds: true,
            ..TemplateRequest::default()
        };
        planned.releases.push(Release {
            chart_dir: dir.clone(),
            request,
            values_set: DEFAULT_VALUES_SET.to_string(),
            requested_by: None,
            applies_namespace: false,
            deployed_by: None,
            sensitive_values: Vec::new(),
            deployed_from: dir.clone(),
        });
    }
    planned
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn chart(dir: &std::path::Path, text: &str) -> PathBuf {
        fs::create_dir_all(dir).unwrap();
        fs::write(dir.join("Chart.yaml"), text).unwrap();
        dir.to_path_buf()
    }

    #[test]
    fn charts_no_source_renders_render_once_with_their_own_values_and_libraries_never() {
        let tmp = tempfile::tempdir().unwrap();
        let web = chart(&tmp.path().join("web"), "apiVersion: v2\nname: web-app\nversion: 1.0.0\n");
        let api = chart(&tmp.path().join("api"), "apiVersion: v2\nname: api\nversion: 1.0.0\n");
        let lib = chart(&tmp.path().join("lib"), "apiVersion: v2\nname: lib\ntype: library\nversion: 1.0.0\n");
        let broken = chart(&tmp.path().join("broken"), "name: [\n");
        let mut options = LoadOptions::new(vec![tmp.path().to_path_buf()]);
        let by_source = Release {
            chart_dir: tmp.path().join("api/."),
            request: TemplateRequest::default(),
            values_set: "prod".into(),
            requested_by: None,
            applies_namespace: true,
            deployed_by: None,
            sensitive_values: Vec::new(),
            deployed_from: PathBuf::new(),
        };
        let dirs = [web.clone(), api.clone(), lib, broken];
        let planned = default_releases(&dirs, std::slice::from_ref(&by_source), &options);
        let [release] = planned.releases.as_slice() else { panic!("{planned:?}") };
        assert_eq!(release.chart_dir, web);
        assert_eq!((release.request.release_name.as_str(), release.values_set.as_str()), ("web-app", "default"));
        assert_eq!(release.request.namespace, "default");
        assert!(!release.applies_namespace && release.request.values.files.is_empty());
        assert_eq!(planned.notes[0].file, "lib");
        assert!(planned.notes[0].reason.contains("library chart"));
        assert_eq!((planned.errors[0].file.as_str(), planned.errors[0].line), ("broken/Chart.yaml", 1));

        options.helm.always_render_defaults = true;
        let planned = default_releases(&dirs, &[by_source], &options);
        assert_eq!(planned.releases.len(), 2, "{planned:?}");
    }
}
