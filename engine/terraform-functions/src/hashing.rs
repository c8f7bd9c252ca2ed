//! Hash and identifier functions: `md5`, `sha1`, `sha256`, `sha512`, `base64sha256`,
//! `base64sha512`, `uuidv5`; `uuid` and `bcrypt` (random every run) are unknown until apply, and
//! `rsadecrypt` is unknown.

use crate::encoding::base64_encode;
use crate::support::text;
use crate::{after_apply, param, Ctx, FunctionError, Spec, P};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use tollgate_model::{UnknownReason, Value};

const STR: crate::Param = param("str", P::String);

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("md5", &[STR], |c, a| Ok(c.string(hex(&Md5::digest(text(&a[0]).as_bytes()))))),
    Spec::new("sha1", &[STR], |c, a| Ok(c.string(hex(&Sha1::digest(text(&a[0]).as_bytes()))))),
    Spec::new("sha256", &[STR], |c, a| Ok(c.string(hex(&Sha256::digest(text(&a[0]).as_bytes()))))),
    Spec::new("sha512", &[STR], |c, a| Ok(c.string(hex(&Sha512::digest(text(&a[0]).as_bytes()))))),
    Spec::new("base64sha256", &[STR], |c, a| Ok(c.string(base64_encode(&Sha256::digest(text(&a[0]).as_bytes()))))),
    Spec::new("base64sha512", &[STR], |c, a| Ok(c.string(base64_encode(&Sha512::digest(text(&a[0]).as_bytes()))))),
    Spec::new("uuidv5", &[param("namespace", P::String), param("name", P::String)], uuidv5),
    Spec::new("uuid", &[], after_apply),
    Spec::variadic("bcrypt", &[STR], param("cost", P::Number), after_apply),
    // Decrypting needs the private key's RSA arithmetic, which Tollgate does not implement.
    Spec::new("rsadecrypt", &[param("ciphertext", P::String), param("privatekey", P::String)], |c, _| {
        Ok(Value::unknown(UnknownReason::Expression, "rsadecrypt(...)", c.span))
    }),
];

/// Lower-case hexadecimal.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A digest of `bytes` by name, for the `file*` hash functions.
pub(crate) fn digest(algorithm: &str, bytes: &[u8]) -> Vec<u8> {
    match algorithm {
        "md5" => Md5::digest(bytes).to_vec(),
        "sha1" => Sha1::digest(bytes).to_vec(),
        "sha256" => Sha256::digest(bytes).to_vec(),
        _ => Sha512::digest(bytes).to_vec(),
    }
}

fn uuidv5(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let namespace = text(&args[0]);
    let ns = match namespace {
        "dns" => parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
        "url" => parse_uuid("6ba7b811-9dad-11d1-80b4-00c04fd430c8"),
        "oid" => parse_uuid("6ba7b812-9dad-11d1-80b4-00c04fd430c8"),
        "x500" => parse_uuid("6ba7b814-9dad-11d1-80b4-00c04fd430c8"),
        other => parse_uuid(other),
    };
    let ns = ns.map_err(|why| ctx.fail(format!("uuidv5() doesn't support namespace {namespace} ({why})")))?;
    let mut hasher = Sha1::new();
    hasher.update(ns);
    hasher.update(text(&args[1]).as_bytes());
    let hash = hasher.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&hash[..16]);
    id[6] = (id[6] & 0x0f) | 0x50;
    id[8] = (id[8] & 0x3f) | 0x80;
    let h = hex(&id);
    Ok(ctx.string(format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])))
}

/// google/uuid's `Parse`: hyphenated, braced, `urn:uuid:` or 32 bare hex digits.
fn parse_uuid(s: &str) -> Result<[u8; 16], String> {
    let core = match s.len() {
        36 => s,
        38 if s.starts_with('{') && s.ends_with('}') => &s[1..37],
        45 if s.to_ascii_lowercase().starts_with("urn:uuid:") => &s[9..],
        32 => s,
        n => return Err(format!("invalid UUID length: {n}")),
    };
    let digits: String = if core.len() == 36 {
        let bytes = core.as_bytes();
        if [8, 13, 18, 23].iter().any(|i| bytes[*i] != b'-') {
            return Err("invalid UUID format".into());
        }
        core.chars().filter(|c| *c != '-').collect()
    } else {
        core.to_string()
    };
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = digits
            .get(i * 2..i * 2 + 2)
            .and_then(|pair| u8::from_str_radix(pair, 16).ok())
            .ok_or_else(|| "invalid UUID format".to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::testing::*;
    use tollgate_model::UnknownReason;

    #[test]
    fn digests() {
        assert_eq!(ok("md5", vec![s("hello world")]), s("5eb63bbbe01eeed093cb22bb8f5acdc3"));
        assert_eq!(ok("sha1", vec![s("hello world")]), s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"));
        assert_eq!(
            ok("sha256", vec![s("hello world")]),
            s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        );
        assert_eq!(ok("base64sha256", vec![s("hello world")]), s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="));
        assert!(ok("sha512", vec![s("")]).as_str().unwrap().starts_with("cf83e1357eefb8bd"));
    }

    #[test]
    fn uuids() {
        assert_eq!(ok("uuidv5", vec![s("dns"), s("www.terraform.io")]), s("a5008fae-b28c-5ba5-96cd-82b4c53552d6"));
        assert_eq!(
            ok("uuidv5", vec![s("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), s("x")]),
            s("05b16a01-46c6-56dd-bd6e-c6dfb4a1427a")
        );
        assert!(err("uuidv5", vec![s("bad"), s("x")]).contains("invalid UUID length: 3"));
        assert_eq!(unknown_reason(&ok("uuid", vec![])), UnknownReason::AfterApply);
        assert_eq!(unknown_reason(&ok("bcrypt", vec![s("x")])), UnknownReason::AfterApply);
    }
}
