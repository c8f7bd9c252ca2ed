//! `[helm]` of `tollgate.toml`: whether Helm charts are rendered and scanned, and each chart's
//! named values sets (`[helm.charts."charts/web".values.dev]`), each rendered and scanned on its
//! own, its findings naming the set as their environment.

use crate::config::Config;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tollgate_load::helm::{ChartValuesSets, HelmSettings, ValuesSet};

/// `[helm]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelmConfig {
    /// Render charts (with their values sets, Argo CD Applications and `helm_release`s) and scan
    /// their objects (the default); off, chart directories are listed as skipped.
    #[serde(default = "render_by_default")]
    pub render: bool,
    /// Also render a chart with its own values when a values set, Application or `helm_release`
    /// already renders it.
    #[serde(default)]
    pub always_render_defaults: bool,
    /// `helm template --kube-version` for every render (Helm's default when unset).
    pub kube_version: Option<String>,
    /// `[helm.charts."DIR"]`, by chart directory (relative to this file).
    #[serde(default)]
    pub charts: BTreeMap<String, ChartConfig>,
}

impl Default for HelmConfig {
    fn default() -> Self {
        HelmConfig {
            render: render_by_default(),
            always_render_defaults: false,
            kube_version: None,
            charts: BTreeMap::new(),
        }
    }
}

fn render_by_default() -> bool {
    true
}

/// `[helm.charts."DIR"]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartConfig {
    /// `[helm.charts."DIR".values.NAME]`, by values set name.
    #[serde(default)]
    pub values: BTreeMap<String, ValuesSetConfig>,
}

/// `[helm.charts."DIR".values.NAME]`: one way the chart is deployed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValuesSetConfig {
    /// Values files, in order after the chart's values.yaml (relative to the chart directory).
    #[serde(default)]
    pub files: Vec<PathBuf>,
    /// `--set` arguments.
    #[serde(default)]
    pub set: Vec<String>,
    /// `--set-string` arguments.
    #[serde(default)]
    pub set_string: Vec<String>,
    /// Default: the values set's name.
    pub release_name: Option<String>,
    /// The release namespace, where objects naming none are applied. Default: `default`, those
    /// objects then staying without a namespace.
    pub namespace: Option<String>,
}

impl Config {
    /// The Helm settings of this file, paths resolved against its directory and each values set
    /// located at its table's line.
    pub fn helm_settings(&self) -> HelmSettings {
        let base = self.dir.clone().unwrap_or_default();
        let text = self.file.as_deref().and_then(|f| std::fs::read_to_string(f).ok()).unwrap_or_default();
        let charts = self
            .helm
            .charts
            .iter()
            .map(|(dir, chart)| {
                let dir_path = base.join(dir);
                let sets = chart
                    .values
                    .iter()
                    .map(|(name, set)| ValuesSet {
                        name: name.clone(),
                        files: set.files.iter().map(|f| dir_path.join(f)).collect(),
                        set: set.set.clone(),
                        set_string: set.set_string.clone(),
                        release_name: set.release_name.clone(),
                        namespace: set.namespace.clone(),
                        line: table_line(&text, dir, name),
                    })
                    .collect();
                ChartValuesSets { dir: dir_path, sets }
            })
            .collect();
        HelmSettings {
            charts,
            config_file: self.file.clone(),
            always_render_defaults: self.helm.always_render_defaults,
            kube_version: self.helm.kube_version.clone(),
        }
    }
}

/// The line of the `[helm.charts."DIR".values.NAME]` header in `text` (0 when not written so:
/// an inline table, say).
fn table_line(text: &str, dir: &str, name: &str) -> u32 {
    let unquoted = |s: &str| s.replace(['"', '\'', ' '], "");
    let wanted = format!("[helm.charts.{dir}.values.{name}]");
    text.lines().position(|line| unquoted(line.trim()) == unquoted(&wanted)).map_or(0, |i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
[helm]
render = true
kube_version = "1.30.0"

[helm.charts."charts/web".values.dev]
files = ["values-dev.yaml"]
set = ["replicas=1"]

[helm.charts."charts/web".values."eu prod"]
files = ["values-prod.yaml", "values-eu.yaml"]
set_string = ["build=007"]
release_name = "web"
namespace = "web-prod"
"#;

    #[test]
    fn values_sets_resolve_against_their_chart_and_are_located_at_their_table() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("tollgate.toml");
        std::fs::write(&file, TOML).unwrap();
        let config = crate::config::load(std::slice::from_ref(&file), dir.path()).unwrap();
        assert!(config.helm.render);
        let settings = config.helm_settings();
        assert_eq!(settings.config_file.as_deref(), Some(file.as_path()));
        assert_eq!(settings.kube_version.as_deref(), Some("1.30.0"));
        let [chart] = settings.charts.as_slice() else { panic!("{settings:?}") };
        assert_eq!(chart.dir, dir.path().join("charts/web"));
        let [dev, prod] = chart.sets.as_slice() else { panic!("{chart:?}") };
        assert_eq!((dev.name.as_str(), dev.line), ("dev", 6));
        assert_eq!(dev.files, [chart.dir.join("values-dev.yaml")]);
        assert_eq!(dev.set, ["replicas=1"]);
        assert_eq!((prod.name.as_str(), prod.line), ("eu prod", 10));
        assert_eq!(prod.files, [chart.dir.join("values-prod.yaml"), chart.dir.join("values-eu.yaml")]);
        assert_eq!(prod.set_string, ["build=007"]);
        assert_eq!((prod.release_name.as_deref(), prod.namespace.as_deref()), (Some("web"), Some("web-prod")));
    }

    #[test]
    fn rendering_is_on_unless_turned_off_and_unknown_keys_are_errors() {
        let config: Config = toml::from_str("").unwrap();
        assert!(config.helm.render && config.helm_settings().charts.is_empty());
        let config: Config = toml::from_str("[helm]\nkube_version = \"1.30.0\"\n").unwrap();
        assert!(config.helm.render, "a [helm] table without `render` keeps the default");
        let config: Config = toml::from_str("[helm]\nrender = false\n").unwrap();
        assert!(!config.helm.render);
        let error = toml::from_str::<Config>("[helm.charts.\"x\".values.dev]\nvalue_files = []\n").unwrap_err();
        assert!(error.to_string().contains("value_files"), "{error}");
    }
}
