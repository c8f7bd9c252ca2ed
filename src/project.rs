//! Reading what a command works on: the configuration and the loaded graph. Shared by `scan`
//! and `inspect`, so `inspect` shows exactly the graph a scan checks.

use crate::cli::LoadArgs;
use crate::config::{self, Config};
use std::path::Path;
use tollgate_load::{load, LoadOptions, Loaded};

pub struct Project {
    pub config: Config,
    pub loaded: Loaded,
}

pub fn load_project(args: &LoadArgs) -> Result<Project, String> {
    let first = args.paths.first().map(|p| p.as_path()).unwrap_or(Path::new("."));
    let config = config::load(args.config.as_deref(), first)?;
    let mut options = LoadOptions::new(args.paths.clone());
    // Show paths as the user wrote them (`infra/main.tf`), so they can be opened from the terminal.
    options.relative_to = None;
    let loaded = load(&options).map_err(|e| e.to_string())?;
    Ok(Project { config, loaded })
}
