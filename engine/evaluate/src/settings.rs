//! Settings rules read: the few rule parameters `tollgate.toml` can set, with their defaults.

/// The tag keys required when the configuration names none (`[tags] required`).
pub const DEFAULT_REQUIRED_TAGS: &[&str] = &["owner", "environment", "cost-center"];

/// Parameters of rules, from the configuration. A rule reads them with
/// [`Context::settings`](crate::Context::settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Tag keys every taggable resource must carry (case-sensitive, as AWS tag keys are).
    pub required_tags: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { required_tags: DEFAULT_REQUIRED_TAGS.iter().map(|s| s.to_string()).collect() }
    }
}
