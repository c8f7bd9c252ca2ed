//! Finding and loading infrastructure files: walks the scan roots with the `ignore` crate
//! (honouring `.gitignore` and `.tollgateignore`, skipping `.git/` and `.terraform/`), reads and
//! parses every file on `rayon` with the loader its name calls for, and links the resources
//! into one [`Graph`].
//!
//! A file that cannot be read or parsed is an error in [`Loaded::errors`]; every other file is
//! still loaded. Only a root that does not exist stops the load ([`LoadFailure`]).

mod walk;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use tollgate_model::{FileId, FileLoad, Graph, GraphBuilder, LoadError, Skip, SourceFile, SourceMap};

pub use walk::{classify, FileKind};

/// Files larger than this are reported, not parsed (generated plans can be large; manifests are not).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub roots: Vec<PathBuf>,
    /// Paths in findings are shown relative to this directory when they are under it;
    /// otherwise as walked (the root as given, joined with the path below it).
    pub relative_to: Option<PathBuf>,
    pub max_file_bytes: u64,
}

impl LoadOptions {
    /// Options for scanning `roots`; with one directory root, paths are shown relative to it.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        let relative_to = match roots.as_slice() {
            [only] if only.is_dir() => Some(only.clone()),
            _ => None,
        };
        LoadOptions { roots, relative_to, max_file_bytes: DEFAULT_MAX_FILE_BYTES }
    }
}

/// The loaded graph and what could not be loaded.
#[derive(Debug)]
pub struct Loaded {
    pub graph: Graph,
    pub errors: Vec<LoadError>,
    pub skipped: Vec<Skip>,
    /// Files read and handed to a loader.
    pub files_scanned: usize,
}

/// Why nothing could be loaded at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadFailure {
    RootNotFound(PathBuf),
}

impl std::fmt::Display for LoadFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadFailure::RootNotFound(p) => write!(f, "scan root `{}` does not exist or cannot be read", p.display()),
        }
    }
}

impl std::error::Error for LoadFailure {}

/// Walks, reads and parses every root, then builds the graph.
pub fn load(options: &LoadOptions) -> Result<Loaded, LoadFailure> {
    let mut found = walk::Found::default();
    for root in &options.roots {
        if std::fs::metadata(root).is_err() {
            return Err(LoadFailure::RootNotFound(root.clone()));
        }
        walk::walk(root, &mut found);
    }
    found.files.sort();
    found.files.dedup();

    let parsed: Vec<(SourceFile, FileLoad)> = found
        .files
        .par_iter()
        .enumerate()
        .map(|(index, (path, kind))| read_and_parse(FileId(index as u32), path, *kind, options))
        .collect();

    let mut sources = SourceMap::new();
    let mut resources = Vec::new();
    let mut errors = Vec::new();
    let mut skipped: Vec<Skip> = found.chart_dirs.iter().map(|dir| chart_skip(&display_path(dir, options))).collect();
    for (source, load) in parsed {
        sources.add(source.path, source.text);
        resources.extend(load.resources);
        errors.extend(load.errors);
        skipped.extend(load.skipped);
    }
    errors.extend(found.errors.iter().map(|message| LoadError {
        file: String::new(),
        line: 0,
        column: 0,
        message: format!("while walking the scan root: {message}"),
    }));
    errors.sort();
    skipped.sort();

    let mut builder = GraphBuilder::new(resources);
    tollgate_terraform::link(&mut builder);
    tollgate_kubernetes::link(&mut builder);
    Ok(Loaded { graph: builder.build(sources), errors, skipped, files_scanned: found.files.len() })
}

fn chart_skip(dir: &str) -> Skip {
    Skip {
        file: dir.to_string(),
        document: None,
        reason: "Helm chart directory (Chart.yaml): charts are not rendered yet".to_string(),
    }
}

fn read_and_parse(file: FileId, path: &Path, kind: FileKind, options: &LoadOptions) -> (SourceFile, FileLoad) {
    let shown = display_path(path, options);
    let text = match read_text(path, options.max_file_bytes) {
        Ok(text) => text,
        Err((line, message)) => {
            let error = LoadError { file: shown.clone(), line, column: 1, message };
            let load = FileLoad { errors: vec![error], ..FileLoad::default() };
            return (SourceFile { path: shown, text: "".into() }, load);
        }
    };
    let source = SourceFile { path: shown, text: text.into() };
    let load = match kind {
        FileKind::Terraform | FileKind::TerraformJson => {
            let module_dir = path.parent().map(|p| display_path(p, options)).unwrap_or_default();
            let module_dir = if module_dir.is_empty() { ".".to_string() } else { module_dir };
            tollgate_terraform::parse_file(file, &source, &module_dir)
        }
        FileKind::Yaml | FileKind::Json => tollgate_kubernetes::parse_file(file, &source),
    };
    (source, load)
}

/// Reads a file as UTF-8 text; the error carries the line to report and a message.
fn read_text(path: &Path, max_bytes: u64) -> Result<String, (u32, String)> {
    let size = std::fs::metadata(path).map_err(|e| (1, format!("cannot read file: {e}")))?.len();
    if size > max_bytes {
        return Err((
            1,
            format!("file is {size} bytes, over the {max_bytes}-byte limit for one file; it was not parsed"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| (1, format!("cannot read file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
        (line, "file is not valid UTF-8 text".to_string())
    })
}

/// The path shown to users: relative to `relative_to` when under it, `/`-separated, no `./`.
pub fn display_path(path: &Path, options: &LoadOptions) -> String {
    let shown = options.relative_to.as_deref().and_then(|base| path.strip_prefix(base).ok()).unwrap_or(path);
    let text = shown.to_string_lossy().replace('\\', "/");
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    text.to_string()
}
