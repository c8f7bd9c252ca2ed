//! Which evaluated values Terraform treats as sensitive: a variable declared `sensitive = true`,
//! and (as Terraform's marks propagate) every local, output, module input and attribute whose
//! expression references a sensitive value. Rules still read the values; the graph marks where
//! they sit so nothing Tollgate prints shows them.

use std::collections::BTreeSet;
use tollgate_model::{PathStep, Resource, TfBlock, Value};

/// `(resource index, path)` of every sensitive value among one evaluation's resources.
pub(crate) fn sensitive_paths(resources: &[Resource]) -> Vec<(usize, Vec<PathStep>)> {
    // (module path, block address) of the sensitive named values.
    let mut sensitive: BTreeSet<(String, String)> = BTreeSet::new();
    for resource in resources {
        let Some((path, address)) = named_value(resource) else { continue };
        if resource.terraform().is_some_and(|o| o.block == TfBlock::Variable)
            && resource.body.get("sensitive").known().and_then(Value::as_bool) == Some(true)
        {
            sensitive.insert((path, address));
        }
    }
    // Propagate until nothing changes; each round marks at least one more value, so the number
    // of named values bounds the rounds.
    loop {
        let before = sensitive.len();
        for resource in resources {
            let Some(key) = named_value(resource) else { continue };
            if sensitive.contains(&key) {
                continue;
            }
            let origin = resource.terraform();
            let from_caller =
                origin.filter(|o| o.block == TfBlock::Variable && !o.module_path.is_empty()).is_some_and(|o| {
                    // The module call's argument of the same name, in the caller's module.
                    resources.iter().any(|call| {
                        call.address == o.module_path
                            && call.references.iter().any(|r| {
                                r.attribute == resource.name
                                    && call
                                        .terraform()
                                        .is_some_and(|c| sensitive.contains(&(c.module_path.clone(), r.target.clone())))
                            })
                    })
                });
            let referenced = resource.references.iter().any(|r| sensitive.contains(&(key.0.clone(), r.target.clone())));
            if from_caller || referenced {
                sensitive.insert(key);
            }
        }
        if sensitive.len() == before {
            break;
        }
    }
    let mut paths = Vec::new();
    for (index, resource) in resources.iter().enumerate() {
        let Some(origin) = resource.terraform() else { continue };
        if named_value(resource).is_some_and(|key| sensitive.contains(&key)) {
            for attribute in ["value", "default"] {
                if !resource.body.get(attribute).is_absent() {
                    paths.push((index, vec![PathStep::Key(attribute.to_string())]));
                }
            }
            continue;
        }
        let mut attributes: BTreeSet<&str> = BTreeSet::new();
        for reference in &resource.references {
            if sensitive.contains(&(origin.module_path.clone(), reference.target.clone())) {
                attributes.insert(reference.attribute.split('.').next().unwrap_or_default());
            }
        }
        paths.extend(attributes.into_iter().map(|a| (index, vec![PathStep::Key(a.to_string())])));
    }
    paths
}

/// (module path, address) of a variable, local value or output.
fn named_value(resource: &Resource) -> Option<(String, String)> {
    let origin = resource.terraform()?;
    let address = match origin.block {
        TfBlock::Variable => format!("var.{}", resource.name),
        TfBlock::Locals => format!("local.{}", resource.name),
        TfBlock::Output => format!("output.{}", resource.name),
        _ => return None,
    };
    Some((origin.module_path.clone(), address))
}
