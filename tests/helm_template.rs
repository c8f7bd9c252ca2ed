//! `tollgate helm template` on the seed estates' charts with the values their Argo CD Applications and
//! environments use: byte for byte what real Helm 4.1.4 prints (SKIP without it: scripts/fetch-tools.sh),
//! and Helm's exit code and `Error:` line for a chart that does not render.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tollgate(args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tollgate"));
    command.current_dir(repo()).arg("helm").arg("template").args(args);
    command.output().expect("tollgate runs")
}

fn helm() -> Option<PathBuf> {
    let path =
        std::env::var_os("TOLLGATE_HELM").map(PathBuf::from).unwrap_or_else(|| repo().join(".cache/tools/helm/helm"));
    if path.is_file() {
        return Some(path);
    }
    eprintln!("SKIP: helm not found at {} (run scripts/fetch-tools.sh or set TOLLGATE_HELM)", path.display());
    None
}

/// The invocations: each seed chart with each environment's values, as their Applications give them.
const CASES: &[&[&str]] = &[
    &[
        "trading-engine",
        "fixtures/quanttrader/charts/base-microservice",
        "-f",
        "fixtures/quanttrader/charts/base-microservice/values/dev.yaml",
        "-n",
        "trading",
    ],
    &[
        "trading-engine",
        "fixtures/quanttrader/charts/base-microservice",
        "-f",
        "fixtures/quanttrader/charts/base-microservice/values/staging.yaml",
    ],
    &[
        "trading-engine",
        "fixtures/quanttrader/charts/base-microservice",
        "-f",
        "fixtures/quanttrader/charts/base-microservice/values/prod.yaml",
        "--set",
        "replicaCount=7",
    ],
    &[
        "campaign-api",
        "fixtures/platform-infrastructure/charts/campaign-api",
        "-f",
        "fixtures/platform-infrastructure/charts/campaign-api/values.yaml",
        "-f",
        "fixtures/platform-infrastructure/charts/campaign-api/values-dev.yaml",
        "-n",
        "platform-apps",
    ],
    &[
        "course-service",
        "fixtures/suuupra/charts/suuupra-service",
        "-f",
        "fixtures/suuupra/charts/suuupra-service/values-production.yaml",
        "-n",
        "production",
    ],
    &["fixtures/suuupra/charts/suuupra-service", "-f", "fixtures/suuupra/charts/suuupra-service/values-dev.yaml"],
];

#[test]
fn seed_charts_render_as_helm_renders_them() {
    for case in CASES {
        let ours = tollgate(case);
        assert_eq!(ours.status.code(), Some(0), "{case:?}: {}", String::from_utf8_lossy(&ours.stderr));
        let text = String::from_utf8_lossy(&ours.stdout);
        assert!(text.starts_with("---\n# Source: "), "{case:?}: {text}");
        assert!(text.contains("kind: Deployment"), "{case:?}: {text}");
        let Some(helm) = helm() else { continue };
        let theirs = Command::new(helm).current_dir(repo()).arg("template").args(*case).output().expect("helm runs");
        assert_eq!(theirs.status.code(), Some(0), "helm {case:?}: {}", String::from_utf8_lossy(&theirs.stderr));
        assert_eq!(text, String::from_utf8_lossy(&theirs.stdout), "{case:?}: output differs from helm's");
    }
}

#[test]
fn a_chart_that_does_not_render_exits_1_with_helms_message() {
    let chart = tempfile::tempdir().expect("temp dir");
    write(chart.path(), "Chart.yaml", "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
    write(chart.path(), "templates/cm.yaml", "kind: ConfigMap\ndata:\n  x: {{ required \"set x\" .Values.x }}\n");
    let path = chart.path().to_string_lossy().to_string();
    let ours = tollgate(&[&path]);
    assert_eq!(ours.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&ours.stderr);
    assert!(stderr.starts_with("Error: execution error at (broken/templates/cm.yaml:3:"), "{stderr}");
    assert!(stderr.contains("set x"), "{stderr}");
    assert!(ours.stdout.is_empty());
    if let Some(helm) = helm() {
        let theirs = Command::new(helm).arg("template").arg(&path).output().expect("helm runs");
        assert_eq!(theirs.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&theirs.stderr).starts_with(stderr.lines().next().unwrap_or_default()));
    }
}

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}
