//! X.509 certificates with Sprig's profile, signed with SHA-256 RSA.

use std::net::IpAddr;
use std::time::{Duration, UNIX_EPOCH};

use rand_core::RngCore;
use rsa::pkcs1v15::{Signature, SigningKey};
use rsa::RsaPrivateKey;
use sha2::Sha256;
use tollgate_gotemplate::time::Time;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::asn1::{Ia5String, OctetString, SetOfVec, Utf8StringRef};
use x509_cert::der::oid::db::rfc4519::COMMON_NAME;
use x509_cert::der::oid::db::rfc5280::{ID_CE_SUBJECT_KEY_IDENTIFIER, ID_KP_CLIENT_AUTH, ID_KP_SERVER_AUTH};
use x509_cert::der::oid::{AssociatedOid, ObjectIdentifier};
use x509_cert::der::referenced::OwnedToRef;
use x509_cert::der::{Any, DecodePem, Encode, EncodePem};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName,
    SubjectKeyIdentifier,
};
use x509_cert::ext::AsExtension;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time as CertificateTime, Validity};
use x509_cert::Certificate;

use super::keys;

/// What a generated certificate says.
pub struct CertificateRequest {
    common_name: String,
    ips: Vec<IpAddr>,
    dns_names: Vec<String>,
    days_valid: i64,
    is_ca: bool,
}

impl CertificateRequest {
    pub fn new(common_name: String, ips: Vec<IpAddr>, dns_names: Vec<String>, days_valid: i64, is_ca: bool) -> Self {
        CertificateRequest { common_name, ips, dns_names, days_valid, is_ca }
    }
}

/// Who signs: the new key itself, or a CA given as Sprig's `certificate` (PEM certificate and key).
pub enum Issuer {
    SelfSigned,
    Authority { cert: String, key: String },
}

/// A new RSA 2048 key and a certificate for it: both as PEM.
pub fn generate(
    seed: &str,
    function: &str,
    call: u64,
    now: &Time,
    request: &CertificateRequest,
    issuer: Issuer,
) -> Result<(String, String), String> {
    let key = keys::rsa_key(seed, function, call, 2048)?;
    let mut serial = [0u8; 16];
    keys::stream(seed, &format!("{function} serial"), call).fill_bytes(&mut serial);
    let spki = SubjectPublicKeyInfoOwned::from_key(key.to_public_key()).map_err(failed)?;
    let subject = common_name(&request.common_name)?;
    let validity = validity(now, request.days_valid)?;
    let serial = SerialNumber::new(&serial).map_err(failed)?;
    let (signer, authority) = match issuer {
        Issuer::SelfSigned => (SigningKey::<Sha256>::new((*key).clone()), None),
        Issuer::Authority { cert, key: ca_key } => {
            let ca = Certificate::from_pem(cert.as_bytes())
                .map_err(|error| format!("error parsing certificate: decodedSignerCert.Bytes: {error}"))?;
            (SigningKey::<Sha256>::new(keys::rsa_from_pem(&ca_key)?), Some(ca))
        }
    };
    let profile = Profile::Manual { issuer: authority.as_ref().map(|ca| ca.tbs_certificate.subject.clone()) };
    let mut builder =
        CertificateBuilder::new(profile, serial, validity, subject, spki.clone(), &signer).map_err(failed)?;
    add_extensions(&mut builder, request, &spki, authority.as_ref())?;
    let cert = builder.build::<Signature>().map_err(failed)?;
    let cert_pem = cert.to_pem(x509_cert::der::pem::LineEnding::LF).map_err(failed)?;
    Ok((cert_pem, keys::rsa_pem(&key)?))
}

fn failed(error: impl std::fmt::Display) -> String {
    format!("error creating certificate: {error}")
}

/// `CN=<name>` as Go writes it: PrintableString when the name allows, else UTF8String; no CN when empty.
fn common_name(name: &str) -> Result<Name, String> {
    if name.is_empty() {
        return Ok(RdnSequence::default());
    }
    let printable = name.chars().all(|c| c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(c));
    let value = if printable {
        Any::new(x509_cert::der::Tag::PrintableString, name.as_bytes()).map_err(failed)?
    } else {
        Any::from(Utf8StringRef::new(name).map_err(failed)?)
    };
    let attribute = x509_cert::attr::AttributeTypeAndValue { oid: COMMON_NAME, value };
    let rdn = RelativeDistinguishedName::from(SetOfVec::try_from(vec![attribute]).map_err(failed)?);
    Ok(RdnSequence::from(vec![rdn]))
}

/// From the render time for `days` days (Go's `time.Now().Add(24h * days)`).
fn validity(now: &Time, days: i64) -> Result<Validity, String> {
    let at = |seconds: i64| -> Result<CertificateTime, String> {
        let seconds = u64::try_from(seconds).map_err(|_| "error creating certificate: time before 1970".to_string())?;
        // The builder writes UTCTime for years before 2050, as RFC 5280 asks.
        CertificateTime::try_from(UNIX_EPOCH + Duration::from_secs(seconds)).map_err(failed)
    };
    let not_after = now.unix_seconds.saturating_add(days.saturating_mul(86_400));
    Ok(Validity { not_before: at(now.unix_seconds)?, not_after: at(not_after)? })
}

fn add_extensions(
    builder: &mut CertificateBuilder<'_, SigningKey<Sha256>>,
    request: &CertificateRequest,
    spki: &SubjectPublicKeyInfoOwned,
    authority: Option<&Certificate>,
) -> Result<(), String> {
    let mut usages = KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment;
    if request.is_ca {
        usages |= KeyUsages::KeyCertSign;
    }
    builder.add_extension(&KeyUsage(usages)).map_err(failed)?;
    let extended_usage = ExtendedKeyUsage(vec![ID_KP_SERVER_AUTH, ID_KP_CLIENT_AUTH]);
    builder.add_extension(&NonCritical(extended_usage)).map_err(failed)?;
    builder.add_extension(&BasicConstraints { ca: request.is_ca, path_len_constraint: None }).map_err(failed)?;
    if request.is_ca {
        let identifier = SubjectKeyIdentifier::try_from(spki.owned_to_ref()).map_err(failed)?;
        builder.add_extension(&identifier).map_err(failed)?;
    }
    if let Some(identifier) = authority.and_then(subject_key_identifier) {
        let authority = AuthorityKeyIdentifier { key_identifier: Some(identifier), ..Default::default() };
        builder.add_extension(&authority).map_err(failed)?;
    }
    let names = alternative_names(request)?;
    if !names.is_empty() {
        builder.add_extension(&SubjectAltName(names)).map_err(failed)?;
    }
    Ok(())
}

/// An extension marked non-critical, as Go marks extended key usage (x509-cert marks it critical).
struct NonCritical<T>(T);

impl<T: AssociatedOid> AssociatedOid for NonCritical<T> {
    const OID: ObjectIdentifier = T::OID;
}

impl<T: Encode> Encode for NonCritical<T> {
    fn encoded_len(&self) -> x509_cert::der::Result<x509_cert::der::Length> {
        self.0.encoded_len()
    }

    fn encode(&self, writer: &mut impl x509_cert::der::Writer) -> x509_cert::der::Result<()> {
        self.0.encode(writer)
    }
}

impl<T: AssociatedOid + Encode> AsExtension for NonCritical<T> {
    fn critical(&self, _subject: &Name, _extensions: &[x509_cert::ext::Extension]) -> bool {
        false
    }
}

fn alternative_names(request: &CertificateRequest) -> Result<Vec<GeneralName>, String> {
    let mut names = Vec::new();
    for name in &request.dns_names {
        names.push(GeneralName::DnsName(Ia5String::new(name).map_err(failed)?));
    }
    for ip in &request.ips {
        // Go writes an IPv4 address (also IPv4-mapped IPv6) in its four bytes.
        let bytes = match ip {
            IpAddr::V4(v4) => v4.octets().to_vec(),
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or_else(|| v6.octets().to_vec(), |v4| v4.octets().to_vec()),
        };
        names.push(GeneralName::IpAddress(OctetString::new(bytes).map_err(failed)?));
    }
    Ok(names)
}

fn subject_key_identifier(certificate: &Certificate) -> Option<OctetString> {
    let extensions = certificate.tbs_certificate.extensions.as_ref()?;
    let extension = extensions.iter().find(|e| e.extn_id == ID_CE_SUBJECT_KEY_IDENTIFIER)?;
    use x509_cert::der::Decode;
    SubjectKeyIdentifier::from_der(extension.extn_value.as_bytes()).ok().map(|identifier| identifier.0)
}

/// Sprig's `buildCustomCert`: base64 of a PEM certificate and of a PEM private key, each checked.
pub fn build_custom(cert_base64: &str, key_base64: &str) -> Result<(String, String), String> {
    use base64::Engine;
    let decode = |text: &str| base64::engine::general_purpose::STANDARD.decode(text.as_bytes()).ok();
    let cert = decode(cert_base64).ok_or("unable to decode base64 certificate")?;
    let key = decode(key_base64).ok_or("unable to decode base64 private key")?;
    let cert = String::from_utf8(cert).map_err(|_| "unable to decode certificate")?;
    if !cert.contains("-----BEGIN ") {
        return Err("unable to decode certificate".to_string());
    }
    Certificate::from_pem(cert.as_bytes()).map_err(|error| format!("error parsing certificate: {error}"))?;
    let key = String::from_utf8(key).map_err(|_| "unable to decode private key")?;
    check_private_key(&key)?;
    Ok((cert, key))
}

/// A private key PEM Sprig reads: PKCS #1 RSA, SEC 1 EC, or PKCS #8.
fn check_private_key(pem: &str) -> Result<(), String> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::pkcs8::DecodePrivateKey;
    let label = pem.lines().find_map(|line| line.strip_prefix("-----BEGIN ")).unwrap_or_default();
    let parsed = match label.trim_end_matches('-') {
        "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_pem(pem).is_ok(),
        "EC PRIVATE KEY" => p256::SecretKey::from_sec1_pem(pem).is_ok(),
        "PRIVATE KEY" => {
            RsaPrivateKey::from_pkcs8_pem(pem).is_ok()
                || p256::SecretKey::from_pkcs8_pem(pem).is_ok()
                || ed25519_dalek::SigningKey::from_pkcs8_pem(pem).is_ok()
        }
        _ => return Err("unable to decode private key".to_string()),
    };
    if parsed {
        return Ok(());
    }
    Err(format!("error parsing private key: invalid {}", label.trim_end_matches('-')))
}
