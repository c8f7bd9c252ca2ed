//! Generated keys and certificates are checked by structure (helm 4.1.4's are random): PEM labels as
//! Helm prints them, and certificates parsed back with the fields and signatures Sprig gives them.

use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use sha2::Sha256;
use tollgate_gotemplate::time::Time;
use tollgate_gotemplate::{Templates, Value};
use x509_cert::der::{Decode, DecodePem, Encode};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages, SubjectAltName};
use x509_cert::Certificate;

use crate::{functions_with, Generated, Options};

/// 2026-12-06 13:52:36 UTC.
const NOW: i64 = 1_796_565_156;

fn render_with(seed: &str, template: &str) -> Result<(String, Generated), String> {
    let (mut functions, generated) = functions_with(&Options { seed: seed.to_string(), now: Time::utc(NOW, 0) });
    add_collection_stand_ins(&mut functions);
    let mut set = Templates::with_functions(functions);
    set.parse("t", template).map_err(|e| e.to_string())?;
    let out = set.execute("t", &Value::Nil).map_err(|e| e.to_string())?;
    Ok((out, generated))
}

/// `list` and `dict` belong to another module of this crate; until it is there, tests build their
/// arguments with these.
fn add_collection_stand_ins(functions: &mut tollgate_gotemplate::Functions) {
    if !functions.contains("list") {
        functions.add("list", |args| Ok(Value::list(args.to_vec())));
    }
    if !functions.contains("dict") {
        functions.add("dict", |_| Ok(Value::map(Default::default())));
    }
}

fn render(template: &str) -> String {
    render_with("release-a", template).unwrap_or_else(|e| panic!("{template}: {e}")).0
}

/// `CERT|KEY` from a template printing `{{ $x.Cert }}|{{ $x.Key }}`.
fn parts(text: &str) -> (Certificate, RsaPrivateKey) {
    let (cert, key) = text.split_once('|').expect("cert|key");
    (
        Certificate::from_pem(cert.as_bytes()).expect("a PEM certificate"),
        RsaPrivateKey::from_pkcs1_pem(key).expect("an RSA key"),
    )
}

fn extension<'a, T: Decode<'a>>(cert: &'a Certificate, oid: x509_cert::der::oid::ObjectIdentifier) -> Option<T> {
    let extensions = cert.tbs_certificate.extensions.as_ref()?;
    let found = extensions.iter().find(|e| e.extn_id == oid)?;
    T::from_der(found.extn_value.as_bytes()).ok()
}

fn verifies(cert: &Certificate, signer: &RsaPrivateKey) -> bool {
    let tbs = cert.tbs_certificate.to_der().expect("tbs encodes");
    let signature = Signature::try_from(cert.signature.raw_bytes()).expect("a signature");
    VerifyingKey::<Sha256>::new(signer.to_public_key()).verify(&tbs, &signature).is_ok()
}

fn seconds(time: x509_cert::time::Time) -> u64 {
    time.to_unix_duration().as_secs()
}

#[test]
fn gen_ca_is_a_self_signed_ca_for_its_rsa_key() {
    let (ca, key) = parts(&render("{{ $ca := genCA \"my-ca\" 365 }}{{ $ca.Cert }}|{{ $ca.Key }}"));
    let tbs = &ca.tbs_certificate;
    assert_eq!(tbs.subject.to_string(), "CN=my-ca");
    assert_eq!(tbs.issuer.to_string(), "CN=my-ca");
    assert_eq!(seconds(tbs.validity.not_before), NOW as u64);
    assert_eq!(seconds(tbs.validity.not_after), NOW as u64 + 365 * 86_400);
    assert_eq!(key.size() * 8, 2048);
    let constraints: BasicConstraints =
        extension(&ca, x509_cert::der::oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS).unwrap();
    assert!(constraints.ca);
    let usage: KeyUsage = extension(&ca, x509_cert::der::oid::db::rfc5280::ID_CE_KEY_USAGE).unwrap();
    assert_eq!(usage.0, KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment | KeyUsages::KeyCertSign);
    assert!(verifies(&ca, &key), "signed by its own key");
    assert!(tbs.serial_number.as_bytes().len() >= 15, "a 128-bit serial");
}

#[test]
fn gen_signed_cert_is_signed_by_the_ca_for_its_names() {
    let template = "{{ $ca := genCA \"my-ca\" 365 }}{{ $c := genSignedCert \"svc.example\" (list \"10.0.0.1\" \"::1\") (list \"a.example\" \"b.example\") 30 $ca }}{{ $c.Cert }}|{{ $c.Key }}#{{ $ca.Cert }}|{{ $ca.Key }}";
    let text = render(template);
    let (leaf, ca) = text.split_once('#').unwrap();
    let ((leaf, leaf_key), (ca, ca_key)) = (parts(leaf), parts(ca));
    assert_eq!(leaf.tbs_certificate.subject.to_string(), "CN=svc.example");
    assert_eq!(leaf.tbs_certificate.issuer, ca.tbs_certificate.subject);
    assert_eq!(seconds(leaf.tbs_certificate.validity.not_after), NOW as u64 + 30 * 86_400);
    assert!(verifies(&leaf, &ca_key), "signed by the CA");
    assert!(!verifies(&leaf, &leaf_key));
    let names: SubjectAltName = extension(&leaf, x509_cert::der::oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME).unwrap();
    let printed: Vec<String> = names
        .0
        .iter()
        .map(|name| match name {
            GeneralName::DnsName(dns) => dns.to_string(),
            GeneralName::IpAddress(ip) => format!("{:?}", ip.as_bytes()),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        printed,
        ["a.example", "b.example", "[10, 0, 0, 1]", "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]"]
    );
    let constraints: BasicConstraints =
        extension(&leaf, x509_cert::der::oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS).unwrap();
    assert!(!constraints.ca);
    assert!(extension::<x509_cert::ext::pkix::AuthorityKeyIdentifier>(
        &leaf,
        x509_cert::der::oid::db::rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER
    )
    .is_some());
}

#[test]
fn gen_self_signed_cert_names_itself() {
    let (cert, key) = parts(&render(
        "{{ $c := genSelfSignedCert \"self\" (list \"127.0.0.1\") (list \"localhost\") 10 }}{{ $c.Cert }}|{{ $c.Key }}",
    ));
    assert_eq!(cert.tbs_certificate.subject.to_string(), "CN=self");
    assert_eq!(cert.tbs_certificate.issuer.to_string(), "CN=self");
    assert!(verifies(&cert, &key));
    let usage: KeyUsage = extension(&cert, x509_cert::der::oid::db::rfc5280::ID_CE_KEY_USAGE).unwrap();
    assert_eq!(usage.0, KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment);
    let extensions = cert.tbs_certificate.extensions.as_ref().unwrap();
    let critical: Vec<bool> = extensions.iter().map(|e| e.critical).collect();
    assert_eq!(critical, [true, false, true, false], "key usage, extended key usage, basic constraints, names");
}

#[test]
fn generation_is_deterministic_per_seed_distinct_per_call_and_recorded() {
    let template = "{{ (genCA \"a\" 1).Cert }}{{ (genCA \"a\" 1).Cert }}";
    let (first, generated) = render_with("release-a", template).unwrap();
    let (again, _) = render_with("release-a", template).unwrap();
    let (other, _) = render_with("release-b", template).unwrap();
    assert_eq!(first, again);
    assert_ne!(first, other);
    let certificates: Vec<&str> = first.split_inclusive("-----END CERTIFICATE-----\n").collect();
    assert_eq!(certificates.len(), 2);
    assert_ne!(certificates[0], certificates[1], "two calls, two CAs");
    assert!(certificates.iter().all(|cert| generated.contains(cert)));
    assert_eq!(generated.values().len(), 4, "two certificates and two keys");
}

#[test]
fn gen_private_key_gives_each_kind_in_sprigs_pem_form() {
    let first_line =
        |kind: &str| render(&format!("{{{{ genPrivateKey \"{kind}\" }}}}")).lines().next().unwrap_or("").to_string();
    assert_eq!(first_line("ecdsa"), "-----BEGIN EC PRIVATE KEY-----");
    assert_eq!(first_line("ed25519"), "-----BEGIN PRIVATE KEY-----");
    assert_eq!(render("{{ genPrivateKey \"foo\" }}"), "Unknown type foo");
    let ecdsa = render("{{ genPrivateKey \"ecdsa\" }}");
    assert!(p256::SecretKey::from_sec1_pem(&ecdsa).is_ok());
    let body: String = ecdsa.lines().filter(|line| !line.starts_with("-----")).collect();
    let der = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.decode(body).unwrap()
    };
    let prime256v1 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    assert!(der.windows(10).any(|window| window == prime256v1), "names its curve, as Go and OpenSSL need");
    let ed25519 = render("{{ genPrivateKey \"ed25519\" }}");
    assert!(<ed25519_dalek::SigningKey as ed25519_dalek::pkcs8::DecodePrivateKey>::from_pkcs8_pem(&ed25519).is_ok());
}

#[test]
fn gen_private_key_rsa_and_dsa() {
    let rsa = render("{{ genPrivateKey \"rsa\" }}");
    assert_eq!(RsaPrivateKey::from_pkcs1_pem(&rsa).map(|key| key.size() * 8), Ok(4096));
    let dsa = render("{{ genPrivateKey \"dsa\" }}");
    assert!(dsa.starts_with("-----BEGIN DSA PRIVATE KEY-----\n"), "{dsa}");
    assert!(dsa.len() > 1000, "a 2048-bit key: {dsa}");
}

#[test]
fn build_custom_cert_takes_base64_pem_and_checks_it() {
    use base64::Engine;
    let text = render("{{ $ca := genCA \"x\" 1 }}{{ $ca.Cert }}|{{ $ca.Key }}");
    let (cert, key) = text.split_once('|').unwrap();
    let encode = |t: &str| base64::engine::general_purpose::STANDARD.encode(t);
    let template = format!(
        "{{{{ $c := buildCustomCert \"{}\" \"{}\" }}}}{{{{ $c.Cert }}}}|{{{{ $c.Key }}}}",
        encode(cert),
        encode(key)
    );
    let (built, generated) = render_with("s", &template).unwrap();
    assert_eq!(built, text);
    assert!(generated.values().is_empty(), "the user's certificate is not generated data");
    let error = render_with("s", "{{ buildCustomCert \"!!\" \"b\" }}").unwrap_err();
    assert!(error.ends_with("error calling buildCustomCert: unable to decode base64 certificate"), "{error}");
    let error = render_with("s", "{{ buildCustomCert \"YQ==\" \"YQ==\" }}").unwrap_err();
    assert!(error.ends_with("error calling buildCustomCert: unable to decode certificate"), "{error}");
    let error = render_with("s", &format!("{{{{ buildCustomCert \"{}\" \"YQ==\" }}}}", encode(cert))).unwrap_err();
    assert!(
        error.ends_with("error calling buildCustomCert: error parsing private key: no PEM data in input"),
        "{error}"
    );
}

#[test]
fn argument_errors_are_worded_as_helm_shows_them() {
    let cases = [
        (
            "{{ genSelfSignedCert \"x\" (list \"bad\") nil 10 }}",
            "error calling genSelfSignedCert: error parsing ip: bad",
        ),
        ("{{ genSelfSignedCert \"x\" (list 1) nil 10 }}", "error parsing ip: 1 is not a string"),
        ("{{ genSelfSignedCert \"x\" nil (list 1) 10 }}", "error processing alternate dns name: 1 is not a string"),
        ("{{ genSelfSignedCert \"x\" nil nil 1.5 }}", "expected integer; found 1.5"),
        ("{{ genCA \"x\" \"10\" }}", "expected integer; found \"10\""),
        ("{{ genSignedCert \"x\" nil nil 10 (dict) }}", "expected sprig.certificate"),
    ];
    for (template, expected) in cases {
        let error = render_with("s", template).unwrap_err();
        assert!(error.contains(expected), "{template}: {error}");
    }
}

/// The certificate's signature algorithm OID, as text.
fn signature_algorithm(cert: &Certificate) -> String {
    cert.signature_algorithm.oid.to_string()
}

#[test]
fn with_key_functions_certify_the_given_key_and_sign_with_its_kind() {
    use p256::ecdsa::signature::Verifier as _;
    let template = "{{ $k := genPrivateKey \"ecdsa\" }}{{ $ca := genCAWithKey \"c\" 3 $k }}{{ eq $ca.Key $k }}|{{ $ca.Cert }}|{{ $k }}";
    let text = render(template);
    let [same, cert, key] = text.splitn(3, '|').collect::<Vec<_>>()[..] else { panic!("{text}") };
    assert_eq!(same, "true", "the key given is the key returned");
    let cert = Certificate::from_pem(cert.as_bytes()).unwrap();
    assert_eq!(signature_algorithm(&cert), "1.2.840.10045.4.3.2", "ecdsa-with-SHA256, as helm 4.1.4 signs");
    let key: p256::ecdsa::SigningKey = p256::SecretKey::from_sec1_pem(key).unwrap().into();
    let tbs = cert.tbs_certificate.to_der().unwrap();
    let signature = p256::ecdsa::DerSignature::try_from(cert.signature.raw_bytes()).unwrap();
    assert!(key.verifying_key().verify(&tbs, &signature).is_ok());

    let template = "{{ $ca := genCAWithKey \"c\" 3 (genPrivateKey \"ed25519\") }}{{ $leaf := genSignedCertWithKey \"l\" nil (list \"x.example\") 5 $ca (genPrivateKey \"ecdsa\") }}{{ $leaf.Cert }}|{{ $ca.Cert }}";
    let text = render(template);
    let (leaf, ca) = text.split_once('|').unwrap();
    let (leaf, ca) = (Certificate::from_pem(leaf.as_bytes()).unwrap(), Certificate::from_pem(ca.as_bytes()).unwrap());
    assert_eq!(signature_algorithm(&ca), "1.3.101.112", "Ed25519");
    assert_eq!(signature_algorithm(&leaf), "1.3.101.112", "signed by the Ed25519 CA");
    assert_eq!(
        leaf.tbs_certificate.subject_public_key_info.algorithm.oid.to_string(),
        "1.2.840.10045.2.1",
        "an EC key"
    );
    let ca_key = ed25519_dalek::VerifyingKey::try_from(
        ca.tbs_certificate.subject_public_key_info.subject_public_key.raw_bytes(),
    )
    .unwrap();
    let signature = ed25519_dalek::Signature::from_slice(leaf.signature.raw_bytes()).unwrap();
    assert!(ca_key.verify_strict(&leaf.tbs_certificate.to_der().unwrap(), &signature).is_ok());

    // An RSA key given: genCA's, so the test generates no second RSA key.
    let template = "{{ $k := (genCA \"c\" 1).Key }}{{ (genSelfSignedCertWithKey \"s\" nil nil 5 $k).Cert }}";
    let (self_signed, generated) = render_with("release-a", template).unwrap();
    assert_eq!(signature_algorithm(&Certificate::from_pem(self_signed.as_bytes()).unwrap()), "1.2.840.113549.1.1.11");
    assert_eq!(generated.values().len(), 3, "the CA, its key, and the certificate for that key");
}

#[test]
fn with_key_errors_are_worded_as_helm_shows_them() {
    let cases = [
        (
            "{{ genCAWithKey \"x\" 10 (genPrivateKey \"dsa\") }}",
            "error calling genCAWithKey: error creating certificate: x509: certificate private key does not implement crypto.Signer",
        ),
        ("{{ genCAWithKey \"x\" 10 \"garbage\" }}", "error calling genCAWithKey: parsing private key: no PEM data in input"),
        (
            "{{ genSelfSignedCertWithKey \"x\" nil nil 10 \"-----BEGIN RSA PRIVATE KEY-----\\nAAAA\\n-----END RSA PRIVATE KEY-----\\n\" }}",
            "error calling genSelfSignedCertWithKey: parsing private key: parsing RSA private key from PEM: ",
        ),
        ("{{ genCAWithKey \"x\" 10 }}", "wrong number of args for genCAWithKey: want 3 got 2"),
    ];
    for (template, expected) in cases {
        let error = render_with("s", template).unwrap_err();
        assert!(error.contains(expected), "{template}: {error}");
    }
}
