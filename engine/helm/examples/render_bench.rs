//! Render speed of `tollgate_helm`, in process: each workload case (a `helm template` argument list) is
//! rendered and printed as `helm template` prints it, `--iterations` times, and a table per label gives
//! renders per second and milliseconds per render. Run by benches/helm.sh, which also times real Helm on
//! the same argument lists (`--list` prints them).
//!
//! Workload: lines of `LABEL<TAB>ARG<TAB>ARG...` read from `--workload FILE`, and with `--test-charts DIR`
//! every case of every test chart there (its `cases.toml`) that is not meant to fail.

#[path = "../tests/differential/cases.rs"]
#[allow(dead_code)]
mod cases;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Parser;
use tollgate_helm::{TemplateArgs, TemplateRequest};

#[derive(Parser)]
struct Options {
    /// How many times each case is rendered (after one warm-up render).
    #[arg(long, default_value_t = 20)]
    iterations: u32,
    /// Lines of `LABEL<TAB>ARG<TAB>ARG...`: `helm template`'s arguments.
    #[arg(long)]
    workload: Vec<PathBuf>,
    /// A directory of test charts, each with a `cases.toml` (label `test charts`).
    #[arg(long)]
    test_charts: Option<PathBuf>,
    /// Print the workload (`LABEL<TAB>ARG...` per case) instead of timing it.
    #[arg(long)]
    list: bool,
    /// Print each case's output (as `helm template` prints it) instead of timing it.
    #[arg(long)]
    emit: bool,
    /// Leave out the table's heading (to continue a table printed by an earlier run).
    #[arg(long)]
    no_header: bool,
    /// Also list this many of the slowest cases.
    #[arg(long, default_value_t = 0)]
    slowest: usize,
}

/// One `helm template` invocation and the request it means.
struct Case {
    label: String,
    arguments: Vec<String>,
    request: TemplateRequest,
}

/// What the renders of one label added up to.
#[derive(Default)]
struct Tally {
    cases: usize,
    renders: u64,
    failed_renders: u64,
    documents: u64,
    bytes: u64,
    elapsed: Duration,
}

fn main() {
    let options = Options::parse();
    let workload = match read_workload(&options) {
        Ok(workload) => workload,
        Err(error) => {
            eprintln!("render_bench: {error}");
            std::process::exit(2);
        }
    };
    if options.list {
        for case in &workload {
            println!("{}\t{}", case.label, case.arguments.join("\t"));
        }
        return;
    }
    if options.emit {
        for case in &workload {
            match tollgate_helm::render(&case.request) {
                Ok(rendered) => print!("{}", tollgate_helm::template_output(&rendered)),
                Err(error) => eprintln!("Error: {error}"),
            }
        }
        return;
    }
    let (tallies, slowest) = time_workload(&workload, options.iterations);
    print_table(&tallies, options.iterations, !options.no_header);
    print_slowest(&slowest[..options.slowest.min(slowest.len())], options.iterations);
}

fn read_workload(options: &Options) -> Result<Vec<Case>, String> {
    let mut workload = Vec::new();
    for file in &options.workload {
        let text = std::fs::read_to_string(file).map_err(|error| format!("{}: {error}", file.display()))?;
        for line in text.lines().filter(|line| !line.trim().is_empty()) {
            let mut fields = line.split('\t').map(String::from);
            let label = fields.next().unwrap_or_default();
            workload.push(case(label, fields.collect())?);
        }
    }
    if let Some(directory) = &options.test_charts {
        workload.extend(test_chart_cases(directory)?);
    }
    Ok(workload)
}

/// The cases of every test chart in `directory` that render (those with `expect_error` are skipped).
fn test_chart_cases(directory: &Path) -> Result<Vec<Case>, String> {
    let entries = std::fs::read_dir(directory).map_err(|error| format!("{}: {error}", directory.display()))?;
    let mut charts: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("cases.toml").is_file())
        .collect();
    charts.sort();
    let mut workload = Vec::new();
    for chart in charts {
        for test_case in cases::read_cases(&chart)?.into_iter().filter(|test_case| test_case.expect_error.is_none()) {
            workload.push(case("test charts".into(), test_case.helm_arguments(&chart))?);
        }
    }
    Ok(workload)
}

/// `arguments` parsed by the flags `tollgate helm template` takes.
fn case(label: String, arguments: Vec<String>) -> Result<Case, String> {
    #[derive(Parser)]
    struct Template {
        #[command(flatten)]
        args: TemplateArgs,
    }
    let argv = std::iter::once("template".to_string()).chain(arguments.iter().cloned());
    let template =
        Template::try_parse_from(argv).map_err(|error| format!("{label}: {}: {error}", arguments.join(" ")))?;
    let request = template.args.to_request()?;
    Ok(Case { label, arguments, request })
}

/// The tallies per label, and each case's time with its arguments, slowest first.
fn time_workload(workload: &[Case], iterations: u32) -> (BTreeMap<String, Tally>, Vec<(Duration, String)>) {
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut per_case = Vec::new();
    for case in workload {
        if let Err(error) = tollgate_helm::render(&case.request) {
            println!("fails on our side: {}: {error}", case.arguments.join(" "));
        }
        let tally = tallies.entry(case.label.clone()).or_default();
        tally.cases += 1;
        let started = Instant::now();
        for _ in 0..iterations {
            match render_once(&case.request) {
                Some((documents, bytes)) => {
                    tally.documents += documents;
                    tally.bytes += bytes;
                }
                None => tally.failed_renders += 1,
            }
            tally.renders += 1;
        }
        tally.elapsed += started.elapsed();
        per_case.push((started.elapsed(), case.arguments.join(" ")));
    }
    per_case.sort_by_key(|(elapsed, _)| std::cmp::Reverse(*elapsed));
    (tallies, per_case)
}

/// Renders and prints one case; its document count and output size, or `None` when it fails.
fn render_once(request: &TemplateRequest) -> Option<(u64, u64)> {
    let rendered = tollgate_helm::render(request).ok()?;
    let output = tollgate_helm::template_output(&rendered);
    Some((rendered.documents.len() as u64, output.len() as u64))
}

fn print_slowest(slowest: &[(Duration, String)], iterations: u32) {
    if !slowest.is_empty() {
        println!("slowest cases (ms per render):");
    }
    for (elapsed, arguments) in slowest {
        println!("  {:>9.3}  {arguments}", elapsed.as_secs_f64() * 1000.0 / f64::from(iterations.max(1)));
    }
}

fn print_table(tallies: &BTreeMap<String, Tally>, iterations: u32, header: bool) {
    if header {
        println!("tollgate_helm, in process, one thread; each case rendered after one warm-up render");
        println!(
            "{:<14} {:>6} {:>8} {:>7} {:>11} {:>11} {:>9} {:>11} {:>11}",
            "workload", "cases", "renders", "failed", "docs/pass", "KB/pass", "seconds", "renders/s", "ms/render"
        );
    }
    for (label, tally) in tallies {
        let seconds = tally.elapsed.as_secs_f64();
        let passes = f64::from(iterations).max(1.0);
        println!(
            "{:<14} {:>6} {:>8} {:>7} {:>11.0} {:>11.1} {:>9.3} {:>11.1} {:>11.3}",
            label,
            tally.cases,
            tally.renders,
            tally.failed_renders,
            tally.documents as f64 / passes,
            tally.bytes as f64 / passes / 1024.0,
            seconds,
            tally.renders as f64 / seconds.max(1e-9),
            seconds * 1000.0 / (tally.renders as f64).max(1.0),
        );
    }
}
