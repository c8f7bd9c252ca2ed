//! The Helm releases the seed estates ask for: their Argo CD Applications and `tollgate.toml`
//! values sets, as the scan builds them (chart, release, namespace, values files in order). The
//! objects these render and their findings are checked by the estates' snapshots
//! (tests/fixtures.rs).

use std::path::{Path, PathBuf};
use tollgate_load::helm::Release;
use tollgate_load::{load, LoadOptions};

fn estate(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)
}

/// The releases a Helm-rendering scan of the estate plans, with its own `tollgate.toml`.
fn releases(name: &str) -> Vec<Release> {
    let root = estate(name);
    let config = tollgate_pipeline::config::load(&[], &root).expect("the estate's tollgate.toml reads");
    let mut options = LoadOptions::new(vec![root.clone()]);
    options.terraform = config.terraform_settings();
    options.terraform.sandbox = Some(tollgate_load::sandbox_for(std::slice::from_ref(&root), config.dir.as_deref()));
    options.render_helm = true;
    options.helm = config.helm_settings();
    load(&options).expect("the estate loads").releases
}

/// (chart directory, release, namespace, values set, values files) of each release.
fn summary(name: &str) -> Vec<(String, String, String, String, Vec<String>)> {
    let root = std::fs::canonicalize(estate(name)).unwrap();
    releases(name)
        .into_iter()
        .map(|r| {
            let chart = std::fs::canonicalize(&r.chart_dir).unwrap();
            let chart = chart.strip_prefix(&root).unwrap().display().to_string();
            let files = r.request.values.files.iter().map(|(file, _)| file.clone()).collect();
            (chart, r.request.release_name, r.request.namespace, r.values_set, files)
        })
        .collect()
}

fn row(
    chart: &str,
    release: &str,
    namespace: &str,
    set: &str,
    files: &[&str],
) -> (String, String, String, String, Vec<String>) {
    let files = files.iter().map(|f| f.to_string()).collect();
    (chart.into(), release.into(), namespace.into(), set.into(), files)
}

#[test]
fn platform_infrastructure_renders_campaign_api_as_its_application_deploys_it() {
    assert_eq!(
        summary("platform-infrastructure"),
        [row(
            "charts/campaign-api",
            "campaign-api",
            "platform-apps",
            "campaign-api",
            &["charts/campaign-api/values.yaml", "charts/campaign-api/values-dev.yaml"]
        )]
    );
}

#[test]
fn suuupra_renders_its_service_chart_per_environment_and_for_course_service_in_production() {
    let chart = "charts/suuupra-service";
    assert_eq!(
        summary("suuupra"),
        [
            row(chart, "course-service", "dev", "dev", &["charts/suuupra-service/values-dev.yaml"]),
            row(chart, "course-service", "staging", "staging", &["charts/suuupra-service/values-staging.yaml"]),
            row(
                chart,
                "course-service",
                "production",
                "course-service",
                &["charts/suuupra-service/values-production.yaml"]
            ),
        ]
    );
}

#[test]
fn quanttrader_renders_base_microservice_for_dev_by_argo_cd_and_staging_and_prod_by_values_sets() {
    let mut summary = summary("quanttrader");
    summary.sort();
    assert_eq!(
        summary,
        [
            row(
                "charts/base-microservice",
                "trading-engine",
                "trading",
                "prod",
                &["charts/base-microservice/values/prod.yaml"]
            ),
            row(
                "charts/base-microservice",
                "trading-engine",
                "trading",
                "staging",
                &["charts/base-microservice/values/staging.yaml"]
            ),
            row(
                "charts/base-microservice",
                "trading-engine",
                "trading",
                "trading-engine-dev",
                &["charts/base-microservice/values/dev.yaml"]
            ),
        ]
    );
}
