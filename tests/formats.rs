//! The CI formats (JUnit XML, Markdown, GitHub annotations) and the concise format of every
//! bundled estate (text and JSON are in `fixtures.rs`, SARIF in `sarif.rs`), each a
//! reviewed snapshot, and how the CLI feeds them: `--format` and `--output` alike, and the
//! repository links GitHub Actions' environment makes possible.

mod common;

use std::path::Path;
use std::process::Command;

/// The variables GitHub Actions sets that the Markdown report reads (through the CLI).
const GITHUB_CONTEXT: [&str; 3] = ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tollgate scan` in the repository root, outside any GitHub Actions context.
fn scan_command(args: &[&str]) -> Command {
    let mut command = common::command(root());
    command.arg("scan").args(args);
    GITHUB_CONTEXT.iter().for_each(|name| {
        command.env_remove(name);
    });
    command
}

fn stable(text: String) -> String {
    text.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

/// One scan of `estate`: JUnit on standard output, Markdown, annotations and the concise report
/// to files.
fn estate_formats(estate: &str) -> [String; 4] {
    let dir = tempfile::tempdir().expect("temp dir");
    let markdown = dir.path().join("summary.md");
    let github = dir.path().join("annotations.txt");
    let concise = dir.path().join("concise.txt");
    let out = scan_command(&[
        &format!("fixtures/{estate}"),
        "--format",
        "junit",
        "--output",
        &format!("markdown={}", markdown.display()),
        "--output",
        &format!("github={}", github.display()),
        "--output",
        &format!("concise={}", concise.display()),
    ])
    .output()
    .expect("run tollgate");
    assert_eq!(out.status.code(), Some(1), "each estate fails the gate: {}", String::from_utf8_lossy(&out.stderr));
    let read = |path: &Path| std::fs::read_to_string(path).expect("report written");
    [String::from_utf8(out.stdout).expect("utf-8"), read(&markdown), read(&github), read(&concise)].map(stable)
}

macro_rules! estate {
    ($test:ident, $dir:literal) => {
        #[test]
        fn $test() {
            let [junit, markdown, github, concise] = estate_formats($dir);
            insta::assert_snapshot!(concat!($dir, ".junit.xml"), junit);
            insta::assert_snapshot!(concat!($dir, ".md"), markdown);
            insta::assert_snapshot!(concat!($dir, ".github.txt"), github);
            insta::assert_snapshot!(concat!($dir, ".concise.txt"), concise);
        }
    };
}

estate!(platform_infrastructure, "platform-infrastructure");
estate!(card_platform, "card-platform");
estate!(quanttrader, "quanttrader");
estate!(webhook_delivery, "webhook-delivery");
estate!(suuupra, "suuupra");

#[test]
fn each_format_is_the_same_on_standard_output_and_in_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    for format in ["junit", "markdown", "github"] {
        let file = dir.path().join(format);
        let out = scan_command(&["fixtures/quanttrader", "--format", format])
            .arg("--output")
            .arg(format!("{format}={}", file.display()))
            .output()
            .expect("run tollgate");
        assert_eq!(out.status.code(), Some(1));
        let written = std::fs::read_to_string(&file).expect("written");
        assert_eq!(String::from_utf8_lossy(&out.stdout), written, "{format}");
    }
}

#[test]
fn markdown_links_into_the_repository_under_github_actions() {
    let sha = "0123456789abcdef0123456789abcdef01234567";
    let out = scan_command(&["fixtures/quanttrader", "--format", "markdown"])
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "acme/infra")
        .env("GITHUB_SHA", sha)
        .output()
        .expect("run tollgate");
    let markdown = String::from_utf8_lossy(&out.stdout);
    let blob = format!("](https://github.com/acme/infra/blob/{sha}/fixtures/quanttrader/");
    assert!(markdown.contains(&blob), "{markdown}");
    // A value that is not GitHub's is not trusted into a link.
    let out = scan_command(&["fixtures/quanttrader", "--format", "markdown"])
        .env("GITHUB_SERVER_URL", "javascript:alert(1)//")
        .env("GITHUB_REPOSITORY", "acme/infra")
        .env("GITHUB_SHA", sha)
        .output()
        .expect("run tollgate");
    let markdown = String::from_utf8_lossy(&out.stdout);
    assert!(!markdown.contains("javascript") && markdown.contains("](fixtures/quanttrader/"), "{markdown}");
}

#[test]
fn the_help_lists_the_ci_formats() {
    let out = common::tollgate(&["scan", "--help"], root());
    let help = String::from_utf8_lossy(&out.stdout);
    for format in ["junit", "markdown", "github"] {
        assert!(help.contains(format), "{format} missing from:\n{help}");
    }
}
