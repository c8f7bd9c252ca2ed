//! KMS keys: whether a key's automatic rotation is on, and whether rotation applies to it at all,
//! shared by the rule on keys and the rules on what they encrypt.

use super::attr::{bool_attr, str_attr, Attr};
use tollgate_model::{Resource, Value};

/// The rotation state of an `aws_kms_key`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rotation<'a> {
    On,
    /// Rotation is off: `Some` where `enable_key_rotation = false` is written, `None` when it is
    /// not written (the default is off).
    Off(Option<&'a Value>),
    /// Automatic rotation does not exist for this key: asymmetric and HMAC keys, and keys in a
    /// custom key store.
    NotApplicable,
    /// Depends on this unknown value.
    Unknown(&'a Value),
}

/// Reads the rotation state of an `aws_kms_key` from its documented defaults
/// (`customer_master_key_spec = "SYMMETRIC_DEFAULT"`, `key_usage = "ENCRYPT_DECRYPT"`,
/// `enable_key_rotation = false`).
pub fn rotation(key: &Resource) -> Rotation<'_> {
    let body = &key.body;
    let enabled = bool_attr(body, &["enable_key_rotation"]);
    if let Attr::Set(true, _) = enabled {
        return Rotation::On;
    }
    if !body.get("custom_key_store_id").is_unset() {
        return Rotation::NotApplicable;
    }
    for (attr, default) in [("customer_master_key_spec", "SYMMETRIC_DEFAULT"), ("key_usage", "ENCRYPT_DECRYPT")] {
        match str_attr(body, &[attr]) {
            Attr::Unknown(value) => return Rotation::Unknown(value),
            Attr::Set(written, _) if !written.eq_ignore_ascii_case(default) => return Rotation::NotApplicable,
            _ => {}
        }
    }
    match enabled {
        Attr::Set(_, value) => Rotation::Off(Some(value)),
        Attr::Unset => Rotation::Off(None),
        Attr::Unknown(value) => Rotation::Unknown(value),
    }
}
