//! Times parsing and linking of every `.yaml`/`.yml`/`.json` manifest under a directory:
//! `cargo run --release -p tollgate-kubernetes --example link_timing -- DIR`.
//! A measuring aid for the linker (many copies of one estate in one namespace), not a test.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tollgate_kubernetes::{link, parse_file};
use tollgate_model::{FileId, GraphBuilder, SourceFile};

fn manifests(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            manifests(&path, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| matches!(e, "yaml" | "yml" | "json")) {
            out.push(path);
        }
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: link_timing DIR");
        std::process::exit(2);
    };
    let mut paths = Vec::new();
    manifests(Path::new(&dir), &mut paths);
    let start = Instant::now();
    let mut resources = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let source = SourceFile { path: path.display().to_string(), text: text.into() };
        resources.extend(parse_file(FileId(i as u32), &source).resources);
    }
    let parsed = start.elapsed();
    let count = resources.len();
    let mut builder = GraphBuilder::new(resources);
    let start = Instant::now();
    link(&mut builder);
    let linked = start.elapsed();
    println!(
        "{} files, {count} resources, {} edges: parse {:.3} s, link {:.3} s",
        paths.len(),
        builder.edges().len(),
        parsed.as_secs_f64(),
        linked.as_secs_f64()
    );
}
