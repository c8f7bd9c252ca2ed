//! `tollgate scan`: runs the pipeline and prints its report.

use crate::cli::{ColorChoice, ReportFormat, ScanArgs};
use crate::{EXIT_FINDINGS, EXIT_PASS};
use std::io::{IsTerminal, Write};
use tollgate_model::Severity;
use tollgate_pipeline::Scan;
use tollgate_reports::{render_concise, render_json, render_text_with, TextOptions};

pub fn run(args: &ScanArgs) -> Result<u8, String> {
    let done = tollgate_pipeline::scan(&args.scan, &mut |note| eprintln!("{note}"))?;
    // print() in a policy writes to stderr with its `file:line:` prefix, as OPA's does; stdout
    // keeps the report alone.
    for line in &done.prints {
        eprintln!("{line}");
    }
    let output = render(&done, args)?;
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`tollgate scan | head`) is not a scan failure.
    let _ = stdout.write_all(output.as_bytes());
    let _ = stdout.flush();
    Ok(if done.report.passed() { EXIT_PASS } else { EXIT_FINDINGS })
}

/// The report in the chosen format. `--min-severity` and the other display flags shape the
/// human formats only: the JSON report is the complete record (a note on stderr says so).
fn render(done: &Scan, args: &ScanArgs) -> Result<String, String> {
    let display = &args.display;
    let min_severity = match &display.min_severity {
        Some(s) => s.parse()?,
        None => done.config.min_severity()?.unwrap_or(Severity::Info),
    };
    let options = TextOptions {
        color: use_color(args.color),
        min_severity,
        verbose: display.verbose,
        unknown_details: display.unknown_details,
    };
    let report = &done.report;
    Ok(match args.format {
        ReportFormat::Json => {
            if display.min_severity.is_some() {
                eprintln!(
                    "note: --min-severity applies to the text and concise reports; the JSON report lists every finding"
                );
            }
            render_json(report)
        }
        ReportFormat::Text => render_text_with(report, &done.sources, &options),
        ReportFormat::Concise => render_concise(report, &options),
    })
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}
