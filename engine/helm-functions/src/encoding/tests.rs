use crate::args_strings::tests::{assert_renders, render, render_with_seed};

// Expected outputs are what `helm template` (Helm 4.1.4) printed for each template.

#[test]
fn b64enc_as_helm_prints() {
    assert_renders(&[
        ("{{ b64enc \"hello world\" }}", "aGVsbG8gd29ybGQ="),
        ("{{ b64enc .Values.n }}", "ERR expected string"),
        ("{{ b64enc \"\" }}", ""),
        ("{{ b64enc \"ab\" }}", "YWI="),
        ("{{ b64enc \"é\\u0000\" }}", "w6kA"),
    ]);
}

#[test]
fn b64dec_as_helm_prints() {
    assert_renders(&[
        ("{{ b64dec \"aGVsbG8gd29ybGQ=\" }}", "hello world"),
        ("{{ b64dec \"aGVsbG8gd29ybGQ\" }}", "illegal base64 data at input byte 12"),
        ("{{ b64dec \"a\" }}", "illegal base64 data at input byte 0"),
        ("{{ b64dec \"ab!c\" }}", "illegal base64 data at input byte 2"),
        ("{{ b64dec \"aGVsbG8=x\" }}", "illegal base64 data at input byte 8"),
        ("{{ b64dec \"aGVs\\nbG8=\" }}", "hello"),
        ("{{ b64dec \"aGVsbG9=\" }}", "hello"),
        ("{{ b64dec \"aGVsbA==\" }}", "hell"),
        ("{{ b64dec \"aGVsbA=\" }}", "illegal base64 data at input byte 7"),
        ("{{ b64dec \"\" }}", ""),
        ("{{ b64dec \"/w==\" }}", "�"),
        ("{{ b64dec \"aGVsbA\\n==\" }}", "hell"),
        ("{{ b64dec \"aGVsbA=\\n=\" }}", "hell"),
        ("{{ b64dec \"aGVsbA==\\n\" }}", "hell"),
        ("{{ b64dec \"aGVsbA==\\nx\" }}", "illegal base64 data at input byte 9"),
        ("{{ b64dec \"aGVsb===\" }}", "illegal base64 data at input byte 5"),
        ("{{ b64dec \"a===\" }}", "illegal base64 data at input byte 1"),
        ("{{ b64dec \"=\" }}", "illegal base64 data at input byte 0"),
        ("{{ b64dec \"aGVs=\" }}", "illegal base64 data at input byte 4"),
        ("{{ b64dec \"aGVsbA=x\" }}", "illegal base64 data at input byte 6"),
        ("{{ b64dec .Values.s }}", "illegal base64 data at input byte 4"),
    ]);
}

#[test]
fn b32enc_as_helm_prints() {
    assert_renders(&[
        ("{{ b32enc \"hello\" }}", "NBSWY3DP"),
        ("{{ b32enc \"\" }}", ""),
        ("{{ b32enc \"a\" }}", "ME======"),
        ("{{ b32enc \"hello!!\" }}", "NBSWY3DPEEQQ===="),
    ]);
}

#[test]
fn b32dec_as_helm_prints() {
    assert_renders(&[
        ("{{ b32dec \"NBSWY3DP\" }}", "hello"),
        ("{{ b32dec \"NBSWY3D\" }}", "illegal base32 data at input byte 0"),
        ("{{ b32dec \"nbswy3dp\" }}", "illegal base32 data at input byte 0"),
        ("{{ b32dec \"NBSWY3DPEE======\" }}", "hello!"),
        ("{{ b32dec \"NBSWY3DP========\" }}", "illegal base32 data at input byte 8"),
        ("{{ b32dec \"NB======\" }}", "h"),
        ("{{ b32dec \"N=======\" }}", "illegal base32 data at input byte 1"),
        ("{{ b32dec \"NBS=====\" }}", "illegal base32 data at input byte 3"),
        ("{{ b32dec \"NBSWY3DPE\" }}", "illegal base32 data at input byte 8"),
        ("{{ b32dec \"NBSW Y3DP\" }}", "illegal base32 data at input byte 4"),
        ("{{ b32dec \"NBSW\\nY3DP\" }}", "hello"),
        ("{{ b32dec \"NBSWY3DPEE=====\" }}", "illegal base32 data at input byte 15"),
        ("{{ b32dec \"NBSWY3DPEE==A===\" }}", "illegal base32 data at input byte 11"),
        ("{{ b32dec \"\" }}", ""),
    ]);
}

#[test]
fn sha1sum_as_helm_prints() {
    assert_renders(&[
        ("{{ sha1sum \"abc\" }}", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("{{ sha1sum \"\" }}", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
    ]);
}

#[test]
fn sha256sum_as_helm_prints() {
    assert_renders(&[
        ("{{ sha256sum \"abc\" }}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("{{ sha256sum \"é\" }}", "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"),
    ]);
}

#[test]
fn sha512sum_as_helm_prints() {
    assert_renders(&[
        ("{{ sha512sum \"abc\" }}", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
    ]);
}

#[test]
fn adler32sum_as_helm_prints() {
    assert_renders(&[
        ("{{ adler32sum \"abc\" }}", "38600999"),
        ("{{ adler32sum \"\" }}", "1"),
        ("{{ adler32sum \"Wikipedia\" }}", "300286872"),
        ("{{ adler32sum \"héllo wörld, a longer text to add up\" }}", "966070008"),
    ]);
}
/// Helm's own outputs, to check ours against: bcrypt hashes of `pass`, and `encryptAES` ciphertexts.
const HELM_BCRYPT_OF_PASS: &str = "$2a$10$89IO3Fob5mVNImelW8bPw.Uz73NcUDwAH8cCyt1trd6SrmwW7dR32";
const HELM_HTPASSWD: &str = "user:$2a$10$IeMFpGB955yJluDSahsJ3O33kMd..YXFj7r.sAZ4eMzeGbqfuvot6";

#[test]
fn derive_password_as_helm_prints() {
    assert_renders(&[
        ("{{ derivePassword 1 \"long\" \"password\" \"user\" \"example.com\" }}", "ZedaFaxcZaso9*"),
        ("{{ derivePassword 1 \"maximum\" \"password\" \"user\" \"example.com\" }}", "pf4zS1LjCg&LjhsZ7T2~"),
        ("{{ derivePassword 2 \"basic\" \"pw\" \"u\" \"s\" }}", "Sf91Kda0"),
        ("{{ derivePassword 1 \"nope\" \"password\" \"user\" \"example.com\" }}", "cannot find password template nope"),
    ]);
}

#[test]
fn decrypt_aes_reads_what_helm_encrypted() {
    assert_renders(&[
        ("{{ decryptAES \"secretkey\" \"Hw/JTJSDSUZDKOD0qgzCu0nfvwaLtX8JkpdyYY5cZtI=\" }}", "plaintext"),
        (
            "{{ decryptAES \"0123456789012345678901234567890123456789\" \"7TBq+KmHKNe3aTSB3jKx2sT7WKpsmAcUl/aaIfF2goU=\" }}",
            "x",
        ),
        ("{{ encryptAES \"secretkey\" \"\" }}", ""),
        ("{{ decryptAES \"secretkey\" \"!!\" }}", "ERR illegal base64 data at input byte 0"),
        ("{{ decryptAES \"secretkey\" \"AAAA\" }}", "ERR runtime error: slice bounds out of range [:16] with capacity 3"),
        (
            "{{ decryptAES \"secretkey\" \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\" }}",
            "ERR runtime error: slice bounds out of range [:-200]",
        ),
        ("{{ decryptAES \"secretkey\" \"AAAAAAAAAAAAAAAAAAAAAA==\" }}", "ERR runtime error: index out of range [-1]"),
        ("{{ decryptAES \"k\" \"AAAAAAAAAAAAAAAAAAAAAAAAAAA=\" }}", "ERR crypto/cipher: input not full blocks"),
    ]);
}

#[test]
fn encrypt_aes_round_trips_with_a_fresh_iv_per_call() {
    let output = render("{{ encryptAES \"key\" \"some text\" }} {{ encryptAES \"key\" \"some text\" }}").unwrap();
    let (first, second) = output.split_once(' ').unwrap();
    assert_ne!(first, second);
    for ciphertext in [first, second] {
        assert_eq!(render(&format!("{{{{ decryptAES \"key\" \"{ciphertext}\" }}}}")).unwrap(), "some text");
    }
}

#[test]
fn bcrypt_and_htpasswd_hash_as_go_does() {
    assert!(bcrypt::verify("pass", HELM_BCRYPT_OF_PASS).unwrap(), "Helm's hash verifies with the same algorithm");
    let hash = render("{{ bcrypt \"pass\" }}").unwrap();
    assert!(hash.starts_with("$2a$10$") && hash.len() == 60, "{hash}");
    assert!(bcrypt::verify("pass", &hash).unwrap());
    let (user, hash) = HELM_HTPASSWD.split_once(':').unwrap();
    assert!(bcrypt::verify("pass", hash).unwrap());
    let ours = render("{{ htpasswd \"user\" \"pass\" }}").unwrap();
    let (our_user, our_hash) = ours.split_once(':').unwrap();
    assert_eq!(our_user, user);
    assert!(our_hash.starts_with("$2a$10$") && bcrypt::verify("pass", our_hash).unwrap(), "{ours}");
    assert_renders(&[
        ("{{ htpasswd \"u:x\" \"p\" }}", "invalid username: u:x"),
        ("{{ htpasswd \"user\" \"pass\" \"sha\" }}", "ERR wrong number of args for htpasswd: want 2 got 3"),
        (
            "{{ bcrypt \"0123456789012345678901234567890123456789012345678901234567890123456789012345\" }}",
            "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes",
        ),
    ]);
}

#[test]
fn salts_and_ivs_follow_the_seed_and_are_recorded() {
    let template = "{{ bcrypt \"p\" }} {{ htpasswd \"u\" \"p\" }} {{ encryptAES \"k\" \"t\" }}";
    let first = render_with_seed("a", template).unwrap();
    assert_eq!(render_with_seed("a", template).unwrap(), first);
    let other = render_with_seed("b", template).unwrap();
    for (a, b) in first.split(' ').zip(other.split(' ')) {
        assert_ne!(a, b);
    }
    let (functions, generated) = crate::functions("a");
    let mut set = tollgate_gotemplate::Templates::with_functions(functions);
    set.parse("t", template).unwrap();
    let output = set.execute("t", &tollgate_gotemplate::Value::Nil).unwrap();
    assert_eq!(output, first);
    for value in output.split(' ') {
        assert!(generated.contains(value), "{value} not in {:?}", generated.values());
    }
}

// Generated inputs with what Helm printed for each.

#[test]
fn b64dec_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ b64dec \"1b=CA/aBC\" }}", "illegal base64 data at input byte 2"),
        ("{{ b64dec \"ACab\\n\" }}", "\u{0}&�"),
        ("{{ b64dec \"/ab+/\" }}", "illegal base64 data at input byte 4"),
        ("{{ b64dec \"b0A\" }}", "illegal base64 data at input byte 0"),
        ("{{ b64dec \"AAA//\" }}", "illegal base64 data at input byte 4"),
        ("{{ b64dec \"/+a+\" }}", "��"),
        ("{{ b64dec \"\\n\\n\" }}", ""),
        ("{{ b64dec \"\\n+/1/ba\" }}", "illegal base64 data at input byte 5"),
        ("{{ b64dec \"0a\\nC\" }}", "illegal base64 data at input byte 1"),
        ("{{ b64dec \"0ACAB\\nb\" }}", "illegal base64 data at input byte 5"),
        ("{{ b64dec \"CAB\\n1/\\n\" }}", "illegal base64 data at input byte 6"),
        ("{{ b64dec \"=abA+\" }}", "illegal base64 data at input byte 0"),
    ]);
}

#[test]
fn b32dec_of_generated_inputs_as_helm_prints() {
    assert_renders(&[
        ("{{ b32dec \"CY=AY2\" }}", "illegal base32 data at input byte 6"),
        ("{{ b32dec \"\\n2XAYX2CA27\" }}", "illegal base32 data at input byte 8"),
        ("{{ b32dec \"=Y\\n\" }}", "illegal base32 data at input byte 0"),
        ("{{ b32dec \"X\\nABYBC\" }}", "illegal base32 data at input byte 0"),
        ("{{ b32dec \"A7AYYXB\\nC72=C\" }}", "illegal base32 data at input byte 12"),
        ("{{ b32dec \"CA\\n7\\nC\\n\\nAX\" }}", "illegal base32 data at input byte 0"),
        ("{{ b32dec \"AAC\" }}", "illegal base32 data at input byte 0"),
        ("{{ b32dec \"B7=\\nAA\\nX=YA=\" }}", "illegal base32 data at input byte 2"),
        ("{{ b32dec \"\\n\\nB\" }}", "illegal base32 data at input byte 0"),
        ("{{ b32dec \"B=YBYXXX==7B=YAXB\" }}", "illegal base32 data at input byte 1"),
        ("{{ b32dec \"2YYCA\" }}", "illegal base32 data at input byte 0"),
        ("{{ b32dec \"A=YBX=Y\\nY===B\\nXY\" }}", "illegal base32 data at input byte 1"),
    ]);
}
