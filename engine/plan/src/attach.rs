//! Putting plans into the graph: each instance located in its configuration block when the
//! configuration is at hand, its reference edges, its sensitive values marked, and the
//! configuration's own (unevaluated) resources replaced by the planned ones.

use crate::configdir::{has_config, ConfigBlocks, ConfigFiles, ModuleDirs};
use crate::document::{Instance, Plan};
use crate::respan::respan_body;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tollgate_model::{
    EdgeKind, FileId, GraphBuilder, LoadError, Origin, Reference, Resource, ResourceId, Skip, SourceMap, Span, TfBlock,
    TfOrigin,
};

/// What [`attach`] needs to know about the scan.
pub struct AttachOptions<'a> {
    /// `--config-dir`: the configuration of every plan of the scan. Without it, a plan's own
    /// directory is its configuration when it holds `.tf` or `.tf.json` files.
    pub config_dir: Option<&'a Path>,
    /// The files the scan read, in [`FileId`] order (`FileId(i)` is `scanned[i]`).
    pub scanned: &'a [PathBuf],
    /// How reports name a path.
    pub display_path: &'a dyn Fn(&Path) -> String,
    /// Configuration files larger than this are reported, not read.
    pub max_file_bytes: u64,
}

/// What attaching reports besides the resources it adds.
#[derive(Debug, Default)]
pub struct Attached {
    pub errors: Vec<LoadError>,
    pub skipped: Vec<Skip>,
    /// The configuration files whose `resource` and `data` blocks the plans replaced. What a
    /// static evaluation of them noticed (unknown instance counts, unread module sources) is
    /// moot: Terraform resolved it in the plan.
    pub superseded_files: BTreeSet<FileId>,
}

/// Adds the resources of `plans` to `builder`. Call it before any linker runs: it removes the
/// resources the scan read from a plan's configuration files (the plan's instances replace
/// them, located at the same lines), which would invalidate edges and marks made earlier.
/// Configuration files outside the scan are read and added to `sources`.
pub fn attach(
    builder: &mut GraphBuilder,
    sources: &mut SourceMap,
    plans: Vec<Plan>,
    options: &AttachOptions<'_>,
) -> Attached {
    let mut attached = Attached::default();
    if plans.is_empty() {
        return attached;
    }
    let config_dir = options.config_dir.filter(|dir| {
        let is_dir = dir.is_dir();
        if !is_dir {
            attached.errors.push(LoadError {
                file: (options.display_path)(dir),
                line: 0,
                column: 0,
                message: "--config-dir is not a directory; give the directory holding the plan's Terraform \
                          configuration"
                    .to_string(),
            });
        }
        is_dir
    });
    let roots: Vec<Option<PathBuf>> = plans.iter().map(|plan| config_root(plan, config_dir)).collect();
    let mut plans_per_root: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for root in roots.iter().flatten() {
        *plans_per_root.entry(canonical(root)).or_default() += 1;
    }

    let mut files = ConfigFiles::new(sources, options.scanned, options.display_path, options.max_file_bytes);
    let mut placed: Vec<Placed> = Vec::new();
    let mut superseded: BTreeMap<FileId, String> = BTreeMap::new();
    for (plan_index, (plan, root)) in plans.iter().zip(&roots).enumerate() {
        let shared_root = root.as_ref().is_some_and(|r| plans_per_root.get(&canonical(r)).copied().unwrap_or(0) > 1);
        let environment = shared_root.then(|| plan.shown.clone());
        let dirs = root.as_deref().map(ModuleDirs::new);
        for (instance_index, instance) in plan.instances.iter().enumerate() {
            let blocks = dirs.as_ref().and_then(|dirs| {
                let dir = dirs.dir(&plan.config, instance.calls.as_deref()?)?;
                Some(files.blocks(&dir))
            });
            let module_dir = module_dir(plan, instance, blocks.as_deref(), dirs.as_ref(), options);
            let mut resource = Resource {
                address: instance.address.clone(),
                type_name: instance.type_name.clone(),
                name: instance.name.clone(),
                origin: Origin::Terraform(TfOrigin {
                    block: instance.block,
                    module_dir,
                    module_path: instance.module_path.clone(),
                    environment: environment.clone(),
                    // A plan is one deployment already: the plan file tells plans apart.
                    root: None,
                    call_chain: Vec::new(),
                    provider: provider_use(plan, instance),
                }),
                span: instance.span,
                body: instance.body.clone(),
                references: Vec::new(),
            };
            let block = blocks.as_ref().and_then(|b| {
                b.blocks.get(&(instance.block, instance.type_name.clone(), instance.name.clone())).map(|r| (b, r))
            });
            let config_block = block.map(|(blocks, block)| {
                respan_body(&mut resource.body, &block.body, block.span);
                resource.span = block.span;
                for &file in &blocks.scanned_files {
                    superseded.insert(file, plan.shown.clone());
                }
                block.body.clone()
            });
            placed.push(Placed { plan: plan_index, instance: instance_index, resource, config_block });
        }
    }
    attached.errors.append(&mut files.errors);

    let removed = remove_superseded(builder, &superseded);
    attached.superseded_files = superseded.keys().copied().collect();
    for (file, plan) in &superseded {
        if removed.contains(file) {
            attached.skipped.push(Skip {
                file: sources.path(*file).to_string(),
                document: None,
                reason: format!(
                    "configuration of the plan `{plan}`: its resource and data blocks are checked as planned there, \
                     at these lines"
                ),
            });
        }
    }
    link_and_add(builder, &plans, placed);
    attached
}

/// The provider configuration the instance's block uses, with its region.
fn provider_use(plan: &Plan, instance: &Instance) -> Option<tollgate_model::ProviderUse> {
    let module = plan.config.module(instance.calls.as_deref()?)?;
    let key = module.provider_keys.get(&instance.config_address())?;
    plan.providers.provider_use(key, instance.span)
}

/// A plan instance made into a resource, before it joins the graph.
struct Placed {
    plan: usize,
    /// Index of the instance in its plan.
    instance: usize,
    resource: Resource,
    /// The body of its configuration block, when found.
    config_block: Option<tollgate_model::Value>,
}

/// The directory of a plan's configuration.
fn config_root(plan: &Plan, config_dir: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = config_dir {
        return Some(dir.to_path_buf());
    }
    let parent = plan.path.parent().map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p })?;
    has_config(parent).then(|| parent.to_path_buf())
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The module directory an instance's origin names: the configuration's directory when known;
/// otherwise the plan's directory for the root module and the call's `source` for a module.
fn module_dir(
    plan: &Plan,
    instance: &Instance,
    blocks: Option<&ConfigBlocks>,
    dirs: Option<&ModuleDirs>,
    options: &AttachOptions<'_>,
) -> String {
    if let Some(blocks) = blocks {
        return blocks.dir_shown.clone();
    }
    let calls = instance.calls.as_deref().unwrap_or_default();
    if let Some(source) = calls.split_last().and_then(|(last, parents)| {
        plan.config.module(parents).and_then(|m| m.calls.get(last)).map(|c| c.source.clone())
    }) {
        return source;
    }
    let root = dirs.map(ModuleDirs::root).or_else(|| plan.path.parent()).unwrap_or(Path::new("."));
    let shown = (options.display_path)(root);
    if shown.is_empty() {
        ".".to_string()
    } else {
        shown
    }
}

/// Removes the `resource` and `data` blocks the scan read from `files` (variables, outputs,
/// providers and module calls stay: the plan does not replace them); answers which files lost
/// blocks.
fn remove_superseded(builder: &mut GraphBuilder, files: &BTreeMap<FileId, String>) -> BTreeSet<FileId> {
    let mut removed = BTreeSet::new();
    builder.resources.retain(|r| {
        let planned_kind = r.terraform().is_some_and(|t| matches!(t.block, TfBlock::Resource | TfBlock::Data));
        let supersede = planned_kind && files.contains_key(&r.span.file);
        if supersede {
            removed.insert(r.span.file);
        }
        !supersede
    });
    removed
}

/// Adds the placed resources with their references, reference edges and sensitive marks.
fn link_and_add(builder: &mut GraphBuilder, plans: &[Plan], mut placed: Vec<Placed>) {
    // Placed resources by (plan, module instance, address in the module).
    let mut by_block: BTreeMap<(usize, &str, String), Vec<usize>> = BTreeMap::new();
    for (index, place) in placed.iter().enumerate() {
        if let Some(instance) = instance_of(plans, place) {
            let key = (place.plan, instance.module_path.as_str(), instance.config_address());
            by_block.entry(key).or_default().push(index);
        }
    }
    let mut edges: Vec<(usize, usize, String)> = Vec::new();
    for (index, place) in placed.iter().enumerate() {
        let (Some(plan), Some(instance)) = (plans.get(place.plan), instance_of(plans, place)) else { continue };
        let refs = instance
            .calls
            .as_deref()
            .and_then(|calls| plan.config.module(calls))
            .and_then(|module| module.resources.get(&instance.config_address()));
        for config_ref in refs.into_iter().flatten() {
            let key = (place.plan, instance.module_path.as_str(), config_ref.target.address.clone());
            for &target in by_block.get(&key).into_iter().flatten() {
                let target_key = placed.get(target).and_then(|t| instance_of(plans, t)).and_then(|t| t.key.as_ref());
                if target != index && (config_ref.target.key.is_none() || config_ref.target.key.as_ref() == target_key)
                {
                    edges.push((index, target, config_ref.attribute.clone()));
                }
            }
        }
    }
    for (from, to, attribute) in &edges {
        let Some(target) = placed.get(*to).map(|t| t.resource.address.clone()) else { continue };
        if let Some(source) = placed.get_mut(*from) {
            let span = reference_span(source, attribute);
            source.resource.references.push(Reference { target, attribute: attribute.clone(), span });
        }
    }
    let base = builder.resources.len();
    let mut marks = Vec::new();
    for (index, place) in placed.into_iter().enumerate() {
        if let Some(instance) = instance_of(plans, &place) {
            marks.extend(instance.sensitive.iter().map(|path| (id(base + index), path.clone())));
        }
        builder.resources.push(place.resource);
    }
    for (resource, path) in marks {
        builder.mark_sensitive(resource, path);
    }
    for (from, to, attribute) in edges {
        builder.add_edge(id(base + from), id(base + to), EdgeKind::Reference, attribute);
    }
}

fn instance_of<'p>(plans: &'p [Plan], place: &Placed) -> Option<&'p Instance> {
    plans.get(place.plan)?.instances.get(place.instance)
}

fn id(index: usize) -> ResourceId {
    ResourceId(u32::try_from(index).unwrap_or(u32::MAX))
}

/// Where a reference is written: the configuration attribute holding it, else the resource.
fn reference_span(place: &Placed, attribute: &str) -> Span {
    let top = attribute.split('.').next().unwrap_or(attribute);
    place
        .config_block
        .as_ref()
        .and_then(|body| body.entry(top))
        .map(|entry| entry.value.span)
        .unwrap_or(place.resource.span)
}
