//! The baseline file (`.tollgate-baseline.json`) and `--baseline`: findings accepted today, by
//! stable identity (rule id, file, address, environment: never lines, so moving code keeps them),
//! are left out of a scan, counted; entries no finding matches any more are reported as fixed.
//!
//! Files in the baseline are relative to the baseline file's directory, so one committed at the
//! repository root works whichever directory `tollgate` runs in.

use crate::config::Config;
use crate::options::ScanOptions;
use crate::paths;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use tollgate_evaluate::EvalOptions;
use tollgate_model::{BaselineEntry, BaselineOutcome, Finding};

/// The file `tollgate baseline` writes when no `--output` is given.
pub const DEFAULT_FILE_NAME: &str = ".tollgate-baseline.json";
/// Version of the file's layout; a file of another version is refused, not half-read.
pub const FORMAT_VERSION: u32 = 1;

/// The file as written.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    tollgate_baseline: u32,
    /// The Tollgate version that wrote it (for people; not checked).
    #[serde(default)]
    tool_version: String,
    findings: Vec<BaselineEntry>,
}

/// A baseline read for a scan.
#[derive(Debug)]
pub struct Baseline {
    /// As the user named it (shown in reports).
    shown: String,
    dir: PathBuf,
    entries: Vec<BaselineEntry>,
}

/// The baseline a scan applies: `--baseline FILE`, else `baseline` of `tollgate.toml` (relative
/// to it); none under `--no-baseline`. A file that is missing or not a baseline is an error.
pub fn for_scan(options: &ScanOptions, config: &Config) -> Result<Option<Baseline>, String> {
    if options.no_baseline {
        return Ok(None);
    }
    let path = match (&options.baseline, &config.baseline) {
        (Some(flag), _) => flag.clone(),
        (None, Some(key)) => from_working_dir(&config.dir.clone().unwrap_or_default().join(key)),
        (None, None) => return Ok(None),
    };
    read(&path).map(Some)
}

/// Reads a baseline file.
pub fn read(path: &Path) -> Result<Baseline, String> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!("cannot read baseline {shown}: {e}; write one with `tollgate baseline --output {shown}`")
    })?;
    let file: BaselineFile = serde_json::from_str(&text)
        .map_err(|e| format!("invalid baseline {shown}: {e}; write it again with `tollgate baseline`"))?;
    if file.tollgate_baseline != FORMAT_VERSION {
        return Err(format!(
            "baseline {shown} has format version {}, this Tollgate reads version {FORMAT_VERSION}; write it again \
             with `tollgate baseline`",
            file.tollgate_baseline
        ));
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Baseline { shown, dir, entries: file.findings })
}

/// The baseline of `findings` as a file in `dir`: every finding not already suppressed, sorted,
/// pretty-printed with a final newline.
pub fn render(findings: &[Finding], dir: &Path) -> String {
    let mut entries: Vec<BaselineEntry> =
        findings.iter().filter(|f| f.suppression.is_none()).map(|f| entry(f, dir)).collect();
    entries.sort_by(|a, b| {
        (&a.file, &a.address, &a.rule_id, &a.environment, &a.message).cmp(&(
            &b.file,
            &b.address,
            &b.rule_id,
            &b.environment,
            &b.message,
        ))
    });
    let file = BaselineFile {
        tollgate_baseline: FORMAT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        findings: entries,
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// A finding's entry, its file seen from `dir`.
fn entry(finding: &Finding, dir: &Path) -> BaselineEntry {
    BaselineEntry::of(finding, &paths::relative_to(&finding.file, dir))
}

type Identity = (String, String, String, Option<String>);

fn identity(entry: &BaselineEntry) -> Identity {
    let (rule, file, address, environment) = entry.identity();
    (rule.to_string(), file.to_string(), address.to_string(), environment.map(str::to_string))
}

impl Baseline {
    /// Removes the findings the baseline holds from `findings` and says what it did. Each entry
    /// hides at most one finding (two findings of one rule on one resource need two entries):
    /// first the finding with the same message, then any finding of the same identity (a message
    /// that names a changed value is still the same finding). Suppressed findings are left alone.
    /// Entries the scan could not have matched (a rule that did not run, a file not scanned) are
    /// not reported as fixed.
    pub fn apply(&self, findings: &mut Vec<Finding>, scope: &Scope) -> BaselineOutcome {
        let mut unmatched: BTreeMap<Identity, Vec<&BaselineEntry>> = BTreeMap::new();
        for entry in &self.entries {
            unmatched.entry(identity(entry)).or_default().push(entry);
        }
        let keyed: Vec<Option<BaselineEntry>> =
            findings.iter().map(|f| f.suppression.is_none().then(|| entry(f, &self.dir))).collect();
        let mut hidden = vec![false; findings.len()];
        let same_message = |candidate: &BaselineEntry, wanted: &BaselineEntry| candidate.message == wanted.message;
        let any_message = |_: &BaselineEntry, _: &BaselineEntry| true;
        for matches in [&same_message as &dyn Fn(&BaselineEntry, &BaselineEntry) -> bool, &any_message] {
            for (index, wanted) in keyed.iter().enumerate() {
                let Some(wanted) = wanted.as_ref().filter(|_| !hidden[index]) else { continue };
                let Some(candidates) = unmatched.get_mut(&identity(wanted)) else { continue };
                if let Some(at) = candidates.iter().position(|c| matches(c, wanted)) {
                    candidates.remove(at);
                    hidden[index] = true;
                }
            }
        }
        let mut flags = hidden.iter();
        findings.retain(|_| !flags.next().copied().unwrap_or(false));
        let scanned: BTreeSet<String> = scope.files.iter().map(|file| paths::relative_to(file, &self.dir)).collect();
        let in_scope = |entry: &&BaselineEntry| {
            !scope.rules.is_disabled(&entry.rule_id) && (entry.file.is_empty() || scanned.contains(&entry.file))
        };
        let fixed: Vec<BaselineEntry> = unmatched.into_values().flatten().filter(in_scope).cloned().collect();
        BaselineOutcome { file: self.shown.clone(), hidden: hidden.iter().filter(|h| **h).count(), fixed }
    }
}

/// What a scan looked at: the rules that ran and the files it read (as the report names them).
pub struct Scope<'a> {
    pub rules: &'a EvalOptions,
    pub files: Vec<&'a str>,
}

/// Where `tollgate baseline` writes without `--output`: next to the `tollgate.toml` in use, else
/// in the working directory.
pub fn default_path(config: &Config) -> PathBuf {
    match &config.dir {
        Some(dir) => from_working_dir(&dir.join(DEFAULT_FILE_NAME)),
        None => PathBuf::from(DEFAULT_FILE_NAME),
    }
}

/// `path` as reports show it: relative to the working directory (the configuration's directory
/// is found as an absolute path, which would make reports differ between machines).
fn from_working_dir(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    PathBuf::from(paths::relative_to(&path.to_string_lossy(), &cwd))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{Category, FindingKind, RuleRef, Severity, Suppression, SuppressionKind};

    fn finding(rule: &str, address: &str, message: &str) -> Finding {
        let rule = RuleRef { id: rule, slug: "slug", severity: Severity::High, category: Category::Network };
        Finding::new(rule, FindingKind::Fail, address, "<stdin>", (3, 4), message)
    }

    /// Every rule ran and standard input was read.
    fn apply(baseline: &Baseline, findings: &mut Vec<Finding>) -> BaselineOutcome {
        baseline.apply(findings, &Scope { rules: &EvalOptions::default(), files: vec!["<stdin>"] })
    }

    fn baseline_of(findings: &[Finding]) -> Baseline {
        let file: BaselineFile = serde_json::from_str(&render(findings, Path::new("."))).expect("baseline JSON");
        Baseline { shown: "b.json".into(), dir: PathBuf::from("."), entries: file.findings }
    }

    #[test]
    fn accepted_findings_are_hidden_whatever_their_lines_and_new_ones_stay() {
        let baseline = baseline_of(&[finding("TG101", "aws_security_group.a", "port 22 open")]);
        let mut moved = finding("TG101", "aws_security_group.a", "port 22 open");
        (moved.start_line, moved.end_line) = (40, 41);
        let mut findings = vec![moved, finding("TG101", "aws_security_group.b", "port 22 open")];
        let outcome = apply(&baseline, &mut findings);
        assert_eq!(outcome.hidden, 1);
        assert!(outcome.fixed.is_empty());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].address, "aws_security_group.b");
    }

    #[test]
    fn each_entry_hides_one_finding_the_same_message_first() {
        let baseline = baseline_of(&[finding("TG101", "sg.a", "port 22 open")]);
        let mut findings = vec![finding("TG101", "sg.a", "port 3389 open"), finding("TG101", "sg.a", "port 22 open")];
        let outcome = apply(&baseline, &mut findings);
        assert_eq!(outcome.hidden, 1);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].message, "port 3389 open", "the second finding of the resource is new");
    }

    #[test]
    fn a_changed_message_is_still_the_same_finding_and_unmatched_entries_are_fixed() {
        let baseline = baseline_of(&[finding("TG101", "sg.a", "port 22 open"), finding("TG102", "sg.gone", "x")]);
        let mut findings = vec![finding("TG101", "sg.a", "ports 22-23 open")];
        let outcome = apply(&baseline, &mut findings);
        assert_eq!((outcome.hidden, findings.len()), (1, 0));
        assert_eq!(outcome.fixed.len(), 1);
        assert_eq!(outcome.fixed[0].address, "sg.gone");
    }

    #[test]
    fn entries_of_rules_that_did_not_run_or_files_not_read_are_not_fixed() {
        let baseline = baseline_of(&[finding("TG101", "sg.a", "open"), finding("TG102", "sg.b", "open")]);
        let rules = EvalOptions { disabled: ["TG102".to_string()].into(), ..EvalOptions::default() };
        let outcome = baseline.apply(&mut Vec::new(), &Scope { rules: &rules, files: vec!["<stdin>"] });
        assert_eq!(outcome.fixed.iter().map(|e| e.rule_id.as_str()).collect::<Vec<_>>(), ["TG101"]);
        let outcome = baseline.apply(&mut Vec::new(), &Scope { rules: &rules, files: Vec::new() });
        assert!(outcome.fixed.is_empty());
    }

    #[test]
    fn suppressed_findings_are_neither_written_nor_hidden() {
        let mut suppressed = finding("TG101", "sg.a", "port 22 open");
        let location = "tollgate.toml".to_string();
        suppressed.suppression =
            Some(Suppression { kind: SuppressionKind::External, justification: None, location, until: None });
        assert!(baseline_of(std::slice::from_ref(&suppressed)).entries.is_empty());
        let baseline = baseline_of(&[finding("TG101", "sg.a", "port 22 open")]);
        let mut findings = vec![suppressed];
        let outcome = apply(&baseline, &mut findings);
        assert_eq!((outcome.hidden, findings.len(), outcome.fixed.len()), (0, 1, 1));
    }

    #[test]
    fn a_file_of_another_version_or_shape_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("b.json");
        std::fs::write(&path, "{\"tollgate_baseline\": 9, \"findings\": []}").expect("write");
        assert!(read(&path).unwrap_err().contains("format version 9"));
        std::fs::write(&path, "{\"findings\": 3}").expect("write");
        assert!(read(&path).unwrap_err().contains("invalid baseline"));
        assert!(read(&dir.path().join("missing.json")).unwrap_err().contains("cannot read baseline"));
    }
}
