//! A module: the blocks of every configuration file of one directory, with override files
//! folded into the blocks they override.

use crate::blocks::{ExprRef, TopBlock};
use crate::overrides::is_override_file;
use crate::parse::{ParsedFile, TfFileKind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tollgate_model::{LoadError, TfBlock};

/// One block of a module and the override blocks that apply to it, in Terraform's order.
pub(crate) struct DefBlock<'p> {
    pub(crate) top: TopBlock<'p>,
    pub(crate) file: &'p ParsedFile,
    pub(crate) overrides: Vec<(TopBlock<'p>, &'p ParsedFile)>,
}

impl<'p> DefBlock<'p> {
    /// A top-level argument (`count`, `source`, ...): from the last override that sets it, else
    /// from the block itself.
    pub(crate) fn argument(&self, name: &str) -> Option<(ExprRef<'p>, &'p ParsedFile)> {
        self.overrides
            .iter()
            .rev()
            .find_map(|(top, file)| top.content.attribute(name).map(|e| (e, *file)))
            .or_else(|| self.top.content.attribute(name).map(|e| (e, self.file)))
    }

    pub(crate) fn kind(&self) -> TfBlock {
        self.top.header.block
    }
}

/// The blocks of one module directory.
pub(crate) struct ModuleDef<'p> {
    /// The directory on disk.
    pub(crate) dir: PathBuf,
    /// The directory as shown to users (`TfOrigin::module_dir`).
    pub(crate) shown_dir: String,
    /// Blocks in file order (files sorted by name), overrides folded in.
    pub(crate) blocks: Vec<DefBlock<'p>>,
    by_address: BTreeMap<String, usize>,
    /// Override blocks with nothing to override.
    pub(crate) errors: Vec<LoadError>,
}

impl<'p> ModuleDef<'p> {
    /// The module made of `files` (configuration files of one directory); `fold_overrides`
    /// merges override files into the blocks they override, as Terraform does.
    pub(crate) fn new(dir: &Path, files: &[&'p ParsedFile], fold_overrides: bool) -> Self {
        let mut files: Vec<&'p ParsedFile> = files.iter().copied().filter(|f| f.kind == TfFileKind::Config).collect();
        files.sort_by(|a, b| file_name(a).cmp(file_name(b)));
        let shown_dir = files.first().map(|f| shown_dir(&f.shown)).unwrap_or_else(|| ".".to_string());
        let mut def = ModuleDef {
            dir: dir.to_path_buf(),
            shown_dir,
            blocks: Vec::new(),
            by_address: BTreeMap::new(),
            errors: Vec::new(),
        };
        let (overrides, regular): (Vec<&ParsedFile>, Vec<&ParsedFile>) =
            files.into_iter().partition(|f| fold_overrides && is_override_file(&f.shown));
        for file in regular {
            for top in file.blocks() {
                // With duplicate addresses (an error for Terraform) the first one is referenced,
                // and every one is still checked.
                def.by_address.entry(top.header.address.clone()).or_insert(def.blocks.len());
                def.blocks.push(DefBlock { top, file, overrides: Vec::new() });
            }
        }
        for file in overrides {
            for top in file.blocks() {
                match def.by_address.get(&top.header.address).and_then(|&i| def.blocks.get_mut(i)) {
                    Some(base) => base.overrides.push((top, file)),
                    None => def.errors.push(LoadError {
                        file: file.shown.clone(),
                        line: top.span.start.line,
                        column: top.span.start.col,
                        message: format!(
                            "override file declares `{}`, which no other file of module `{}` declares; Terraform \
                             rejects an override with nothing to override: declare the block in a normal file or \
                             remove the override",
                            top.header.address, def.shown_dir
                        ),
                    }),
                }
            }
        }
        def
    }

    /// The block with this address (`var.x`, `local.y`, `aws_s3_bucket.b`, `module.m`).
    pub(crate) fn get(&self, address: &str) -> Option<&DefBlock<'p>> {
        self.by_address.get(address).and_then(|&i| self.blocks.get(i))
    }

    pub(crate) fn blocks_of(&self, kind: TfBlock) -> impl Iterator<Item = &DefBlock<'p>> {
        self.blocks.iter().filter(move |b| b.kind() == kind)
    }
}

fn file_name(file: &ParsedFile) -> &str {
    file.shown.rsplit('/').next().unwrap_or(&file.shown)
}

/// The directory part of a shown path (`.` for a file at the top).
pub(crate) fn shown_dir(shown: &str) -> String {
    match shown.rsplit_once('/') {
        Some((dir, _)) if !dir.is_empty() => dir.to_string(),
        _ => ".".to_string(),
    }
}

/// A module call's `source` as written, when it is a literal string (Terraform requires one).
pub(crate) fn literal_source(block: &DefBlock<'_>) -> Option<String> {
    let (expr, file) = block.argument("source")?;
    let lines = file.lines();
    match expr {
        ExprRef::Hcl(expr) => crate::expr::expr_value(expr, &lines).as_str().map(str::to_string),
        ExprRef::Json(json) => json.as_str().map(str::to_string),
    }
}

/// Whether a module source is a local path (`./x`, `../x`), which Terraform reads in place.
pub(crate) fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source.starts_with(".\\") || source.starts_with("..\\")
}
