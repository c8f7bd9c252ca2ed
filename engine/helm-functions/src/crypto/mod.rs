//! Sprig's key and certificate generators: `genPrivateKey`, `genCA`, `genSelfSignedCert`,
//! `genSignedCert`, their `...WithKey` forms for a given RSA, ECDSA P-256 or Ed25519 key (signing as Go
//! does with each; a DSA key is refused as Go refuses it), and `buildCustomCert` (which only checks and
//! wraps the user's PEM).
//!
//! Helm draws these from the system's randomness; here every key and serial number comes from a
//! ChaCha20 stream seeded by the release seed, the function and its call number, so a render is
//! reproducible, and every PEM produced is recorded in [`Generated`]. Certificates are real X.509
//! (RustCrypto's `x509-cert`, `rsa`, `p256`, `ed25519-dalek`, `dsa`: pure Rust, no C toolchain) with
//! Sprig's profile: RSA 2048 keys, SHA-256 signatures, a 128-bit serial, the common name, IP and DNS
//! alternative names, validity from the render time for the given days, key usage digital signature and
//! key encipherment (plus certificate signing for a CA), extended key usage server and client auth.

mod certificate;
mod keys;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use tollgate_gotemplate::time::Time;
use tollgate_gotemplate::{Functions, Value};

use crate::Generated;
use certificate::{build_custom, CertificateRequest, Issuer};

/// Call numbers per function, so two `genCA` calls in one render give two CAs.
#[derive(Clone, Default)]
struct Calls(Arc<Mutex<HashMap<String, u64>>>);

impl Calls {
    fn next(&self, function: &str) -> u64 {
        let Ok(mut calls) = self.0.lock() else {
            return 0;
        };
        let count = calls.entry(function.to_string()).or_insert(0);
        *count += 1;
        *count - 1
    }
}

/// What the generators share: the seed, the render time (certificates start then), call numbers and
/// the record of generated values.
#[derive(Clone)]
struct Generator {
    seed: String,
    now: Time,
    calls: Calls,
    generated: Generated,
}

impl Generator {
    /// A certificate, for the given key or a new one (recorded with it as generated).
    fn certificate(&self, function: &str, parts: CertificateParts) -> Result<Value, String> {
        let (request, given_key, issuer) = parts;
        let call = self.calls.next(function);
        let (cert, key) =
            certificate::generate(&self.seed, function, call, &self.now, &request, given_key.as_deref(), issuer)?;
        self.generated.record(&cert);
        if given_key.is_none() {
            self.generated.record(&key);
        }
        Ok(certificate_value(cert, key))
    }
}

pub fn register(functions: &mut Functions, seed: &str, now: &Time, generated: &Generated) {
    let generator =
        Generator { seed: seed.to_string(), now: now.clone(), calls: Calls::default(), generated: generated.clone() };
    let shared = generator.clone();
    functions.add("genPrivateKey", move |args| {
        let [kind] = arguments::<1>("genPrivateKey", args)?;
        let kind = string(kind)?;
        let call = shared.calls.next("genPrivateKey");
        match keys::private_key_pem(&kind, &shared.seed, call) {
            None => Ok(Value::String(format!("Unknown type {kind}"))),
            // Sprig returns its failure as the text.
            Some(Err(error)) => Ok(Value::String(error)),
            Some(Ok(pem)) => {
                shared.generated.record(&pem);
                Ok(Value::String(pem))
            }
        }
    });
    // Sprig's arguments: CN, then IPs and DNS names (not for a CA), days, the CA, the key PEM.
    let certificates: [(&str, usize, ReadArguments); 6] = [
        ("genCA", 2, |a| Ok((ca_request(&a[0], &a[1])?, None, Issuer::SelfSigned))),
        ("genCAWithKey", 3, |a| Ok((ca_request(&a[0], &a[1])?, Some(string(&a[2])?), Issuer::SelfSigned))),
        ("genSelfSignedCert", 4, |a| Ok((leaf_request(a)?, None, Issuer::SelfSigned))),
        ("genSelfSignedCertWithKey", 5, |a| Ok((leaf_request(a)?, Some(string(&a[4])?), Issuer::SelfSigned))),
        ("genSignedCert", 5, |a| Ok((leaf_request(a)?, None, authority(&a[4])?))),
        ("genSignedCertWithKey", 6, |a| Ok((leaf_request(a)?, Some(string(&a[5])?), authority(&a[4])?))),
    ];
    for (name, count, read) in certificates {
        let shared = generator.clone();
        functions.add(name, move |args| {
            if args.len() != count {
                return Err(format!("wrong number of args for {name}: want {count} got {}", args.len()));
            }
            shared.certificate(name, read(args)?)
        });
    }
    functions.add("buildCustomCert", |args| {
        let [cert, key] = arguments::<2>("buildCustomCert", args)?;
        let (cert, key) = build_custom(&string(cert)?, &string(key)?)?;
        Ok(certificate_value(cert, key))
    });
}

/// What a certificate function's arguments ask for: the certificate, the key PEM given, the signer.
type CertificateParts = (CertificateRequest, Option<String>, Issuer);
type ReadArguments = fn(&[Value]) -> Result<CertificateParts, String>;

fn ca_request(cn: &Value, days: &Value) -> Result<CertificateRequest, String> {
    Ok(CertificateRequest::new(string(cn)?, Vec::new(), Vec::new(), integer(days)?, true))
}

/// CN, IPs, DNS names and days: the first four arguments of the leaf functions.
fn leaf_request(args: &[Value]) -> Result<CertificateRequest, String> {
    Ok(CertificateRequest::new(string(&args[0])?, ip_list(&args[1])?, dns_list(&args[2])?, integer(&args[3])?, false))
}

fn authority(ca: &Value) -> Result<Issuer, String> {
    let (cert, key) = certificate_fields(ca)?;
    Ok(Issuer::Authority { cert, key })
}

/// Sprig's `certificate` struct as templates use it: `.Cert` and `.Key`, PEM text.
fn certificate_value(cert: String, key: String) -> Value {
    Value::map(BTreeMap::from([("Cert".to_string(), Value::String(cert)), ("Key".to_string(), Value::String(key))]))
}

fn certificate_fields(value: &Value) -> Result<(String, String), String> {
    let field = |map: &tollgate_gotemplate::Map, name: &str| match map.get(name) {
        Some(Value::String(text)) => Some(text.clone()),
        _ => None,
    };
    if let Value::Map(map) = value {
        if let (Some(cert), Some(key)) = (field(map, "Cert"), field(map, "Key")) {
            return Ok((cert, key));
        }
    }
    Err(format!("wrong type for value; expected sprig.certificate; got {}", value.type_name()))
}

fn arguments<'a, const N: usize>(name: &str, args: &'a [Value]) -> Result<&'a [Value; N], String> {
    args.try_into().map_err(|_| format!("wrong number of args for {name}: want {N} got {}", args.len()))
}

fn string(value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        other => Err(format!("wrong type for value; expected string; got {}", other.type_name())),
    }
}

/// An `int` parameter: Go's text/template refuses floats and strings there.
fn integer(value: &Value) -> Result<i64, String> {
    match value {
        Value::Int(number) => Ok(*number),
        other if other.integer().is_some() => Err(crate::args_strings::not_an_int(other)),
        Value::String(text) => Err(format!("expected integer; found \"{text}\"")),
        other => Err(format!("expected integer; found {}", other.to_go_string())),
    }
}

fn string_items(value: &Value, error: &str) -> Result<Vec<String>, String> {
    match value {
        Value::Nil | Value::NoValue => Ok(Vec::new()),
        Value::List(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                other => Err(format!("{error}: {} is not a string", other.to_go_string())),
            })
            .collect(),
        other => Err(format!("wrong type for value; expected []interface {{}}; got {}", other.type_name())),
    }
}

fn ip_list(value: &Value) -> Result<Vec<std::net::IpAddr>, String> {
    string_items(value, "error parsing ip")?
        .into_iter()
        .map(|text| text.parse().map_err(|_| format!("error parsing ip: {text}")))
        .collect()
}

fn dns_list(value: &Value) -> Result<Vec<String>, String> {
    string_items(value, "error processing alternate dns name")
}

#[cfg(test)]
mod tests;
