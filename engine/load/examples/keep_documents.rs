//! Measures what `LoadOptions::keep_documents` costs: `cargo run --release -p tollgate-load
//! --example keep_documents -- DIR [keep|plain] [RUNS]` loads DIR RUNS times and prints the best
//! wall-clock time, the resources, and the documents kept. Run it under `/usr/bin/time -v` for
//! the peak memory.

use std::time::Instant;
use tollgate_load::{load, LoadOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: keep_documents DIR [keep|plain] [RUNS]");
        std::process::exit(2);
    };
    let keep = args.next().as_deref() == Some("keep");
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let mut best = f64::MAX;
    let mut summary = String::new();
    for _ in 0..runs.max(1) {
        let mut options = LoadOptions::new(vec![root.clone().into()]);
        options.keep_documents = keep;
        let started = Instant::now();
        let loaded = match load(&options) {
            Ok(loaded) => loaded,
            Err(failure) => {
                eprintln!("{failure}");
                std::process::exit(1);
            }
        };
        best = best.min(started.elapsed().as_secs_f64());
        let documents: usize = loaded.graph.parsed_files().iter().map(|f| f.documents.len()).sum();
        summary = format!(
            "files {} resources {} parsed files {} documents {} errors {}",
            loaded.files_scanned,
            loaded.graph.len(),
            loaded.graph.parsed_files().len(),
            documents,
            loaded.errors.len()
        );
    }
    println!("keep_documents={keep}: best {best:.3} s over {runs} runs; {summary}");
}
