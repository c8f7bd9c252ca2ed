//! The bundled estates: their findings are recorded as snapshots and reviewed against the
//! mistakes each estate's README lists.

mod common;

use common::tollgate;
use std::path::Path;

fn scan(estate: &str, format: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tollgate(&["scan", &format!("fixtures/{estate}"), "--format", format, "--color", "never"], root);
    assert_eq!(out.status.code(), Some(1), "each estate has real mistakes that fail the gate");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    text.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

/// One test per estate: its JSON and text reports, each a reviewed snapshot.
macro_rules! estate {
    ($test:ident, $dir:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(concat!($dir, ".json"), scan($dir, "json"));
            insta::assert_snapshot!(concat!($dir, ".txt"), scan($dir, "text"));
        }
    };
}

estate!(platform_infrastructure, "platform-infrastructure");
estate!(card_platform, "card-platform");
estate!(quanttrader, "quanttrader");
estate!(webhook_delivery, "webhook-delivery");
estate!(suuupra, "suuupra");

/// One finding as an estate's README table row and its JSON report both describe it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ListedFinding {
    kind: String,
    environment: Option<String>,
    rule: String,
    address: String,
    /// `path:start-end`, the path relative to the estate.
    location: String,
}

impl std::fmt::Display for ListedFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let env = self.environment.as_deref().unwrap_or("—");
        write!(f, "{} {} {} `{}` {}", self.kind, env, self.rule, self.address, self.location)
    }
}

/// The kind of finding a README section lists: "## Expected findings (fail)" and
/// "## Expected unknowns ..."; other sections (checkpoints, rules not written yet) list none.
fn section_kind(heading: &str) -> Option<&'static str> {
    if heading.starts_with("## Expected findings") {
        Some("fail")
    } else if heading.starts_with("## Expected unknowns") {
        Some("unknown")
    } else {
        None
    }
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// `terraform/s3.tf:64-67 (block ...)` or `k8s/x.yaml:30` as `path:start-end`.
fn location(cell: &str) -> Result<String, String> {
    let token = cell.split_whitespace().next().unwrap_or_default();
    let (path, lines) = token.rsplit_once(':').ok_or_else(|| format!("no `file:lines` in `{cell}`"))?;
    let (start, end) = lines.split_once('-').unwrap_or((lines, lines));
    match (start.parse::<u32>(), end.parse::<u32>()) {
        (Ok(start), Ok(end)) => Ok(format!("{path}:{start}-{end}")),
        _ => Err(format!("lines `{lines}` in `{cell}` are not `N` or `N-M`")),
    }
}

/// The rows of the README's expected-findings and expected-unknowns tables.
fn readme_findings(readme: &str) -> Result<Vec<ListedFinding>, String> {
    let mut rows = Vec::new();
    let mut kind = None;
    let mut header: Option<Vec<String>> = None;
    for (number, line) in readme.lines().enumerate() {
        let at = |e: String| format!("README.md:{}: {e}", number + 1);
        if line.starts_with("## ") {
            kind = section_kind(line);
            header = None;
            continue;
        }
        let Some(kind) = kind else { continue };
        if !line.trim_start().starts_with('|') {
            header = None;
            continue;
        }
        let row = cells(line);
        let Some(columns) = &header else {
            header = Some(row);
            continue;
        };
        if row.iter().all(|c| c.chars().all(|ch| ch == '-' || ch == ':')) {
            continue; // the separator under the header
        }
        let cell = |names: &[&str]| -> Result<&str, String> {
            let index = columns.iter().position(|c| names.contains(&c.as_str()));
            index.and_then(|i| row.get(i)).map(String::as_str).ok_or_else(|| format!("no {names:?} column"))
        };
        let environment = cell(&["env"]).map_err(at)?;
        rows.push(ListedFinding {
            kind: kind.to_string(),
            environment: (!matches!(environment, "—" | "-" | "")).then(|| environment.to_string()),
            rule: cell(&["rule"]).map_err(at)?.to_string(),
            address: cell(&["address"]).map_err(at)?.trim_matches('`').to_string(),
            location: location(cell(&["finding lines", "lines"]).map_err(at)?).map_err(at)?,
        });
    }
    Ok(rows)
}

/// The fail and unknown findings of an estate's reviewed JSON snapshot.
fn snapshot_findings(estate: &str) -> Vec<ListedFinding> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/snapshots/fixtures__{estate}.json.snap"));
    let text = std::fs::read_to_string(&path).expect("the estate's JSON snapshot");
    let json = text.splitn(3, "---\n").nth(2).expect("an insta snapshot: header between two `---` lines");
    let report: serde_json::Value = serde_json::from_str(json).expect("the snapshot holds a JSON report");
    let prefix = format!("fixtures/{estate}/");
    let findings = report["findings"].as_array().expect("findings[]");
    findings
        .iter()
        .filter(|f| matches!(f["kind"].as_str(), Some("fail" | "unknown")))
        .map(|f| {
            let file = f["file"].as_str().unwrap_or_default();
            ListedFinding {
                kind: f["kind"].as_str().unwrap_or_default().to_string(),
                environment: f["environment"].as_str().map(str::to_string),
                rule: f["rule_id"].as_str().unwrap_or_default().to_string(),
                address: f["address"].as_str().unwrap_or_default().to_string(),
                location: format!(
                    "{}:{}-{}",
                    file.strip_prefix(&prefix).unwrap_or(file),
                    f["start_line"],
                    f["end_line"]
                ),
            }
        })
        .collect()
}

/// Each estate's README lists, row for row, the findings its snapshot holds: the same rule,
/// address, file and lines, environment and kind (fail or unknown), so the documented mistakes and
/// the reviewed output cannot drift apart.
#[test]
fn readme_tables_list_exactly_the_snapshot_findings() {
    let mut problems = Vec::new();
    for estate in ["platform-infrastructure", "card-platform", "quanttrader", "webhook-delivery", "suuupra"] {
        let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/{estate}/README.md"));
        let readme = std::fs::read_to_string(&readme_path).expect("the estate's README");
        let mut listed = match readme_findings(&readme) {
            Ok(rows) => rows,
            Err(e) => {
                problems.push(format!("fixtures/{estate}/{e}"));
                continue;
            }
        };
        let mut reported = snapshot_findings(estate);
        listed.sort();
        reported.sort();
        let mut unmatched = reported.clone();
        for row in &listed {
            match unmatched.iter().position(|r| r == row) {
                Some(i) => {
                    unmatched.remove(i);
                }
                None => problems.push(format!("{estate}: README row not in the snapshot: {row}")),
            }
        }
        for finding in unmatched {
            problems.push(format!("{estate}: snapshot finding not in the README: {finding}"));
        }
        assert!(!reported.is_empty(), "{estate}: the snapshot has no findings");
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
