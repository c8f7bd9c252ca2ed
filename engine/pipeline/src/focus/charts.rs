//! Focused scans of files inside a Helm chart: a template or values file is checked as part of
//! its chart, rendered as the scan renders it. The chart is loaded whole, with the Terraform
//! modules that may deploy it (a file naming `helm_release` and the chart directory's name, found
//! from its text alone; Argo CD Applications are among the project's manifests, which a focused
//! chart loads anyway). Like the rest of the pre-pass this may load a file too many, never one too
//! few (for a chart path the text spells out).

use super::index::read_all;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tollgate_load::CHART_FILE;

/// The chart directory (within `project`) holding `file`, if any.
pub fn chart_of(file: &Path, project: &Path) -> Option<PathBuf> {
    let mut dirs = file.ancestors().skip(1).take_while(|dir| dir.starts_with(project));
    dirs.find(|dir| dir.join(CHART_FILE).is_file()).map(Path::to_path_buf)
}

/// The Terraform files of `terraform` that may hold a `helm_release` of one of `charts`.
pub fn helm_release_files(charts: &BTreeSet<PathBuf>, terraform: &[PathBuf]) -> Vec<PathBuf> {
    let names: Vec<String> =
        charts.iter().filter_map(|chart| chart.file_name()).map(|name| name.to_string_lossy().into_owned()).collect();
    let deploys = |text: &str| text.contains("helm_release") && names.iter().any(|name| text.contains(name.as_str()));
    read_all(terraform).into_iter().filter(|(_, text)| deploys(text)).map(|(path, _)| path.clone()).collect()
}
