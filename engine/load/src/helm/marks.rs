//! Rendered values that are not the user's plain data: values a `helm_release` passes with
//! `set_sensitive` (never shown in a report, as Terraform never shows them) and values a chart's
//! random or generating functions made up (`randAlphaNum`, `genCA`: the renderer's own, which
//! rules must not judge as what the user wrote). A value marks every string of the object
//! holding it, whether as written or base64-encoded (a Secret's `data`).

use base64::Engine;
use tollgate_model::sensitive::MIN_SCRUBBED_CHARS;
use tollgate_model::{GraphBuilder, PathStep, ResourceId, Value, ValueKind};

/// The texts to look for in one release's objects.
pub(crate) struct Marks<'a> {
    pub sensitive: &'a [String],
    pub generated: &'a [String],
}

impl Marks<'_> {
    fn is_empty(&self) -> bool {
        self.sensitive.is_empty() && self.generated.is_empty()
    }
}

/// Marks the strings of resource `id` holding a sensitive or generated text.
pub(crate) fn mark_values(builder: &mut GraphBuilder, id: ResourceId, marks: &Marks<'_>) {
    if marks.is_empty() {
        return;
    }
    let Some(resource) = builder.resources.get(id.0 as usize) else { return };
    let mut found = Found::default();
    visit(&resource.body, &mut Vec::new(), marks, &mut found);
    for path in found.sensitive {
        builder.mark_sensitive(id, path);
    }
    for path in found.generated {
        builder.mark_generated(id, path);
    }
}

#[derive(Default)]
struct Found {
    sensitive: Vec<Vec<PathStep>>,
    generated: Vec<Vec<PathStep>>,
}

fn visit(value: &Value, path: &mut Vec<PathStep>, marks: &Marks<'_>, found: &mut Found) {
    match &value.kind {
        ValueKind::String(text) => {
            let decoded = decoded(text);
            let holds = |wanted: &String| holds(text, wanted) || decoded.as_deref().is_some_and(|d| holds(d, wanted));
            if marks.sensitive.iter().any(holds) {
                found.sensitive.push(path.clone());
            }
            if marks.generated.iter().any(holds) {
                found.generated.push(path.clone());
            }
        }
        ValueKind::List(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(PathStep::Index(index));
                visit(item, path, marks, found);
                path.pop();
            }
        }
        ValueKind::Map(entries) => {
            for entry in entries {
                path.push(PathStep::Key(entry.key.clone()));
                visit(&entry.value, path, marks, found);
                path.pop();
            }
        }
        ValueKind::Null | ValueKind::Bool(_) | ValueKind::Number(_) | ValueKind::Unknown(_) => {}
    }
}

/// Whether `text` is `wanted` or holds it; a short text must match whole, so a three-letter
/// value does not mark every string that happens to contain those letters.
fn holds(text: &str, wanted: &str) -> bool {
    text == wanted || (wanted.chars().count() >= MIN_SCRUBBED_CHARS && text.contains(wanted))
}

/// `text` base64-decoded, when it is base64 of UTF-8 text.
fn decoded(text: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text.trim()).ok()?;
    String::from_utf8(bytes).ok()
}
