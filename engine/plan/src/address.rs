//! Terraform's address syntax as plan JSON writes it: module instance paths
//! (`module.eks["dev"].module.nodes[0]`) and references (`aws_kms_key.main[0].arn`).

/// An instance key: `[0]` (count) or `["dev"]` (for_each).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum InstanceKey {
    Int(i64),
    Str(String),
}

/// One step of a traversal: a name or an index.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Name(String),
    Index(InstanceKey),
}

/// The module calls a module instance address goes through, by call name:
/// `module.eks["dev"].module.nodes[0]` → `["eks", "nodes"]`. Empty for the root module (`""`);
/// `None` when the text is not a module instance address.
pub(crate) fn module_calls(address: &str) -> Option<Vec<String>> {
    if address.is_empty() {
        return Some(Vec::new());
    }
    let steps = traversal(address)?;
    let mut calls = Vec::new();
    let mut iter = steps.into_iter().peekable();
    while let Some(step) = iter.next() {
        match (step, iter.next()) {
            (Step::Name(keyword), Some(Step::Name(name))) if keyword == "module" => calls.push(name),
            _ => return None,
        }
        if matches!(iter.peek(), Some(Step::Index(_))) {
            iter.next();
        }
    }
    Some(calls)
}

/// The resource a reference names, as the configuration writes it (no module prefix).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ResourceRef {
    /// `aws_kms_key.main`, `data.aws_iam_policy_document.x`.
    pub(crate) address: String,
    /// The instance, when the reference names one (`aws_instance.web[0]`).
    pub(crate) key: Option<InstanceKey>,
}

/// Roots of references that name no resource of the module.
const NOT_RESOURCES: &[&str] =
    &["var", "local", "module", "each", "count", "self", "path", "terraform", "ephemeral", "run", "provider"];

/// The resource `reference` names (`terraform_data.web[0].id` → `terraform_data.web`, key 0),
/// or `None` for variables, locals, module outputs and the like.
pub(crate) fn resource_ref(reference: &str) -> Option<ResourceRef> {
    let steps = traversal(reference)?;
    let name = |i: usize| match steps.get(i) {
        Some(Step::Name(n)) => Some(n.as_str()),
        _ => None,
    };
    let root = name(0)?;
    if NOT_RESOURCES.contains(&root) {
        return None;
    }
    let (address, next) = if root == "data" {
        (format!("data.{}.{}", name(1)?, name(2)?), 3)
    } else {
        (format!("{root}.{}", name(1)?), 2)
    };
    let key = match steps.get(next) {
        Some(Step::Index(key)) => Some(key.clone()),
        _ => None,
    };
    Some(ResourceRef { address, key })
}

/// Splits `a.b[0].c["x"]` into steps; `None` when the text does not follow the syntax.
fn traversal(text: &str) -> Option<Vec<Step>> {
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let mut steps = Vec::new();
    loop {
        let start = pos;
        while chars.get(pos).is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '-') {
            pos += 1;
        }
        if pos == start {
            return None;
        }
        steps.push(Step::Name(chars[start..pos].iter().collect()));
        while chars.get(pos) == Some(&'[') {
            let (key, next) = index(&chars, pos + 1)?;
            steps.push(Step::Index(key));
            pos = next;
        }
        match chars.get(pos) {
            None => return Some(steps),
            Some('.') => pos += 1,
            Some(_) => return None,
        }
    }
}

/// An index from just after `[` to just after `]`: a quoted string or an integer.
fn index(chars: &[char], mut pos: usize) -> Option<(InstanceKey, usize)> {
    let key = if chars.get(pos) == Some(&'"') {
        pos += 1;
        let mut value = String::new();
        loop {
            match chars.get(pos)? {
                '"' => break,
                '\\' => {
                    pos += 1;
                    value.push(match chars.get(pos)? {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => *other,
                    });
                }
                c => value.push(*c),
            }
            pos += 1;
        }
        pos += 1;
        InstanceKey::Str(value)
    } else {
        let start = pos;
        while chars.get(pos).is_some_and(|c| c.is_ascii_digit() || *c == '-') {
            pos += 1;
        }
        let digits: String = chars.get(start..pos)?.iter().collect();
        InstanceKey::Int(digits.parse().ok()?)
    };
    (chars.get(pos) == Some(&']')).then_some((key, pos + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_give_call_names() {
        assert_eq!(module_calls(""), Some(vec![]));
        assert_eq!(module_calls("module.vpc"), Some(vec!["vpc".to_string()]));
        assert_eq!(
            module_calls(r#"module.eks["dev.x]"].module.nodes[0]"#),
            Some(vec!["eks".to_string(), "nodes".to_string()])
        );
        assert_eq!(module_calls("aws_s3_bucket.b"), None);
        assert_eq!(module_calls("module."), None);
        assert_eq!(module_calls(r#"module.x["open"#), None);
    }

    #[test]
    fn references_name_resources_and_instances() {
        let r = |text| resource_ref(text).map(|r| (r.address, r.key));
        assert_eq!(r("aws_kms_key.main.arn"), Some(("aws_kms_key.main".into(), None)));
        assert_eq!(r("terraform_data.web[0].id"), Some(("terraform_data.web".into(), Some(InstanceKey::Int(0)))));
        assert_eq!(
            r(r#"aws_iam_user.u["a\"b"]"#),
            Some(("aws_iam_user.u".into(), Some(InstanceKey::Str("a\"b".into()))))
        );
        assert_eq!(r("data.aws_iam_policy_document.x.json"), Some(("data.aws_iam_policy_document.x".into(), None)));
        for not_a_resource in ["var.x", "local.y", "module.vpc.id", "each.key", "count.index", "data.x", "aws_x", ""] {
            assert_eq!(r(not_a_resource), None, "{not_a_resource}");
        }
    }
}
