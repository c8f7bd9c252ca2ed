//! File and path functions: `file`, `filebase64`, the `file*` hashes, `fileexists`, `fileset`,
//! `templatefile`, `abspath`, `dirname`, `basename`, `pathexpand`.
//!
//! Relative paths resolve against [`FunctionEnv::module_dir`](crate::FunctionEnv). What depends on
//! the machine Terraform runs on (a `~` home directory) is unknown; files larger than
//! `max_file_bytes` are not read and give an unknown result. With a sandbox, a path outside the
//! scan root is checked before anything touches it and gives an unknown result, as does
//! `abspath` (its result is a directory of the machine).

use crate::encoding::base64_encode;
use crate::hashing::{digest, hex};
use crate::support::text;
use crate::{param, Ctx, FunctionError, Spec, P};
use std::path::{Path, PathBuf};
use tollgate_model::go_path::{base, clean, dir};
use tollgate_model::{UnknownReason, Value, ValueKind};

const PATH: crate::Param = param("path", P::String);

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("file", &[PATH], file),
    Spec::new("filebase64", &[PATH], |c, a| read(c, &a[0], |c, b| Ok(c.string(base64_encode(&b))))),
    Spec::new("filemd5", &[PATH], |c, a| read(c, &a[0], |c, b| Ok(c.string(hex(&digest("md5", &b)))))),
    Spec::new("filesha1", &[PATH], |c, a| read(c, &a[0], |c, b| Ok(c.string(hex(&digest("sha1", &b)))))),
    Spec::new("filesha256", &[PATH], |c, a| read(c, &a[0], |c, b| Ok(c.string(hex(&digest("sha256", &b)))))),
    Spec::new("filesha512", &[PATH], |c, a| read(c, &a[0], |c, b| Ok(c.string(hex(&digest("sha512", &b)))))),
    Spec::new("filebase64sha256", &[PATH], |c, a| {
        read(c, &a[0], |c, b| Ok(c.string(base64_encode(&digest("sha256", &b)))))
    }),
    Spec::new("filebase64sha512", &[PATH], |c, a| {
        read(c, &a[0], |c, b| Ok(c.string(base64_encode(&digest("sha512", &b)))))
    }),
    Spec::new("fileexists", &[PATH], fileexists),
    Spec::new("fileset", &[PATH, param("pattern", P::String)], fileset),
    Spec::new("templatefile", &[PATH, param("vars", P::Any)], templatefile),
    Spec::new("abspath", &[PATH], abspath),
    Spec::new("dirname", &[PATH], |c, a| Ok(c.string(dir(text(&a[0]))))),
    Spec::new("basename", &[PATH], |c, a| Ok(c.string(base(text(&a[0]))))),
    Spec::new("pathexpand", &[PATH], |c, a| match home_relative(c, &a[0]) {
        Some(unknown) => Ok(unknown),
        None => Ok(c.string(text(&a[0]))),
    }),
];

/// A `~/...` path depends on the home directory of whoever runs Terraform.
fn home_relative(ctx: &Ctx, path: &Value) -> Option<Value> {
    let p = text(path);
    (p == "~" || p.starts_with("~/")).then(|| Value::unknown(UnknownReason::Expression, p.to_string(), ctx.span))
}

/// The unknown a confined function returns when `full` (a path it would read) lies outside the
/// scan root; `None` when the function may go on. `arguments` are the call's, for the source.
fn outside_root(ctx: &Ctx, arguments: &[&str], full: &Path) -> Option<Value> {
    let sandbox = ctx.env.sandbox?;
    if sandbox.contains(full) {
        return None;
    }
    let quoted: Vec<String> = arguments.iter().map(|a| crate::sets::go_quote(a)).collect();
    Some(crate::sandbox::outside_root(format!("{}({})", ctx.name, quoted.join(", ")), ctx.span))
}

fn resolve(ctx: &Ctx, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        ctx.env.module_dir.join(p)
    }
}

/// Reads a file as Terraform's file functions do and hands its bytes to `then`.
fn read(
    ctx: &Ctx,
    path: &Value,
    then: impl FnOnce(&Ctx, Vec<u8>) -> Result<Value, FunctionError>,
) -> Result<Value, FunctionError> {
    if let Some(unknown) = home_relative(ctx, path) {
        return Ok(unknown);
    }
    let given = text(path);
    let full = resolve(ctx, given);
    if let Some(unknown) = outside_root(ctx, &[given], &full) {
        return Ok(unknown);
    }
    let quoted = crate::sets::go_quote(given);
    let metadata = match std::fs::metadata(&full) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ctx.arg_fail(0, format!("no file exists at {quoted}; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource")));
        }
        Err(e) => return Err(ctx.arg_fail(0, format!("failed to read file: {e}"))),
    };
    if metadata.is_dir() {
        return Err(ctx.arg_fail(0, format!("failed to read file: read {given}: is a directory")));
    }
    if metadata.len() > ctx.env.max_file_bytes {
        let why = format!("{}({quoted}): the file is larger than {} bytes", ctx.name, ctx.env.max_file_bytes);
        return Ok(Value::unknown(UnknownReason::Expression, why, ctx.span));
    }
    let bytes = std::fs::read(&full).map_err(|e| ctx.arg_fail(0, format!("failed to read file: {e}")))?;
    then(ctx, bytes)
}

fn file(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let quoted = crate::sets::go_quote(text(&args[0]));
    read(ctx, &args[0], |c, bytes| {
        match String::from_utf8(bytes) {
        Ok(s) => Ok(c.string(s)),
        Err(_) => Err(c.fail(format!("contents of {quoted} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead"))),
    }
    })
}

fn fileexists(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if let Some(unknown) = home_relative(ctx, &args[0]) {
        return Ok(unknown);
    }
    let given = text(&args[0]);
    let full = resolve(ctx, given);
    if let Some(unknown) = outside_root(ctx, &[given], &full) {
        return Ok(unknown);
    }
    match std::fs::metadata(full) {
        Ok(m) if m.is_file() => Ok(ctx.boolean(true)),
        Ok(m) if m.is_dir() => Err(ctx.fail(format!("{} is a directory, not a file", crate::sets::go_quote(given)))),
        Ok(_) => Err(ctx.fail(format!("{} is not a regular file", crate::sets::go_quote(given)))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ctx.boolean(false)),
        Err(e) => Err(ctx.fail(format!("failed to stat {}: {e}", crate::sets::go_quote(given)))),
    }
}

fn templatefile(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let vars = args[1].clone();
    if !matches!(vars.kind, ValueKind::Map(_) | ValueKind::Unknown(_)) {
        return Err(ctx.arg_fail(1, "invalid vars value: must be a map"));
    }
    let quoted = crate::sets::go_quote(text(&args[0]));
    read(ctx, &args[0], move |c, bytes| {
        let template =
            String::from_utf8(bytes).map_err(|_| c.fail(format!("contents of {quoted} are not valid UTF-8")))?;
        if let ValueKind::Unknown(u) = &vars.kind {
            return Ok(c.unknown_from(u));
        }
        match c.env.render_template {
            Some(render) => render(&template, &vars, c.span).map(|v| c.at(v)).map_err(|e| c.arg_fail(1, e)),
            None => Ok(Value::unknown(UnknownReason::Expression, format!("templatefile({quoted}, ...)"), c.span)),
        }
    })
}

fn abspath(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    if ctx.env.sandbox.is_some() {
        // The working directory's absolute path is the machine's, not the configuration's.
        let source = format!("abspath({})", crate::sets::go_quote(text(&args[0])));
        return Ok(crate::sandbox::outside_root(source, ctx.span));
    }
    let full = resolve(ctx, text(&args[0]));
    let absolute = std::path::absolute(&full).unwrap_or(full);
    Ok(ctx.string(clean(&absolute.to_string_lossy().replace('\\', "/"))))
}

/// Directory entries visited by one `fileset` call at most.
const MAX_ENTRIES: usize = 100_000;

fn fileset(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let base = text(&args[0]);
    // Go's filepath.Join: empty elements are dropped.
    let pattern = match (base, text(&args[1])) {
        ("", p) => clean(p),
        (b, "") => clean(b),
        (b, p) => clean(&format!("{b}/{p}")),
    };
    let fail =
        || ctx.fail(format!("failed to glob pattern {}: syntax error in pattern", crate::sets::go_quote(&pattern)));
    let alternatives = crate::glob::expand_braces(&pattern).ok_or_else(fail)?;
    if alternatives.iter().any(|a| !crate::glob::is_valid(a)) {
        return Err(fail());
    }
    // Walk from the longest directory prefix without wildcards.
    let literal: Vec<&str> = pattern.split('/').take_while(|s| !s.contains(['*', '?', '[', '{', '\\'])).collect();
    let root = if literal.len() == pattern.split('/').count() {
        literal[..literal.len() - 1].join("/")
    } else {
        literal.join("/")
    };
    let root = if root.is_empty() && pattern.starts_with('/') { "/".to_string() } else { root };
    let start = if root.is_empty() { "." } else { &root };
    if let Some(unknown) = outside_root(ctx, &[base, text(&args[1])], &resolve(ctx, start)) {
        return Ok(unknown);
    }
    let mut files = Vec::new();
    let mut budget = MAX_ENTRIES;
    walk(&resolve(ctx, start), &root, &mut files, &mut budget, 0);
    if budget == 0 {
        let why = format!("fileset({}, ...): more than {MAX_ENTRIES} directory entries", crate::sets::go_quote(base));
        return Ok(Value::unknown(UnknownReason::Expression, why, ctx.span));
    }
    files.retain(|f| alternatives.iter().any(|a| crate::glob::matches(a, f)));
    // A link to a file outside the root would tell that the file exists.
    if let Some(unknown) = files.iter().find_map(|f| outside_root(ctx, &[base, text(&args[1])], &resolve(ctx, f))) {
        return Ok(unknown);
    }
    let base_clean = clean(base);
    let mut matched: Vec<String> = files.into_iter().map(|f| relative_to(&base_clean, &f)).collect();
    matched.sort();
    matched.dedup();
    Ok(ctx.list(matched.into_iter().map(|m| ctx.string(m)).collect()))
}

/// Collects regular files under `dir`, named by `shown` (the path as the pattern spells it).
fn walk(dir: &Path, shown: &str, files: &mut Vec<String>, budget: &mut usize, depth: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if *budget == 0 || depth > 64 {
            return;
        }
        *budget -= 1;
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = if shown.is_empty() { name } else { format!("{}/{name}", shown.trim_end_matches('/')) };
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            walk(&entry.path(), &child, files, budget, depth + 1);
        } else if std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()) {
            files.push(child);
        }
    }
}

/// Go's `filepath.Rel(base, target)` for cleaned slash paths.
fn relative_to(base: &str, target: &str) -> String {
    if base == "." {
        return target.to_string();
    }
    let base_parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let target_parts: Vec<&str> = target.split('/').filter(|p| !p.is_empty()).collect();
    let common = base_parts.iter().zip(&target_parts).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; base_parts.len() - common];
    out.extend(&target_parts[common..]);
    if out.is_empty() {
        ".".into()
    } else {
        out.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use crate::{call, FunctionEnv};
    use tollgate_model::Span;

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub/deep")).unwrap();
        std::fs::write(root.join("a.txt"), "hello\n").unwrap();
        std::fs::write(root.join("sub/b.txt"), "x").unwrap();
        std::fs::write(root.join("sub/deep/c.tf"), "y").unwrap();
        std::fs::write(root.join("bin.dat"), [0xff]).unwrap();
        std::fs::write(root.join("t.tmpl"), "Hi ${name}!").unwrap();
        dir
    }

    fn in_dir(dir: &Path, name: &str, args: Vec<Value>) -> Result<Value, crate::FunctionError> {
        let env = FunctionEnv { module_dir: dir, max_file_bytes: 1000, render_template: None, sandbox: None };
        call(name, args, Span::default(), &env)
    }

    #[test]
    fn reads_files() {
        let dir = fixture();
        let d = dir.path();
        assert_eq!(in_dir(d, "file", vec![s("a.txt")]).unwrap(), s("hello\n"));
        assert!(in_dir(d, "file", vec![s("missing")])
            .unwrap_err()
            .to_string()
            .contains("no file exists at \"missing\""));
        assert!(in_dir(d, "file", vec![s("bin.dat")]).unwrap_err().to_string().contains("not valid UTF-8"));
        assert!(in_dir(d, "file", vec![s("sub")]).unwrap_err().to_string().contains("is a directory"));
        assert_eq!(in_dir(d, "filebase64", vec![s("bin.dat")]).unwrap(), s("/w=="));
        assert_eq!(in_dir(d, "filemd5", vec![s("a.txt")]).unwrap(), s("b1946ac92492d2347c6235b4d2611184"));
        assert!(in_dir(d, "file", vec![s("~/x")]).unwrap().is_unknown());
        let small = FunctionEnv { module_dir: d, max_file_bytes: 2, render_template: None, sandbox: None };
        assert!(call("file", vec![s("a.txt")], Span::default(), &small).unwrap().is_unknown());
    }

    #[test]
    fn file_existence() {
        let dir = fixture();
        let d = dir.path();
        assert_eq!(in_dir(d, "fileexists", vec![s("a.txt")]).unwrap(), boolean(true));
        assert_eq!(in_dir(d, "fileexists", vec![s("nope")]).unwrap(), boolean(false));
        assert!(in_dir(d, "fileexists", vec![s("sub")]).unwrap_err().to_string().contains("is a directory"));
    }

    #[test]
    fn fileset_globs() {
        let dir = fixture();
        let d = dir.path();
        let set = |base: &str, pattern: &str| in_dir(d, "fileset", vec![s(base), s(pattern)]).unwrap();
        assert_eq!(set(".", "**"), strings(&["a.txt", "bin.dat", "sub/b.txt", "sub/deep/c.tf", "t.tmpl"]));
        assert_eq!(set(".", "*.txt"), strings(&["a.txt"]));
        assert_eq!(set(".", "**/*.{tf,txt}"), strings(&["a.txt", "sub/b.txt", "sub/deep/c.tf"]));
        assert_eq!(set("sub", "*"), strings(&["b.txt"]));
        assert_eq!(set(".", "sub/*"), strings(&["sub/b.txt"]));
        assert_eq!(set("nope", "*"), list(vec![]));
        assert!(in_dir(d, "fileset", vec![s("."), s("[")]).unwrap_err().to_string().contains("syntax error"));
    }

    #[test]
    fn templatefile_uses_the_evaluators_renderer() {
        let dir = fixture();
        let render = |text: &str, vars: &Value, span: Span| -> Result<Value, String> {
            let name =
                vars.get("name").known().and_then(Value::as_str).ok_or("vars map does not contain key \"name\"")?;
            Ok(Value::string(text.replace("${name}", name), span))
        };
        let env =
            FunctionEnv { module_dir: dir.path(), max_file_bytes: 1000, render_template: Some(&render), sandbox: None };
        let args = vec![s("t.tmpl"), map(vec![("name", s("x"))])];
        assert_eq!(call("templatefile", args, Span::default(), &env).unwrap(), s("Hi x!"));
        let missing = call("templatefile", vec![s("t.tmpl"), map(vec![])], Span::default(), &env).unwrap_err();
        assert!(missing.to_string().contains("does not contain key"));
        let not_map = call("templatefile", vec![s("t.tmpl"), strings(&["a"])], Span::default(), &env).unwrap_err();
        assert!(not_map.to_string().contains("must be a map"));
        assert!(in_dir(dir.path(), "templatefile", vec![s("t.tmpl"), map(vec![])]).unwrap().is_unknown());
    }

    #[test]
    fn path_functions() {
        assert_eq!(ok("dirname", vec![s("a/b/c")]), s("a/b"));
        assert_eq!(ok("dirname", vec![s("a")]), s("."));
        assert_eq!(ok("dirname", vec![s("/")]), s("/"));
        assert_eq!(ok("dirname", vec![s("")]), s("."));
        assert_eq!(ok("dirname", vec![s("a/b/")]), s("a/b"));
        assert_eq!(ok("dirname", vec![s("a//b/./c/../d")]), s("a/b"));
        assert_eq!(ok("basename", vec![s("a/b/c")]), s("c"));
        assert_eq!(ok("basename", vec![s("a/b/")]), s("b"));
        assert_eq!(ok("basename", vec![s("")]), s("."));
        assert_eq!(ok("basename", vec![s("/")]), s("/"));
        assert_eq!(ok("pathexpand", vec![s("a/~b")]), s("a/~b"));
        assert!(ok("pathexpand", vec![s("~/.ssh")]).is_unknown());
        assert!(ok("abspath", vec![s("x/../y")]).as_str().unwrap().ends_with("/y"));
        assert_eq!(clean("/../a/./b/"), "/a/b");
        assert_eq!(relative_to("a/b", "a/c/d"), "../c/d");
    }

    /// A scan root `repo/` beside `outside/secret`, a module directory in the root, and a link
    /// from the root to the secret.
    fn confined_tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        std::fs::write(base.join("outside/secret"), "MARKER").unwrap();
        std::fs::write(base.join("outside/t.tmpl"), "MARKER ${x}").unwrap();
        std::fs::create_dir_all(base.join("repo/infra")).unwrap();
        std::fs::write(base.join("repo/infra/a.txt"), "inside").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("../../outside/secret", base.join("repo/infra/leak")).unwrap();
        dir
    }

    fn confined(dir: &Path, name: &str, args: Vec<Value>) -> Value {
        let sandbox = crate::Sandbox::new(&[dir.join("repo")]);
        let module_dir = dir.join("repo/infra");
        let env = FunctionEnv {
            module_dir: &module_dir,
            max_file_bytes: 1000,
            render_template: None,
            sandbox: Some(&sandbox),
        };
        call(name, args, Span::default(), &env).unwrap()
    }

    fn outside(value: &Value) -> String {
        match value.as_unknown() {
            Some(u) if u.reason == UnknownReason::OutsideScanRoot => u.source.clone(),
            _ => panic!("not unknown outside the scan root: {value:?}"),
        }
    }

    #[test]
    fn a_sandbox_reads_inside_the_root() {
        let dir = confined_tree();
        let d = dir.path();
        assert_eq!(confined(d, "file", vec![s("a.txt")]), s("inside"));
        assert_eq!(confined(d, "file", vec![s("../infra/a.txt")]), s("inside"));
        assert_eq!(confined(d, "fileexists", vec![s("missing.txt")]), boolean(false));
        assert_eq!(confined(d, "fileset", vec![s("."), s("*.txt")]), strings(&["a.txt"]));
    }

    #[test]
    fn a_sandbox_gives_unknown_outside_the_root_never_contents_hash_or_existence() {
        let dir = confined_tree();
        let d = dir.path();
        let secret = d.join("outside/secret").display().to_string();
        assert_eq!(outside(&confined(d, "file", vec![s("../../outside/secret")])), r#"file("../../outside/secret")"#);
        assert_eq!(outside(&confined(d, "file", vec![s("/etc/passwd")])), r#"file("/etc/passwd")"#);
        outside(&confined(d, "file", vec![s(&secret)]));
        for hash in ["filebase64", "filemd5", "filesha1", "filesha256", "filesha512", "filebase64sha256"] {
            outside(&confined(d, hash, vec![s("../../outside/secret")]));
        }
        outside(&confined(d, "filebase64sha512", vec![s("../../outside/secret")]));
        // Existence is not told either: a missing file outside is as unknown as a present one.
        outside(&confined(d, "fileexists", vec![s("../../outside/secret")]));
        outside(&confined(d, "fileexists", vec![s("../../outside/missing")]));
        outside(&confined(d, "file", vec![s("../../outside/missing")]));
        outside(&confined(d, "templatefile", vec![s("../../outside/t.tmpl"), map(vec![("x", s("1"))])]));
        assert_eq!(
            outside(&confined(d, "fileset", vec![s("../../outside"), s("*")])),
            r#"fileset("../../outside", "*")"#
        );
        outside(&confined(d, "fileset", vec![s("."), s("../../outside/*")]));
        outside(&confined(d, "abspath", vec![s("a.txt")]));
    }

    #[cfg(unix)]
    #[test]
    fn a_sandbox_follows_links_before_reading() {
        let dir = confined_tree();
        let d = dir.path();
        assert_eq!(outside(&confined(d, "file", vec![s("leak")])), r#"file("leak")"#);
        outside(&confined(d, "filesha256", vec![s("leak")]));
        outside(&confined(d, "fileexists", vec![s("leak")]));
        // The link's name is inside, but listing it would tell its target exists.
        outside(&confined(d, "fileset", vec![s("."), s("*")]));
        assert_eq!(confined(d, "fileset", vec![s("."), s("*.txt")]), strings(&["a.txt"]));
    }
}
