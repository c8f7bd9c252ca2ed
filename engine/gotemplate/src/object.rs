//! Go structs, and pointers to them, that Helm hands templates: a semantic version (`*semver.Version`),
//! `.Capabilities.KubeVersion` (`common.KubeVersion`), `.Capabilities.HelmVersion` (`version.BuildInfo`).
//! Go prints and encodes these unlike maps: `{v1.35.0 v1.35.0 1 35}` by `%v`, `v1.35.0` where a
//! template prints a field it can address (its `String()` has a pointer receiver), `1.2.3` everywhere
//! for a version (a pointer with `String()`), and JSON as their struct tags say.

use crate::value::{FunctionValue, Value};

/// When Go prints an object through its `String()` method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stringer {
    /// No `String()`: always the fields, `{a b c}`.
    Never,
    /// `String()` on the pointer of a struct value: a template prints a field holding it that way, but
    /// `printf "%v"`, `quote` or a list see a copy and print the fields.
    WhenAddressable,
    /// A pointer with `String()`: every printer calls it.
    Always,
}

/// A Go struct value (or pointer to one) with its fields in declaration order and its methods.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    /// Go's `%T`: `*semver.Version`, `common.KubeVersion`.
    pub type_name: String,
    /// Every field in declaration order, unexported ones too (`%v` prints them); templates reach the
    /// exported (capitalised) ones only.
    pub fields: Vec<(String, Value)>,
    /// Methods templates can call (`.String`, `.Compare $other`).
    pub methods: Vec<FunctionValue>,
    /// What `String()` returns, if the type has it.
    pub text: String,
    pub stringer: Stringer,
    /// What `encoding/json` writes for it (`toJson`, `toYaml`).
    pub json: serde_json::Value,
}

impl Object {
    /// `.name`: an exported field or a method.
    pub fn member(&self, name: &str) -> Option<Value> {
        let exported = name.starts_with(|c: char| c.is_uppercase());
        let field = self.fields.iter().find(|(field, _)| exported && field == name).map(|(_, value)| value.clone());
        field.or_else(|| {
            self.methods.iter().find(|method| method.name == name).map(|method| Value::Function(method.clone()))
        })
    }

    /// Go's `reflect.Kind` name.
    pub fn kind(&self) -> &'static str {
        if self.type_name.starts_with('*') {
            "ptr"
        } else {
            "struct"
        }
    }

    /// `fmt`'s `%v`: `String()` for a pointer Stringer, else the fields in braces, named for `%+v`
    /// (`{Version:v1.35.0 normalizedVersion:v1.35.0 Major:1 Minor:35}`).
    pub fn formatted(&self, with_names: bool) -> String {
        if self.stringer == Stringer::Always {
            return self.text.clone();
        }
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|(name, value)| match with_names {
                true => format!("{name}:{}", value.to_go_string()),
                false => value.to_go_string(),
            })
            .collect();
        format!("{{{}}}", fields.join(" "))
    }

    /// What `{{ x }}` prints: Go's template printer takes the address of what it can, so a
    /// pointer-receiver `String()` counts there.
    pub fn printed_by_template(&self) -> String {
        match self.stringer {
            Stringer::Never => self.formatted(false),
            Stringer::WhenAddressable | Stringer::Always => self.text.clone(),
        }
    }
}
