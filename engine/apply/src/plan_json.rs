//! What the plan JSON says about itself: whether applying it would change anything.

use serde_json::Value;

/// Whether the plan changes anything: Terraform's `applyable` (1.8 and later), else any
/// resource or output change other than `no-op` (and a data source's `read`).
pub fn has_changes(json: &[u8]) -> Result<bool, String> {
    let plan: Value =
        serde_json::from_slice(json).map_err(|e| format!("`terraform show -json` did not print a plan: {e}"))?;
    if let Some(applyable) = plan.get("applyable").and_then(Value::as_bool) {
        return Ok(applyable);
    }
    let changing = |change: &Value| {
        change["change"]["actions"]
            .as_array()
            .is_some_and(|actions| actions.iter().any(|a| a != "no-op" && a != "read"))
            || change["actions"].as_array().is_some_and(|actions| actions.iter().any(|a| a != "no-op"))
    };
    let resources = plan["resource_changes"].as_array().is_some_and(|all| all.iter().any(changing));
    let outputs = plan["output_changes"].as_object().is_some_and(|all| all.values().any(changing));
    Ok(resources || outputs)
}

#[cfg(test)]
mod tests {
    use super::has_changes;

    #[test]
    fn applyable_decides_and_older_plans_are_read_from_their_actions() {
        assert_eq!(has_changes(br#"{"applyable": false, "resource_changes": []}"#), Ok(false));
        assert_eq!(has_changes(br#"{"applyable": true}"#), Ok(true));
        let noop = br#"{"resource_changes": [{"change": {"actions": ["no-op"]}}, {"change": {"actions": ["read"]}}]}"#;
        assert_eq!(has_changes(noop), Ok(false));
        let create = br#"{"resource_changes": [{"change": {"actions": ["create"]}}]}"#;
        assert_eq!(has_changes(create), Ok(true));
        assert_eq!(has_changes(br#"{"output_changes": {"id": {"actions": ["update"]}}}"#), Ok(true));
        assert!(has_changes(b"not json").unwrap_err().contains("did not print a plan"));
    }
}
