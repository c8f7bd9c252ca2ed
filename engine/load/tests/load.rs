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
fn chart_directories_are_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\n");
    write(root, "charts/api/templates/deploy.yaml", "kind: {{ .Values.kind }}\n");
    write(root, "pod.yaml", POD);
    let loaded = load(&LoadOptions::new(vec![root.to_path_buf()])).unwrap();
    assert_eq!(loaded.graph.len(), 1);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert!(
        loaded.skipped.iter().any(|s| s.file == "charts/api" && s.reason.contains("Helm chart")),
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
