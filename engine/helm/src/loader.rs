//! Reading a chart from disk: a directory (with `.helmignore`) or a packaged `.tgz` (one top directory),
//! within limits, refusing paths that escape the chart (`..`, absolute paths, symlinks pointing out).

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::chart::{build_chart, load_error, Chart, ChartFiles};
use crate::ignore::IgnoreRules;
use crate::HelmError;

/// Limits on what a chart may hold (Helm's own defaults for decompressed size and file size).
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;
pub const MAX_CHART_BYTES: u64 = 100 * 1024 * 1024;
pub const MAX_FILES: usize = 10_000;
/// Directories nested deeper than this are refused (a guard against symlink-free but hostile trees).
const MAX_DEPTH: usize = 64;

/// Loads the chart at `path` (a directory or an archive) with its subcharts.
pub fn load_chart(path: &Path) -> Result<Chart, HelmError> {
    let origin = path.to_path_buf();
    let files = if path.is_dir() { read_directory(path)? } else { read_archive_file(path)? };
    build_chart(files, &origin, "", &|data, inner| read_archive(data, inner))
}

struct Totals {
    bytes: u64,
    files: usize,
}

impl Totals {
    fn add(&mut self, size: u64, name: &str, chart: &str) -> Result<(), HelmError> {
        if size > MAX_FILE_BYTES {
            return Err(load_error(
                chart,
                &format!("file {name:?} is larger than the maximum file size {MAX_FILE_BYTES}"),
            ));
        }
        self.bytes += size;
        self.files += 1;
        if self.bytes > MAX_CHART_BYTES {
            return Err(load_error(chart, &format!("chart exceeds the maximum decompressed size {MAX_CHART_BYTES}")));
        }
        if self.files > MAX_FILES {
            return Err(load_error(chart, &format!("chart holds more than {MAX_FILES} files")));
        }
        Ok(())
    }
}

fn read_directory(root: &Path) -> Result<ChartFiles, HelmError> {
    let chart = root.display().to_string();
    let canonical_root = root.canonicalize().map_err(|error| load_error(&chart, &error.to_string()))?;
    let rules = match std::fs::read_to_string(root.join(".helmignore")) {
        Ok(text) => IgnoreRules::parse(&text),
        Err(_) => IgnoreRules::parse(""),
    };
    let mut files = Vec::new();
    let mut totals = Totals { bytes: 0, files: 0 };
    let mut pending = vec![(root.to_path_buf(), String::new(), 0)];
    while let Some((dir, relative, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            return Err(load_error(&chart, &format!("{relative}: directories nested too deep")));
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|error| load_error(&chart, &format!("{}: {error}", dir.display())))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .collect();
        entries.sort();
        for entry in entries {
            let name = entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let path = if relative.is_empty() { name.clone() } else { format!("{relative}/{name}") };
            let resolved = entry.canonicalize().map_err(|error| load_error(&chart, &format!("{path}: {error}")))?;
            if !resolved.starts_with(&canonical_root) {
                return Err(load_error(
                    &chart,
                    &format!("chart illegally contains a symlink pointing outside the chart: {path}"),
                ));
            }
            let is_dir = resolved.is_dir();
            if rules.is_ignored(&path, is_dir) {
                continue;
            }
            if is_dir {
                pending.push((entry, path, depth + 1));
                continue;
            }
            let size = resolved.metadata().map(|m| m.len()).unwrap_or(0);
            totals.add(size, &path, &chart)?;
            let data = std::fs::read(&resolved).map_err(|error| load_error(&chart, &format!("{path}: {error}")))?;
            files.push((path, data));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

fn read_archive_file(path: &Path) -> Result<ChartFiles, HelmError> {
    let chart = path.display().to_string();
    let size = std::fs::metadata(path).map_err(|error| load_error(&chart, &error.to_string()))?.len();
    if size > MAX_CHART_BYTES {
        return Err(load_error(&chart, &format!("chart archive is larger than {MAX_CHART_BYTES} bytes")));
    }
    let data = std::fs::read(path).map_err(|error| load_error(&chart, &error.to_string()))?;
    read_archive(&data, &chart)
}

/// The files of a packaged chart, relative to its single top directory.
pub fn read_archive(data: &[u8], chart: &str) -> Result<ChartFiles, HelmError> {
    let decoder = flate2::read::GzDecoder::new(data);
    let mut archive = tar::Archive::new(decoder);
    let entries = archive.entries().map_err(|error| archive_error(chart, &error))?;
    let mut files = Vec::new();
    let mut totals = Totals { bytes: 0, files: 0 };
    let mut top: Option<String> = None;
    for entry in entries {
        let entry = entry.map_err(|error| archive_error(chart, &error))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let raw_path = entry.path().map_err(|error| archive_error(chart, &error))?.into_owned();
        let (first, rest) = split_archive_path(&raw_path, chart)?;
        if rest.is_empty() {
            continue;
        }
        match &top {
            None => top = Some(first),
            Some(existing) if *existing != first => {
                return Err(load_error(chart, "chart archive must hold exactly one top directory"))
            }
            Some(_) => {}
        }
        totals.add(entry.header().size().unwrap_or(0), &rest, chart)?;
        let mut data = Vec::new();
        entry.take(MAX_FILE_BYTES + 1).read_to_end(&mut data).map_err(|error| archive_error(chart, &error))?;
        if data.len() as u64 > MAX_FILE_BYTES {
            return Err(load_error(
                chart,
                &format!("file {rest:?} is larger than the maximum file size {MAX_FILE_BYTES}"),
            ));
        }
        files.push((rest, data));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// The top directory and the rest of an archive path, refusing absolute paths and `..`.
fn split_archive_path(path: &Path, chart: &str) -> Result<(String, String), HelmError> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(load_error(chart, "chart illegally contains content outside the base directory"))
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(load_error(chart, "chart illegally contains absolute paths"))
            }
        }
    }
    let first = parts.first().cloned().unwrap_or_default();
    Ok((first, parts.get(1..).unwrap_or_default().join("/")))
}

fn archive_error(chart: &str, error: &std::io::Error) -> HelmError {
    load_error(chart, &format!("cannot read the chart archive: {error}"))
}
