//! Sprig's `urlParse` and `urlJoin` (Go's `net/url` rules), and `getHostByName`, which does no network
//! I/O: `helm template` returns "" for every name (it resolves nothing without a cluster), and so do we.

use std::collections::BTreeMap;

use tollgate_gotemplate::{Functions, Value};

use crate::types::{arg1, to_string};

pub fn register(functions: &mut Functions) {
    functions.add("getHostByName", |args| {
        arg1("getHostByName", args)?;
        Ok(Value::from(""))
    });
    functions.add("urlParse", |args| {
        let text = to_string(arg1("urlParse", args)?);
        let url = Url::parse(&text).map_err(|problem| format!("unable to parse url: parse {text:?}: {problem}"))?;
        Ok(url.to_value())
    });
    functions.add("urlJoin", |args| match arg1("urlJoin", args)? {
        Value::Map(map) => {
            let part = |key: &str| map.get(key).map(|value| to_string(&value)).unwrap_or_default();
            let url = Url {
                scheme: part("scheme"),
                userinfo: part("userinfo"),
                host: part("host"),
                path: part("path"),
                query: part("query"),
                opaque: part("opaque"),
                fragment: part("fragment"),
            };
            Ok(Value::String(url.join()))
        }
        other => Err(format!("can't handle {} for arg of type map[string]interface {{}}", other.to_go_string())),
    });
}

/// A URL in Go's parts; `path` and `fragment` unescaped, `userinfo` as written.
#[derive(Default)]
struct Url {
    scheme: String,
    userinfo: String,
    host: String,
    path: String,
    query: String,
    opaque: String,
    fragment: String,
}

impl Url {
    /// Go's `url.Parse`, reduced to the parts Sprig reports.
    fn parse(text: &str) -> Result<Url, String> {
        let (rest, fragment) = text.split_once('#').unwrap_or((text, ""));
        let mut url = Url { fragment: unescape(fragment)?, ..Url::default() };
        let rest = match scheme_of(rest)? {
            Some((scheme, after)) => {
                url.scheme = scheme.to_ascii_lowercase();
                after
            }
            None => rest,
        };
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        url.query = query.to_string();
        if !rest.starts_with('/') && !url.scheme.is_empty() {
            url.opaque = rest.to_string();
            return Ok(url);
        }
        if url.scheme.is_empty() {
            let first_segment = rest.split('/').next().unwrap_or("");
            if first_segment.contains(':') {
                return Err("first path segment in URL cannot contain colon".to_string());
            }
        }
        let path = match rest.strip_prefix("//") {
            Some(after) if !url.scheme.is_empty() || !rest.starts_with("///") => {
                let (authority, path) = after.find('/').map_or((after, ""), |at| after.split_at(at));
                match authority.rsplit_once('@') {
                    Some((userinfo, host)) => (url.userinfo, url.host) = (userinfo.to_string(), host.to_string()),
                    None => url.host = authority.to_string(),
                }
                path
            }
            _ => rest,
        };
        url.path = unescape(path)?;
        Ok(url)
    }

    /// The host without its port (`[::1]:80` gives `::1`).
    fn hostname(&self) -> &str {
        if let Some(inner) = self.host.strip_prefix('[') {
            return inner.split(']').next().unwrap_or(inner);
        }
        self.host
            .rsplit_once(':')
            .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
            .map_or(&self.host, |(name, _)| name)
    }

    fn to_value(&self) -> Value {
        let entries = [
            ("scheme", self.scheme.as_str()),
            ("host", self.host.as_str()),
            ("hostname", self.hostname()),
            ("path", self.path.as_str()),
            ("query", self.query.as_str()),
            ("opaque", self.opaque.as_str()),
            ("fragment", self.fragment.as_str()),
            ("userinfo", self.userinfo.as_str()),
        ];
        Value::map(
            entries.iter().map(|(key, value)| (key.to_string(), Value::from(*value))).collect::<BTreeMap<_, _>>(),
        )
    }

    /// Go's `URL.String()`.
    fn join(&self) -> String {
        let mut out = String::new();
        if !self.scheme.is_empty() {
            out.push_str(&self.scheme);
            out.push(':');
        }
        if !self.opaque.is_empty() {
            out.push_str(&self.opaque);
        } else {
            if !self.scheme.is_empty() || !self.host.is_empty() || !self.userinfo.is_empty() {
                if !self.host.is_empty() || !self.path.is_empty() || !self.userinfo.is_empty() {
                    out.push_str("//");
                }
                if !self.userinfo.is_empty() {
                    out.push_str(&escape_userinfo(&self.userinfo));
                    out.push('@');
                }
                out.push_str(&self.host);
            }
            let path = escape(&self.path, PATH_SAFE);
            if !path.is_empty() && !path.starts_with('/') && !self.host.is_empty() {
                out.push('/');
            }
            if out.is_empty() && path.split('/').next().is_some_and(|segment| segment.contains(':')) {
                out.push_str("./");
            }
            out.push_str(&path);
        }
        if !self.query.is_empty() {
            out.push('?');
            out.push_str(&self.query);
        }
        if !self.fragment.is_empty() {
            out.push('#');
            out.push_str(&escape(&self.fragment, FRAGMENT_SAFE));
        }
        out
    }
}

/// Go's `getScheme`: letters first, then letters, digits, `+-.`, up to a colon.
fn scheme_of(text: &str) -> Result<Option<(&str, &str)>, String> {
    for (i, c) in text.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return Err("missing protocol scheme".to_string()),
            ':' => return Ok(Some((&text[..i], &text[i + 1..]))),
            _ => return Ok(None),
        }
    }
    Ok(None)
}

fn unescape(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).filter(|hex| hex.chars().all(|c| c.is_ascii_hexdigit()));
            let Some(hex) = hex else {
                let bad = text.get(i..(i + 3).min(text.len())).unwrap_or("%");
                return Err(format!("invalid URL escape {bad:?}"));
            };
            out.push(u8::from_str_radix(hex, 16).map_err(|error| error.to_string())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Characters Go leaves unescaped in a path, beyond the unreserved ones.
const PATH_SAFE: &str = "$&+,/:;=@";
/// And in a fragment.
const FRAGMENT_SAFE: &str = "$&+,/:;=@!()*?";

fn escape(text: &str, safe: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        let c = byte as char;
        if c.is_ascii_alphanumeric() || "-._~".contains(c) || safe.contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Sprig reads `userinfo` as `user[:password]`; Go escapes each part.
fn escape_userinfo(userinfo: &str) -> String {
    const USERINFO_SAFE: &str = "$&+,;=";
    match userinfo.split_once(':') {
        Some((user, password)) => format!("{}:{}", escape(user, USERINFO_SAFE), escape(password, USERINFO_SAFE)),
        None => escape(userinfo, USERINFO_SAFE),
    }
}
