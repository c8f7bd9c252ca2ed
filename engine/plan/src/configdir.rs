//! Reading the configuration a plan was made from: which directory each module is in, and the
//! resource blocks of the `.tf` / `.tf.json` files there (parsed with the Terraform loader, so
//! findings can point at their lines).

use crate::config::ModuleConfig;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use tollgate_model::json::{parse as parse_json, Json};
use tollgate_model::source::normalize_path;
use tollgate_model::{FileId, LoadError, Resource, SourceFile, SourceMap, TfBlock};

/// The blocks of one module directory.
#[derive(Debug, Default)]
pub(crate) struct ConfigBlocks {
    /// The directory as reports show it (`.` for the scan root).
    pub(crate) dir_shown: String,
    /// `resource` and `data` blocks by (kind, type, name); override files already merged.
    pub(crate) blocks: BTreeMap<(TfBlock, String, String), Resource>,
    /// The files of the directory that the scan itself read.
    pub(crate) scanned_files: Vec<FileId>,
}

/// Reads configuration files, once each, into the scan's source map.
pub(crate) struct ConfigFiles<'a> {
    pub(crate) sources: &'a mut SourceMap,
    /// The files the scan read, by canonical path.
    pub(crate) scanned: BTreeMap<PathBuf, FileId>,
    pub(crate) display_path: &'a dyn Fn(&Path) -> String,
    pub(crate) max_file_bytes: u64,
    pub(crate) errors: Vec<LoadError>,
    dirs: BTreeMap<PathBuf, Rc<ConfigBlocks>>,
}

impl<'a> ConfigFiles<'a> {
    pub(crate) fn new(
        sources: &'a mut SourceMap,
        scanned: &[PathBuf],
        display_path: &'a dyn Fn(&Path) -> String,
        max_file_bytes: u64,
    ) -> Self {
        let scanned = scanned
            .iter()
            .enumerate()
            .filter(|(_, path)| is_config_file(path))
            .filter_map(|(i, path)| Some((std::fs::canonicalize(path).ok()?, FileId(i as u32))))
            .collect();
        ConfigFiles { sources, scanned, display_path, max_file_bytes, errors: Vec::new(), dirs: BTreeMap::new() }
    }

    /// The blocks of the module in `dir` (read on first use).
    pub(crate) fn blocks(&mut self, dir: &Path) -> Rc<ConfigBlocks> {
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some(known) = self.dirs.get(&key) {
            return Rc::clone(known);
        }
        let blocks = Rc::new(self.read_dir(dir));
        self.dirs.insert(key, Rc::clone(&blocks));
        blocks
    }

    fn read_dir(&mut self, dir: &Path) -> ConfigBlocks {
        let dir_shown = shown_dir(&(self.display_path)(dir));
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| p.is_file() && is_config_file(p)).collect())
            .unwrap_or_default();
        files.sort();
        let mut resources = Vec::new();
        let mut scanned_files = Vec::new();
        let mut overrides = Vec::new();
        for path in files {
            let scanned = std::fs::canonicalize(&path).ok().and_then(|c| self.scanned.get(&c).copied());
            let (file, source) = match scanned {
                Some(file) => match self.sources.get(file) {
                    Some(source) => (file, source.clone()),
                    None => continue,
                },
                None => match self.read_new(&path) {
                    Some(read) => read,
                    None => continue,
                },
            };
            if tollgate_terraform::is_override_file(&source.path) {
                overrides.push(file);
            }
            let load = tollgate_terraform::parse_file(file, &source, &dir_shown);
            match scanned {
                Some(file) => scanned_files.push(file),
                // Problems in files the scan read are reported by the scan already.
                None => self.errors.extend(load.errors),
            }
            resources.extend(load.resources);
        }
        let sources = &*self.sources;
        let (merged, _) = tollgate_terraform::merge_overrides(
            resources,
            |file| overrides.contains(&file),
            |file| sources.path(file).to_string(),
        );
        let mut blocks = BTreeMap::new();
        for resource in merged {
            let Some(block) = resource.terraform().map(|t| t.block) else { continue };
            if matches!(block, TfBlock::Resource | TfBlock::Data) {
                blocks.entry((block, resource.type_name.clone(), resource.name.clone())).or_insert(resource);
            }
        }
        ConfigBlocks { dir_shown, blocks, scanned_files }
    }

    /// Reads a file the scan did not and adds it to the source map.
    fn read_new(&mut self, path: &Path) -> Option<(FileId, SourceFile)> {
        let shown = (self.display_path)(path);
        let error = |message: String| LoadError { file: shown.clone(), line: 1, column: 1, message };
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if size > self.max_file_bytes {
            self.errors
                .push(error(format!("file is {size} bytes, over the {}-byte limit for one file", self.max_file_bytes)));
            return None;
        }
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                self.errors.push(error("file is not valid UTF-8 text; save it as UTF-8".to_string()));
                return None;
            }
            Err(e) => {
                self.errors.push(error(format!("cannot read file: {e}")));
                return None;
            }
        };
        let file = self.sources.add(shown.clone(), text.as_str());
        Some((file, SourceFile { path: shown, text: text.into() }))
    }
}

fn is_config_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_ascii_lowercase();
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// Whether `dir` holds Terraform configuration (a plan beside it was made from it).
pub(crate) fn has_config(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| entries.flatten().any(|e| is_config_file(&e.path())))
}

fn shown_dir(shown: &str) -> String {
    if shown.is_empty() {
        ".".to_string()
    } else {
        shown.to_string()
    }
}

/// Where each module of a configuration is: local sources relative to their caller, other
/// sources from `.terraform/modules/modules.json` when `terraform init` has run.
pub(crate) struct ModuleDirs {
    root: PathBuf,
    /// `modules.json`: module key (`eks.nodes`) → directory relative to the root.
    installed: BTreeMap<String, PathBuf>,
}

impl ModuleDirs {
    pub(crate) fn new(root: &Path) -> Self {
        let manifest = root.join(".terraform").join("modules").join("modules.json");
        let installed = std::fs::read_to_string(manifest)
            .ok()
            .and_then(|text| parse_json(&text).ok())
            .map(|json| installed_modules(&json))
            .unwrap_or_default();
        ModuleDirs { root: root.to_path_buf(), installed }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The directory of the module reached through `calls`, when it can be found.
    pub(crate) fn dir(&self, config: &ModuleConfig, calls: &[String]) -> Option<PathBuf> {
        let mut dir = self.root.clone();
        let mut module = config;
        for (depth, call_name) in calls.iter().enumerate() {
            let call = module.calls.get(call_name)?;
            dir = match self.installed.get(&calls[..=depth].join(".")) {
                Some(installed) => normalize_path(&self.root.join(installed)),
                None if is_local(&call.source) => normalize_path(&dir.join(&call.source)),
                None => return None,
            };
            module = &call.module;
        }
        Some(dir)
    }
}

fn installed_modules(json: &Json) -> BTreeMap<String, PathBuf> {
    let modules = json.as_object().and_then(|m| m.iter().find(|m| m.key == "Modules")).map(|m| &m.value);
    let Some(tollgate_model::json::JsonKind::Array(modules)) = modules.map(|m| &m.kind) else { return BTreeMap::new() };
    modules
        .iter()
        .filter_map(|module| {
            let field = |name: &str| module.as_object()?.iter().find(|m| m.key == name)?.value.as_str();
            Some((field("Key")?.to_string(), PathBuf::from(field("Dir")?)))
        })
        .collect()
}

/// A local module source: `./x`, `../x` (Terraform's own test for local paths).
fn is_local(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source.starts_with(".\\") || source.starts_with("..\\")
}
