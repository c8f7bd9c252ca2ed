//! Every case of `tests/render-charts/cases.txt` rendered by Tollgate must print byte for byte what
//! Helm 4.1.4 printed for it (`expected/NAME.out`, written by `regenerate.py` from the real binary):
//! the documents, or for a failing case Helm's `Error: ...` message.

use std::path::{Path, PathBuf};

use clap::Parser;
use tollgate_helm::{render, template_output, TemplateArgs};

#[derive(Parser)]
struct Command {
    #[command(flatten)]
    args: TemplateArgs,
}

fn charts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/render-charts")
}

/// Arguments naming a file or directory of the test charts become absolute paths.
fn argv(root: &Path, args: &str) -> Vec<String> {
    let words = args.split_whitespace().map(|word| {
        let candidate = root.join(word);
        if !word.starts_with('-') && candidate.exists() {
            candidate.display().to_string()
        } else {
            word.to_string()
        }
    });
    std::iter::once("template".to_string()).chain(words).collect()
}

fn ours(root: &Path, args: &str) -> String {
    let command = match Command::try_parse_from(argv(root, args)) {
        Ok(command) => command,
        Err(error) => return format!("flags: {error}"),
    };
    let result = command.args.to_request().and_then(|request| render(&request).map_err(|error| error.message));
    match result {
        Ok(rendered) => template_output(&rendered),
        Err(message) => format!("Error: {message}\n"),
    }
}

#[test]
fn every_case_prints_what_helm_printed() {
    let root = charts_dir();
    let cases = std::fs::read_to_string(root.join("cases.txt")).expect("cases.txt");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in cases.lines().filter(|line| !line.trim().is_empty() && !line.starts_with('#')) {
        let (name, args) = line.split_once('|').expect("NAME | ARGS");
        let (name, args) = (name.trim(), args.trim());
        let expected =
            std::fs::read_to_string(root.join("expected").join(format!("{name}.out"))).expect("expected output");
        let actual = ours(&root, args);
        count += 1;
        if actual != expected {
            failures.push(format!("--- {name} ({args})\nexpected:\n{expected}\nactual:\n{actual}"));
        }
    }
    assert!(count >= 20, "cases.txt lost its cases");
    assert!(failures.is_empty(), "{} of {count} cases differ from Helm:\n{}", failures.len(), failures.join("\n"));
}
