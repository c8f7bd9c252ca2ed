//! Focused scans of files inside a Helm chart: a template or values file is checked as part of
//! its chart, rendered as the scan renders it. The chart is loaded whole, with the files that
//! deploy it (Argo CD Applications, Terraform `helm_release`s), found from their text alone: a
//! file naming the chart directory's name and `Application` or `helm_release`. Like the rest of
//! the pre-pass this may load a file too many, never one too few (for a chart path the text
//! spells out).

use super::index::read_all;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The file every chart directory holds (what the loader's walk recognises a chart by).
const CHART_FILE: &str = "Chart.yaml";

/// The chart directory (within `project`) holding `file`, if any.
pub fn chart_of(file: &Path, project: &Path) -> Option<PathBuf> {
    let mut dirs = file.ancestors().skip(1).take_while(|dir| dir.starts_with(project));
    dirs.find(|dir| dir.join(CHART_FILE).is_file()).map(Path::to_path_buf)
}

/// What deploys `charts`: the manifests that may be Argo CD Applications of one, and the
/// Terraform files that may hold a `helm_release` of one.
pub fn deployers(charts: &BTreeSet<PathBuf>, manifests: &[PathBuf], terraform: &[PathBuf]) -> Vec<PathBuf> {
    let names: Vec<String> =
        charts.iter().filter_map(|chart| chart.file_name()).map(|name| name.to_string_lossy().into_owned()).collect();
    let naming =
        |text: &str, marker: &str| text.contains(marker) && names.iter().any(|name| text.contains(name.as_str()));
    let mut found: Vec<PathBuf> = read_all(manifests)
        .into_iter()
        .filter(|(_, text)| naming(text, "Application"))
        .map(|(path, _)| path.clone())
        .collect();
    found.extend(
        read_all(terraform).into_iter().filter(|(_, text)| naming(text, "helm_release")).map(|(p, _)| p.clone()),
    );
    found
}
