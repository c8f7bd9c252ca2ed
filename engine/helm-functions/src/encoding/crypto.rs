//! Sprig's password and cipher functions: `bcrypt`, `htpasswd` (bcrypt, cost 10, `$2a$`), `derivePassword`
//! (the Master Password algorithm, version 3) and `encryptAES`/`decryptAES` (AES-256-CBC with PKCS#7
//! padding, the IV first, base64). Salts and IVs come from the seeded stream instead of the system's
//! randomness, so output is stable per release; what they produce is recorded in [`Generated`].

use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use hmac::Mac;
use tollgate_gotemplate::{Functions, Value};

use super::{base64_decode, base64_encode};
use crate::args_strings::{arity, int, string};
use crate::random::Stream;
use crate::Generated;

const BCRYPT_COST: u32 = 10;
const AES_BLOCK: usize = 16;

pub fn register(functions: &mut Functions, seed: &str, generated: &Generated) {
    let (stream, recorder) = (Stream::new(seed, "bcrypt"), generated.clone());
    functions.add("bcrypt", move |args| {
        arity("bcrypt", args, 1)?;
        Ok(Value::String(recorded(&recorder, bcrypt(&stream, string(args, 0)?))))
    });
    let (stream, recorder) = (Stream::new(seed, "htpasswd"), generated.clone());
    functions.add("htpasswd", move |args| {
        arity("htpasswd", args, 2)?;
        let (user, password) = (string(args, 0)?, string(args, 1)?);
        if user.contains(':') {
            return Ok(Value::String(format!("invalid username: {user}")));
        }
        Ok(Value::String(recorded(&recorder, format!("{user}:{}", bcrypt(&stream, password)))))
    });
    let (stream, recorder) = (Stream::new(seed, "encryptAES"), generated.clone());
    functions.add("encryptAES", move |args| {
        arity("encryptAES", args, 2)?;
        let (password, plaintext) = (string(args, 0)?, string(args, 1)?);
        Ok(Value::String(recorded(&recorder, encrypt_aes(&stream, password, plaintext))))
    });
    functions.add("decryptAES", |args| {
        arity("decryptAES", args, 2)?;
        decrypt_aes(string(args, 0)?, string(args, 1)?).map(Value::String)
    });
    functions.add("derivePassword", |args| {
        arity("derivePassword", args, 5)?;
        let counter = int(args, 0)?;
        let counter = u32::try_from(counter).map_err(|_| format!("expected unsigned integer; found {counter}"))?;
        let texts = (string(args, 1)?, string(args, 2)?, string(args, 3)?, string(args, 4)?);
        Ok(Value::String(derive_password(counter, texts.0, texts.1, texts.2, texts.3)))
    });
}

fn recorded(generated: &Generated, value: String) -> String {
    if !value.is_empty() {
        generated.record(&value);
    }
    value
}

/// Go's bcrypt refuses passwords over 72 bytes; Sprig returns the error as the text.
fn bcrypt(stream: &Stream, password: &str) -> String {
    if password.len() > 72 {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes".to_string();
    }
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&stream.bytes(16));
    match bcrypt::hash_with_salt(password, BCRYPT_COST, salt) {
        Ok(parts) => parts.format_for_version(bcrypt::Version::TwoA),
        Err(error) => format!("failed to encrypt string with bcrypt: {error}"),
    }
}

/// The password padded (or cut) to a 32-byte AES-256 key, as Sprig copies it.
fn aes_key(password: &str) -> [u8; 32] {
    let mut key = [0u8; 32];
    let bytes = password.as_bytes();
    let length = bytes.len().min(32);
    key[..length].copy_from_slice(&bytes[..length]);
    key
}

/// Sprig's `encryptAES`: empty for an empty text, else base64 of IV and ciphertext.
fn encrypt_aes(stream: &Stream, password: &str, plaintext: &str) -> String {
    if plaintext.is_empty() {
        return String::new();
    }
    let mut iv = [0u8; AES_BLOCK];
    iv.copy_from_slice(&stream.bytes(AES_BLOCK));
    let padding = AES_BLOCK - plaintext.len() % AES_BLOCK;
    let mut content = plaintext.as_bytes().to_vec();
    content.extend(std::iter::repeat_n(padding as u8, padding));
    let encryptor = cbc::Encryptor::<aes::Aes256>::new(&aes_key(password).into(), &iv.into());
    let length = content.len();
    // The content is a whole number of blocks, so no padding is asked of the cipher.
    let ciphertext = encryptor.encrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut content, length);
    let mut out = iv.to_vec();
    out.extend_from_slice(ciphertext.unwrap_or_default());
    base64_encode(&out)
}

/// Sprig's `decryptAES`, with Go's runtime errors where Sprig does not check its input.
fn decrypt_aes(password: &str, encoded: &str) -> Result<String, String> {
    let crypt = base64_decode(encoded).map_err(|offset| format!("illegal base64 data at input byte {offset}"))?;
    if crypt.len() < AES_BLOCK {
        return Err(format!("runtime error: slice bounds out of range [:{AES_BLOCK}] with capacity {}", crypt.len()));
    }
    let (iv, body) = crypt.split_at(AES_BLOCK);
    if body.len() % AES_BLOCK != 0 {
        return Err("crypto/cipher: input not full blocks".to_string());
    }
    let mut decrypted = body.to_vec();
    let iv: [u8; AES_BLOCK] = iv.try_into().map_err(|_| "crypto/cipher: IV length must equal block size")?;
    let decryptor = cbc::Decryptor::<aes::Aes256>::new(&aes_key(password).into(), &iv.into());
    let plain = decryptor
        .decrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut decrypted)
        .map_err(|_| "crypto/cipher: input not full blocks".to_string())?
        .to_vec();
    let Some(last) = plain.last() else {
        return Err("runtime error: index out of range [-1]".to_string());
    };
    let end = plain.len() as i64 - i64::from(*last);
    if end < 0 {
        return Err(format!("runtime error: slice bounds out of range [:{end}]"));
    }
    Ok(String::from_utf8_lossy(&plain[..end as usize]).into_owned())
}

/// The Master Password algorithm's templates per password type, and its characters per template letter
/// (from the algorithm's specification, version 3, as Sprig uses them).
fn password_templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn template_characters(letter: u8) -> &'static [u8] {
    match letter {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

const MASTER_PASSWORD_SCOPE: &[u8] = b"com.lyndir.masterpassword";

/// `scope`, the length of `text` (32-bit big-endian) and `text`.
fn scoped(text: &str) -> Vec<u8> {
    let mut bytes = MASTER_PASSWORD_SCOPE.to_vec();
    bytes.extend_from_slice(&(text.len() as u32).to_be_bytes());
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// The Master Password site password: an scrypt key of the master password and user, an HMAC-SHA256
/// seed of the site and counter, and characters picked by the seed from the type's template.
fn derive_password(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    let Some(templates) = password_templates(kind) else {
        return format!("cannot find password template {kind}");
    };
    let mut key = [0u8; 64];
    let derived = scrypt::Params::new(15, 8, 2, 64).map_err(|error| error.to_string()).and_then(|params| {
        scrypt::scrypt(password.as_bytes(), &scoped(user), &params, &mut key).map_err(|e| e.to_string())
    });
    if let Err(error) = derived {
        return format!("failed to derive password: {error}");
    }
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key) else {
        return "failed to derive password: invalid key".to_string();
    };
    let mut message = scoped(site);
    message.extend_from_slice(&counter.to_be_bytes());
    mac.update(&message);
    let seed = mac.finalize().into_bytes();
    let template = templates[usize::from(seed[0]) % templates.len()];
    template
        .bytes()
        .enumerate()
        .map(|(i, letter)| {
            let characters = template_characters(letter);
            char::from(characters[usize::from(seed[i + 1]) % characters.len()])
        })
        .collect()
}
