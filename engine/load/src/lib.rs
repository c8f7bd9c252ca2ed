//! Finding and loading infrastructure files: walks the scan roots with the `ignore` crate
//! (honouring `.gitignore` and `.tollgateignore`, skipping `.git/` and `.terraform/`, following
//! symbolic links but not out of the scan root, skipping Helm chart directories, reading a file
//! reached twice once), reads and parses every file on `rayon` with the loader its name calls
//! for, evaluates Terraform root by
//! root and environment by environment (reading the module directories and var files it needs,
//! see the `terraform` module), and links the resources into one [`Graph`].
//!
//! A file that cannot be read or parsed is an error in [`Loaded::errors`]; every other file is
//! still loaded. Only a root that does not exist stops the load ([`LoadFailure`]).
//!
//! The scan root (module `scan_root`: the git work tree, `tollgate.toml` directory or working
//! directory holding a scanned path) confines the load for untrusted code, through
//! [`TerraformSettings::sandbox`]: Terraform's file functions, module sources and the var files
//! of `tollgate.toml` read only inside it, and the walk follows no link out of it.
//!
//! With [`LoadOptions::keep_documents`], every scanned file that parsed is also kept as parsed
//! ([`Graph::parsed_files`], sorted by file), in the shape Conftest gives policies: each YAML
//! document (one `null` document for an empty YAML file, which Conftest evaluates once), a `.tf`/`.tfvars` file converted to JSON as Conftest's HCL 2 parser converts it, a plan's whole
//! JSON, any other `.json` file (`.tf.json` too) as its JSON, and the files only Conftest-style
//! policies read (TOML, INI, Dockerfile, `.env`, XML, properties, `.hcl`; see `conftest_inputs` and the
//! `tollgate-formats` crate), which are not read at all without the option. Plain `.json` files are then read
//! as strict JSON as well; one that is not JSON (or a `.tf` file Conftest's HCL 2 parser cannot convert) is
//! listed as skipped for policies, never an error: what counts as a parse error does not depend
//! on the option, and without it nothing is kept and nothing else changes. Files read only because a module call or
//! a setting names them (outside the scanned paths) are not kept.

mod clusters;
mod conftest_inputs;
pub mod helm;
mod patches;
mod scan_root;
mod terraform;
mod walk;

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use tollgate_model::source::normalize_path;
use tollgate_model::{
    DocumentFormat, EdgeKind, FileId, FileLoad, Graph, GraphBuilder, LoadError, ParsedDocument, ParsedFile, Pos,
    ResourceId, Skip, SourceFile, SourceMap, Span, Value,
};

pub use clusters::ClusterDir;
pub use scan_root::{sandbox_for, scan_roots};
pub use tollgate_terraform::{EnvironmentSettings, RootSettings, Sandbox, TerraformSettings};
pub use walk::{classify, FileKind, CHART_FILE};

/// Files larger than this are reported, not parsed (generated plans can be large; manifests are not).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub roots: Vec<PathBuf>,
    /// Paths in findings are shown relative to this directory when they are under it;
    /// otherwise as walked (the root as given, joined with the path below it).
    pub relative_to: Option<PathBuf>,
    pub max_file_bytes: u64,
    /// Where the Terraform configuration of plan JSON files is (`--config-dir`); without it, a
    /// plan's own directory when it holds `.tf` files.
    pub config_dir: Option<PathBuf>,
    /// Roots with environments and variable values for Terraform evaluation. Its `sandbox` (the
    /// scan root, see [`sandbox_for`]) confines the whole load: Terraform's file functions and
    /// modules, the var files `var_files` and the roots' environments name (not the command
    /// line's `cli_var_files`), and the walk, which does not follow links out of it.
    pub terraform: tollgate_terraform::TerraformSettings,
    /// Keep every scanned file's parsed documents on the graph ([`Graph::parsed_files`]) for
    /// Conftest-style policies. Off by default: it costs memory (a second copy of YAML and plan
    /// documents, a JSON view of every Terraform file) and reads plain `.json` files strictly.
    pub keep_documents: bool,
    /// A YAML/JSON stream (or a plan JSON) read from standard input (`tollgate scan -`).
    pub piped: Option<Piped>,
    /// Directories whose Kubernetes manifests are applied to clusters of their own (see
    /// [`tollgate_model::KubeOrigin::cluster`]); without any, the whole scan is one cluster.
    pub clusters: Vec<ClusterDir>,
    /// `--parser`: every file (standard input too) is read with this parser, as Conftest's
    /// flag does, whatever its name.
    pub parser: Option<tollgate_formats::Parser>,
    /// Render Helm charts and scan their objects (see the `helm` module; on by default); off,
    /// chart directories are listed as skipped.
    pub render_helm: bool,
    /// Values sets and render settings of `tollgate.toml` (`[helm]`).
    pub helm: helm::HelmSettings,
}

/// The name standard input goes by without `--stdin-filename`.
pub const STDIN_NAME: &str = "<stdin>";

/// Input that is not a file of the walk: what `tollgate scan -` read from standard input.
#[derive(Debug, Clone, Default)]
pub struct Piped {
    /// The name findings give it (`--stdin-filename`, default [`STDIN_NAME`]); a name ending in
    /// `.json` reads it as JSON, anything else as a YAML stream; a plan JSON is recognised either
    /// way. A name other than the default also places its objects in the cluster directory that
    /// holds that path, as a file there would be.
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Piped {
    /// The path the stream is named as, when it was given one.
    fn location(&self) -> Option<PathBuf> {
        (self.name != STDIN_NAME).then(|| PathBuf::from(&self.name))
    }
}

impl LoadOptions {
    /// Options for scanning `roots`, confined to their scan roots ([`sandbox_for`]); with one
    /// directory root, paths are shown relative to it.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        let relative_to = match roots.as_slice() {
            [only] if only.is_dir() => Some(only.clone()),
            _ => None,
        };
        let terraform = TerraformSettings { sandbox: Some(sandbox_for(&roots, None)), ..Default::default() };
        LoadOptions {
            roots,
            relative_to,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            config_dir: None,
            terraform,
            keep_documents: false,
            piped: None,
            clusters: Vec::new(),
            parser: None,
            render_helm: true,
            helm: helm::HelmSettings::default(),
        }
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
    /// What the Terraform evaluation reports about the configuration (unknown instances,
    /// unresolved modules, configurations Terraform rejects), for built-in findings.
    pub notices: Vec<tollgate_model::Notice>,
    /// The Helm releases rendered (with [`LoadOptions::render_helm`]), in render order.
    pub releases: Vec<helm::Release>,
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

/// The files a scan of the directory `dir` reads, by the walk's rules (ignore files honoured;
/// `.git/`, `.terraform/` and Helm chart directories skipped), each with its loader, sorted;
/// `recursive: false` lists only the files directly in `dir`. For callers that choose which files
/// to load (focused scans) without reading or parsing anything.
pub fn scannable_files(dir: &Path, recursive: bool) -> Vec<(PathBuf, FileKind)> {
    let mut found = walk::Found::default();
    walk::walk_to_depth(dir, None, (!recursive).then_some(1), &mut found);
    walk::dedup_files(found.files)
}

/// Walks, reads and parses every root, then builds the graph.
pub fn load(options: &LoadOptions) -> Result<Loaded, LoadFailure> {
    let mut found = walk::Found::default();
    for root in &options.roots {
        if std::fs::metadata(root).is_err() {
            return Err(LoadFailure::RootNotFound(root.clone()));
        }
        walk::walk(root, options.terraform.sandbox.as_ref(), &mut found);
    }
    let (files, not_read) = conftest_inputs::route(walk::dedup_files(std::mem::take(&mut found.files)), options);
    found.skipped.extend(not_read);

    let mut parsed: Vec<Parsed> = files
        .par_iter()
        .enumerate()
        .map(|(index, (path, kind))| read_and_parse(FileId(index as u32), path, *kind, options))
        .collect();
    // Standard input comes after the files, so file ids stay the walk's indexes.
    parsed.extend(options.piped.as_ref().map(|piped| parse_piped(FileId(files.len() as u32), piped, options)));

    let mut sources = SourceMap::new();
    let mut resources = Vec::new();
    let mut errors = Vec::new();
    let mut skipped: Vec<Skip> = match options.render_helm {
        true => Vec::new(),
        false => found.chart_dirs.iter().map(|dir| chart_skip(&display_path(dir, options))).collect(),
    };
    skipped.extend(found.roots_in_charts.iter().chain(&found.skipped).map(|skip| Skip {
        file: display_path(&skip.path, options),
        document: None,
        reason: skip.reason.clone(),
    }));
    let mut plans = Vec::new();
    let mut terraform_files = Vec::new();
    let mut documents = Vec::new();
    for Parsed { source, load, plan, terraform, document } in parsed {
        plans.extend(plan);
        terraform_files.extend(terraform);
        documents.extend(document);
        sources.add(source.path, source.text);
        resources.extend(load.resources);
        errors.extend(load.errors);
        skipped.extend(load.skipped);
    }
    patches::skip_patches(&files, &mut resources, &mut skipped, options);
    let mut scanned: Vec<PathBuf> = files.iter().map(|(path, _)| path.clone()).collect();
    // Standard input's id follows the files' (see above), so its path takes the next index.
    scanned.extend(options.piped.as_ref().and_then(Piped::location));
    clusters::assign(&mut resources, &scanned, &options.clusters);
    // A directory or walk problem has no line: 0 says so.
    errors.extend(found.errors.iter().map(|error| LoadError {
        file: error.path.as_deref().map(|p| display_path(p, options)).unwrap_or_default(),
        line: 0,
        column: 0,
        message: error.message.clone(),
    }));
    // Terraform is evaluated module by module, root by root (override files fold into the
    // blocks they override there); edges between instances come with it.
    let evaluated = terraform::evaluate(terraform_files, &options.terraform, &mut sources, options);
    let offset = resources.len();
    resources.extend(evaluated.resources);
    errors.extend(evaluated.errors);
    skipped.extend(evaluated.skipped);
    errors.sort();
    skipped.sort();

    let identities: Vec<Identity> = resources.iter().skip(offset).map(Identity::of).collect();
    let mut builder = GraphBuilder::new(resources);
    builder.set_parsed_files(documents);
    let plan_options = tollgate_plan::AttachOptions {
        config_dir: options.config_dir.as_deref(),
        scanned: &scanned,
        display_path: &|path| display_path(path, options),
        max_file_bytes: options.max_file_bytes,
    };
    let attached = tollgate_plan::attach(&mut builder, &mut sources, plans, &plan_options);
    // The plan replaces the blocks of its configuration files (keeping the order of the rest),
    // so the evaluated resources' edges are added where they now are.
    let moved = surviving_positions(&builder, offset, &identities);
    for (from, to, via) in evaluated.edges {
        if let (Some(Some(from)), Some(Some(to))) = (moved.get(from), moved.get(to)) {
            builder.add_edge(ResourceId(*from as u32), ResourceId(*to as u32), EdgeKind::Reference, via);
        }
    }
    for (index, path) in evaluated.sensitive {
        if let Some(Some(now)) = moved.get(index) {
            builder.mark_sensitive(ResourceId(*now as u32), path);
        }
    }
    errors.extend(attached.errors);
    skipped.extend(attached.skipped);
    let mut notices = evaluated.notices;
    notices.retain(|notice| !attached.superseded_files.contains(&notice.span.file));
    let releases = match options.render_helm {
        true => render_helm(&mut builder, &mut sources, &found.chart_dirs, options, &mut errors, &mut skipped),
        false => Vec::new(),
    };
    errors.sort();
    skipped.sort();
    tollgate_kubernetes::link(&mut builder);
    tollgate_aws::enrich(&mut builder);
    let files_scanned = files.len() + usize::from(options.piped.is_some());
    Ok(Loaded { graph: builder.build(sources), errors, skipped, files_scanned, notices, releases })
}

/// Plans the Helm releases of the scan and renders them into the graph; the releases rendered.
fn render_helm(
    builder: &mut GraphBuilder,
    sources: &mut SourceMap,
    chart_dirs: &[PathBuf],
    options: &LoadOptions,
    errors: &mut Vec<LoadError>,
    skipped: &mut Vec<Skip>,
) -> Vec<helm::Release> {
    let planned = helm::plan(builder, sources, chart_dirs, options);
    errors.extend(planned.errors);
    skipped.extend(planned.notes);
    let outcome = helm::render_into(builder, sources, &planned.releases, options);
    errors.extend(outcome.errors);
    skipped.extend(outcome.skipped);
    planned.releases
}

/// What tells an evaluated resource apart from every other.
#[derive(PartialEq)]
struct Identity {
    address: String,
    span: tollgate_model::Span,
    environment: Option<String>,
}

impl Identity {
    fn of(resource: &tollgate_model::Resource) -> Self {
        Identity {
            address: resource.address.clone(),
            span: resource.span,
            environment: resource.terraform().and_then(|o| o.environment.clone()),
        }
    }
}

/// Where each of the resources that were at `offset..` before the plan was attached is now
/// (`None`: removed). Removal keeps the order of the rest, so one pass matches them up.
fn surviving_positions(builder: &GraphBuilder, offset: usize, before: &[Identity]) -> Vec<Option<usize>> {
    let mut now = offset;
    before
        .iter()
        .map(|identity| {
            let found = builder.resources.get(now).is_some_and(|r| Identity::of(r) == *identity);
            if found {
                now += 1;
                Some(now - 1)
            } else {
                None
            }
        })
        .collect()
}

fn chart_skip(dir: &str) -> Skip {
    Skip {
        file: dir.to_string(),
        document: None,
        reason: "Helm chart directory (Chart.yaml): not rendered, `[helm] render = false` in tollgate.toml".to_string(),
    }
}

/// One file read and parsed: its text for the source map, what its loader produced, the plan
/// or parsed Terraform file evaluated later, and its documents when they are kept.
struct Parsed {
    source: SourceFile,
    load: FileLoad,
    plan: Option<tollgate_plan::Plan>,
    terraform: Option<tollgate_terraform::ParsedFile>,
    document: Option<ParsedFile>,
}

fn read_and_parse(file: FileId, path: &Path, kind: FileKind, options: &LoadOptions) -> Parsed {
    let shown = display_path(path, options);
    match read_text(path, options.max_file_bytes) {
        Ok(text) => parse_text(file, path, shown, text, kind, options),
        Err(failure) => unreadable(shown, failure),
    }
}

/// Standard input, parsed as a file named `piped.name` would be (a YAML stream unless the name
/// ends in `.json`; a plan JSON is recognised whatever the name).
fn parse_piped(file: FileId, piped: &Piped, options: &LoadOptions) -> Parsed {
    let text = match decode_utf8(piped.bytes.clone()) {
        Ok(text) => text,
        Err(failure) => return unreadable(piped.name.clone(), failure),
    };
    let named_json = piped.name.to_ascii_lowercase().ends_with(".json");
    let kind = if named_json || tollgate_plan::is_plan(&text) { FileKind::Json } else { FileKind::Yaml };
    let kind = options.parser.map_or(kind, |parser| conftest_inputs::forced(parser, kind));
    parse_text(file, Path::new(&piped.name), piped.name.clone(), text, kind, options)
}

/// A file whose text could not be handed to a loader: an error at the line that stopped it.
fn unreadable(shown: String, failure: ReadFailure) -> Parsed {
    let error = LoadError { file: shown.clone(), line: failure.line, column: 1, message: failure.message };
    let load = FileLoad { errors: vec![error], ..FileLoad::default() };
    Parsed {
        source: SourceFile { path: shown, text: failure.text.into() },
        load,
        plan: None,
        terraform: None,
        document: None,
    }
}

fn parse_text(file: FileId, path: &Path, shown: String, text: String, kind: FileKind, options: &LoadOptions) -> Parsed {
    let text = match kind {
        FileKind::Yaml | FileKind::Json => lone_cr_as_newline(text),
        FileKind::Terraform | FileKind::TerraformJson | FileKind::TerraformVars => text,
        FileKind::Conftest(_) | FileKind::ConftestHcl | FileKind::Unsupported(_) => text,
    };
    let source = SourceFile { path: shown, text: text.into() };
    if kind == FileKind::Json && tollgate_plan::is_plan(&source.text) {
        // The source map gets the plan's display copy: no secrets, same lines.
        let plan = if options.keep_documents {
            tollgate_plan::parse_keeping_document(file, &source, path)
        } else {
            tollgate_plan::parse(file, &source, path)
        };
        let load = FileLoad { resources: Vec::new(), errors: plan.errors, skipped: plan.skipped };
        let source = SourceFile { path: source.path, text: plan.text.into() };
        return Parsed { source, load, plan: plan.plan, terraform: None, document: plan.document };
    }
    match kind {
        FileKind::Terraform | FileKind::TerraformJson | FileKind::TerraformVars => {
            let parsed = tollgate_terraform::parse_terraform_file(file, &source, path);
            let mut load = FileLoad { errors: parsed.errors.clone(), ..FileLoad::default() };
            let document = match options.keep_documents.then(|| parsed.raw_document()) {
                Some(Ok(document)) => document,
                // Not a parse error (Terraform may accept the file): policies do not see it.
                Some(Err(error)) => {
                    let reason = format!("line {}: {}", error.line, error.message);
                    load.skipped.push(Skip { file: error.file, document: None, reason });
                    None
                }
                None => None,
            };
            Parsed { source, load, plan: None, terraform: Some(parsed), document }
        }
        FileKind::Yaml if options.keep_documents => {
            let (load, mut document) = tollgate_kubernetes::parse_file_keeping_documents(file, &source);
            if document.documents.is_empty() && load.errors.is_empty() {
                // An empty YAML file (or only comments or `---`): Conftest evaluates it once, with a null input.
                let start = Span::new(file, Pos::new(1, 1), Pos::new(1, 1));
                document.documents.push(ParsedDocument { span: start, value: Value::null(start) });
            }
            Parsed { source, load, plan: None, terraform: None, document: Some(document) }
        }
        FileKind::Yaml => {
            let load = tollgate_kubernetes::parse_file(file, &source);
            Parsed { source, load, plan: None, terraform: None, document: None }
        }
        FileKind::Json => {
            let mut load = tollgate_kubernetes::parse_file(file, &source);
            let document = if options.keep_documents { json_document(file, &source, &mut load) } else { None };
            Parsed { source, load, plan: None, terraform: None, document }
        }
        FileKind::Conftest(format) => {
            let (load, document) = conftest_document(file, &source, format);
            Parsed { source, load, plan: None, terraform: None, document }
        }
        FileKind::ConftestHcl => {
            let (load, document) = conftest_hcl_document(file, &source, path);
            Parsed { source, load, plan: None, terraform: None, document }
        }
        FileKind::Unsupported(name) => {
            let error = LoadError {
                file: source.path.clone(),
                line: 1,
                column: 1,
                message: conftest_inputs::unsupported_error(name),
            };
            Parsed {
                source,
                load: FileLoad { errors: vec![error], ..FileLoad::default() },
                plan: None,
                terraform: None,
                document: None,
            }
        }
    }
}

/// A file of a format only Conftest-style policies read: its documents, or the error with its line.
fn conftest_document(
    file: FileId,
    source: &SourceFile,
    format: tollgate_formats::Format,
) -> (FileLoad, Option<ParsedFile>) {
    match tollgate_formats::parse(format, file, &source.text) {
        Ok(documents) => (FileLoad::default(), Some(ParsedFile { file, format: format.document_format(), documents })),
        Err(error) => {
            let message = format!("invalid {}: {}", format.title(), error.message);
            let error =
                LoadError { file: source.path.clone(), line: error.line.max(1), column: error.column.max(1), message };
            (FileLoad { errors: vec![error], ..FileLoad::default() }, None)
        }
    }
}

/// A `.hcl` file as Conftest's HCL 2 parser converts it, and nothing else: it is not Terraform,
/// so it adds no resource. A file Conftest could not convert is an error, as for the formats.
fn conftest_hcl_document(file: FileId, source: &SourceFile, path: &Path) -> (FileLoad, Option<ParsedFile>) {
    let parsed = tollgate_terraform::parse_terraform_file(file, source, path);
    let mut load = FileLoad { errors: parsed.errors.clone(), ..FileLoad::default() };
    match parsed.raw_document() {
        Ok(document) => (load, document),
        Err(error) => {
            let message = format!("invalid HCL 2: {}", error.message);
            load.errors.push(LoadError { file: error.file, line: error.line, column: error.column.max(1), message });
            (load, None)
        }
    }
}

/// A `.json` file that is not a plan, read as strict JSON as Conftest reads it. When it is not
/// JSON, Conftest-style policies do not see it, and the file is listed as skipped for them,
/// not as an error: loading a policy never changes what counts as a parse error (a broken
/// manifest is already an error of the manifest loader, with or without policies).
fn json_document(file: FileId, source: &SourceFile, load: &mut FileLoad) -> Option<ParsedFile> {
    match ParsedFile::from_json(file, &source.text, DocumentFormat::Json) {
        Ok(document) => Some(document),
        Err((pos, message)) => {
            // A file the manifest loader already reported is not listed twice.
            if !load.errors.iter().any(|error| error.file == source.path) {
                let reason = format!(
                    "not strict JSON (line {}: {message}): Conftest-style policies did not see this file",
                    pos.line
                );
                load.skipped.push(Skip { file: source.path.clone(), document: None, reason });
            }
            None
        }
    }
}

/// Why a file's text could not be handed to a loader.
struct ReadFailure {
    line: u32,
    message: String,
    /// What can still be shown of the file (invalid UTF-8 replaced), so the report can point at
    /// the offending line.
    text: String,
}

/// Reads a file as UTF-8 text.
fn read_text(path: &Path, max_bytes: u64) -> Result<String, ReadFailure> {
    let unreadable =
        |e: std::io::Error| ReadFailure { line: 1, message: format!("cannot read file: {e}"), text: String::new() };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > max_bytes {
        let message = format!(
            "file is {size} bytes, over the {max_bytes}-byte limit for one file; it was not parsed (list it in \
             .tollgateignore if it is generated data, not configuration)"
        );
        return Err(ReadFailure { line: 1, message, text: String::new() });
    }
    decode_utf8(std::fs::read(path).map_err(unreadable)?)
}

/// The bytes as UTF-8 text, or where and why they are not.
fn decode_utf8(bytes: Vec<u8>) -> Result<String, ReadFailure> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
        // Windows PowerShell 5 writes `>` redirections (`kubectl get -o yaml > x.yaml`) as UTF-16.
        let message = if e.as_bytes().starts_with(&[0xFF, 0xFE]) || e.as_bytes().starts_with(&[0xFE, 0xFF]) {
            "file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8".to_string()
        } else {
            "file is not valid UTF-8 text; save it as UTF-8".to_string()
        };
        ReadFailure { line, message, text: String::from_utf8_lossy(e.as_bytes()).into_owned() }
    })
}

/// YAML counts a lone carriage return (the old Mac line ending) as a line break; the source map
/// and the report count only `\n`. Turning each lone `\r` into `\n` keeps every byte offset and
/// makes the lines the YAML loader reports the lines the report shows.
fn lone_cr_as_newline(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let bytes = text.as_bytes();
    let converted: Vec<u8> = bytes
        .iter()
        .enumerate()
        .map(|(i, &b)| if b == b'\r' && bytes.get(i + 1) != Some(&b'\n') { b'\n' } else { b })
        .collect();
    // Replacing one ASCII byte by another keeps the text valid UTF-8.
    String::from_utf8(converted).unwrap_or(text)
}

/// `path` relative to the working directory `cwd`: lexically (`a/../b` is `b`), unless only the
/// resolved paths are related (the directory was named through a symbolic link).
fn relative_to_working_dir(path: &Path, cwd: &Path) -> Option<PathBuf> {
    let lexical = pathdiff::diff_paths(normalize_path(&std::path::absolute(path).ok()?), normalize_path(cwd))?;
    if !lexical.starts_with("..") {
        return Some(lexical);
    }
    let resolved = std::fs::canonicalize(path)
        .ok()
        .zip(std::fs::canonicalize(cwd).ok())
        .and_then(|(path, cwd)| pathdiff::diff_paths(path, cwd));
    Some(resolved.filter(|rel| !rel.starts_with("..")).unwrap_or(lexical))
}

/// `path` relative to `base`, when both can be put in the same form (`..` steps allowed).
fn relative_path(path: &Path, base: &Path) -> Option<PathBuf> {
    if let Ok(rest) = path.strip_prefix(base) {
        return Some(rest.to_path_buf());
    }
    if !path.is_absolute() {
        return None;
    }
    let base = std::fs::canonicalize(base).ok()?;
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    pathdiff::diff_paths(path, base)
}

/// The path shown to users: relative to `relative_to`, or without it to the working directory
/// (`..` steps for a file outside it, however the scan root was written: `a/`, `./b`, an
/// absolute path), with `/` separators and no `./`, so every path of a report has the same base
/// and reports are the same on every machine.
pub fn display_path(path: &Path, options: &LoadOptions) -> String {
    let shown = match options.relative_to.as_deref() {
        Some(base) => relative_path(path, base),
        None => std::env::current_dir().ok().and_then(|cwd| relative_to_working_dir(path, &cwd)),
    }
    .unwrap_or_else(|| path.to_path_buf());
    let text = shown.to_string_lossy().replace('\\', "/");
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    // The base directory itself (a scan root skipped whole, say) is shown as `.`.
    if text.is_empty() {
        ".".to_string()
    } else {
        text.to_string()
    }
}
