//! The baseline: findings accepted as they are today, by stable identity, so a gate reports only
//! new ones. The file format and the matching live in `tollgate-pipeline`; the model holds what a
//! report shows of it.

use crate::{Finding, Severity};
use serde::{Deserialize, Serialize};

/// One accepted finding. `rule_id`, `file`, `address` and `environment` are its identity
/// ([`Finding::stable_key`]'s parts, `file` relative to the baseline file's directory); severity
/// and message are for the people reading the file and for telling apart two findings of one rule
/// on one resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub rule_id: String,
    pub file: String,
    pub address: String,
    #[serde(default)]
    pub environment: Option<String>,
    pub severity: Severity,
    pub message: String,
}

impl BaselineEntry {
    /// The entry of `finding`, whose file (and address, when the finding is about the whole file)
    /// is shown as `file`.
    pub fn of(finding: &Finding, file: &str) -> Self {
        let address = if finding.address == finding.file { file.to_string() } else { finding.address.clone() };
        BaselineEntry {
            rule_id: finding.rule_id.clone(),
            file: file.to_string(),
            address,
            environment: finding.environment.clone(),
            severity: finding.severity,
            message: finding.message.clone(),
        }
    }

    /// The identity two scans of the same code share, whatever the lines.
    pub fn identity(&self) -> (&str, &str, &str, Option<&str>) {
        (&self.rule_id, &self.file, &self.address, self.environment.as_deref())
    }
}

/// What `--baseline` did to a scan: findings it hid and entries that matched nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaselineOutcome {
    /// The baseline file, as the user named it.
    pub file: String,
    /// Findings in the baseline, left out of the findings (they do not block).
    pub hidden: usize,
    /// Entries no finding matched any more: fixed (or moved to another file or address).
    pub fixed: Vec<BaselineEntry>,
}
