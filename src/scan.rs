//! `tollgate scan`: runs the pipeline and writes its reports (`crate::output`).

use crate::cli::ScanArgs;
use crate::cost_report::CostRendering;
use crate::{EXIT_FINDINGS, EXIT_PASS};
use tollgate_model::Severity;

pub fn run(args: &ScanArgs) -> Result<u8, String> {
    let done = tollgate_pipeline::scan(&args.scan, &mut |note| eprintln!("{note}"))?;
    present(&done, args)?;
    Ok(if done.report.passed() { EXIT_PASS } else { EXIT_FINDINGS })
}

/// Presents a finished scan (of `tollgate scan`, or of a plan by `tollgate apply`): the
/// policies' print() lines and the cost summary on stderr, then the reports (`--format` on
/// standard output, every `--output`).
pub fn present(done: &tollgate_pipeline::Scan, args: &ScanArgs) -> Result<(), String> {
    // print() in a policy writes to stderr with its `file:line:` prefix, as OPA's does; stdout
    // keeps the report alone.
    for line in &done.prints {
        eprintln!("{line}");
    }
    if let Some(cost) = &done.cost {
        eprintln!("{}", cost.summary());
    }
    let min_severity = match &args.display.min_severity {
        Some(s) => s.parse()?,
        None => done.config.min_severity()?.unwrap_or(Severity::Info),
    };
    let sarif = crate::sarif_options::sarif_options(args, done.config.sarif.category.as_deref());
    let cost = done.cost.as_ref().map(|cost| CostRendering::of(cost, &done.sources));
    crate::output::emit(&done.report, &done.sources, args, min_severity, &sarif, cost.as_ref())
}
