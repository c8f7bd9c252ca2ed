//! Deterministic key material: a ChaCha20 stream per (render seed, function, call number), and the
//! keys drawn from it, cached for the process so re-rendering a release does not regenerate RSA keys
//! (slow in unoptimised builds).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::LineEnding;
use rsa::RsaPrivateKey;
use sha2::{Digest, Sha256};

/// A ChaCha20 stream for one generating call: `seed`, the function's name and its call number.
pub fn stream(seed: &str, function: &str, call: u64) -> ChaCha20Rng {
    let mut hasher = Sha256::new();
    for part in [seed.as_bytes(), function.as_bytes(), &call.to_be_bytes()] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part);
    }
    ChaCha20Rng::from_seed(hasher.finalize().into())
}

type RsaCache = Mutex<HashMap<(String, String, u64, usize), Arc<RsaPrivateKey>>>;
static RSA_KEYS: LazyLock<RsaCache> = LazyLock::new(Mutex::default);

/// The RSA key of `bits` for this call, generated once per process.
pub fn rsa_key(seed: &str, function: &str, call: u64, bits: usize) -> Result<Arc<RsaPrivateKey>, String> {
    let id = (seed.to_string(), function.to_string(), call, bits);
    if let Some(key) = RSA_KEYS.lock().ok().and_then(|keys| keys.get(&id).cloned()) {
        return Ok(key);
    }
    let key = RsaPrivateKey::new(&mut stream(seed, function, call), bits).map_err(|error| error.to_string())?;
    let key = Arc::new(key);
    if let Ok(mut keys) = RSA_KEYS.lock() {
        keys.insert(id, key.clone());
    }
    Ok(key)
}

/// `RSA PRIVATE KEY` (PKCS #1), as Go's `x509.MarshalPKCS1PrivateKey` in a PEM block.
pub fn rsa_pem(key: &RsaPrivateKey) -> Result<String, String> {
    key.to_pkcs1_pem(LineEnding::LF).map(|pem| pem.to_string()).map_err(|error| error.to_string())
}

/// Sprig's `genPrivateKey` for `kind`: `rsa` (4096 bits, `RSA PRIVATE KEY`), `ecdsa` (P-256,
/// `EC PRIVATE KEY`), `ed25519` (`PRIVATE KEY`, PKCS #8), `dsa` (L2048 N256, `DSA PRIVATE KEY`).
/// `None` for another kind (Sprig then returns `Unknown type KIND`).
pub fn private_key_pem(kind: &str, seed: &str, call: u64) -> Option<Result<String, String>> {
    const FUNCTION: &str = "genPrivateKey";
    let pem = match kind {
        "" | "rsa" => rsa_key(seed, &format!("{FUNCTION} rsa"), call, 4096).and_then(|key| rsa_pem(&key)),
        "ecdsa" => ecdsa_pem(&mut stream(seed, &format!("{FUNCTION} ecdsa"), call)),
        "ed25519" => ed25519_pem(&mut stream(seed, &format!("{FUNCTION} ed25519"), call)),
        "dsa" => dsa_pem(&mut stream(seed, &format!("{FUNCTION} dsa"), call)),
        _ => return None,
    };
    Some(pem.map_err(|error| format!("failed to generate private key: {error}")))
}

/// SEC 1 with the named curve and the public point, as Go's `x509.MarshalECPrivateKey` writes it (OpenSSL
/// and Go need the curve to read the key back).
fn ecdsa_pem(rng: &mut ChaCha20Rng) -> Result<String, String> {
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    const PRIME256V1: [u8; 8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    let key = p256::SecretKey::random(rng);
    let point = key.public_key().to_encoded_point(false);
    let body = [
        der_element(0x02, &[1]),
        der_element(0x04, &key.to_bytes()),
        der_element(0xA0, &der_element(0x06, &PRIME256V1)),
        der_element(0xA1, &der_element(0x03, &[&[0u8][..], point.as_bytes()].concat())),
    ]
    .concat();
    Ok(pem_block("EC PRIVATE KEY", &der_element(0x30, &body)))
}

/// PKCS #8 version 1 (the seed only), as Go's `x509.MarshalPKCS8PrivateKey` writes an Ed25519 key.
fn ed25519_pem(rng: &mut ChaCha20Rng) -> Result<String, String> {
    use ed25519_dalek::pkcs8::{EncodePrivateKey, KeypairBytes};
    let key = ed25519_dalek::SigningKey::generate(rng);
    let bytes = KeypairBytes { secret_key: key.to_bytes(), public_key: None };
    bytes.to_pkcs8_pem(LineEnding::LF).map(|pem| pem.to_string()).map_err(|error| error.to_string())
}

/// OpenSSL's DSA key: `SEQUENCE { 0, p, q, g, y, x }` in a `DSA PRIVATE KEY` block, as Go's Sprig writes it.
fn dsa_pem(rng: &mut ChaCha20Rng) -> Result<String, String> {
    let components = dsa::Components::generate(rng, dsa::KeySize::DSA_2048_256);
    let key = dsa::SigningKey::generate(rng, components);
    let public = key.verifying_key();
    let parts = [
        vec![0u8],
        public.components().p().to_bytes_be(),
        public.components().q().to_bytes_be(),
        public.components().g().to_bytes_be(),
        public.y().to_bytes_be(),
        key.x().to_bytes_be(),
    ];
    let body: Vec<u8> = parts.iter().flat_map(|bytes| der_element(0x02, &unsigned_integer(bytes))).collect();
    Ok(pem_block("DSA PRIVATE KEY", &der_element(0x30, &body)))
}

/// A non-negative DER INTEGER's content: no redundant leading zeros, one added before a high bit.
fn unsigned_integer(bytes: &[u8]) -> Vec<u8> {
    let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    match trimmed.first() {
        None => vec![0],
        Some(first) if first & 0x80 != 0 => [vec![0], trimmed].concat(),
        Some(_) => trimmed,
    }
}

fn der_element(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let length = content.len();
    if length < 0x80 {
        out.push(length as u8);
    } else {
        let length_bytes: Vec<u8> = length.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
        out.push(0x80 | length_bytes.len() as u8);
        out.extend(length_bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A PEM block with 64-column base64 lines, as Go's `pem.EncodeToMemory`.
pub fn pem_block(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in encoded.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// A private key a certificate can be made for or signed with (`gen*WithKey`, a CA's key).
pub enum PrivateKey {
    Rsa(Box<RsaPrivateKey>),
    Ecdsa(p256::ecdsa::SigningKey),
    Ed25519(Box<ed25519_dalek::SigningKey>),
    /// Readable, but Go cannot sign certificates with it.
    Dsa,
}

impl PrivateKey {
    /// The PEM forms Sprig reads: PKCS #1 RSA, SEC 1 EC, PKCS #8 (RSA, EC, Ed25519), and DSA. Errors are
    /// Go's, without the prefix each caller puts before them.
    pub fn from_pem(pem: &str) -> Result<PrivateKey, String> {
        use ed25519_dalek::pkcs8::DecodePrivateKey as _;
        let label =
            pem.lines().find_map(|line| line.strip_prefix("-----BEGIN ")).map(|rest| rest.trim_end_matches('-'));
        let error = |kind: &str, error: &dyn std::fmt::Display| format!("parsing {kind} from PEM: {error}");
        match label {
            None => Err("no PEM data in input".to_string()),
            Some("RSA PRIVATE KEY") => RsaPrivateKey::from_pkcs1_pem(pem)
                .map(|key| PrivateKey::Rsa(Box::new(key)))
                .map_err(|e| error("RSA private key", &e)),
            Some("EC PRIVATE KEY") => p256::SecretKey::from_sec1_pem(pem)
                .map(|key| PrivateKey::Ecdsa(key.into()))
                .map_err(|e| error("EC private key", &e)),
            Some("DSA PRIVATE KEY") => Ok(PrivateKey::Dsa),
            Some("PRIVATE KEY") => {
                if let Ok(key) = RsaPrivateKey::from_pkcs8_pem(pem) {
                    return Ok(PrivateKey::Rsa(Box::new(key)));
                }
                if let Ok(key) = p256::SecretKey::from_pkcs8_pem(pem) {
                    return Ok(PrivateKey::Ecdsa(key.into()));
                }
                ed25519_dalek::SigningKey::from_pkcs8_pem(pem)
                    .map(|key| PrivateKey::Ed25519(Box::new(key)))
                    .map_err(|e| error("PKCS #8 private key", &e))
            }
            Some(other) => Err(format!("unsupported key type {other:?}")),
        }
    }

    /// The public key as a certificate carries it.
    pub fn public_key_info(&self) -> Result<x509_cert::spki::SubjectPublicKeyInfoOwned, String> {
        use x509_cert::spki::SubjectPublicKeyInfoOwned as Info;
        let info = match self {
            PrivateKey::Rsa(key) => Info::from_key(key.to_public_key()),
            PrivateKey::Ecdsa(key) => Info::from_key(*key.verifying_key()),
            PrivateKey::Ed25519(key) => Info::from_key(key.verifying_key()),
            PrivateKey::Dsa => return Err(NOT_A_SIGNER.to_string()),
        };
        info.map_err(|error| format!("error creating certificate: {error}"))
    }
}

/// Go's refusal to make or sign a certificate with a DSA key.
pub const NOT_A_SIGNER: &str =
    "error creating certificate: x509: certificate private key does not implement crypto.Signer";
