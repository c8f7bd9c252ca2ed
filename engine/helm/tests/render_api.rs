//! The renderer's API beyond the printed output: template lines of each document line, hooks, CRDs,
//! notes, files on disk, and charts refused for paths escaping them or for size.

use std::io::Write;
use std::path::{Path, PathBuf};

use tollgate_helm::{render, TemplateRequest};

fn chart(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/render-charts").join(name)
}

fn request(chart: PathBuf) -> TemplateRequest {
    TemplateRequest { chart, ..TemplateRequest::default() }
}

#[test]
fn each_document_line_maps_to_the_template_line_that_wrote_it() {
    let rendered = render(&request(chart("lines"))).expect("renders");
    let first = &rendered.documents[0];
    assert_eq!(first.source, "lines/templates/app.yaml");
    assert_eq!(first.text.lines().next(), Some("apiVersion: v1"));
    // Lines 2-6 of the template; the included labels (two lines) map to the `include` on line 7.
    assert_eq!(first.lines, vec![2, 3, 4, 5, 6, 7, 7]);
    assert_eq!(first.file, chart("lines").join("templates/app.yaml"));
    assert!(!first.is_hook && !first.is_crd);
    let comment = &rendered.documents[1];
    assert_eq!((comment.text.as_str(), comment.lines.as_slice()), ("# a comment only", &[10][..]));
    let hook = &rendered.documents[2];
    assert!(hook.is_hook);
    assert_eq!(hook.lines, (12..=17).collect::<Vec<u32>>());
}

#[test]
fn notes_are_rendered_but_never_a_manifest() {
    let rendered = render(&request(chart("lines"))).expect("renders");
    assert_eq!(rendered.notes.as_deref(), Some("Thanks for installing release-name.\n"));
    assert!(rendered.documents.iter().all(|document| !document.source.ends_with("NOTES.txt")));
    assert_eq!(rendered.chart_name, "lines");
}

#[test]
fn crds_are_documents_only_when_asked_for() {
    let without = render(&request(chart("kinds"))).expect("renders");
    assert!(without.documents.iter().all(|document| !document.is_crd));
    let with = render(&TemplateRequest { include_crds: true, ..request(chart("kinds")) }).expect("renders");
    let crd = &with.documents[0];
    assert!(crd.is_crd);
    assert_eq!(crd.source, "kinds/crds/crd.yaml");
    assert_eq!(crd.lines, vec![1, 2, 3, 4]);
}

#[test]
fn a_packaged_chart_points_its_documents_at_the_archive() {
    let archive = chart("packaged/kinds-0.1.0.tgz");
    let rendered = render(&request(archive.clone())).expect("renders");
    assert!(rendered.documents.iter().all(|document| document.file == archive));
}

#[test]
fn a_packaged_subchart_of_a_chart_directory_points_at_its_archive() {
    let rendered = render(&request(chart("parent"))).expect("renders");
    let packed =
        rendered.documents.iter().find(|d| d.source == "parent/charts/packed/templates/sa.yaml").expect("packed");
    assert_eq!(packed.file, chart("parent/charts/packed-0.3.0.tgz"));
    let child =
        rendered.documents.iter().find(|d| d.source == "parent/charts/first/templates/service.yaml").expect("child");
    assert_eq!(child.file, chart("parent/charts/child/templates/service.yaml"));
}

fn write_archive(entries: &[(&str, &[u8])]) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".tgz").tempfile().expect("temp file");
    let encoder = flate2::write::GzEncoder::new(file.reopen().expect("reopen"), flate2::Compression::fast());
    let mut builder = tar::Builder::new(encoder);
    for (name, data) in entries {
        let mut header = tar::Header::new_gnu();
        let bytes = name.as_bytes();
        header.as_gnu_mut().expect("gnu header").name[..bytes.len()].copy_from_slice(bytes);
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, *data).expect("append");
    }
    builder.into_inner().expect("finish").finish().expect("gzip").flush().expect("flush");
    file
}

const CHART_YAML: &[u8] = b"apiVersion: v2\nname: c\nversion: 1.0.0\n";

#[test]
fn archives_escaping_their_directory_are_refused() {
    let escaping = write_archive(&[("c/Chart.yaml", CHART_YAML), ("c/../../evil.yaml", b"a: 1\n")]);
    let error = render(&request(escaping.path().to_path_buf())).expect_err("refused");
    assert_eq!(error.message, "chart illegally contains content outside the base directory");
    let absolute = write_archive(&[("/c/Chart.yaml", CHART_YAML)]);
    let error = render(&request(absolute.path().to_path_buf())).expect_err("refused");
    assert_eq!(error.message, "chart illegally contains absolute paths");
    let two_tops = write_archive(&[("c/Chart.yaml", CHART_YAML), ("d/values.yaml", b"a: 1\n")]);
    let error = render(&request(two_tops.path().to_path_buf())).expect_err("refused");
    assert_eq!(error.message, "chart archive must hold exactly one top directory");
}

#[test]
fn a_symlink_out_of_a_chart_directory_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Chart.yaml"), CHART_YAML).expect("write");
    std::os::unix::fs::symlink("/etc/hostname", dir.path().join("leak.txt")).expect("symlink");
    let error = render(&request(dir.path().to_path_buf())).expect_err("refused");
    assert_eq!(error.message, "chart illegally contains a symlink pointing outside the chart: leak.txt");
}

#[test]
fn oversized_files_are_refused_with_the_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("Chart.yaml"), CHART_YAML).expect("write");
    let big = vec![b'a'; tollgate_helm::MAX_FILE_BYTES as usize + 1];
    std::fs::write(dir.path().join("big.txt"), big).expect("write");
    let error = render(&request(dir.path().to_path_buf())).expect_err("refused");
    assert_eq!(
        error.message,
        format!("file \"big.txt\" is larger than the maximum file size {}", tollgate_helm::MAX_FILE_BYTES)
    );
}

#[test]
fn template_errors_name_chart_template_and_line() {
    let mut values = tollgate_helm::UserValues::default();
    values.set.push("case=required".into());
    let error = render(&TemplateRequest { values, ..request(chart("errors")) }).expect_err("fails");
    assert_eq!(error.chart, "errors");
    assert_eq!(error.template.as_deref(), Some("errors/templates/cases.yaml"));
    assert_eq!(error.line, Some(9));
}

#[test]
fn a_yaml_error_points_at_the_template_line() {
    let mut values = tollgate_helm::UserValues::default();
    values.set.push("case=yaml".into());
    let error = render(&TemplateRequest { values, ..request(chart("errors")) }).expect_err("fails");
    assert_eq!(error.template.as_deref(), Some("errors/templates/cases.yaml"));
    // The document's line 7 (`   b: c`) is line 24 of the template.
    assert_eq!(error.line, Some(24));
}

/// A chart of the given apiVersion with requirements files, a lock, a schema and two plain files, whose
/// one template lists `.Files`.
fn chart_with_requirements(api_version: &str, requirements: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let files: [(&str, String); 9] = [
        ("Chart.yaml", format!("apiVersion: {api_version}\nname: files\nversion: 0.1.0\n")),
        ("values.yaml", "a: 1\n".into()),
        ("values.schema.json", "{}\n".into()),
        ("requirements.yaml", requirements.into()),
        ("requirements.lock", "dependencies: []\ndigest: x\n".into()),
        ("Chart.lock", "dependencies: []\n".into()),
        ("LICENSE", "license\n".into()),
        ("README.md", "readme\n".into()),
        ("templates/files.yaml", "# {{ range $path, $_ := .Files }}{{ $path }} {{ end }}\n".into()),
    ];
    std::fs::create_dir(dir.path().join("templates")).expect("mkdir");
    for (path, text) in files {
        std::fs::write(dir.path().join(path), text).expect("write");
    }
    dir
}

#[test]
fn files_hold_a_v1_charts_requirements_but_no_chart_definition_file() {
    // What `helm template` 4.1.4 lists for the same charts.
    let v1 = chart_with_requirements("v1", "dependencies: []\n");
    let rendered = render(&request(v1.path().to_path_buf())).expect("renders");
    assert_eq!(rendered.documents[0].text, "# LICENSE README.md requirements.lock requirements.yaml");
    let v2 = chart_with_requirements("v2", "dependencies: []\n");
    let rendered = render(&request(v2.path().to_path_buf())).expect("renders");
    assert_eq!(rendered.documents[0].text, "# LICENSE README.md");
}

#[test]
fn a_v2_charts_requirements_still_name_its_dependencies() {
    let v2 = chart_with_requirements("v2", "dependencies:\n- name: nosuch\n  version: 1.0.0\n");
    let error = render(&request(v2.path().to_path_buf())).expect_err("a dependency is missing");
    assert!(error.message.ends_with("found in Chart.yaml, but missing in charts/ directory: nosuch"), "{error:?}");
}
