//! `textencodebase64` and `textdecodebase64`: text in a named character encoding, as Base64.
//! UTF-8, UTF-16 (big-endian with byte-order mark), UTF-16BE, UTF-16LE, ISO-8859-1 and US-ASCII
//! are computed; other encodings Terraform knows give an unknown result rather than a guess.

use crate::encoding::{base64_decode, base64_encode};
use crate::support::text;
use crate::{param, Ctx, FunctionError, Spec, P};
use tollgate_model::{UnknownReason, Value};

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("textencodebase64", &[param("string", P::String), param("encoding", P::String)], encode),
    Spec::new("textdecodebase64", &[param("source", P::String), param("encoding", P::String)], decode),
];

#[derive(Clone, Copy, PartialEq)]
enum Encoding {
    Utf8,
    Utf16Bom,
    Utf16Be,
    Utf16Le,
    Latin1,
    Ascii,
}

impl Encoding {
    fn named(name: &str) -> Option<(Encoding, &'static str)> {
        Some(match name.to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" | "csutf8" => (Encoding::Utf8, "UTF-8"),
            "utf-16" | "csutf16" => (Encoding::Utf16Bom, "UTF-16"),
            "utf-16be" | "csutf16be" => (Encoding::Utf16Be, "UTF-16BE"),
            "utf-16le" | "csutf16le" => (Encoding::Utf16Le, "UTF-16LE"),
            "iso-8859-1" | "iso_8859-1" | "iso_8859-1:1987" | "iso-ir-100" | "latin1" | "l1" | "ibm819" | "cp819"
            | "csisolatin1" => (Encoding::Latin1, "ISO-8859-1"),
            "us-ascii" | "ascii" | "us" | "ansi_x3.4-1968" | "iso646-us" | "csascii" => (Encoding::Ascii, "US-ASCII"),
            _ => return None,
        })
    }
}

fn unsupported(ctx: &Ctx, name: &str) -> Value {
    Value::unknown(UnknownReason::Expression, format!("{}(..., {name:?})", ctx.name), ctx.span)
}

fn encode(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let (s, name) = (text(&args[0]), text(&args[1]));
    let Some((encoding, canonical)) = Encoding::named(name) else {
        return Ok(unsupported(ctx, name));
    };
    let unrepresentable =
        || ctx.arg_fail(0, format!("the given string contains characters that cannot be represented in {canonical}"));
    let bytes: Vec<u8> = match encoding {
        Encoding::Utf8 => s.as_bytes().to_vec(),
        Encoding::Utf16Bom => [0xfe, 0xff].into_iter().chain(s.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
        Encoding::Utf16Be => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        Encoding::Utf16Le => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        Encoding::Latin1 => {
            s.chars().map(|c| u8::try_from(c as u32).map_err(|_| unrepresentable())).collect::<Result<_, _>>()?
        }
        Encoding::Ascii => s
            .chars()
            .map(|c| if c.is_ascii() { Ok(c as u8) } else { Err(unrepresentable()) })
            .collect::<Result<_, _>>()?,
    };
    Ok(ctx.string(base64_encode(&bytes)))
}

fn decode(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let (source, name) = (text(&args[0]), text(&args[1]));
    let Some((encoding, canonical)) = Encoding::named(name) else {
        return Ok(unsupported(ctx, name));
    };
    let bytes = base64_decode(source).ok_or_else(|| ctx.arg_fail(0, "the given value has an invalid base64 symbol"))?;
    let undefined =
        || ctx.arg_fail(0, format!("the given string contains symbols that are not defined for {canonical}"));
    let utf16 = |bytes: &[u8], big_endian: bool| -> Result<String, FunctionError> {
        if !bytes.len().is_multiple_of(2) {
            return Err(undefined());
        }
        let units = bytes.chunks(2).map(|p| {
            if big_endian {
                u16::from_be_bytes([p[0], p[1]])
            } else {
                u16::from_le_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| undefined())
    };
    let decoded = match encoding {
        Encoding::Utf8 => String::from_utf8(bytes).map_err(|_| undefined())?,
        Encoding::Utf16Be => utf16(&bytes, true)?,
        Encoding::Utf16Le => utf16(&bytes, false)?,
        Encoding::Utf16Bom => match bytes.as_slice() {
            [0xff, 0xfe, rest @ ..] => utf16(rest, false)?,
            [0xfe, 0xff, rest @ ..] => utf16(rest, true)?,
            other => utf16(other, true)?,
        },
        Encoding::Latin1 => bytes.iter().map(|b| *b as char).collect(),
        Encoding::Ascii if bytes.is_ascii() => bytes.iter().map(|b| *b as char).collect(),
        Encoding::Ascii => return Err(undefined()),
    };
    Ok(ctx.string(decoded))
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn encodings() {
        assert_eq!(ok("textencodebase64", vec![s("hello"), s("UTF-16LE")]), s("aABlAGwAbABvAA=="));
        assert_eq!(ok("textencodebase64", vec![s("hé"), s("UTF-16")]), s("/v8AaADp"));
        assert_eq!(ok("textencodebase64", vec![s("hé"), s("utf-16be")]), s("AGgA6Q=="));
        assert_eq!(ok("textencodebase64", vec![s("a🙂"), s("UTF-16LE")]), s("YQA92ELe"));
        assert_eq!(ok("textencodebase64", vec![s("hé"), s("latin1")]), s("aOk="));
        assert!(
            err("textencodebase64", vec![s("hé€"), s("ISO-8859-1")]).contains("cannot be represented in ISO-8859-1")
        );
        assert!(ok("textencodebase64", vec![s("x"), s("windows-1252")]).is_unknown());
        assert_eq!(ok("textdecodebase64", vec![s("aABlAGwAbABvAA=="), s("UTF-16LE")]), s("hello"));
        assert_eq!(ok("textdecodebase64", vec![s("6Q=="), s("ISO-8859-1")]), s("é"));
        assert!(err("textdecodebase64", vec![s("aABl"), s("UTF-16LE")]).contains("not defined for UTF-16LE"));
        assert!(err("textdecodebase64", vec![s("/w=="), s("UTF-8")]).contains("not defined for UTF-8"));
    }
}
