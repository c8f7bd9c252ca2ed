//! goutils' byte-counting layout functions: `wrap`, `wrapWith`, `abbrev`, `abbrevboth`.

use tollgate_gotemplate::{Functions, Value};

use crate::args_strings::{add_int_string, arity, int, string};

pub fn register(functions: &mut Functions) {
    add_int_string(functions, "wrap", |width, s| Ok(wrap(s, width, "\n", false)));
    functions.add("wrapWith", |args| {
        arity("wrapWith", args, 3)?;
        Ok(Value::String(wrap(string(args, 2)?, int(args, 0)?, string(args, 1)?, true)))
    });
    add_int_string(functions, "abbrev", |width, s| Ok(if width < 4 { s.to_string() } else { abbreviate(s, 0, width) }));
    functions.add("abbrevboth", |args| {
        arity("abbrevboth", args, 3)?;
        let (left, right, s) = (int(args, 0)?, int(args, 1)?, string(args, 2)?);
        let unchanged = right < 4 || (left > 0 && right < 7);
        Ok(Value::String(if unchanged { s.to_string() } else { abbreviate(s, left, right) }))
    });
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// goutils' `WrapCustom`: breaks at the last space within `width` bytes; a longer word is cut at `width`
/// when `cut_long_words`, else kept whole up to the next space. Spaces at a line's start are dropped.
fn wrap(s: &str, width: i64, newline: &str, cut_long_words: bool) -> String {
    let newline = if newline.is_empty() { "\n" } else { newline };
    let width = usize::try_from(width).unwrap_or(0).max(1);
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut offset = 0;
    while bytes.len() - offset > width {
        if bytes[offset] == b' ' {
            offset += 1;
            continue;
        }
        let window = &bytes[offset..offset + width + 1];
        if let Some(space) = window.iter().rposition(|b| *b == b' ') {
            out.extend_from_slice(&bytes[offset..offset + space]);
            out.extend_from_slice(newline.as_bytes());
            offset += space + 1;
        } else if cut_long_words {
            out.extend_from_slice(&bytes[offset..offset + width]);
            out.extend_from_slice(newline.as_bytes());
            offset += width;
        } else {
            match bytes[offset + width..].iter().position(|b| *b == b' ') {
                Some(space) => {
                    out.extend_from_slice(&bytes[offset..offset + width + space]);
                    out.extend_from_slice(newline.as_bytes());
                    offset += width + space + 1;
                }
                None => {
                    out.extend_from_slice(&bytes[offset..]);
                    offset = bytes.len();
                }
            }
        }
    }
    out.extend_from_slice(&bytes[offset..]);
    text(&out)
}

/// goutils' `AbbreviateFull`: at most `width` bytes with `...` marking what was cut, keeping the text
/// around byte `offset`.
fn abbreviate(s: &str, offset: i64, width: i64) -> String {
    text(&abbreviate_bytes(s.as_bytes(), offset, width))
}

fn abbreviate_bytes(bytes: &[u8], offset: i64, width: i64) -> Vec<u8> {
    let length = bytes.len() as i64;
    if bytes.is_empty() || length <= width {
        return bytes.to_vec();
    }
    let kept = width - 3;
    let mut offset = offset.min(length);
    if length - offset < kept {
        offset = length - kept;
    }
    let mut out = Vec::new();
    if offset <= 4 {
        out.extend_from_slice(&bytes[..kept as usize]);
        out.extend_from_slice(b"...");
        return out;
    }
    if width < 7 {
        // goutils' error ("Minimum abbreviation width with offset is 7"), which Sprig turns into "".
        return out;
    }
    out.extend_from_slice(b"...");
    if offset + kept < length {
        out.extend(abbreviate_bytes(&bytes[offset as usize..], 0, kept));
    } else {
        out.extend_from_slice(&bytes[(length - kept) as usize..]);
    }
    out
}
