//! Conftest's own builtins for reading configuration inside a policy: `parse_config(parser,
//! text)`, `parse_config_file(path)` and `parse_combined_config_files(paths)`, giving the values
//! Conftest's parsers give (the same parsers Tollgate hands Conftest policies their inputs with).
//!
//! regorus calls an extension without telling it which policy file called it, so a relative
//! path is read from the working directory (as Conftest before v0.56 read it) or, when no such
//! file exists there, from the directory of the one policy file that calls these builtins
//! (as current Conftest reads it). Reading is confined: a path that leads outside the working
//! directory, the policy and data directories and the scan roots is refused, so a policy cannot
//! read arbitrary files of the machine it runs on.

use anyhow::{anyhow, bail, Result};
use regorus::{Engine, Value};
use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tollgate_formats::Parser;
use tollgate_model::{DocumentFormat, FileId, ParsedFile, SourceFile};

/// Names of the builtins, for the load-time check of function calls.
pub const CONFIG_BUILTINS: [&str; 3] = ["parse_config", "parse_config_file", "parse_combined_config_files"];

/// Where the builtins may read, and where relative paths start.
#[derive(Debug, Clone, Default)]
pub struct FileAccess {
    /// The working directory, then the directory of the policy file calling the builtins when
    /// there is exactly one such file.
    pub bases: Vec<PathBuf>,
    /// Directories a read file must be inside (canonical paths).
    pub allowed: Vec<PathBuf>,
}

impl FileAccess {
    /// Access from the working directory; `caller_dirs` are the directories of the policy files
    /// calling the builtins; `readable` the other directories reading may reach.
    pub fn new(caller_dirs: &[PathBuf], readable: &[PathBuf]) -> FileAccess {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let mut bases = vec![cwd.clone()];
        let mut callers: Vec<PathBuf> = caller_dirs.iter().filter_map(|d| d.canonicalize().ok()).collect();
        callers.sort();
        callers.dedup();
        if let [only] = callers.as_slice() {
            bases.push(only.clone());
        }
        let mut allowed: Vec<PathBuf> =
            std::iter::once(&cwd).chain(readable).filter_map(|d| d.canonicalize().ok()).collect();
        allowed.sort();
        allowed.dedup();
        FileAccess { bases, allowed }
    }

    /// The file `path` names, resolved and checked against the allowed directories.
    fn resolve(&self, path: &str) -> Result<PathBuf> {
        let candidates: Vec<PathBuf> = self.bases.iter().map(|base| base.join(path)).collect();
        let Some(found) = candidates.iter().find(|c| c.is_file()) else {
            bail!("cannot read `{path}`: no such file (relative paths start at the working directory)")
        };
        let canonical = found.canonicalize().map_err(|e| anyhow!("cannot read `{path}`: {e}"))?;
        if !self.allowed.iter().any(|dir| canonical.starts_with(dir)) {
            bail!(
                "refused to read `{path}`: it is outside the working directory, the policy and data directories and the scan roots"
            )
        }
        Ok(canonical)
    }
}

/// Registers the three builtins on `engine`.
pub fn register(engine: &mut Engine, access: &FileAccess) -> Result<()> {
    engine.add_extension(
        "parse_config".into(),
        2,
        Box::new(|args: Vec<Value>| {
            let parser = string_arg(&args, 0, "parse_config")?;
            let text = string_arg(&args, 1, "parse_config")?;
            Ok(Value::from(parse_with(&parser, &text, "<parse_config>")?))
        }),
    )?;
    let shared = Arc::new(access.clone());
    let access = shared.clone();
    engine.add_extension(
        "parse_config_file".into(),
        1,
        Box::new(move |args: Vec<Value>| {
            let path = string_arg(&args, 0, "parse_config_file")?;
            Ok(Value::from(read_config(&access, &path)?))
        }),
    )?;
    let access = shared;
    engine.add_extension(
        "parse_combined_config_files".into(),
        1,
        Box::new(move |args: Vec<Value>| {
            let paths = string_list_arg(args.first())?;
            Ok(Value::from(combined(&access, &paths)?))
        }),
    )?;
    Ok(())
}

fn string_arg(args: &[Value], index: usize, function: &str) -> Result<String> {
    match args.get(index) {
        Some(Value::String(s)) => Ok(s.to_string()),
        other => bail!("{function}: argument {} must be a string, got {}", index + 1, describe(other)),
    }
}

fn string_list_arg(arg: Option<&Value>) -> Result<Vec<String>> {
    let items: Vec<&Value> = match arg {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Set(items)) => items.iter().collect(),
        other => bail!("parse_combined_config_files: the argument must be an array of paths, got {}", describe(other)),
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::String(s) => Ok(s.to_string()),
            other => bail!("parse_combined_config_files: every path must be a string, got {other}"),
        })
        .collect()
}

fn describe(value: Option<&Value>) -> String {
    value.map(|v| v.to_string()).unwrap_or_else(|| "nothing".into())
}

/// `parse_config_file(path)`: the file parsed by the parser its name selects.
fn read_config(access: &FileAccess, path: &str) -> Result<Json> {
    let file = access.resolve(path)?;
    let parser = parser_for_path(&file).ok_or_else(|| {
        anyhow!(
            "parse_config_file: no parser for `{path}` (Tollgate reads {})",
            tollgate_formats::SUPPORTED_PARSERS.join(", ")
        )
    })?;
    let text = std::fs::read_to_string(&file).map_err(|e| anyhow!("cannot read `{path}`: {e}"))?;
    parse_with(parser, &text, path)
}

/// `parse_combined_config_files(paths)`: `[{path, contents}]` as `--combine` builds it, each
/// element of a file that parses to an array (a YAML stream) its own entry, sorted by path.
fn combined(access: &FileAccess, paths: &[String]) -> Result<Json> {
    let mut entries = Vec::new();
    for path in paths {
        match read_config(access, path)? {
            Json::Array(documents) => entries.extend(documents.into_iter().map(|contents| (path.clone(), contents))),
            contents => entries.push((path.clone(), contents)),
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Json::Array(entries.into_iter().map(|(path, contents)| json!({"path": path, "contents": contents})).collect()))
}

/// Conftest's parser for a file by its name (its `NewFromPath`): YAML, JSON and HCL 2 (`.tf`,
/// `.tfvars`, `.hcl`) by extension, then the other formats by [`tollgate_formats::parser_for_path`].
pub fn parser_for_path(path: &Path) -> Option<&'static str> {
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    match extension.as_str() {
        "yaml" | "yml" => Some("yaml"),
        "json" => Some("json"),
        "tf" | "tfvars" | "hcl" => Some("hcl2"),
        _ => tollgate_formats::parser_for_path(path).map(tollgate_formats::Parser::name),
    }
}

/// `text` parsed by Conftest's parser `parser`, as the value that parser gives: a YAML stream
/// of several documents is an array of them, an empty one `null`; the other formats as
/// [`tollgate_formats`] parses them. `name` names the text in errors. The one place parser
/// names are routed.
pub fn parse_with(parser: &str, text: &str, name: &str) -> Result<Json> {
    let alias = match parser {
        "yml" => "yaml",
        "tf" => "hcl2",
        other => other,
    };
    match tollgate_formats::parser_named(alias) {
        Some(Parser::Yaml) => parse_yaml(text, name),
        Some(Parser::Json) => parse_json(text, name),
        Some(Parser::Hcl2) => parse_hcl2(text, name),
        Some(Parser::Format(format)) => {
            let documents = tollgate_formats::parse_json(format, text)
                .map_err(|error| anyhow!("{name}:{}: invalid {}: {}", error.line, format.title(), error.message))?;
            Ok(documents.into_iter().next().unwrap_or(Json::Null))
        }
        Some(Parser::Unsupported(known)) => {
            bail!("{name}: {}", tollgate_formats::not_parsed_reason(known))
        }
        None => bail!("unknown parser `{parser}`: Tollgate parses {}", tollgate_formats::SUPPORTED_PARSERS.join(", ")),
    }
}

fn source(text: &str, name: &str) -> SourceFile {
    SourceFile { path: name.to_string(), text: text.into() }
}

fn parse_yaml(text: &str, name: &str) -> Result<Json> {
    let (load, parsed) = tollgate_kubernetes::parse_file_keeping_documents(FileId(0), &source(text, name));
    if let Some(error) = load.errors.first() {
        bail!("{name}:{}: {}", error.line, error.message)
    }
    let mut documents: Vec<Json> = parsed.documents.iter().map(|d| d.value.to_json()).collect();
    Ok(match documents.len() {
        0 => Json::Null,
        1 => documents.remove(0),
        _ => Json::Array(documents),
    })
}

fn parse_json(text: &str, name: &str) -> Result<Json> {
    let parsed = ParsedFile::from_json(FileId(0), text, DocumentFormat::Json)
        .map_err(|(pos, message)| anyhow!("{name}:{}: invalid JSON: {message}", pos.line))?;
    Ok(parsed.documents.first().map(|d| d.value.to_json()).unwrap_or(Json::Null))
}

fn parse_hcl2(text: &str, name: &str) -> Result<Json> {
    let path = if name.ends_with(".tf") || name.ends_with(".tfvars") { name.to_string() } else { "config.tf".into() };
    let parsed = tollgate_terraform::parse_terraform_file(FileId(0), &source(text, &path), Path::new(&path));
    if let Some(error) = parsed.errors.first() {
        bail!("{name}:{}: {}", error.line, error.message)
    }
    match parsed.raw_document() {
        Ok(Some(file)) => Ok(file.documents.first().map(|d| d.value.to_json()).unwrap_or(Json::Null)),
        Ok(None) => bail!("{name}: not valid HCL 2"),
        Err(error) => bail!("{name}:{}: {}", error.line, error.message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsers_give_conftest_shapes() {
        assert_eq!(parse_with("yaml", "a: 1\nb: [x]\n", "t").unwrap(), json!({"a": 1, "b": ["x"]}));
        assert_eq!(parse_with("yaml", "a: 1\n---\nb: 2\n", "t").unwrap(), json!([{"a": 1}, {"b": 2}]));
        assert_eq!(parse_with("yaml", "", "t").unwrap(), Json::Null);
        assert_eq!(parse_with("json", "{\"a\": [1, 2]}", "t").unwrap(), json!({"a": [1, 2]}));
        let hcl = parse_with("hcl2", "resource \"aws_s3_bucket\" \"b\" {\n  acl = \"private\"\n}\n", "t").unwrap();
        assert_eq!(hcl["resource"]["aws_s3_bucket"]["b"]["acl"], json!("private"));
        assert_eq!(parse_with("toml", "a = 1\n[s]\nb = \"x\"\n", "t").unwrap(), json!({"a": 1, "s": {"b": "x"}}));
        assert_eq!(parse_with("ini", "[db]\nport = 5432\n", "t").unwrap(), json!({"db": {"port": 5432}}));
        assert_eq!(parse_with("dotenv", "A=1\n", "t").unwrap(), json!({"A": "1"}));
        assert_eq!(parse_with("xml", "<a><b>x</b></a>", "t").unwrap(), json!({"a": {"b": "x"}}));
        let dockerfile = parse_with("dockerfile", "FROM alpine:3\n", "t").unwrap();
        assert_eq!(dockerfile[0][0]["Cmd"], json!("from"), "a list holding the list of instructions: {dockerfile}");
        let toml_error = parse_with("toml", "a = ", "f.toml").unwrap_err().to_string();
        assert!(toml_error.starts_with("f.toml:1: invalid TOML: "), "{toml_error}");
        for (parser, format) in [("groovy", "groovy"), ("nginx", "nginx"), ("hcl1", "hcl1")] {
            let error = parse_with(parser, "x", "<parse_config>").unwrap_err().to_string();
            assert_eq!(error, format!("<parse_config>: Conftest's `{format}` format, which Tollgate does not parse"));
        }
        assert!(parse_with("tomll", "", "t")
            .unwrap_err()
            .to_string()
            .starts_with("unknown parser `tomll`: Tollgate parses"));
        assert!(parse_with("json", "{", "t").is_err());
        assert!(parse_with("yaml", "a: [", "t").is_err());
    }

    #[test]
    fn reading_is_confined_to_the_allowed_directories() {
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("inside");
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::write(inside.join("a.yaml"), "x: 1\n").unwrap();
        std::fs::write(dir.path().join("secret.yaml"), "token: t\n").unwrap();
        let access = FileAccess { bases: vec![inside.clone()], allowed: vec![inside.canonicalize().unwrap()] };
        assert_eq!(read_config(&access, "a.yaml").unwrap(), json!({"x": 1}));
        let refused = read_config(&access, "../secret.yaml").unwrap_err().to_string();
        assert!(refused.starts_with("refused to read `../secret.yaml`"), "{refused}");
        assert!(read_config(&access, "missing.yaml").unwrap_err().to_string().contains("no such file"));
        let combined = combined(&access, &["a.yaml".into()]).unwrap();
        assert_eq!(combined, json!([{"path": "a.yaml", "contents": {"x": 1}}]));
    }
}
