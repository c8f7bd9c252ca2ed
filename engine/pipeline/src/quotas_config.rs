//! `[quotas]` of `tollgate.toml`: the account's real AWS service quotas, which replace the
//! defaults of the quota table (`data/aws/quotas/`) in the quota rules.
//!
//! ```toml
//! [quotas.aws]
//! "ec2/L-1216C47A" = 128     # Running On-Demand Standard instances (vCPUs)
//! "eks/Clusters" = 150       # quotas without a code are keyed by their name
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use tollgate_pricing::Quotas;

/// `[quotas]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotasConfig {
    /// `"service/code-or-name" = value`, as Service Quotas reports it (a whole number; `128.0`
    /// as the AWS CLI prints it is accepted).
    #[serde(default)]
    pub aws: BTreeMap<String, toml::Value>,
}

impl QuotasConfig {
    /// The values by quota key; a key the quota table does not list, or a value that is not a
    /// whole non-negative number, is an error naming it.
    pub fn aws_values(&self) -> Result<BTreeMap<String, u64>, String> {
        let quotas = Quotas::embedded();
        let mut values = BTreeMap::new();
        for (key, value) in &self.aws {
            if quotas.get(key).is_err() {
                return Err(format!(
                    "`quotas.aws`: no AWS quota `{key}`; the known quota keys are {}",
                    known_keys(quotas)
                ));
            }
            let number = whole_number(value).ok_or_else(|| {
                format!("`quotas.aws.\"{key}\"`: `{value}` is not a whole number of at least 0 (write the quota's value, e.g. 128)")
            })?;
            values.insert(key.clone(), number);
        }
        Ok(values)
    }
}

fn whole_number(value: &toml::Value) -> Option<u64> {
    match value {
        toml::Value::Integer(n) => u64::try_from(*n).ok(),
        toml::Value::Float(f) if f.fract() == 0.0 && *f >= 0.0 && *f <= u64::MAX as f64 => Some(*f as u64),
        _ => None,
    }
}

fn known_keys(quotas: &Quotas) -> String {
    let keys: Vec<String> = quotas.iter().map(|q| format!("`{}`", q.key())).collect();
    keys.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<BTreeMap<String, u64>, String> {
        let config: QuotasConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        config.aws_values()
    }

    #[test]
    fn values_are_read_by_key_with_whole_floats_accepted() {
        let values = read("[aws]\n\"ec2/L-1216C47A\" = 128\n\"eks/Clusters\" = 150.0\n").expect("valid");
        assert_eq!(values.get("ec2/L-1216C47A"), Some(&128));
        assert_eq!(values.get("eks/Clusters"), Some(&150));
    }

    #[test]
    fn an_unknown_key_names_the_known_ones() {
        let error = read("[aws]\n\"ec2/L-NOPE\" = 1\n").expect_err("unknown key");
        assert!(error.contains("no AWS quota `ec2/L-NOPE`"), "{error}");
        assert!(error.contains("`vpc/L-F678F1CE`") && error.contains("`eks/Clusters`"), "{error}");
    }

    #[test]
    fn fractions_negatives_and_text_are_refused() {
        for bad in ["1.5", "-3", "\"many\""] {
            let error = read(&format!("[aws]\n\"vpc/L-F678F1CE\" = {bad}\n")).expect_err(bad);
            assert!(error.contains("is not a whole number"), "{error}");
        }
    }

    #[test]
    fn other_tables_under_quotas_are_refused() {
        let error = read("[gcp]\nx = 1\n").expect_err("unknown table");
        assert!(error.contains("unknown field `gcp`"), "{error}");
    }
}
