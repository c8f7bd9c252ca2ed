//! Settings rules read: the few rule parameters `tollgate.toml` can set, with their defaults.

use std::collections::BTreeMap;

/// The tag keys required when the configuration names none (`[tags] required`).
pub const DEFAULT_REQUIRED_TAGS: &[&str] = &["owner", "environment", "cost-center"];

/// Parameters of rules, from the configuration. A rule reads them with
/// [`Context::settings`](crate::Context::settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Tag keys every taggable resource must carry (case-sensitive, as AWS tag keys are).
    pub required_tags: Vec<String>,
    /// The account's AWS service quotas from `[quotas.aws]`, by the quota table's key
    /// (`ec2/L-1216C47A`, `eks/Clusters`): they replace the AWS defaults in the quota rules.
    pub aws_quotas: BTreeMap<String, u64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            required_tags: DEFAULT_REQUIRED_TAGS.iter().map(|s| s.to_string()).collect(),
            aws_quotas: BTreeMap::new(),
        }
    }
}
