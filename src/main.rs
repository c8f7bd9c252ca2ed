//! `tollgate`: the command line. Parses arguments, calls the pipeline (`tollgate-pipeline`)
//! and prints its report; owns the exit codes (0 pass, 1 findings at or above the gate, 2 could not run).

mod apply_cmd;
mod baseline_cmd;
mod cli;
mod cost_report;
mod helm_cmd;
mod init_cmd;
mod inspect;
mod output;
mod policy_cmd;
mod rules_cmd;
mod sarif_options;
mod scan;

use clap::Parser;
use std::process::ExitCode;

/// The scan ran and nothing reached the gate.
pub const EXIT_PASS: u8 = 0;
/// The scan ran and found something at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// The scan could not run: bad arguments, an unreadable root, a bad config.
pub const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Baseline(mut args) => baseline_cmd::run(&mut args),
        cli::Command::Scan(args) => output::check_targets(&args.outputs).and_then(|()| scan::run(&args)),
        cli::Command::Apply(args) => apply_cmd::apply(*args),
        cli::Command::Plan(args) => apply_cmd::plan(*args),
        cli::Command::Init(args) => init_cmd::run(&args),
        cli::Command::Inspect(args) => inspect::run(&args),
        cli::Command::Rules(cmd) => rules_cmd::run(&cmd),
        cli::Command::Policy(cmd) => policy_cmd::run(&cmd),
        cli::Command::Helm(cli::HelmCommand::Template(args)) => helm_cmd::template(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}
