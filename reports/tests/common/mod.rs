//! A hand-built scan shared by the report tests: several files, a multi-line finding, an
//! unknown, a finding whose file is not in the source map, one whose lines are past the end of
//! its file, load errors and skips. Findings are given out of order and with a duplicate, so the
//! writers' own sorting is exercised.

#![allow(dead_code)] // each test binary uses a different part

use tollgate_model::{
    Category, Finding, FindingKind, Gate, LoadError, RuleRef, Severity, Skip, SourceMap, Suppression, SuppressionKind,
};
use tollgate_reports::ScanReport;

pub const NETWORK_TF: &str = r#"resource "aws_security_group" "ssh" {
  name = "ssh"

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read"
}

resource "aws_db_instance" "main" {
  storage_encrypted = var.encrypt
}
"#;

pub const DEPLOY_YAML: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: payments
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:latest
          securityContext:
            privileged: true
";

pub fn sources() -> SourceMap {
    let mut sources = SourceMap::new();
    sources.add("network/main.tf", NETWORK_TF);
    sources.add("k8s/deploy.yaml", DEPLOY_YAML);
    sources
}

#[allow(clippy::too_many_arguments)]
pub fn finding(
    rule_id: &str,
    slug: &str,
    severity: Severity,
    category: Category,
    kind: FindingKind,
    address: &str,
    file: &str,
    lines: (u32, u32),
    message: &str,
) -> Finding {
    let rule = RuleRef { id: rule_id, slug, severity, category };
    Finding::new(rule, kind, address, file, lines, message)
}

/// `finding` accepted by a suppression written at `location`.
pub fn suppressed(mut finding: Finding, kind: SuppressionKind, location: &str, reason: Option<&str>) -> Finding {
    let until = (kind == SuppressionKind::InSource).then(|| "2027-03-31".to_string());
    finding.suppression =
        Some(Suppression { kind, justification: reason.map(str::to_string), location: location.to_string(), until });
    finding
}

pub fn findings() -> Vec<Finding> {
    use Category::*;
    use FindingKind::*;
    use Severity::*;
    let privileged = finding(
        "TG201",
        "privileged-container",
        Critical,
        Workload,
        Fail,
        "Deployment/payments/api",
        "k8s/deploy.yaml",
        (13, 13),
        "container `api` runs privileged; remove `securityContext.privileged` or set it to false",
    );
    vec![
        privileged.clone(),
        finding(
            "TG101",
            "security-group-open-admin-port",
            High,
            Network,
            Fail,
            "aws_security_group.ssh",
            "network/main.tf",
            (4, 9),
            "ingress allows port 22 from 0.0.0.0/0; restrict `cidr_blocks` to known addresses",
        ),
        finding(
            "TG205",
            "image-tag-latest",
            Medium,
            Workload,
            Fail,
            "Deployment/payments/api",
            "k8s/deploy.yaml",
            (11, 11),
            "container `api` uses the mutable tag `latest`; pin an immutable tag or digest",
        ),
        finding(
            "TG110",
            "rds-storage-unencrypted",
            High,
            Encryption,
            Unknown,
            "aws_db_instance.main",
            "network/main.tf",
            (18, 18),
            "storage encryption is off unless `storage_encrypted` is true; set it to true \
             (the value `var.encrypt` is not known before apply)",
        ),
        finding(
            "TG120",
            "s3-public-acl",
            Low,
            Network,
            Fail,
            "aws_s3_bucket.logs",
            "network/main.tf",
            (14, 14),
            "bucket ACL `public-read` makes objects public; use `private` and grant access by policy",
        ),
        in_root(module_finding(), "examples/basic", 4),
        in_root(module_finding(), "examples/complete", 12),
        finding(
            "TG130",
            "missing-tags",
            Info,
            Tagging,
            Fail,
            "aws_s3_bucket.logs",
            "network/main.tf",
            (120, 125),
            "bucket has no `tags`; add `owner` and `cost-center` tags",
        ),
        privileged,
        policy_warning(),
    ]
}

/// A finding in a module that several roots call.
fn module_finding() -> Finding {
    finding(
        "TG130",
        "missing-tags",
        Severity::Info,
        Category::Tagging,
        FindingKind::Fail,
        "module.gone.aws_instance.web",
        "modules/gone/main.tf",
        (3, 7),
        "instance has no `tags`; add `owner` and `cost-center` tags",
    )
}

/// `finding` as evaluated from root `root`, whose `module "gone"` block is at `line`.
pub fn in_root(mut finding: Finding, root: &str, line: u32) -> Finding {
    finding.root = Some(root.to_string());
    finding.call_chain = vec![tollgate_model::FindingCallSite {
        address: "module.gone".to_string(),
        file: format!("{root}/main.tf"),
        line,
    }];
    finding
}

/// A user policy's `warn` result with the extra keys of its result object.
pub fn policy_warning() -> Finding {
    let mut warning = finding(
        "main.warn_labels",
        "main.warn_labels",
        Severity::Low,
        Category::Policy,
        FindingKind::Fail,
        "Deployment/payments/api",
        "k8s/deploy.yaml",
        (1, 13),
        "Deployment api has no app.kubernetes.io/name label",
    );
    warning.metadata.insert("label".into(), "app.kubernetes.io/name".into());
    warning
}

pub fn errors() -> Vec<LoadError> {
    vec![
        LoadError {
            file: "network/broken.tf".into(),
            line: 3,
            column: 7,
            message: "expected `=` or `{` after attribute name\n  hint: check for a missing quote".into(),
        },
        LoadError { file: "k8s/unreadable.yaml".into(), line: 0, column: 0, message: "permission denied".into() },
    ]
}

pub fn skipped() -> Vec<Skip> {
    vec![
        Skip { file: "k8s/values.yaml".into(), document: Some(1), reason: "not a Kubernetes object".into() },
        Skip { file: "charts/web".into(), document: None, reason: "Helm chart directory".into() },
        Skip { file: "k8s/values.yaml".into(), document: Some(0), reason: "not a Kubernetes object".into() },
    ]
}

/// The full scan: gate on high, unknown results not counted.
pub fn report() -> ScanReport {
    ScanReport {
        tool_version: "0.1.0".into(),
        findings: findings(),
        errors: errors(),
        skipped: skipped(),
        files_scanned: 5,
        resources: 4,
        gate: Gate { fail_at_any_severity: ["main.warn_labels".to_string()].into(), ..Gate::default() },
        exceptions: 2,
        ..ScanReport::default()
    }
}

/// Nothing found, nothing read.
pub fn empty_report() -> ScanReport {
    ScanReport {
        tool_version: "0.1.0".into(),
        findings: Vec::new(),
        errors: Vec::new(),
        skipped: Vec::new(),
        files_scanned: 0,
        resources: 0,
        ..ScanReport::default()
    }
}

/// Removes ANSI SGR escapes (`ESC [ ... m`), the only kind termcolor's ANSI buffer writes.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().find(|c| *c == 'm');
        } else {
            out.push(c);
        }
    }
    out
}

/// The full scan after a baseline hid 3 findings; `fixed` of its entries matched nothing.
pub fn report_with_baseline(fixed: usize) -> ScanReport {
    let entry = |n: usize| tollgate_model::BaselineEntry {
        rule_id: "TG101".into(),
        file: format!("network/old{n}.tf"),
        address: format!("aws_security_group.gone{n}"),
        environment: (n == 0).then(|| "prod".to_string()),
        severity: Severity::High,
        message: "port 22 open".into(),
    };
    let outcome = tollgate_model::BaselineOutcome {
        file: ".tollgate-baseline.json".into(),
        hidden: 3,
        fixed: (0..fixed).map(entry).collect(),
    };
    ScanReport { baseline: Some(outcome), ..report() }
}
