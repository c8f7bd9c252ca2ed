//! Which files a scan reads, and that one bad file never hides the others.

use std::fs;
use std::path::Path;
use tollgate_load::{load, LoadFailure, LoadOptions};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn addresses(root: &Path) -> Vec<String> {
    let loaded = load(&LoadOptions::new(vec![root.to_path_buf()])).unwrap();
    let mut out: Vec<String> = loaded.graph.resources().map(|(_, r)| r.address.clone()).collect();
    out.sort();
    out
}

const BUCKET: &str = "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n";
const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n";

#[test]
fn honours_gitignore_tollgateignore_and_skips_tool_directories() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", BUCKET);
    write(root, ".gitignore", "generated/\n");
    write(root, "generated/extra.tf", &BUCKET.replace("logs", "generated"));
    write(root, ".tollgateignore", "vendor.yaml\n");
    write(root, "vendor.yaml", &POD.replace("web", "vendored"));
    write(root, ".terraform/modules/x/main.tf", &BUCKET.replace("logs", "cached"));
    write(root, ".git/hooks/x.tf", &BUCKET.replace("logs", "git"));
    write(root, "k8s/pod.yaml", POD);
    assert_eq!(addresses(root), vec!["Pod/web".to_string(), "aws_s3_bucket.logs".to_string()]);
}

#[test]
fn chart_directories_are_rendered_not_read_as_files_unless_rendering_is_off() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n");
    write(root, "charts/api/values.yaml", "kind: ConfigMap\n");
    write(
        root,
        "charts/api/templates/object.yaml",
        "apiVersion: v1\nkind: {{ .Values.kind }}\nmetadata:\n  name: cfg\n",
    );
    write(root, "pod.yaml", POD);
    let mut options = LoadOptions::new(vec![root.to_path_buf()]);
    let loaded = load(&options).unwrap();
    let mut addresses: Vec<&str> = loaded.graph.resources().map(|(_, r)| r.address.as_str()).collect();
    addresses.sort();
    assert_eq!(addresses, ["ConfigMap/cfg@default", "Pod/web"]);
    assert!(loaded.errors.is_empty() && loaded.skipped.is_empty(), "{:?} {:?}", loaded.errors, loaded.skipped);

    options.render_helm = false;
    let loaded = load(&options).unwrap();
    assert_eq!(loaded.graph.len(), 1);
    assert!(
        loaded.skipped.iter().any(|s| s.file == "charts/api" && s.reason.contains("[helm] render = false")),
        "{:?}",
        loaded.skipped
    );
}

#[test]
fn a_broken_file_is_an_error_and_the_rest_of_its_module_still_loads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "infra/a.tf", BUCKET);
    write(root, "infra/b.tf", "resource \"aws_s3_bucket\" \"broken\" {\n  bucket = \"x\"\n\n");
    write(root, "infra/c.tf", &BUCKET.replace("logs", "other"));
    write(root, "bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n");
    write(root, "binary.yaml", "\u{0}\u{1}\u{2}");
    fs::write(root.join("latin1.tf"), b"# caf\xe9\n").unwrap();
    let loaded = load(&LoadOptions::new(vec![root.to_path_buf()])).unwrap();
    let addresses: Vec<&str> = loaded.graph.resources().map(|(_, r)| r.address.as_str()).collect();
    assert!(addresses.contains(&"aws_s3_bucket.logs") && addresses.contains(&"aws_s3_bucket.other"), "{addresses:?}");
    let files: Vec<&str> = loaded.errors.iter().map(|e| e.file.as_str()).collect();
    assert!(files.contains(&"infra/b.tf"), "{:?}", loaded.errors);
    assert!(files.contains(&"bad.yaml"), "{:?}", loaded.errors);
    assert!(files.contains(&"latin1.tf"), "{:?}", loaded.errors);
    assert!(loaded.errors.iter().all(|e| e.line >= 1), "{:?}", loaded.errors);
    assert_eq!(loaded.files_scanned, 6);
}

#[test]
fn empty_directory_loads_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load(&LoadOptions::new(vec![dir.path().to_path_buf()])).unwrap();
    assert_eq!((loaded.files_scanned, loaded.graph.len(), loaded.errors.len()), (0, 0, 0));
}

#[test]
fn missing_root_is_a_failure() {
    let err = load(&LoadOptions::new(vec!["/definitely/not/here".into()])).unwrap_err();
    assert!(matches!(err, LoadFailure::RootNotFound(_)));
}

#[test]
fn oversized_files_are_reported_not_parsed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "big.yaml", &POD.repeat(10));
    let mut options = LoadOptions::new(vec![dir.path().to_path_buf()]);
    options.max_file_bytes = 100;
    let loaded = load(&options).unwrap();
    assert_eq!(loaded.graph.len(), 0);
    assert!(loaded.errors[0].message.contains("limit"), "{:?}", loaded.errors);
}

#[test]
fn loading_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        write(dir.path(), &format!("m{i}/main.tf"), &BUCKET.replace("logs", &format!("b{i}")));
        write(dir.path(), &format!("k{i}.yaml"), &POD.replace("web", &format!("p{i}")));
    }
    let first: Vec<String> = {
        let l = load(&LoadOptions::new(vec![dir.path().to_path_buf()])).unwrap();
        l.graph.resources().map(|(_, r)| format!("{} {:?}", r.address, r.span)).collect()
    };
    for _ in 0..3 {
        let l = load(&LoadOptions::new(vec![dir.path().to_path_buf()])).unwrap();
        let again: Vec<String> = l.graph.resources().map(|(_, r)| format!("{} {:?}", r.address, r.span)).collect();
        assert_eq!(first, again);
    }
}

fn load_roots(roots: Vec<std::path::PathBuf>) -> tollgate_load::Loaded {
    load(&LoadOptions::new(roots)).unwrap()
}

#[cfg(unix)]
#[test]
fn symlinked_files_and_directories_are_scanned_and_loops_are_skipped() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    write(dir.path(), "shared/versions.tf", &BUCKET.replace("logs", "shared"));
    write(dir.path(), "shared-k8s/pod.yaml", POD);
    write(&root, "envs/prod/main.tf", BUCKET);
    symlink("../../../shared/versions.tf", root.join("envs/prod/versions.tf")).unwrap();
    symlink("../shared-k8s", root.join("k8s")).unwrap();
    symlink("..", root.join("envs/loop")).unwrap();
    symlink("missing.yaml", root.join("dangling.yaml")).unwrap();
    // The links stay inside the project (the git work tree), so they are followed.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let loaded = load_roots(vec![root.clone()]);
    let mut addresses: Vec<&str> = loaded.graph.resources().map(|(_, r)| r.address.as_str()).collect();
    addresses.sort();
    assert_eq!(addresses, vec!["Pod/web", "aws_s3_bucket.logs", "aws_s3_bucket.shared"]);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let reasons: Vec<(&str, &str)> = loaded.skipped.iter().map(|s| (s.file.as_str(), s.reason.as_str())).collect();
    assert!(reasons.iter().any(|(f, r)| *f == "dangling.yaml" && r.contains("broken symbolic link")), "{reasons:?}");
    assert!(reasons.iter().any(|(f, r)| f.starts_with("envs/loop") && r.contains("loop")), "{reasons:?}");

    // Without it, `repo` is the scan root: links out of it are skipped, saying why.
    std::fs::remove_dir(dir.path().join(".git")).unwrap();
    let loaded = load_roots(vec![root.clone()]);
    let addresses: Vec<&str> = loaded.graph.resources().map(|(_, r)| r.address.as_str()).collect();
    assert_eq!(addresses, vec!["aws_s3_bucket.logs"]);
    let outside: Vec<&str> =
        loaded.skipped.iter().filter(|s| s.reason.contains("outside the scan root")).map(|s| s.file.as_str()).collect();
    assert_eq!(outside, vec!["envs/prod/versions.tf", "k8s"]);
    let mut allowed = LoadOptions::new(vec![root.clone()]);
    allowed.terraform.sandbox = None;
    assert_eq!(load(&allowed).unwrap().graph.len(), 3, "--allow-outside-root follows them");
}

#[test]
fn a_directory_root_that_is_a_chart_is_rendered_and_one_inside_a_chart_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("api");
    write(&chart, "Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n");
    write(&chart, "values.yaml", "replicaCount: 1\n");
    write(&chart, "templates/deploy.yaml", "metadata:\n  labels:\n    {{- include \"api.labels\" . | nindent 4 }}\n");
    // The chart: rendered, and its template's error (no `api.labels` defined) is reported there.
    let loaded = load_roots(vec![chart.clone()]);
    assert_eq!((loaded.files_scanned, loaded.graph.len()), (0, 0));
    assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
    let [error] = loaded.errors.as_slice() else { panic!("{:?}", loaded.errors) };
    assert!(error.file == "templates/deploy.yaml" && error.line == 3, "{error:?}");
    assert!(error.message.contains("no template \"api.labels\""), "{error:?}");
    // A directory inside it: templates are not YAML, so nothing is parsed.
    let root = chart.join("templates");
    let loaded = load_roots(vec![root.clone()]);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!((loaded.files_scanned, loaded.graph.len()), (0, 0));
    assert!(
        loaded.skipped.len() == 1 && loaded.skipped[0].reason.contains("Helm chart directory"),
        "{:?}",
        loaded.skipped
    );
}

#[test]
fn a_file_named_explicitly_is_scanned_even_inside_a_chart() {
    let dir = tempfile::tempdir().unwrap();
    let chart = dir.path().join("api");
    write(&chart, "Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n");
    write(&chart, "rendered/pod.yaml", POD);
    write(&chart, "templates/deploy.yaml", "metadata:\n  labels:\n    {{- include \"api.labels\" . | nindent 4 }}\n");
    let rendered = load_roots(vec![chart.join("rendered/pod.yaml")]);
    assert_eq!((rendered.files_scanned, rendered.graph.len()), (1, 1));
    assert!(rendered.skipped.is_empty() && rendered.errors.is_empty(), "{:?}", rendered.skipped);
    // The user asked for this template: it is read (and judged as the YAML it is), not skipped as a chart.
    let template = load_roots(vec![chart.join("templates/deploy.yaml")]);
    assert_eq!(template.files_scanned, 1);
    assert!(template.skipped.iter().all(|skip| !skip.reason.contains("Helm chart")), "{:?}", template.skipped);
}

#[test]
fn a_chart_above_the_repository_root_does_not_swallow_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Chart.yaml", "apiVersion: v2\nname: stray\nversion: 0.1.0\n");
    write(dir.path(), "repo/.git/HEAD", "ref: refs/heads/main\n");
    write(dir.path(), "repo/k8s/pod.yaml", POD);
    let loaded = load_roots(vec![dir.path().join("repo/k8s")]);
    assert_eq!((loaded.graph.len(), loaded.skipped.len()), (1, 0), "{:?}", loaded.skipped);
}

#[test]
fn overlapping_roots_read_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    write(&root, "infra/main.tf", BUCKET);
    write(&root, "infra/k8s/pod.yaml", POD);
    let roots = vec![root.join("infra"), root.join("infra/./"), root.join("infra/k8s"), root.join("infra/../infra")];
    let loaded = load_roots(roots);
    assert_eq!((loaded.files_scanned, loaded.graph.len()), (2, 2));
}

#[test]
fn a_file_that_is_not_utf8_keeps_its_text_so_the_bad_line_can_be_shown() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("pod.yaml"), b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: caf\xe9\n").unwrap();
    let loaded = load_roots(vec![dir.path().to_path_buf()]);
    assert_eq!(loaded.errors.len(), 1);
    assert_eq!((loaded.errors[0].file.as_str(), loaded.errors[0].line), ("pod.yaml", 4));
    let (_, source) = loaded.graph.sources().iter().next().unwrap();
    assert_eq!(source.line(4), Some("  name: caf\u{fffd}"));
}

#[test]
fn a_utf16_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = "\u{feff}apiVersion: v1\n".encode_utf16().flat_map(|unit| unit.to_le_bytes()).collect();
    fs::write(dir.path().join("pod.yaml"), utf16).unwrap();
    let loaded = load_roots(vec![dir.path().to_path_buf()]);
    assert_eq!(loaded.errors.len(), 1);
    assert!(loaded.errors[0].message.contains("UTF-16"), "{:?}", loaded.errors);
}

#[test]
fn yaml_with_lone_carriage_returns_reports_lines_the_source_map_has() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pod.yaml", &POD.replace('\n', "\r"));
    let loaded = load_roots(vec![dir.path().to_path_buf()]);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let (_, pod) = loaded.graph.resources().next().unwrap();
    let source = loaded.graph.sources().get(pod.span.file).unwrap();
    assert_eq!((pod.span.start.line, pod.span.end.line), (1, 8));
    assert_eq!(source.line(8), Some("      image: nginx:1.27"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_directory_is_an_error_naming_the_directory() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "locked/pod.yaml", POD);
    let locked = dir.path().join("locked");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = fs::read_dir(&locked).is_ok(); // root reads everything
    let loaded = load_roots(vec![dir.path().to_path_buf()]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    if readable_anyway {
        return;
    }
    assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
    assert_eq!(loaded.errors[0].file, "locked");
    assert!(loaded.errors[0].message.contains("cannot read directory"), "{:?}", loaded.errors);
}

#[test]
fn override_files_fold_into_the_blocks_they_override() {
    let dir = tempfile::tempdir().unwrap();
    let volume = "resource \"aws_ebs_volume\" \"data\" {\n  size      = 10\n  encrypted = false\n}\n";
    write(dir.path(), "infra/main.tf", volume);
    write(dir.path(), "infra/main_override.tf", "resource \"aws_ebs_volume\" \"data\" {\n  encrypted = true\n}\n");
    write(dir.path(), "other/override.tf", "resource \"aws_ebs_volume\" \"data\" {\n  encrypted = true\n}\n");
    let loaded = load_roots(vec![dir.path().to_path_buf()]);
    let volumes: Vec<_> = loaded.graph.resources().map(|(_, r)| r).collect();
    assert_eq!(volumes.len(), 1, "{volumes:?}");
    let encrypted = volumes[0].body.get("encrypted").known().unwrap();
    assert_eq!(encrypted.as_bool(), Some(true));
    assert_eq!(loaded.graph.sources().path(encrypted.span.file), "infra/main_override.tf");
    // `other/` has an override and nothing to override: Terraform's error, at the override.
    assert_eq!(loaded.errors.len(), 1, "{:?}", loaded.errors);
    assert_eq!((loaded.errors[0].file.as_str(), loaded.errors[0].line), ("other/override.tf", 1));
}

#[test]
fn installed_remote_module_files_are_shown_relative_to_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", "module \"archive\" {\n  source = \"example/archive/aws\"\n}\n");
    write(
        root,
        ".terraform/modules/modules.json",
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"archive","Source":"registry.terraform.io/example/archive/aws","Dir":".terraform/modules/archive"}]}"#,
    );
    write(root, ".terraform/modules/archive/main.tf", BUCKET);
    let loaded = load(&LoadOptions::new(vec![root.to_path_buf()])).unwrap();
    let bucket = loaded
        .graph
        .resources()
        .map(|(_, r)| r)
        .find(|r| r.address == "module.archive.aws_s3_bucket.logs")
        .unwrap_or_else(|| panic!("{:?}", loaded.graph.resources().map(|(_, r)| &r.address).collect::<Vec<_>>()));
    assert_eq!(loaded.graph.sources().path(bucket.span.file), ".terraform/modules/archive/main.tf");
}
