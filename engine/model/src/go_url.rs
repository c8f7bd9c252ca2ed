//! Go's `url.QueryEscape`, which Terraform's `urlencode` and Go templates' `urlquery` both are.

/// Go's `url.QueryEscape`: letters, digits and `-_.~` stay, a space becomes `+`, every other byte of
/// the UTF-8 text becomes `%XX` (upper-case hex).
pub fn query_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::query_escape;

    #[test]
    fn escapes_as_go_query_escape() {
        assert_eq!(query_escape("a b&c=d/é~_.-*"), "a+b%26c%3Dd%2F%C3%A9~_.-%2A");
        assert_eq!(query_escape("100% +?#"), "100%25+%2B%3F%23");
        assert_eq!(query_escape(""), "");
    }
}
