//! X.509 certificates with Sprig's profile, signed with SHA-256 RSA.

use std::net::IpAddr;
use std::time::{Duration, UNIX_EPOCH};

use rand_core::RngCore;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{Keypair, Signer};
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
use x509_cert::spki::{
    DynSignatureAlgorithmIdentifier, EncodePublicKey, SignatureBitStringEncoding, SubjectPublicKeyInfoOwned,
};
use x509_cert::time::{Time as CertificateTime, Validity};
use x509_cert::Certificate;

use super::keys::{self, PrivateKey};

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

/// A certificate for the given key (`gen*WithKey`) or a new RSA 2048 one: both as PEM.
pub fn generate(
    seed: &str,
    function: &str,
    call: u64,
    now: &Time,
    request: &CertificateRequest,
    given_key: Option<&str>,
    issuer: Issuer,
) -> Result<(String, String), String> {
    let key_pem = match given_key {
        Some(pem) => pem.to_string(),
        None => {
            let key = keys::rsa_key(seed, function, call, 2048)
                .map_err(|error| format!("error generating rsa key: {error}"))?;
            keys::rsa_pem(&key)?
        }
    };
    let parse = |pem: &str| PrivateKey::from_pem(pem).map_err(|error| format!("parsing private key: {error}"));
    let subject_key = parse(&key_pem)?;
    let mut serial = [0u8; 16];
    keys::stream(seed, &format!("{function} serial"), call).fill_bytes(&mut serial);
    let (signer_key, authority) = match issuer {
        Issuer::SelfSigned => (None, None),
        Issuer::Authority { cert, key } => {
            let ca = Certificate::from_pem(cert.as_bytes())
                .map_err(|error| format!("error parsing certificate: decodedSignerCert.Bytes: {error}"))?;
            (Some(parse(&key)?), Some(ca))
        }
    };
    let draft = Draft {
        profile: Profile::Manual { issuer: authority.as_ref().map(|ca| ca.tbs_certificate.subject.clone()) },
        serial: SerialNumber::new(&serial).map_err(failed)?,
        validity: validity(now, request.days_valid)?,
        subject: common_name(&request.common_name)?,
        public_key: subject_key.public_key_info()?,
        request,
        authority: authority.as_ref(),
    };
    let cert = draft.sign(signer_key.as_ref().unwrap_or(&subject_key))?;
    let cert_pem = cert.to_pem(x509_cert::der::pem::LineEnding::LF).map_err(failed)?;
    Ok((cert_pem, key_pem))
}

/// A certificate's content before it is signed.
struct Draft<'a> {
    profile: Profile,
    serial: SerialNumber,
    validity: Validity,
    subject: Name,
    public_key: SubjectPublicKeyInfoOwned,
    request: &'a CertificateRequest,
    authority: Option<&'a Certificate>,
}

impl Draft<'_> {
    /// Signed as Go signs with each kind of key: SHA-256 RSA PKCS #1 v1.5, SHA-256 ECDSA, Ed25519.
    fn sign(self, key: &PrivateKey) -> Result<Certificate, String> {
        match key {
            PrivateKey::Rsa(key) => {
                self.sign_with::<_, rsa::pkcs1v15::Signature>(&SigningKey::<Sha256>::new((**key).clone()))
            }
            PrivateKey::Ecdsa(key) => self.sign_with::<_, p256::ecdsa::DerSignature>(key),
            PrivateKey::Ed25519(key) => self.sign_with::<_, Ed25519Signature>(&Ed25519Signer(key)),
            PrivateKey::Dsa => Err(keys::NOT_A_SIGNER.to_string()),
        }
    }

    fn sign_with<S, Sig>(self, signer: &S) -> Result<Certificate, String>
    where
        S: Keypair + DynSignatureAlgorithmIdentifier + Signer<Sig>,
        S::VerifyingKey: EncodePublicKey,
        Sig: SignatureBitStringEncoding,
    {
        let public_key = self.public_key.clone();
        let mut builder =
            CertificateBuilder::new(self.profile, self.serial, self.validity, self.subject, self.public_key, signer)
                .map_err(failed)?;
        add_extensions(&mut builder, self.request, &public_key, self.authority)?;
        builder.build::<Sig>().map_err(failed)
    }
}

/// Ed25519 for the certificate builder: RustCrypto's Ed25519 signature lacks the bit-string encoding
/// the builder asks of a signature, so it is wrapped here.
struct Ed25519Signer<'a>(&'a ed25519_dalek::SigningKey);

struct Ed25519Signature(ed25519_dalek::Signature);

impl Keypair for Ed25519Signer<'_> {
    type VerifyingKey = ed25519_dalek::VerifyingKey;

    fn verifying_key(&self) -> Self::VerifyingKey {
        self.0.verifying_key()
    }
}

impl DynSignatureAlgorithmIdentifier for Ed25519Signer<'_> {
    fn signature_algorithm_identifier(&self) -> x509_cert::spki::Result<x509_cert::spki::AlgorithmIdentifierOwned> {
        self.0.signature_algorithm_identifier()
    }
}

impl Signer<Ed25519Signature> for Ed25519Signer<'_> {
    fn try_sign(&self, message: &[u8]) -> Result<Ed25519Signature, rsa::signature::Error> {
        self.0.try_sign(message).map(Ed25519Signature)
    }
}

impl SignatureBitStringEncoding for Ed25519Signature {
    fn to_bitstring(&self) -> x509_cert::der::Result<x509_cert::der::asn1::BitString> {
        x509_cert::der::asn1::BitString::from_bytes(&self.0.to_bytes())
    }
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

fn add_extensions<S>(
    builder: &mut CertificateBuilder<'_, S>,
    request: &CertificateRequest,
    spki: &SubjectPublicKeyInfoOwned,
    authority: Option<&Certificate>,
) -> Result<(), String>
where
    S: Keypair + DynSignatureAlgorithmIdentifier,
    S::VerifyingKey: EncodePublicKey,
{
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
    let key = String::from_utf8(key).map_err(|_| "error parsing private key: no PEM data in input")?;
    PrivateKey::from_pem(&key).map_err(|error| format!("error parsing private key: {error}"))?;
    Ok((cert, key))
}
