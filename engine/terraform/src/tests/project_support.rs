//! Helpers for tests of whole projects: a directory tree on disk, loaded and evaluated the way
//! the scan loads it (walk, module directories the calls reach, var files).

use crate::{
    module_dirs_needed, parse_terraform_file, DataSource, Evaluation, ParsedFile, Project, TerraformSettings,
    TfFileKind,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tollgate_model::{FileId, LoadError, Notice, NoticeKind, Resource, SourceFile, Value};

/// Writes `files` (path, text) under a new temporary directory.
pub(crate) fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// What evaluating every root of a tree yields.
pub(crate) struct Scan {
    pub(crate) resources: Vec<Resource>,
    pub(crate) edges: Vec<(String, String, String)>,
    pub(crate) notices: Vec<Notice>,
    pub(crate) errors: Vec<LoadError>,
    /// (address, path, index) of the values marked sensitive.
    pub(crate) sensitive: Vec<(String, String, usize)>,
    /// Paths by file id.
    pub(crate) paths: Vec<String>,
}

impl Scan {
    pub(crate) fn addresses(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .resources
            .iter()
            .filter(|r| matches!(r.terraform().map(|o| o.block), Some(tollgate_model::TfBlock::Resource)))
            .map(|r| match r.terraform().and_then(|o| o.environment.as_deref()) {
                Some(env) => format!("{env}: {}", r.address),
                None => r.address.clone(),
            })
            .collect();
        out.sort();
        out
    }

    pub(crate) fn get(&self, address: &str) -> &Resource {
        let found: Vec<&Resource> = self.resources.iter().filter(|r| r.address == address).collect();
        match found[..] {
            [one] => one,
            _ => panic!("{} resources at {address}; have {:?}", found.len(), self.addresses()),
        }
    }

    /// The JSON of a resource's attribute.
    pub(crate) fn json(&self, address: &str, path: &[&str]) -> serde_json::Value {
        match self.get(address).body.lookup(path).value() {
            Some(value) => value.to_json(),
            None => panic!("{address} has no {path:?}: {}", self.get(address).body.to_json()),
        }
    }

    pub(crate) fn value(&self, address: &str, path: &[&str]) -> &Value {
        self.get(address).body.lookup(path).value().unwrap_or_else(|| panic!("{address} has no {path:?}"))
    }

    /// (file, start line) of a value.
    pub(crate) fn location(&self, value: &Value) -> (String, u32) {
        (self.paths[value.span.file.0 as usize].clone(), value.span.start.line)
    }

    pub(crate) fn notices(&self, kind: NoticeKind) -> Vec<&Notice> {
        self.notices.iter().filter(|n| n.kind == kind).collect()
    }
}

/// Loads every Terraform file under `root` and evaluates each root module.
pub(crate) fn scan(root: &Path, settings: TerraformSettings) -> Scan {
    let mut paths = Vec::new();
    walk(root, &mut paths);
    paths.sort();
    let mut files: Vec<ParsedFile> = Vec::new();
    let mut shown = Vec::new();
    let read = |paths: &[PathBuf], scanned: bool, files: &mut Vec<ParsedFile>, shown: &mut Vec<String>| {
        for path in paths {
            let text = std::fs::read_to_string(path).unwrap();
            let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
            let source = SourceFile { path: rel.clone(), text: text.into() };
            let mut parsed = parse_terraform_file(FileId(shown.len() as u32), &source, path);
            parsed.scanned = scanned;
            shown.push(rel);
            files.push(parsed);
        }
    };
    read(&paths, true, &mut files, &mut shown);
    let mut modules_json = BTreeMap::new();
    for file in files.iter().filter(|f| f.kind == TfFileKind::Config) {
        let path = file.dir().join(".terraform/modules/modules.json");
        if let Ok(text) = std::fs::read_to_string(path) {
            modules_json.insert(file.dir().to_path_buf(), text);
        }
    }
    for _ in 0..10 {
        let needed = module_dirs_needed(&files, &modules_json);
        let mut extra = Vec::new();
        for dir in &needed {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if TfFileKind::of(&path) == Some(TfFileKind::Config) {
                    extra.push(path);
                }
            }
        }
        extra.sort();
        if extra.is_empty() {
            break;
        }
        read(&extra, false, &mut files, &mut shown);
    }
    let mut errors: Vec<LoadError> = files.iter().flat_map(|f| f.errors.clone()).collect();
    let project = Project::new(&files, &modules_json, settings, Some(test_hook));
    errors.extend(project.errors().iter().cloned());
    let mut scan = Scan {
        resources: Vec::new(),
        edges: Vec::new(),
        notices: Vec::new(),
        errors,
        sensitive: Vec::new(),
        paths: shown,
    };
    for job in project.jobs() {
        let Evaluation { resources, edges, notices, sensitive } = project.evaluate(&job);
        let offset = scan.resources.len();
        scan.sensitive
            .extend(sensitive.iter().map(|(i, path)| (resources[*i].address.clone(), format!("{path:?}"), offset + i)));
        scan.edges.extend(
            edges.iter().map(|(f, t, via)| (resources[*f].address.clone(), resources[*t].address.clone(), via.clone())),
        );
        scan.resources.extend(resources);
        scan.notices.extend(notices);
    }
    scan
}

/// Stands in for the AWS crate's data sources: `test_document` renders its body, `test_region`
/// answers its provider configuration's `region` (absent when there is none).
fn test_hook(source: &DataSource<'_>) -> Vec<(String, Value)> {
    let body = source.body;
    match source.type_name {
        "test_document" => vec![("rendered".to_string(), Value::string(format!("{}", body.to_json()), body.span))],
        "test_region" => {
            let region = source.provider_config().and_then(|config| config.get("region").value().cloned());
            region.map(|region| ("name".to_string(), region)).into_iter().collect()
        }
        _ => Vec::new(),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != ".terraform") {
                walk(&path, out);
            }
        } else if TfFileKind::of(&path).is_some() {
            out.push(path);
        }
    }
}
