//! The quick pre-pass of a focused scan: which other files of the repository a named file needs,
//! read from their text alone (no parsing, no evaluation), so that the cost of the pre-pass is a
//! read of each Terraform or manifest file, far below loading it. The indexes may name a file
//! too many (a `source = "./x"` of a provisioner, a `namespace:` in a comment): that file is then
//! loaded for nothing, which changes no verdict; they must never name one too few.

use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tollgate_model::source::normalize_path;
use tollgate_model::SourceFile;

/// Files larger than this are not read by the pre-pass (the loader reports them as too large).
const MAX_INDEXED_BYTES: u64 = tollgate_load::DEFAULT_MAX_FILE_BYTES;

/// The text of each file that can be read, in parallel, in the order given.
pub fn read_all(files: &[PathBuf]) -> Vec<(&PathBuf, String)> {
    files
        .par_iter()
        .filter(|path| std::fs::metadata(path).is_ok_and(|m| m.len() <= MAX_INDEXED_BYTES))
        .filter_map(|path| Some((path, std::fs::read_to_string(path).ok()?)))
        .collect()
}

/// Every directory whose module calls reach one of `dirs`, directly or through other modules:
/// the callers a module needs to be evaluated as its roots evaluate it. `terraform_files` are
/// the `.tf` and `.tf.json` files of the repository.
pub fn calling_dirs(terraform_files: &[PathBuf], dirs: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
    let mut callers_of: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (path, text) in read_all(terraform_files) {
        let Some(dir) = path.parent() else { continue };
        for source in local_module_sources(&text) {
            callers_of.entry(normalize_path(&dir.join(source))).or_default().insert(dir.to_path_buf());
        }
    }
    let mut found = BTreeSet::new();
    let mut pending: Vec<&PathBuf> = dirs.iter().collect();
    while let Some(dir) = pending.pop() {
        for caller in callers_of.get(dir).into_iter().flatten() {
            if !dirs.contains(caller) && found.insert(caller.clone()) {
                pending.push(caller);
            }
        }
    }
    found
}

/// The local paths (`./x`, `../x`: Terraform's syntax for a module on disk) that `source`
/// arguments of the text name, in HCL (`source = "./x"`) or JSON (`"source": "./x"`).
pub fn local_module_sources(text: &str) -> Vec<&str> {
    let mut sources = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("source") {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + "source".len()..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            continue;
        }
        let value = after.strip_prefix('"').unwrap_or(after).trim_start();
        let Some(value) = value.strip_prefix('=').or_else(|| value.strip_prefix(':')) else { continue };
        let Some(value) = value.trim_start().strip_prefix('"') else { continue };
        let Some(end) = value.find('"') else { continue };
        let path = &value[..end];
        if path.starts_with("./") || path.starts_with("../") {
            sources.push(path);
        }
    }
    sources
}

/// What the pre-pass reads of one manifest file: the namespaces its objects live in or name.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Namespaces {
    /// Namespaces named: objects' own, `Namespace` objects', and those other fields name
    /// (RoleBinding subjects).
    pub named: BTreeSet<String>,
    /// Whether an object names no namespace of its own (cluster-scoped objects, and objects
    /// whose namespace is decided when they are applied).
    pub unspecified: bool,
}

impl Namespaces {
    /// Whether the file holds any Kubernetes object (a document with `apiVersion` and `kind`).
    pub fn is_manifest(&self) -> bool {
        self.unspecified || !self.named.is_empty()
    }

    /// Whether objects of this file may meet objects of `other` in a cluster: they share a named
    /// namespace, or this file holds objects that name none (a ResourceQuota or NetworkPolicy
    /// applied with `-n`, a ClusterRole a binding refers to).
    pub fn may_meet(&self, other: &Namespaces) -> bool {
        self.unspecified || self.named.intersection(&other.named).next().is_some()
    }
}

/// The namespaces of a YAML (or JSON) file's documents, from their text.
pub fn namespaces(text: &str, json: bool) -> Namespaces {
    if json {
        return json_namespaces(text);
    }
    let mut found = Namespaces::default();
    for document in yaml_documents(text) {
        add_document(&document, &mut found);
    }
    found
}

/// The documents of a YAML stream, split at `---` lines.
fn yaml_documents(text: &str) -> Vec<Vec<&str>> {
    let mut documents = vec![Vec::new()];
    for line in text.lines() {
        if line.starts_with("---") {
            documents.push(Vec::new());
        } else if let Some(current) = documents.last_mut() {
            current.push(line);
        }
    }
    documents
}

fn add_document(lines: &[&str], found: &mut Namespaces) {
    let top = |key: &str| lines.iter().find_map(|line| scalar_of(line.strip_prefix(key)?.strip_prefix(':')?));
    let (Some(kind), Some(_)) = (top("kind"), top("apiVersion")) else { return };
    let mut own = None;
    let mut in_metadata = false;
    for line in lines {
        let indent = line.len() - line.trim_start().len();
        let content = line.trim_start().trim_start_matches("- ").trim_start();
        if indent == 0 && !content.is_empty() && !content.starts_with('#') {
            in_metadata = content.starts_with("metadata:");
        }
        for value in key_values(content, "namespace") {
            // `metadata:` itself in flow style (`metadata: {name: a, namespace: b}`), or below it.
            if in_metadata && own.is_none() {
                own = Some(value);
            }
            found.named.insert(value.to_string());
        }
        if in_metadata && kind == "Namespace" && own.is_none() {
            own = key_values(content, "name").into_iter().next();
        }
    }
    match own {
        Some(namespace) => {
            found.named.insert(namespace.to_string());
        }
        None => found.unspecified = true,
    }
    // A `List` holds objects of any namespace; its own `metadata` says nothing of theirs.
    found.unspecified |= kind == "List";
}

/// The values of `key` in one line of YAML: `key: value` in block style, and each `key: value`
/// of a flow mapping (`{name: a, key: b}`); keys merely ending in `key` (`release-namespace`)
/// do not count.
fn key_values<'t>(line: &'t str, key: &str) -> Vec<&'t str> {
    let mut values = Vec::new();
    let pattern = format!("{key}:");
    for (at, _) in line.match_indices(&pattern) {
        let boundary = line[..at].chars().next_back().is_none_or(|c| matches!(c, ' ' | '{' | ',' | '"' | '\''));
        let rest = &line[at + pattern.len()..];
        let value = rest.split([',', '}']).next().unwrap_or_default();
        if let Some(value) = scalar_of(value).filter(|_| boundary) {
            values.push(value);
        }
    }
    values
}

/// A plain or quoted scalar written after a key, without its comment; `None` when empty.
fn scalar_of(rest: &str) -> Option<&str> {
    let value = rest.split(" #").next().unwrap_or_default().trim();
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    (!value.is_empty()).then_some(value)
}

/// JSON manifests are few and often minified: every `"namespace"` value counts, and a file
/// with `apiVersion` counts as also holding objects without one.
fn json_namespaces(text: &str) -> Namespaces {
    let mut found = Namespaces::default();
    if !text.contains("\"apiVersion\"") {
        return found;
    }
    found.unspecified = true;
    let mut rest = text;
    while let Some(at) = rest.find("\"namespace\"") {
        rest = &rest[at + "\"namespace\"".len()..];
        let value = rest.trim_start().strip_prefix(':').map(str::trim_start).and_then(|v| v.strip_prefix('"'));
        if let Some(name) = value.and_then(|v| v.split('"').next()).filter(|name| !name.is_empty()) {
            found.named.insert(name.to_string());
        }
    }
    found
}

/// The manifests of the repository and what the pre-pass read of each.
pub struct ManifestIndex {
    pub files: Vec<(PathBuf, Namespaces)>,
    /// The patch files each kustomization of the repository names (resolved), by kustomization.
    pub patches: Vec<(PathBuf, BTreeSet<PathBuf>)>,
}

/// Reads the YAML and JSON files of the repository (`(path, is_json)`).
pub fn manifest_index(files: &[(PathBuf, bool)]) -> ManifestIndex {
    let paths: Vec<PathBuf> = files.iter().map(|(path, _)| path.clone()).collect();
    let json: BTreeSet<&PathBuf> = files.iter().filter(|(_, json)| *json).map(|(path, _)| path).collect();
    let texts = read_all(&paths);
    let patches = texts
        .iter()
        .filter(|(path, _)| tollgate_kubernetes::kustomize::is_kustomization_file(&path.to_string_lossy()))
        .map(|(path, text)| ((*path).clone(), patches_named(path, text)))
        .collect();
    let files = texts
        .into_iter()
        .map(|(path, text)| {
            let found = namespaces(&text, json.contains(path));
            (path.clone(), found)
        })
        .collect();
    ManifestIndex { files, patches }
}

/// The patch files a kustomization names, resolved against its directory.
fn patches_named(path: &Path, text: &str) -> BTreeSet<PathBuf> {
    let dir = path.parent().unwrap_or(Path::new(""));
    let source = SourceFile { path: path.to_string_lossy().into_owned(), text: text.into() };
    tollgate_kubernetes::kustomize::patch_paths(&source).iter().map(|patch| normalize_path(&dir.join(patch))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_sources_in_hcl_and_json() {
        let hcl = "module \"vpc\" {\n  source = \"../modules/vpc\"\n}\nmodule \"r\" { source = \"hashicorp/x/aws\" }\n";
        assert_eq!(local_module_sources(hcl), vec!["../modules/vpc"]);
        let json = r#"{"module":{"a":{"source":"./a"},"b":{"source" : "../b"}}}"#;
        assert_eq!(local_module_sources(json), vec!["./a", "../b"]);
        assert!(local_module_sources("data_source = \"./x\"\nsource_dir = \"./y\"").is_empty());
    }

    #[test]
    fn namespaces_of_yaml_documents() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: payments # team\n\
                    ---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"billing\"\n---\n\
                    apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: b\n\
                    subjects:\n  - kind: ServiceAccount\n    namespace: ops\n";
        let found = namespaces(text, false);
        let named: Vec<&str> = found.named.iter().map(String::as_str).collect();
        assert_eq!(named, ["billing", "ops", "payments"]);
        assert!(found.unspecified, "the ClusterRoleBinding names no namespace of its own");
    }

    #[test]
    fn namespaces_in_flow_mappings() {
        let text = "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: storefront, namespace: shop}\n\
                    rules: []\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\n\
                    apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {meta.helm.sh/release-namespace: x}\n";
        let found = namespaces(text, false);
        let named: Vec<&str> = found.named.iter().map(String::as_str).collect();
        assert_eq!(named, ["shop", "web"]);
        assert!(found.unspecified, "the ConfigMap names no namespace of its own");
    }

    #[test]
    fn a_file_without_objects_is_no_manifest() {
        let values = namespaces("replicas: 3\nnamespace: payments\n", false);
        assert!(!values.is_manifest());
        assert!(!namespaces("{\"name\": \"x\", \"namespace\": \"y\"}", true).is_manifest());
        let json = namespaces(r#"{"apiVersion":"v1","kind":"Pod","metadata":{"namespace":"web"}}"#, true);
        assert!(json.named.contains("web") && json.unspecified);
    }

    #[test]
    fn unspecified_namespaces_meet_every_namespace() {
        let payments = namespaces("apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: payments\n", false);
        let billing = namespaces("apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: billing\n", false);
        let quota = namespaces("apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\n", false);
        assert!(!billing.may_meet(&payments));
        assert!(quota.may_meet(&payments));
        assert!(!payments.may_meet(&quota), "a named namespace is not the unspecified one");
    }

    #[test]
    fn callers_are_found_through_intermediate_modules() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let write = |path: &str, text: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
            std::fs::write(&path, text).expect("write");
            path
        };
        let files = vec![
            write("live/main.tf", "module \"app\" {\n  source = \"../modules/app\"\n}\n"),
            write("modules/app/main.tf", "module \"net\" {\n  source = \"../net\"\n}\n"),
            write("modules/net/main.tf", "resource \"aws_vpc\" \"v\" {}\n"),
            write("other/main.tf", "module \"x\" {\n  source = \"../modules/other\"\n}\n"),
        ];
        let focus = BTreeSet::from([root.join("modules/net")]);
        let callers = calling_dirs(&files, &focus);
        assert_eq!(callers, BTreeSet::from([root.join("live"), root.join("modules/app")]));
    }
}
