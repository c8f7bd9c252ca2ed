//! Sprig's encodings and hashes: `b64enc`/`b64dec`, `b32enc`/`b32dec` (Go's standard padded alphabets;
//! a bad input decodes to Go's error text, as Sprig returns it instead of failing), `sha1sum`,
//! `sha256sum`, `sha512sum` (hex) and `adler32sum` (decimal); passwords and ciphers in [`crypto`].

mod crypto;

pub use crypto::register as register_crypto;

use sha1::Digest;
use tollgate_gotemplate::Functions;

use crate::args_strings::add_unary;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

pub fn register(functions: &mut Functions) {
    add_unary(functions, "b64enc", |s| base64_encode(s.as_bytes()));
    add_unary(functions, "b64dec", |s| decoded_or_error(base64_decode(s), "base64"));
    add_unary(functions, "b32enc", |s| base32_encode(s.as_bytes()));
    add_unary(functions, "b32dec", |s| decoded_or_error(base32_decode(s), "base32"));
    add_unary(functions, "sha1sum", |s| hex(&sha1::Sha1::digest(s.as_bytes())));
    add_unary(functions, "sha256sum", |s| hex(&sha2::Sha256::digest(s.as_bytes())));
    add_unary(functions, "sha512sum", |s| hex(&sha2::Sha512::digest(s.as_bytes())));
    add_unary(functions, "adler32sum", |s| adler32(s.as_bytes()).to_string());
}

/// Decoded bytes as text (invalid UTF-8 shown as U+FFFD), or Go's `illegal <kind> data at input byte N`.
fn decoded_or_error(decoded: Result<Vec<u8>, usize>, kind: &str) -> String {
    match decoded {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(offset) => format!("illegal {kind} data at input byte {offset}"),
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn adler32(bytes: &[u8]) -> u32 {
    const MODULUS: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    for byte in bytes {
        a = (a + u32::from(*byte)) % MODULUS;
        b = (b + a) % MODULUS;
    }
    (b << 16) | a
}

/// Standard base64 with `=` padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    encode_groups(bytes, BASE64, 3, 4)
}

fn base32_encode(bytes: &[u8]) -> String {
    encode_groups(bytes, BASE32, 5, 8)
}

/// Encodes `in_bytes`-byte groups into `out_chars` characters of `alphabet.len()` bits each, padding the
/// last group with `=`.
fn encode_groups(bytes: &[u8], alphabet: &[u8], in_bytes: usize, out_chars: usize) -> String {
    let bits = alphabet.len().trailing_zeros() as usize;
    let mut out = String::with_capacity(bytes.len().div_ceil(in_bytes) * out_chars);
    for group in bytes.chunks(in_bytes) {
        let mut value: u64 = 0;
        for i in 0..in_bytes {
            value = (value << 8) | u64::from(group.get(i).copied().unwrap_or(0));
        }
        let used = (group.len() * 8).div_ceil(bits);
        for i in 0..out_chars {
            if i < used {
                let shift = in_bytes * 8 - (i + 1) * bits;
                out.push(char::from(alphabet[((value >> shift) & ((1 << bits) - 1)) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn alphabet_value(alphabet: &[u8], byte: u8) -> Option<u8> {
    alphabet.iter().position(|c| *c == byte).map(|index| index as u8)
}

/// Go's `base64.StdEncoding.DecodeString`: newlines skipped, padding required, the offset of the first
/// bad byte as the error.
pub fn base64_decode(s: &str) -> Result<Vec<u8>, usize> {
    let src = s.as_bytes();
    let is_newline = |b: u8| b == b'\n' || b == b'\r';
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut at = 0;
    loop {
        let mut quantum = [0u8; 4];
        let mut filled = 0;
        while filled < 4 {
            if at == src.len() {
                if filled == 0 {
                    return Ok(out);
                }
                return Err(at - filled);
            }
            let byte = src[at];
            at += 1;
            if let Some(value) = alphabet_value(BASE64, byte) {
                quantum[filled] = value;
                filled += 1;
                continue;
            }
            if is_newline(byte) {
                continue;
            }
            if byte != b'=' || filled < 2 {
                return Err(at - 1);
            }
            base64_padding_end(src, at, filled)?;
            push_quantum(&mut out, &quantum, filled);
            return Ok(out);
        }
        push_quantum(&mut out, &quantum, 4);
    }
}

/// After a first `=` ending a quantum of `filled` characters: the second `=` when two are due, then
/// nothing but newlines.
fn base64_padding_end(src: &[u8], mut at: usize, filled: usize) -> Result<(), usize> {
    let skip_newlines = |mut at: usize| {
        while at < src.len() && (src[at] == b'\n' || src[at] == b'\r') {
            at += 1;
        }
        at
    };
    if filled == 2 {
        at = skip_newlines(at);
        if at == src.len() {
            return Err(src.len());
        }
        if src[at] != b'=' {
            return Err(at - 1);
        }
        at += 1;
    }
    at = skip_newlines(at);
    if at < src.len() {
        return Err(at);
    }
    Ok(())
}

/// The bytes of a quantum of 6-bit values, `filled` of which are set.
fn push_quantum(out: &mut Vec<u8>, quantum: &[u8; 4], filled: usize) {
    let value = quantum.iter().fold(0u32, |value, six| (value << 6) | u32::from(*six));
    let bytes = value.to_be_bytes();
    out.extend_from_slice(&bytes[1..filled]);
}

/// Go's `base32.StdEncoding.DecodeString`: newlines removed first, padding required, the offset of the
/// first bad byte as the error.
fn base32_decode(s: &str) -> Result<Vec<u8>, usize> {
    let src: Vec<u8> = s.bytes().filter(|b| *b != b'\n' && *b != b'\r').collect();
    let mut out = Vec::with_capacity(src.len() / 8 * 5);
    let mut at = 0;
    while at < src.len() {
        let mut quantum = [0u8; 8];
        let mut filled = 0;
        let mut padded = false;
        while filled < 8 {
            if at == src.len() {
                return Err(at - filled);
            }
            let byte = src[at];
            at += 1;
            let remaining = src.len() - at;
            if byte == b'=' && filled >= 2 && remaining < 8 {
                check_base32_padding(&src, at, filled)?;
                padded = true;
                break;
            }
            quantum[filled] = alphabet_value(BASE32, byte).ok_or(at - 1)?;
            filled += 1;
        }
        let value = quantum.iter().fold(0u64, |value, five| (value << 5) | u64::from(*five));
        let bytes = value.to_be_bytes();
        let length = [0, 0, 1, 0, 2, 3, 0, 4, 5][filled];
        out.extend_from_slice(&bytes[3..3 + length]);
        if padded {
            break;
        }
    }
    Ok(out)
}

/// The padding after a first `=` that ends a quantum of `filled` characters (`at` is just past it).
fn check_base32_padding(src: &[u8], at: usize, filled: usize) -> Result<(), usize> {
    let remaining = src.len() - at;
    if remaining + filled < 7 {
        return Err(src.len());
    }
    for k in 0..7 - filled {
        if remaining > k && src[at + k] != b'=' {
            return Err(at + k - 1);
        }
    }
    // 1, 3 and 6 characters cannot end a quantum (RFC 4648, section 6).
    if matches!(filled, 1 | 3 | 6) {
        return Err(at - 1);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
