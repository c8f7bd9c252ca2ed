//! Reading one plan file: its resource instances (from `planned_values`, with
//! `resource_changes` laid over, and the data sources read while planning from `prior_state`),
//! what is planned for deletion, the configuration section, and the text kept for reports.

use crate::address::{module_calls, InstanceKey};
use crate::config::ModuleConfig;
use crate::display::display_text;
use crate::values::{build, member, Sources};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use tollgate_model::json::{parse as parse_json, Json, JsonKind};
use tollgate_model::lines::LineIndex;
use tollgate_model::{
    DocumentFormat, FileId, LoadError, ParsedDocument, ParsedFile, PathStep, Skip, SourceFile, Span, TfBlock, Value,
};

/// A parsed plan, waiting for [`crate::attach`] to map it onto its configuration.
#[derive(Debug)]
pub struct Plan {
    /// The plan file on disk (its directory is where the configuration usually is).
    pub(crate) path: PathBuf,
    /// The plan file as reports name it.
    pub(crate) shown: String,
    pub(crate) instances: Vec<Instance>,
    pub(crate) config: ModuleConfig,
    pub(crate) providers: crate::providers::Providers,
}

/// One resource instance of the plan.
#[derive(Debug)]
pub(crate) struct Instance {
    /// As the plan writes it: `module.eks["dev"].aws_eks_node_group.this["apps"]`.
    pub(crate) address: String,
    /// `module.eks["dev"]`, empty for the root module.
    pub(crate) module_path: String,
    /// The module calls of `module_path` (`["eks"]`); `None` when it could not be read.
    pub(crate) calls: Option<Vec<String>>,
    pub(crate) block: TfBlock,
    pub(crate) type_name: String,
    pub(crate) name: String,
    pub(crate) key: Option<InstanceKey>,
    /// The resource object in the plan.
    pub(crate) span: Span,
    pub(crate) body: Value,
    pub(crate) sensitive: Vec<Vec<PathStep>>,
}

impl Instance {
    /// The address of the block in its module (`aws_s3_bucket.logs`, `data.x.y`).
    pub(crate) fn config_address(&self) -> String {
        match self.block {
            TfBlock::Data => format!("data.{}.{}", self.type_name, self.name),
            _ => format!("{}.{}", self.type_name, self.name),
        }
    }
}

/// What reading a plan file gives.
#[derive(Debug, Default)]
pub struct PlanLoad {
    /// `None` when the file could not be read as a plan (see `errors`).
    pub plan: Option<Plan>,
    /// The file's text as reports may show it: the same lines, holding only the resource
    /// objects, with sensitive values replaced (see the crate documentation).
    pub text: String,
    pub errors: Vec<LoadError>,
    /// Resources planned for deletion (not checked).
    pub skipped: Vec<Skip>,
    /// The whole plan document as parsed, every node spanned (only from
    /// [`parse_keeping_document`], when the file is JSON): what Conftest-style policies read.
    /// Unlike `text`, it holds everything the plan holds, sensitive values and all, as
    /// `terraform show -json` wrote them (Conftest gives policies the same).
    pub document: Option<ParsedFile>,
}

/// Reads a plan file (`source.path` is its display path, `path` its path on disk).
pub fn parse(file: FileId, source: &SourceFile, path: &Path) -> PlanLoad {
    read(file, source, path, false)
}

/// [`parse`], also keeping the plan's whole JSON document ([`PlanLoad::document`], format
/// [`DocumentFormat::TerraformPlan`]) for Conftest-style policies. The document is kept
/// whenever the file is JSON, even when it is not a plan Tollgate reads (another
/// `format_version`): policies read the JSON as it is.
pub fn parse_keeping_document(file: FileId, source: &SourceFile, path: &Path) -> PlanLoad {
    read(file, source, path, true)
}

fn read(file: FileId, source: &SourceFile, path: &Path, keep_document: bool) -> PlanLoad {
    let text: &str = &source.text;
    let lines = LineIndex::new(file, text);
    let error_at = |offset: usize, message: String| {
        let pos = lines.pos(offset);
        LoadError { file: source.path.clone(), line: pos.line, column: pos.col, message }
    };
    let json = match parse_json(text) {
        Ok(json) => json,
        Err(e) => {
            let error = error_at(e.offset, format!("plan JSON is malformed: {}", e.message));
            return PlanLoad { errors: vec![error], text: display_text(text, &[], &[]), ..PlanLoad::default() };
        }
    };
    let document = keep_document.then(|| {
        let value = json.to_value(&|range| lines.span(range));
        let span = lines.span(0..text.len());
        ParsedFile { file, format: DocumentFormat::TerraformPlan, documents: vec![ParsedDocument { span, value }] }
    });
    let root = Some(&json);
    let version = member(root, "format_version").and_then(Json::as_str).unwrap_or_default();
    if version.split('.').next() != Some("1") {
        let unsupported = format!("format_version `{version}` is not supported");
        let mut load = PlanLoad { text: display_text(text, &[], &[]), ..PlanLoad::default() };
        // Policies that read files as Conftest does still read it whole, as Conftest reads any
        // JSON: a note, not an error. Without them nothing would check the file: an error.
        if document.is_some() {
            let reason =
                format!("not read as a Terraform plan: {unsupported}; Conftest-style policies still read it as JSON");
            load.skipped.push(Skip { file: source.path.clone(), document: None, reason });
        } else {
            let at = member(root, "format_version").map(|v| v.range.start).unwrap_or(0);
            let message = format!(
                "plan {unsupported} (Tollgate reads 1.x, written by Terraform 1.0 and later); produce the plan \
                 with `terraform show -json` from Terraform 1.x"
            );
            load.errors.push(error_at(at, message));
        }
        load.document = document;
        return load;
    }

    let mut reader = Reader {
        lines: &lines,
        changes: BTreeMap::new(),
        planned: BTreeSet::new(),
        keep: Vec::new(),
        secrets: Vec::new(),
    };
    let mut load = PlanLoad { document, ..PlanLoad::default() };
    for change in array(member(root, "resource_changes")) {
        reader.index_change(change, &source.path, &mut load.skipped);
    }
    let mut instances = Vec::new();
    let planned_root = member(member(root, "planned_values"), "root_module");
    reader.module(planned_root, true, &mut instances, &mut load.errors, &source.path);
    // Data sources read while planning are in the prior state only.
    reader.planned = instances.iter().map(|i| i.address.clone()).collect();
    let prior_root = member(member(member(root, "prior_state"), "values"), "root_module");
    reader.module(prior_root, false, &mut instances, &mut load.errors, &source.path);

    if matches!(member(root, "errored").map(|e| &e.kind), Some(JsonKind::Bool(true))) {
        let at = member(root, "errored").map(|e| e.range.start).unwrap_or(0);
        load.errors.push(error_at(
            at,
            "Terraform reported errors while planning (`errored: true`): the plan may lack resources; fix the \
             errors and plan again"
                .to_string(),
        ));
    }
    load.text = display_text(text, &reader.keep, &reader.secrets);
    load.plan = Some(Plan {
        path: path.to_path_buf(),
        shown: source.path.clone(),
        instances,
        config: ModuleConfig::read(member(member(root, "configuration"), "root_module")),
        providers: crate::providers::Providers::read(member(root, "configuration"), member(root, "variables")),
    });
    load
}

fn array(json: Option<&Json>) -> &[Json] {
    match json.map(|j| &j.kind) {
        Some(JsonKind::Array(items)) => items,
        _ => &[],
    }
}

struct Reader<'a, 'b> {
    lines: &'a LineIndex<'b>,
    /// `change` objects of `resource_changes` by address (current objects, not deposed ones).
    changes: BTreeMap<String, &'a Json>,
    /// Addresses read from `planned_values` (the prior state adds only data sources not among them).
    planned: BTreeSet<String>,
    /// Byte ranges of the resource objects read (what reports may show).
    keep: Vec<Range<usize>>,
    secrets: Vec<Range<usize>>,
}

impl<'a> Reader<'a, '_> {
    fn index_change(&mut self, resource_change: &'a Json, shown: &str, skipped: &mut Vec<Skip>) {
        let rc = Some(resource_change);
        let Some(address) = member(rc, "address").and_then(Json::as_str) else { return };
        if member(rc, "deposed").is_some() {
            return;
        }
        let Some(change) = member(rc, "change") else { return };
        let actions: Vec<&str> = array(member(Some(change), "actions")).iter().filter_map(Json::as_str).collect();
        let reason = match actions.as_slice() {
            ["delete"] => Some("is planned for deletion"),
            ["forget"] => Some("is planned to be forgotten (removed from the state, not destroyed)"),
            _ => None,
        };
        if let Some(reason) = reason {
            skipped.push(Skip {
                file: shown.to_string(),
                document: None,
                reason: format!("`{address}` {reason}: not checked"),
            });
        }
        self.changes.insert(address.to_string(), change);
    }

    /// The resources of a module of a values representation and of its child modules.
    fn module(
        &mut self,
        module: Option<&'a Json>,
        planned: bool,
        out: &mut Vec<Instance>,
        errors: &mut Vec<LoadError>,
        shown: &str,
    ) {
        let Some(module) = module else { return };
        let module_path = member(Some(module), "address").and_then(Json::as_str).unwrap_or_default();
        for resource in array(member(Some(module), "resources")) {
            match self.instance(resource, module_path, planned) {
                Ok(Some(instance)) => out.push(instance),
                Ok(None) => {}
                Err(message) => {
                    let pos = self.lines.pos(resource.range.start);
                    errors.push(LoadError { file: shown.to_string(), line: pos.line, column: pos.col, message });
                }
            }
        }
        for child in array(member(Some(module), "child_modules")) {
            self.module(Some(child), planned, out, errors, shown);
        }
    }

    fn instance(&mut self, resource: &'a Json, module_path: &str, planned: bool) -> Result<Option<Instance>, String> {
        let r = Some(resource);
        let text = |key: &str| member(r, key).and_then(Json::as_str);
        let (Some(address), Some(type_name), Some(name)) = (text("address"), text("type"), text("name")) else {
            return Err("plan resource lacks `address`, `type` or `name`; regenerate the plan with \
                        `terraform show -json`"
                .to_string());
        };
        let block = match text("mode").unwrap_or("managed") {
            "managed" => TfBlock::Resource,
            "data" => TfBlock::Data,
            _ => return Ok(None),
        };
        if !planned && (block != TfBlock::Data || self.planned.contains(address)) {
            return Ok(None);
        }
        let change = if planned { self.changes.get(address).copied() } else { None };
        let actions: Vec<&str> = array(member(change, "actions")).iter().filter_map(Json::as_str).collect();
        if matches!(actions.as_slice(), ["delete"] | ["forget"]) {
            return Ok(None);
        }
        let key = match member(r, "index").map(|i| &i.kind) {
            Some(JsonKind::Int(i)) => Some(InstanceKey::Int(*i)),
            Some(JsonKind::String(s)) => Some(InstanceKey::Str(s.clone())),
            _ => None,
        };
        let span = self.lines.span(resource.range.clone());
        let mut sensitive = Vec::new();
        sensitive.extend(member(r, "sensitive_values"));
        sensitive.extend(member(change, "after_sensitive"));
        let sources = Sources {
            planned: member(r, "values"),
            after: member(change, "after"),
            unknown: member(change, "after_unknown"),
            sensitive,
        };
        let built = build(&sources, self.lines, span);
        self.keep.push(resource.range.clone());
        self.secrets.extend(built.secret_ranges);
        Ok(Some(Instance {
            address: address.to_string(),
            module_path: module_path.to_string(),
            calls: module_calls(module_path),
            block,
            type_name: type_name.to_string(),
            name: name.to_string(),
            key,
            span,
            body: built.body,
            sensitive: built.sensitive,
        }))
    }
}
