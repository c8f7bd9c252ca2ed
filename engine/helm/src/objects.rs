//! The objects templates see besides `.Values`: `.Release`, `.Chart` (Chart.yaml with Helm's field
//! names), `.Capabilities`, `.Files` (with its methods as function values) and `.Template`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value as Json;
use tollgate_gotemplate::{Function, FunctionValue, Functions, Map, MapType, Object, Stringer, Value};
use tollgate_helm_functions::FILES_TYPE;

use crate::chart::Chart;
use crate::glob::matches;
use crate::kube_version::Version;

/// What `helm version` of Helm 4.1.4 reports; `.Capabilities.HelmVersion` is Helm's own build.
/// Go field name, JSON name, value: `version.BuildInfo` in declaration order.
const HELM_VERSION: [(&str, &str, &str); 5] = [
    ("Version", "version", "v4.1.4"),
    ("GitCommit", "git_commit", "05fa37973dc9e42b76e1d2883494c87174b6074f"),
    ("GitTreeState", "git_tree_state", "clean"),
    ("GoVersion", "go_version", "go1.25.9"),
    ("KubeClientVersion", "kube_client_version", "v1.35"),
];

/// The Kubernetes version `helm template` 4.1.4 assumes without `--kube-version`.
pub const DEFAULT_KUBE_VERSION: &str = "v1.35.0";

/// The API versions `helm template` 4.1.4 reports by default (its `.Capabilities.APIVersions`, printed
/// by ranging over it), in its order; `--api-versions` are appended.
const DEFAULT_API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "autoscaling/v2beta1",
    "autoscaling/v2beta2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha1",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::map(entries.into_iter().map(|(key, value)| (key.to_string(), value)).collect())
}

pub fn release(name: &str, namespace: &str, is_upgrade: bool) -> Value {
    map(vec![
        ("Name", name.into()),
        ("Namespace", namespace.into()),
        ("IsUpgrade", is_upgrade.into()),
        ("IsInstall", (!is_upgrade).into()),
        ("Revision", Value::Int(1)),
        ("Service", "Helm".into()),
    ])
}

/// `.Capabilities`: `APIVersions` is a map holding `Has` (so `.Capabilities.APIVersions.Has "x"` works).
pub fn capabilities(kube: &Version, kube_text: &str, extra_api_versions: &[String]) -> Value {
    let mut versions: Vec<String> = DEFAULT_API_VERSIONS.iter().map(|v| v.to_string()).collect();
    versions.extend(extra_api_versions.iter().cloned());
    let has = FunctionValue::method("Has", move |args| match args {
        [Value::String(version)] => Ok(Value::Bool(versions.contains(version))),
        [_] => Ok(Value::Bool(false)),
        _ => Err(format!("wrong number of args for Has: want 1 got {}", args.len())),
    });
    map(vec![
        ("KubeVersion", kube_version(kube, kube_text)),
        ("APIVersions", map(vec![("Has", Value::Function(has))])),
        ("HelmVersion", helm_version()),
    ])
}

/// `common.KubeVersion`: fields `Version`, `normalizedVersion`, `Major`, `Minor`; `String()` and
/// `GitVersion()` give the version.
fn kube_version(kube: &Version, kube_text: &str) -> Value {
    let (major, minor) = (kube.major.to_string(), kube.minor.to_string());
    let text = kube_text.to_string();
    let version_method = |name: &str| {
        let text = text.clone();
        FunctionValue::method(name, move |_| Ok(Value::from(text.as_str())))
    };
    Value::Object(Arc::new(Object {
        type_name: "common.KubeVersion".to_string(),
        fields: vec![
            ("Version".to_string(), kube_text.into()),
            ("normalizedVersion".to_string(), kube_text.into()),
            ("Major".to_string(), major.as_str().into()),
            ("Minor".to_string(), minor.as_str().into()),
        ],
        methods: vec![version_method("String"), version_method("GitVersion")],
        json: serde_json::json!({"Version": kube_text, "Major": major, "Minor": minor}),
        text: kube_text.to_string(),
        stringer: Stringer::WhenAddressable,
    }))
}

/// `version.BuildInfo`: no `String()`, so printed as its fields; JSON under its tags.
fn helm_version() -> Value {
    Value::Object(Arc::new(Object {
        type_name: "version.BuildInfo".to_string(),
        fields: HELM_VERSION.iter().map(|(field, _, value)| (field.to_string(), Value::from(*value))).collect(),
        methods: Vec::new(),
        json: HELM_VERSION.iter().map(|(_, tag, value)| (tag.to_string(), Json::from(*value))).collect(),
        text: String::new(),
        stringer: Stringer::Never,
    }))
}

/// `.Chart` as Helm 4 hands it to templates: a map of the chart metadata under Go's field names, zero
/// values when absent, `IsRoot`, and `Dependencies` as Helm leaves them after resolving conditions and
/// tags: only the enabled entries, named by their alias, `import-values` in their long form.
pub fn chart_metadata(chart: &Chart, is_root: bool) -> Value {
    let field = |key: &str| chart.metadata.get(key).map(Value::from_json);
    let text = |key: &str| field(key).unwrap_or_else(|| "".into());
    let list =
        |key: &str| field(key).filter(|v| matches!(v, Value::List(_))).unwrap_or_else(|| Value::list(Vec::new()));
    let maintainers = chart.metadata.get("maintainers").and_then(Json::as_array).map_or_else(Vec::new, |people| {
        people
            .iter()
            .map(|person| string_fields(person, &[("Name", "name"), ("Email", "email"), ("URL", "url")]))
            .collect()
    });
    map(vec![
        ("Name", chart.name.as_str().into()),
        ("Home", text("home")),
        ("Sources", list("sources")),
        ("Version", chart.version.as_str().into()),
        ("Description", text("description")),
        ("Keywords", list("keywords")),
        ("Maintainers", Value::list(maintainers)),
        ("Icon", text("icon")),
        ("APIVersion", chart.api_version.as_str().into()),
        ("Condition", text("condition")),
        ("Tags", text("tags")),
        ("AppVersion", text("appVersion")),
        ("Deprecated", field("deprecated").unwrap_or(Value::Bool(false))),
        ("Annotations", field("annotations").unwrap_or_else(|| Value::map(BTreeMap::new()))),
        ("KubeVersion", text("kubeVersion")),
        ("Dependencies", Value::list(enabled_dependencies(chart))),
        ("Type", text("type")),
        ("IsRoot", is_root.into()),
    ])
}

/// A map of the named string fields of a JSON object (Go name, YAML key), `""` where absent.
fn string_fields(object: &Json, fields: &[(&str, &str)]) -> Value {
    let text = |key: &str| object.get(key).and_then(Json::as_str).unwrap_or_default();
    map(fields.iter().map(|(go_name, key)| (*go_name, text(key).into())).collect())
}

/// The `dependencies:` entries whose subchart stayed enabled, in `Chart.yaml` order.
fn enabled_dependencies(chart: &Chart) -> Vec<Value> {
    let mut enabled: Vec<usize> = chart.dependency_specs.iter().flatten().copied().collect();
    enabled.sort_unstable();
    enabled.dedup();
    let strings = |items: &[String]| Value::list(items.iter().map(|item| item.as_str().into()).collect());
    enabled
        .iter()
        .filter_map(|index| chart.dependencies.get(*index))
        .map(|spec| {
            map(vec![
                ("Name", spec.alias.as_deref().unwrap_or(&spec.name).into()),
                ("Version", spec.version.as_str().into()),
                ("Repository", spec.repository.as_str().into()),
                ("Condition", spec.condition.as_deref().unwrap_or_default().into()),
                ("Tags", strings(&spec.tags)),
                ("Enabled", true.into()),
                ("ImportValues", Value::list(spec.import_values.iter().filter_map(long_import_value).collect())),
                ("Alias", spec.alias.as_deref().unwrap_or_default().into()),
            ])
        })
        .collect()
}

/// An `import-values` entry as Helm rewrites it: `- data` becomes `child: exports.data, parent: .`.
fn long_import_value(entry: &Json) -> Option<Value> {
    let (child, parent) = match entry {
        Json::String(name) => (format!("exports.{name}"), ".".to_string()),
        Json::Object(fields) => {
            (fields.get("child")?.as_str()?.to_string(), fields.get("parent")?.as_str()?.to_string())
        }
        _ => return None,
    };
    Some(map(vec![("child", child.into()), ("parent", parent.into())]))
}

pub fn template(name: &str, base_path: &str) -> Value {
    map(vec![("Name", name.into()), ("BasePath", base_path.into())])
}

type FileMap = Arc<BTreeMap<String, Vec<u8>>>;

/// The name Go gives Helm's `.Values` type: `dig`, which asserts a plain map, refuses it.
const VALUES_TYPE: &str = "common.Values";

/// `.Files`: the chart's files (path to content) with the methods `Get`, `GetBytes`, `Glob`, `AsConfig`,
/// `AsSecrets`, `Lines`, which are no entries: `len`, `range` and `toYaml` see the files alone, as in
/// Helm. `AsConfig`/`AsSecrets` use the registered `toYaml` and `b64enc`, as Helm's do.
pub fn files(files: FileMap, functions: &Functions) -> Value {
    let text = |files: &FileMap, name: &str| files.get(name).map(|d| String::from_utf8_lossy(d).into_owned());
    let one_name = |method: &'static str, args: &[Value]| -> Result<String, String> {
        match args {
            [Value::String(name)] => Ok(name.clone()),
            [other] => Err(format!("wrong type for value; expected string; got {}", other.type_name())),
            _ => Err(format!("wrong number of args for {method}: want 1 got {}", args.len())),
        }
    };
    let (get_files, bytes_files, lines_files, glob_files) =
        (files.clone(), files.clone(), files.clone(), files.clone());
    let glob_functions = functions.clone();
    let methods = vec![
        FunctionValue::method("Get", move |args| {
            Ok(text(&get_files, &one_name("Get", args)?).unwrap_or_default().into())
        }),
        // Go gives a []byte; a string is what every consumer (`b64enc`, `toString`) turns it into.
        FunctionValue::method("GetBytes", move |args| {
            Ok(text(&bytes_files, &one_name("GetBytes", args)?).unwrap_or_default().into())
        }),
        FunctionValue::method("Lines", move |args| Ok(lines(text(&lines_files, &one_name("Lines", args)?)))),
        FunctionValue::method("Glob", move |args| {
            let pattern = one_name("Glob", args)?;
            let matched = glob_files.iter().filter(|(path, _)| matches(&pattern, path, true));
            Ok(crate::objects::files(Arc::new(matched.map(|(k, v)| (k.clone(), v.clone())).collect()), &glob_functions))
        }),
        as_map_function("AsConfig", files.clone(), functions, false),
        as_map_function("AsSecrets", files.clone(), functions, true),
    ];
    // Go's []byte contents are strings here: printed, `toString`'d and encoded as text, not bytes.
    let entries: BTreeMap<String, Value> = files
        .iter()
        .map(|(path, data)| (path.clone(), Value::from(String::from_utf8_lossy(data).into_owned())))
        .collect();
    Value::Map(Map::new(entries).with_type(Arc::new(MapType { name: FILES_TYPE, methods })))
}

/// `.Values` of a chart: the same map, typed `common.Values` as in Helm, with its methods `AsMap` (the
/// same map untyped, which `dig` takes), `YAML` (the values as YAML) and `Table "a.b"` (a sub-map, typed
/// again).
pub fn typed_values(values: Value, functions: &Functions) -> Value {
    match values {
        Value::Map(map) => Value::Map(values_of(map, functions)),
        other => other,
    }
}

fn values_of(map: Map, functions: &Functions) -> Map {
    // The methods hold the untyped map, so no type refers back to itself.
    let plain = map.untyped();
    let (as_map, yaml, table) = (plain.clone(), plain.clone(), plain);
    let (yaml_functions, table_functions) = (functions.clone(), functions.clone());
    let methods = vec![
        FunctionValue::method("AsMap", move |args| {
            no_arguments("AsMap", args)?;
            Ok(Value::Map(as_map.clone()))
        }),
        FunctionValue::method("YAML", move |args| {
            no_arguments("YAML", args)?;
            // Helm's `YAML()` keeps the final newline `toYaml` trims.
            let text = call(&yaml_functions, "toYaml", &[Value::Map(yaml.clone())])?;
            Ok(Value::from(format!("{}\n", text.to_go_string())))
        }),
        FunctionValue::method("Table", move |args| {
            let name = match args {
                [Value::String(name)] => name,
                [other] => return Err(format!("wrong type for value; expected string; got {}", other.type_name())),
                _ => return Err(format!("wrong number of args for Table: want 1 got {}", args.len())),
            };
            let found = table_at(&table, name)?;
            Ok(Value::Map(values_of(found, &table_functions)))
        }),
    ];
    map.with_type(Arc::new(MapType { name: VALUES_TYPE, methods }))
}

/// The map at a dotted path (`a.b`), each step a map, as Helm's `Values.Table` walks it.
fn table_at(values: &Map, name: &str) -> Result<Map, String> {
    name.split('.').try_fold(values.clone(), |current, part| match current.get(part) {
        Some(Value::Map(inner)) => Ok(inner),
        _ => Err(format!("{part:?} is not a table")),
    })
}

fn no_arguments(method: &str, args: &[Value]) -> Result<(), String> {
    match args.len() {
        0 => Ok(()),
        count => Err(format!("wrong number of args for {method}: want 0 got {count}")),
    }
}

/// `Lines`: the file split on newlines, without the empty item a final newline would give.
fn lines(text: Option<String>) -> Value {
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        return Value::list(Vec::new());
    };
    let text = text.strip_suffix('\n').unwrap_or(&text);
    Value::list(text.split('\n').map(Value::from).collect())
}

fn call(functions: &Functions, name: &str, args: &[Value]) -> Result<Value, String> {
    match functions.get(name) {
        Some(Function::Plain(body)) => body(args),
        _ => Err(format!("function {name:?} not defined")),
    }
}

/// `AsConfig` (base name to content) and `AsSecrets` (base name to base64 content) as YAML.
fn as_map_function(method: &'static str, files: FileMap, functions: &Functions, encode: bool) -> FunctionValue {
    let functions = functions.clone();
    FunctionValue::method(method, move |args| {
        no_arguments(method, args)?;
        if files.is_empty() {
            return Ok("".into());
        }
        let mut entries = BTreeMap::new();
        for (path, data) in files.iter() {
            let content = Value::from(String::from_utf8_lossy(data).into_owned());
            let content = if encode { call(&functions, "b64enc", &[content])? } else { content };
            entries.insert(path.rsplit('/').next().unwrap_or(path).to_string(), content);
        }
        call(&functions, "toYaml", &[Value::map(entries)])
    })
}

pub fn values(values: &serde_json::Map<String, Json>) -> Value {
    Value::map(values.iter().map(|(key, value)| (key.clone(), Value::from_json(value))).collect())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use tollgate_gotemplate::{Functions, Templates, Value};

    /// Stand-ins for the registry's `toYaml` and `b64enc`, showing what `AsConfig`/`AsSecrets` pass them.
    fn stand_ins() -> Functions {
        let mut functions = Functions::new();
        functions.add("toYaml", |args| Ok(Value::from(format!("yaml:{}", args[0].to_go_string()))));
        functions.add("b64enc", |args| Ok(Value::from(format!("b64({})", args[0].to_go_string()))));
        functions
    }

    fn run(source: &str) -> String {
        let files: BTreeMap<String, Vec<u8>> = [
            ("conf/a.conf".to_string(), b"x=1\n".to_vec()),
            ("conf/sub/b.conf".to_string(), b"y=2".to_vec()),
            ("README.md".to_string(), b"# r".to_vec()),
        ]
        .into_iter()
        .collect();
        let functions = stand_ins();
        let mut data = BTreeMap::new();
        data.insert("Files".to_string(), super::files(Arc::new(files), &functions));
        let mut set = Templates::with_functions(functions);
        set.parse("t", source).expect("parses");
        set.execute("t", &Value::map(data)).expect("runs")
    }

    #[test]
    fn as_config_and_as_secrets_key_files_by_base_name() {
        assert_eq!(run(r#"{{ (.Files.Glob "conf/*").AsConfig }}"#), "yaml:map[a.conf:x=1\n]");
        assert_eq!(run(r#"{{ (.Files.Glob "conf/**").AsSecrets }}"#), "yaml:map[a.conf:b64(x=1\n) b.conf:b64(y=2)]");
        assert_eq!(run(r#"{{ (.Files.Glob "none/*").AsConfig | printf "%q" }}"#), r#""""#);
    }

    #[test]
    fn get_and_lines_read_files_and_missing_ones_are_empty() {
        assert_eq!(
            run(r#"{{ .Files.Get "README.md" }}|{{ .Files.Get "nope" }}|{{ .Files.Lines "conf/a.conf" }}"#),
            "# r||[x=1]"
        );
        assert_eq!(run(r#"{{ len (.Files.Lines "nope") }}"#), "0");
    }
}
