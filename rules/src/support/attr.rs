//! Reading attributes the way Terraform and Kubernetes mean them: a setting is either written
//! with a known value, not written (absent or `null`, so the provider's default applies), or
//! unknown. Rules must treat the three differently, and decide with [`Tri`] when a verdict needs
//! several facts.

use tollgate_model::{Lookup, Span, Value, ValueKind};

/// An attribute as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Attr<'a, T> {
    /// Written with a known value: the value read, and where it is written.
    Set(T, &'a Value),
    /// Not written (absent or `null`): the documented default applies.
    Unset,
    /// Written, but Tollgate cannot know the value (an expression, or a value of the wrong type).
    Unknown(&'a Value),
}

impl<'a, T: Copy> Attr<'a, T> {
    /// The value, with `default` for an unset attribute; `Err` holds the unknown value.
    pub fn or_default(self, default: T) -> Result<T, &'a Value> {
        match self {
            Attr::Set(v, _) => Ok(v),
            Attr::Unset => Ok(default),
            Attr::Unknown(v) => Err(v),
        }
    }

    /// Whether the value (or `default` when unset) satisfies `test`.
    pub fn test(self, default: T, test: impl FnOnce(T) -> bool) -> Tri<'a> {
        match self.or_default(default) {
            Ok(v) => Tri::from(test(v)),
            Err(unknown) => Tri::Unknown(unknown),
        }
    }
}

impl<'a, T> Attr<'a, T> {
    /// The value as written, known or unknown.
    pub fn written(&self) -> Option<&'a Value> {
        match self {
            Attr::Set(_, v) | Attr::Unknown(v) => Some(v),
            Attr::Unset => None,
        }
    }

    /// Where the attribute is written, or `fallback` (the enclosing block) when it is not.
    pub fn span_or(&self, fallback: Span) -> Span {
        self.written().map(|v| v.span).unwrap_or(fallback)
    }

    fn from_lookup(lookup: Lookup<'a>, read: impl FnOnce(&'a Value) -> Option<T>) -> Self {
        match lookup {
            Lookup::Absent => Attr::Unset,
            Lookup::Unknown(v) => Attr::Unknown(v),
            Lookup::Known(v) if v.is_null() => Attr::Unset,
            Lookup::Known(v) => match read(v) {
                Some(t) => Attr::Set(t, v),
                None => Attr::Unknown(v),
            },
        }
    }
}

/// A boolean attribute. Strings `"true"` / `"false"` count too: Terraform converts them, and
/// some providers (launch template `ebs.encrypted`) type booleans as strings.
pub fn bool_attr<'a>(body: &'a Value, path: &[&str]) -> Attr<'a, bool> {
    Attr::from_lookup(body.lookup(path), |v| match &v.kind {
        ValueKind::Bool(b) => Some(*b),
        ValueKind::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        ValueKind::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    })
}

/// A string attribute (numbers and booleans are not strings: they read as unknown).
pub fn str_attr<'a>(body: &'a Value, path: &[&str]) -> Attr<'a, &'a str> {
    Attr::from_lookup(body.lookup(path), Value::as_str)
}

/// An integer attribute, also written as a string (`"22"`).
pub fn int_attr<'a>(body: &'a Value, path: &[&str]) -> Attr<'a, i64> {
    Attr::from_lookup(body.lookup(path), Value::as_i64)
}

/// The items of a list of strings, some of which may be unknown (`["10.0.0.0/8", var.extra]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Strings<'a> {
    pub known: Vec<(&'a str, &'a Value)>,
    pub unknown: Vec<&'a Value>,
}

impl<'a> Strings<'a> {
    /// Reads a list (or a single string, which Kubernetes and IAM allow in place of a list).
    pub fn read(value: &'a Value) -> Self {
        let mut out = Strings::default();
        let items = match &value.kind {
            ValueKind::List(items) => items.as_slice(),
            _ => std::slice::from_ref(value),
        };
        for item in items {
            match item.as_str() {
                Some(s) => out.known.push((s, item)),
                None if item.is_null() => {}
                None => out.unknown.push(item),
            }
        }
        out
    }

    /// Whether some item satisfies `test`: yes when a known item does, unknown when none does but
    /// some item is unknown.
    pub fn any(&self, test: impl Fn(&str) -> bool) -> Tri<'a> {
        if self.known.iter().any(|(s, _)| test(s)) {
            Tri::Yes
        } else {
            self.unknown.first().map_or(Tri::No, |v| Tri::Unknown(v))
        }
    }

    /// The first known item satisfying `test`.
    pub fn find(&self, test: impl Fn(&str) -> bool) -> Option<(&'a str, &'a Value)> {
        self.known.iter().copied().find(|(s, _)| test(s))
    }

    pub fn contains(&self, wanted: &str) -> bool {
        self.known.iter().any(|(s, _)| *s == wanted)
    }
}

/// The items of a list-of-strings attribute, an unknown list read as one unknown item.
pub fn strings<'a>(body: &'a Value, path: &[&str]) -> Strings<'a> {
    match body.lookup(path) {
        Lookup::Absent => Strings::default(),
        Lookup::Unknown(v) => Strings { known: Vec::new(), unknown: vec![v] },
        Lookup::Known(v) => Strings::read(v),
    }
}

/// The nested blocks of one type in a Terraform body.
#[derive(Debug, Clone, Default)]
pub struct Blocks<'a> {
    /// The blocks written out, in source order.
    pub known: Vec<&'a Value>,
    /// A `dynamic` block of this type, whose contents are only known after evaluation.
    pub unknown: Option<&'a Value>,
}

/// The nested blocks `key` of a Terraform body (none when there are none). A `dynamic` block
/// beside static ones leaves the static ones known.
pub fn blocks<'a>(body: &'a Value, key: &str) -> Blocks<'a> {
    let mut out = Blocks::default();
    match body.get(key) {
        Lookup::Absent => {}
        Lookup::Unknown(v) => out.unknown = Some(v),
        Lookup::Known(v) => {
            for item in v.items() {
                if item.is_unknown() {
                    out.unknown = out.unknown.or(Some(item));
                } else if item.as_map().is_some() {
                    out.known.push(item);
                }
            }
        }
    }
    out
}

/// A three-valued answer to a yes/no question about a resource.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tri<'a> {
    Yes,
    No,
    /// The answer depends on this unknown value.
    Unknown(&'a Value),
}

impl<'a> Tri<'a> {
    /// Some answer holds: a known `Yes` decides, else the first unknown; none at all is `No`.
    pub fn any(answers: impl IntoIterator<Item = Tri<'a>>) -> Tri<'a> {
        answers.into_iter().fold(Tri::No, |acc, next| acc.or(|| next))
    }

    /// Both must hold: a known `No` on either side decides, whatever the other side is.
    pub fn and(self, other: impl FnOnce() -> Tri<'a>) -> Tri<'a> {
        if self == Tri::No {
            return Tri::No;
        }
        match (self, other()) {
            (_, Tri::No) => Tri::No,
            (Tri::Unknown(v), _) | (Tri::Yes, Tri::Unknown(v)) => Tri::Unknown(v),
            _ => Tri::Yes,
        }
    }

    /// Either may hold: a known `Yes` on either side decides.
    pub fn or(self, other: impl FnOnce() -> Tri<'a>) -> Tri<'a> {
        if self == Tri::Yes {
            return Tri::Yes;
        }
        match (self, other()) {
            (_, Tri::Yes) => Tri::Yes,
            (Tri::Unknown(v), _) | (Tri::No, Tri::Unknown(v)) => Tri::Unknown(v),
            _ => Tri::No,
        }
    }
}

impl<'a> std::ops::Not for Tri<'a> {
    type Output = Tri<'a>;

    /// Swaps yes and no; unknown stays unknown.
    fn not(self) -> Tri<'a> {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            unknown => unknown,
        }
    }
}

impl From<bool> for Tri<'_> {
    fn from(b: bool) -> Self {
        if b {
            Tri::Yes
        } else {
            Tri::No
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tollgate_model::{MapEntry, UnknownReason};

    fn sp() -> Span {
        Span::default()
    }

    fn map(entries: Vec<(&str, Value)>) -> Value {
        let entries = entries.into_iter().map(|(k, v)| MapEntry { key: k.into(), key_span: sp(), value: v }).collect();
        Value::new(ValueKind::Map(entries), sp())
    }

    #[test]
    fn bool_attr_tells_set_unset_and_unknown_apart() {
        let body = map(vec![
            ("on", Value::new(ValueKind::Bool(true), sp())),
            ("text", Value::string("false", sp())),
            ("nothing", Value::null(sp())),
            ("later", Value::unknown(UnknownReason::Expression, "var.x", sp())),
            ("number", Value::new(ValueKind::Number(tollgate_model::Number::Int(1)), sp())),
        ]);
        assert_eq!(bool_attr(&body, &["on"]).or_default(false), Ok(true));
        assert_eq!(bool_attr(&body, &["text"]).or_default(true), Ok(false));
        assert_eq!(bool_attr(&body, &["nothing"]).or_default(true), Ok(true));
        assert_eq!(bool_attr(&body, &["missing"]).or_default(false), Ok(false));
        assert!(bool_attr(&body, &["later"]).or_default(false).is_err());
        assert!(bool_attr(&body, &["number"]).or_default(false).is_err());
    }

    #[test]
    fn tri_logic_lets_a_known_answer_decide() {
        let u = Value::unknown(UnknownReason::Expression, "var.x", sp());
        assert_eq!(Tri::Unknown(&u).and(|| Tri::No), Tri::No);
        assert_eq!(Tri::Yes.and(|| Tri::Unknown(&u)), Tri::Unknown(&u));
        assert_eq!(Tri::Unknown(&u).or(|| Tri::Yes), Tri::Yes);
        assert_eq!(Tri::No.or(|| Tri::No), Tri::No);
        assert_eq!(Tri::any([]), Tri::No);
        assert_eq!(Tri::any([Tri::No, Tri::Unknown(&u), Tri::Yes]), Tri::Yes);
        assert_eq!(Tri::any([Tri::No, Tri::Unknown(&u), Tri::No]), Tri::Unknown(&u));
    }

    #[test]
    fn strings_any_is_unknown_only_without_a_known_match() {
        let u = Value::unknown(UnknownReason::Expression, "var.x", sp());
        let list = Value::new(ValueKind::List(vec![Value::string("10.0.0.0/8", sp()), u.clone()]), sp());
        let s = Strings::read(&list);
        assert_eq!(s.any(|c| c == "10.0.0.0/8"), Tri::Yes);
        assert!(matches!(s.any(|c| c == "0.0.0.0/0"), Tri::Unknown(_)));
    }
}
