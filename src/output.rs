//! Where a finished scan report goes: the `--format` report on standard output and every
//! `--output FORMAT=FILE`, each rendered from the same report and written whole.
//!
//! Adding a format is one variant of [`ReportFormat`] (with its doc line, shown in `--help`) and
//! one arm in [`render`]; `--output` and its help text follow from the enum.

use crate::cli::{ColorChoice, ReportFormat, ScanArgs};
use crate::cost_report::CostRendering;
use clap::ValueEnum;
use std::cell::Cell;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use tollgate_model::{Severity, SourceMap};
use tollgate_reports::{
    render_concise, render_github, render_json_with_cost, render_junit, render_markdown_with_cost,
    render_sarif_checked, render_text_with, GithubContext, MarkdownOptions, SarifOptions, ScanReport, TextOptions,
};

/// One `--output FORMAT=FILE`: a report format and where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputTarget {
    pub format: ReportFormat,
    pub destination: Destination,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// `-`: the report replaces the `--format` report on standard output.
    Stdout,
    File(PathBuf),
}

/// Parses `FORMAT=FILE` (the format case-insensitive; FILE `-` is standard output).
pub fn parse_target(text: &str) -> Result<OutputTarget, String> {
    let Some((name, file)) = text.split_once('=') else {
        return Err(format!("`{text}` is not FORMAT=FILE (formats: {})", format_names().join(", ")));
    };
    let format = ReportFormat::from_str(name.trim(), true)
        .map_err(|_| format!("unknown format `{}` (formats: {})", name.trim(), format_names().join(", ")))?;
    let destination = match file {
        "" => return Err(format!("`{text}` names no file (FILE, or `-` for standard output)")),
        "-" => Destination::Stdout,
        path => Destination::File(PathBuf::from(path)),
    };
    Ok(OutputTarget { format, destination })
}

/// The formats `--format` and `--output` accept, as typed on the command line.
fn format_names() -> Vec<String> {
    ReportFormat::value_variants().iter().map(|format| name(*format)).collect()
}

/// The `--output` help: the formats are listed from [`ReportFormat`], so a new one shows at once.
pub fn output_help() -> String {
    format!(
        "Also write the report as FORMAT to FILE (repeatable; `-` is standard output, replacing the --format \
         report). Formats: {}. Parent directories are created; each file is replaced whole.",
        format_names().join(", ")
    )
}

/// Checks the targets before the scan runs: at most one on standard output, no file twice.
pub fn check_targets(targets: &[OutputTarget]) -> Result<(), String> {
    if targets.iter().filter(|t| t.destination == Destination::Stdout).count() > 1 {
        return Err("more than one --output writes to standard output (`-`)".to_string());
    }
    let mut files: Vec<&PathBuf> = targets
        .iter()
        .filter_map(|t| match &t.destination {
            Destination::File(path) => Some(path),
            Destination::Stdout => None,
        })
        .collect();
    files.sort();
    match files.windows(2).find(|pair| pair[0] == pair[1]) {
        Some(pair) => Err(format!("--output names `{}` twice", pair[0].display())),
        None => Ok(()),
    }
}

/// Renders the report once per requested format and writes each: the files first, then
/// standard output. Every file is attempted; any that could not be written is an error.
/// [`check_targets`] has passed before the scan. `cost` goes into the text, Markdown and JSON
/// reports; SARIF, JUnit and the annotations carry the budget findings only.
pub fn emit(
    report: &ScanReport,
    sources: &SourceMap,
    args: &ScanArgs,
    min_severity: Severity,
    sarif: &SarifOptions,
    cost: Option<&CostRendering>,
) -> Result<(), String> {
    let display = &args.display;
    let text =
        TextOptions { color: false, min_severity, verbose: display.verbose, unknown_details: display.unknown_details };
    let stdout_format =
        args.outputs.iter().find(|t| t.destination == Destination::Stdout).map_or(args.format, |t| t.format);
    let json_requested =
        stdout_format == ReportFormat::Json || args.outputs.iter().any(|t| t.format == ReportFormat::Json);
    if json_requested && display.min_severity.is_some() {
        eprintln!("note: --min-severity applies to the text and concise reports; the JSON report lists every finding");
    }
    let markdown = markdown_options();
    let sarif_warned = Cell::new(false);
    let file_options = Shaping { text, markdown: &markdown, sarif, sarif_warned: &sarif_warned, cost };
    let failures = write_files(report, sources, &args.outputs, &file_options);
    let stdout_options = Shaping { text: TextOptions { color: use_color(args.color), ..text }, ..file_options };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`tollgate scan | head`) is not a scan failure.
    let _ = stdout.write_all(render(stdout_format, report, sources, &stdout_options).as_bytes());
    let _ = stdout.flush();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// Writes each file target; returns what could not be written, one message per file.
fn write_files(report: &ScanReport, sources: &SourceMap, targets: &[OutputTarget], options: &Shaping) -> Vec<String> {
    let mut failures = Vec::new();
    for target in targets {
        if let Destination::File(path) = &target.destination {
            let text = render(target.format, report, sources, options);
            if let Err(err) = write_atomically(path, text.as_bytes()) {
                let format = name(target.format);
                failures.push(format!("cannot write the {format} report to `{}`: {err}", path.display()));
            }
        }
    }
    failures
}

/// What shapes the rendered reports besides the scan itself: display options for the human
/// formats, links for Markdown, paths and category for SARIF.
struct Shaping<'a> {
    text: TextOptions,
    markdown: &'a MarkdownOptions,
    sarif: &'a SarifOptions,
    /// The SARIF limits' warning is said once, however many SARIF outputs there are.
    sarif_warned: &'a Cell<bool>,
    cost: Option<&'a CostRendering>,
}

/// The report in one format. `--min-severity` and the other display options shape the human
/// formats only: the JSON and SARIF reports are the complete record.
fn render(format: ReportFormat, report: &ScanReport, sources: &SourceMap, options: &Shaping) -> String {
    match format {
        ReportFormat::Text => {
            let findings = render_text_with(report, sources, &options.text);
            match options.cost {
                Some(cost) => format!("{findings}\n{}", cost.text),
                None => findings,
            }
        }
        ReportFormat::Json => render_json_with_cost(report, options.cost.map(|cost| &cost.json)),
        ReportFormat::Concise => render_concise(report, &options.text),
        ReportFormat::Junit => render_junit(report),
        ReportFormat::Markdown => {
            render_markdown_with_cost(report, options.markdown, options.cost.map(|cost| cost.markdown.as_str()))
        }
        ReportFormat::Github => render_github(report),
        ReportFormat::Sarif => {
            let sarif = render_sarif_checked(report, options.sarif);
            if !options.sarif_warned.replace(true) {
                sarif.warnings.iter().for_each(|warning| eprintln!("warning: {warning}"));
            }
            sarif.text
        }
    }
}

/// The Markdown report links files into the repository when GitHub Actions says which one
/// (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`), and rule ids to the same generated
/// rule pages SARIF's `helpUri` points at.
fn markdown_options() -> MarkdownOptions {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let github = GithubContext::new(&var("GITHUB_SERVER_URL"), &var("GITHUB_REPOSITORY"), &var("GITHUB_SHA"));
    let rule_docs = Some(tollgate_reports::sarif::DOCS_BASE_URL.to_string());
    MarkdownOptions { github, rule_docs, ..MarkdownOptions::default() }
}

/// A format's name as typed on the command line.
fn name(format: ReportFormat) -> String {
    format.to_possible_value().map(|value| value.get_name().to_string()).unwrap_or_default()
}

/// Writes a report or baseline whole or not at all, readable as the umask allows.
pub(crate) fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    tollgate_pipeline::write::write_whole(path, contents, tollgate_pipeline::write::Access::Shared)
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(format: ReportFormat, path: &str) -> OutputTarget {
        OutputTarget { format, destination: Destination::File(PathBuf::from(path)) }
    }

    #[test]
    fn a_target_is_a_format_and_a_file_split_at_the_first_equals_sign() {
        assert_eq!(parse_target("json=out/a=b.json"), Ok(file(ReportFormat::Json, "out/a=b.json")));
        assert_eq!(parse_target("Concise=-").map(|t| t.destination), Ok(Destination::Stdout));
    }

    #[test]
    fn a_bad_target_says_what_is_accepted() {
        let unknown = parse_target("xml=a.xml").unwrap_err();
        assert!(
            unknown.contains("unknown format `xml`") && unknown.contains("text, json, concise, sarif, junit"),
            "{unknown}"
        );
        assert!(parse_target("report.json").unwrap_err().contains("is not FORMAT=FILE"));
        assert!(parse_target("json=").unwrap_err().contains("names no file"));
    }

    #[test]
    fn two_targets_may_not_share_a_file_or_standard_output() {
        let stdout = OutputTarget { format: ReportFormat::Json, destination: Destination::Stdout };
        assert!(check_targets(&[stdout.clone(), stdout]).unwrap_err().contains("standard output"));
        let twice = [file(ReportFormat::Json, "a"), file(ReportFormat::Text, "b"), file(ReportFormat::Concise, "a")];
        assert_eq!(check_targets(&twice), Err("--output names `a` twice".to_string()));
        assert_eq!(check_targets(&[file(ReportFormat::Json, "a"), file(ReportFormat::Json, "b")]), Ok(()));
    }
}
