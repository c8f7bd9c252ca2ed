//! The signed-off record `tollgate plan --out FILE` writes beside the plan (`FILE.tollgate.json`)
//! and `tollgate apply --plan FILE` demands: the plan's SHA-256, the workspace, the verdict.
//! With `TOLLGATE_RECORD_KEY` set, the record carries an HMAC-SHA256 over its content, so a
//! record cannot be forged or edited by someone who can write the plan's storage but does not
//! hold the key.

use crate::verdict::{ScanSummary, Verdict};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The record format; a record of another version is refused.
pub const RECORD_VERSION: u32 = 1;
/// The environment variable holding the signing key.
pub const KEY_VARIABLE: &str = "TOLLGATE_RECORD_KEY";
const SIGNATURE_PREFIX: &str = "hmac-sha256:";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanRecord {
    pub record_version: u32,
    pub tool_version: String,
    /// When the plan was scanned (RFC 3339, UTC).
    pub created: String,
    pub workspace: String,
    /// The plan file's name as written.
    pub plan_file: String,
    pub plan_sha256: String,
    /// Whether the plan changes anything.
    pub changes: bool,
    pub scan: ScanSummary,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// `FILE.tollgate.json`: where the record of plan `FILE` is kept.
pub fn record_path(plan: &Path) -> PathBuf {
    with_suffix(plan, ".tollgate.json")
}

/// `FILE` with `suffix` appended to its name (`plan.tfplan` -> `plan.tfplan.json`).
pub fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The SHA-256 of `bytes`, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl PlanRecord {
    /// Signs the record with `key` (replacing any signature).
    pub fn sign(&mut self, key: &[u8]) {
        self.signature = None;
        self.signature = Some(format!("{SIGNATURE_PREFIX}{}", hex::encode(self.mac(key).finalize().into_bytes())));
    }

    fn mac(&self, key: &[u8]) -> Hmac<Sha256> {
        let unsigned = PlanRecord { signature: None, ..self.clone() };
        // Any key length is accepted by HMAC; this cannot fail.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
        mac.update(&serde_json::to_vec(&unsigned).unwrap_or_default());
        mac
    }

    /// Reads a record, refusing what is not one.
    pub fn read(path: &Path) -> Result<PlanRecord, String> {
        let text = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("no record `{}`: a plan is applied only after `tollgate plan --out` scanned it", path.display())
            }
            _ => format!("cannot read the record `{}`: {e}", path.display()),
        })?;
        let record: PlanRecord = serde_json::from_slice(&text)
            .map_err(|e| format!("`{}` is not a Tollgate plan record: {e}", path.display()))?;
        if record.record_version != RECORD_VERSION {
            return Err(format!(
                "the record `{}` is of version {} (this Tollgate reads version {RECORD_VERSION})",
                path.display(),
                record.record_version
            ));
        }
        Ok(record)
    }

    /// Every reason this record does not sign off `plan_sha256` in `workspace`; empty when it does.
    pub fn objections(&self, plan_sha256: &str, workspace: &str, key: Option<&[u8]>) -> Vec<String> {
        let mut objections = Vec::new();
        if let Some(problem) = self.signature_problem(key) {
            objections.push(problem);
        }
        if self.plan_sha256 != plan_sha256 {
            objections.push(format!(
                "the plan's SHA-256 is {plan_sha256}, not the {} its record signed off: it changed after it was scanned",
                self.plan_sha256
            ));
        }
        if self.scan.verdict != Verdict::Pass {
            objections.push(format!("the plan failed its scan ({})", self.scan.describe()));
        }
        if self.workspace != workspace {
            objections.push(format!(
                "the plan was made in workspace `{}`, and the selected workspace is `{workspace}`",
                self.workspace
            ));
        }
        objections
    }

    fn signature_problem(&self, key: Option<&[u8]>) -> Option<String> {
        match (key, &self.signature) {
            (None, None) => None,
            (None, Some(_)) => Some(format!("the record is signed: set {KEY_VARIABLE} to verify it")),
            (Some(_), None) => Some(format!("the record is not signed, and {KEY_VARIABLE} asks for a signed one")),
            (Some(key), Some(signature)) => {
                let valid = signature
                    .strip_prefix(SIGNATURE_PREFIX)
                    .and_then(|hex_text| hex::decode(hex_text).ok())
                    .is_some_and(|bytes| self.mac(key).verify_slice(&bytes).is_ok());
                (!valid).then(|| format!("the record's signature does not match its content under {KEY_VARIABLE}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::ScanSummary;
    use tollgate_model::Severity;

    fn record(verdict: Verdict) -> PlanRecord {
        PlanRecord {
            record_version: RECORD_VERSION,
            tool_version: "0.1.0".into(),
            created: "2026-12-06T21:00:00Z".into(),
            workspace: "default".into(),
            plan_file: "plan.tfplan".into(),
            plan_sha256: sha256_hex(b"plan"),
            changes: true,
            scan: ScanSummary {
                verdict,
                fail_on: Severity::High,
                findings: Default::default(),
                unknown: 0,
                blocking_rules: if verdict == Verdict::Fail { vec!["TG101".into()] } else { vec![] },
                errors: 0,
                cost: None,
            },
            signature: None,
        }
    }

    #[test]
    fn a_record_signs_off_only_its_plan_in_its_workspace_with_a_passing_verdict() {
        let sha = sha256_hex(b"plan");
        assert!(record(Verdict::Pass).objections(&sha, "default", None).is_empty());
        let other = record(Verdict::Pass).objections(&sha256_hex(b"plan!"), "default", None);
        assert!(other[0].contains("changed after it was scanned"), "{other:?}");
        let failed = record(Verdict::Fail).objections(&sha, "default", None);
        assert!(failed[0].contains("failed its scan") && failed[0].contains("TG101"), "{failed:?}");
        let elsewhere = record(Verdict::Pass).objections(&sha, "prod", None);
        assert!(elsewhere[0].contains("workspace `default`, and the selected workspace is `prod`"), "{elsewhere:?}");
    }

    #[test]
    fn a_signature_binds_every_field_to_the_key() {
        let sha = sha256_hex(b"plan");
        let mut signed = record(Verdict::Pass);
        signed.sign(b"key");
        assert!(signed.objections(&sha, "default", Some(b"key")).is_empty());
        assert!(signed.objections(&sha, "default", Some(b"other"))[0].contains("does not match"));
        assert!(signed.objections(&sha, "default", None)[0].contains("is signed"));
        assert!(record(Verdict::Pass).objections(&sha, "default", Some(b"key"))[0].contains("not signed"));
        let mut edited = signed.clone();
        edited.workspace = "prod".into();
        assert!(edited.objections(&sha, "prod", Some(b"key"))[0].contains("does not match"));
    }

    #[test]
    fn a_record_reads_back_and_anything_else_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = record_path(&dir.path().join("plan.tfplan"));
        assert!(path.ends_with("plan.tfplan.tollgate.json"));
        assert!(PlanRecord::read(&path).unwrap_err().contains("no record"));
        std::fs::write(&path, serde_json::to_string(&record(Verdict::Pass)).unwrap()).unwrap();
        assert_eq!(PlanRecord::read(&path), Ok(record(Verdict::Pass)));
        std::fs::write(&path, "{}").unwrap();
        assert!(PlanRecord::read(&path).unwrap_err().contains("is not a Tollgate plan record"));
    }
}
