//! Sprig's random functions, deterministic: `randAlphaNum`, `randAlpha`, `randNumeric`, `randAscii`,
//! `randBytes`, `randInt`, `uuidv4` and `shuffle` draw from a stream of bytes derived from the release's
//! seed and the function's name, so the same seed and template render the same output (and another seed
//! another one). Every value they produce is recorded in [`Generated`].

use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use tollgate_gotemplate::{Functions, Value};

use crate::args_strings::{arity, int, string, MAX_REPEAT_BYTES};
use crate::encoding::base64_encode;
use crate::Generated;

/// A deterministic byte stream: SHA-256 blocks of (purpose, seed, block number), used in call order.
#[derive(Clone)]
pub struct Stream {
    key: Arc<Vec<u8>>,
    state: Arc<Mutex<StreamState>>,
}

#[derive(Default)]
struct StreamState {
    block: u64,
    pending: Vec<u8>,
}

impl Stream {
    /// The stream for `purpose` (a function name) under `seed`.
    pub fn new(seed: &str, purpose: &str) -> Self {
        let mut key = Vec::with_capacity(purpose.len() + seed.len() + 1);
        key.extend_from_slice(purpose.as_bytes());
        key.push(0);
        key.extend_from_slice(seed.as_bytes());
        Stream { key: Arc::new(key), state: Arc::new(Mutex::new(StreamState::default())) }
    }

    /// The next `count` bytes.
    pub fn bytes(&self, count: usize) -> Vec<u8> {
        let mut state = match self.state.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        };
        while state.pending.len() < count {
            let mut hasher = Sha256::new();
            hasher.update(self.key.as_slice());
            hasher.update(state.block.to_be_bytes());
            state.block += 1;
            let block = hasher.finalize();
            state.pending.extend_from_slice(&block);
        }
        state.pending.drain(..count).collect()
    }

    /// A uniform number in `0..bound` (`bound > 0`), by rejection so that no value is favoured.
    pub fn below(&self, bound: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let mut word = [0u8; 8];
            word.copy_from_slice(&self.bytes(8));
            let value = u64::from_be_bytes(word);
            if value < zone {
                return value % bound;
            }
        }
    }
}

const ALPHA: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const NUMERIC: &str = "0123456789";

pub fn register(functions: &mut Functions, seed: &str, generated: &Generated) {
    let alphanumeric = format!("{ALPHA}{NUMERIC}");
    let ascii: String = (' '..='~').collect();
    for (name, alphabet) in [
        ("randAlphaNum", alphanumeric),
        ("randAlpha", ALPHA.to_string()),
        ("randNumeric", NUMERIC.to_string()),
        ("randAscii", ascii),
    ] {
        let (stream, generated) = (Stream::new(seed, name), generated.clone());
        let alphabet: Vec<char> = alphabet.chars().collect();
        functions.add(name, move |args| {
            arity(name, args, 1)?;
            let text = random_text(&stream, &alphabet, int(args, 0)?)?;
            Ok(Value::String(recorded(&generated, text)))
        });
    }
    let (stream, recorder) = (Stream::new(seed, "randBytes"), generated.clone());
    functions.add("randBytes", move |args| {
        arity("randBytes", args, 1)?;
        let count = usize::try_from(int(args, 0)?).map_err(|_| "runtime error: makeslice: len out of range")?;
        // Bytes below 0x80: our strings are UTF-8 where Go's are bytes, so only these decode (`b64dec`)
        // back to one byte each and `randBytes 9 | b64dec | len` is 9, as in Helm.
        let bytes: Vec<u8> = stream.bytes(bounded(count)?).iter().map(|byte| byte & 0x7F).collect();
        Ok(Value::String(recorded(&recorder, base64_encode(&bytes))))
    });
    let (stream, recorder) = (Stream::new(seed, "randInt"), generated.clone());
    functions.add("randInt", move |args| {
        arity("randInt", args, 2)?;
        let (min, max) = (int(args, 0)?, int(args, 1)?);
        let span = max.checked_sub(min).filter(|span| *span > 0).ok_or("invalid argument to Intn")?;
        let value = min + stream.below(span as u64) as i64;
        recorder.record(&value.to_string());
        Ok(Value::Int(value))
    });
    let (stream, recorder) = (Stream::new(seed, "uuidv4"), generated.clone());
    functions.add("uuidv4", move |args| {
        arity("uuidv4", args, 0)?;
        Ok(Value::String(recorded(&recorder, uuid_v4(&stream.bytes(16)))))
    });
    let (stream, recorder) = (Stream::new(seed, "shuffle"), generated.clone());
    functions.add("shuffle", move |args| {
        arity("shuffle", args, 1)?;
        Ok(Value::String(recorded(&recorder, shuffle(&stream, string(args, 0)?))))
    });
}

fn recorded(generated: &Generated, value: String) -> String {
    if !value.is_empty() {
        generated.record(&value);
    }
    value
}

fn bounded(count: usize) -> Result<usize, String> {
    if count > MAX_REPEAT_BYTES {
        return Err(format!("cannot generate {count} random characters: more than {MAX_REPEAT_BYTES}"));
    }
    Ok(count)
}

/// `count` characters of `alphabet`; a negative count is empty, as Sprig drops goutils' error.
fn random_text(stream: &Stream, alphabet: &[char], count: i64) -> Result<String, String> {
    let Ok(count) = usize::try_from(count) else {
        return Ok(String::new());
    };
    let count = bounded(count)?;
    Ok((0..count).map(|_| alphabet[stream.below(alphabet.len() as u64) as usize]).collect())
}

/// RFC 4122 version 4: random bits with the version and variant set.
fn uuid_v4(random: &[u8]) -> String {
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&random[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = crate::encoding::hex(&bytes);
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// xstrings' `Shuffle`: the characters in a random order (Fisher-Yates).
fn shuffle(stream: &Stream, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for i in (1..chars.len()).rev() {
        let j = stream.below(i as u64 + 1) as usize;
        chars.swap(i, j);
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests;
