//! Telling a plan from other JSON without parsing it: the top-level keys of the object.

/// Whether `text` is Terraform plan JSON: a top-level object with `format_version`,
/// `terraform_version` and `planned_values` or `resource_changes`. Reads only as far as needed
/// and skips nested values without building them, so a Kubernetes manifest costs one pass at
/// most. Malformed text answers false (the JSON loader then reports it).
pub fn is_plan(text: &str) -> bool {
    let mut keys = TopLevelKeys { bytes: text.trim_start_matches('\u{feff}').as_bytes(), pos: 0 };
    let (mut format, mut terraform, mut planned) = (false, false, false);
    if !keys.open() {
        return false;
    }
    while let Some(key) = keys.next_key() {
        match key.as_slice() {
            b"format_version" => format = true,
            b"terraform_version" => terraform = true,
            b"planned_values" | b"resource_changes" => planned = true,
            _ => {}
        }
        if format && terraform && planned {
            return true;
        }
        if !keys.skip_value() {
            return false;
        }
    }
    false
}

struct TopLevelKeys<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl TopLevelKeys<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn open(&mut self) -> bool {
        self.skip_ws();
        if self.peek() == Some(b'{') {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// The next key (its raw bytes between the quotes) and the `:` after it.
    fn next_key(&mut self) -> Option<Vec<u8>> {
        self.skip_ws();
        if self.peek() == Some(b',') {
            self.pos += 1;
            self.skip_ws();
        }
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        self.skip_string()?;
        let key = self.bytes.get(start..self.pos - 1)?.to_vec();
        self.skip_ws();
        if self.peek() != Some(b':') {
            return None;
        }
        self.pos += 1;
        Some(key)
    }

    /// Moves past a string starting at the current `"`.
    fn skip_string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    /// Moves past one value (nested brackets counted, not checked).
    fn skip_value(&mut self) -> bool {
        self.skip_ws();
        let mut depth = 0usize;
        loop {
            let Some(byte) = self.peek() else { return false };
            match byte {
                b'"' => {
                    if self.skip_string().is_none() {
                        return false;
                    }
                    if depth == 0 {
                        return true;
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    if depth == 0 {
                        return true; // the end of the top-level object: no value
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return true;
                    }
                }
                b',' if depth == 0 => return true,
                _ => {}
            }
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_plan;

    #[test]
    fn recognises_plans_by_top_level_keys() {
        assert!(is_plan(r#"{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{}}"#));
        assert!(is_plan(
            "\u{feff}{\n \"format_version\": \"1.0\", \"variables\": {\"a\": {\"value\": \"}\"}},\n \
             \"terraform_version\": \"1.5.0\", \"resource_changes\": []}"
        ));
        // A state file, a manifest, and a manifest quoting plan keys below the top level.
        assert!(!is_plan(r#"{"format_version":"1.0","terraform_version":"1.11.4","values":{}}"#));
        assert!(!is_plan(r#"{"apiVersion":"v1","kind":"ConfigMap","data":{"format_version":"1"}}"#));
        assert!(!is_plan(r#"{"kind":"x","data":{"format_version":"1","terraform_version":"1","planned_values":{}}}"#));
        for broken in ["", "[1]", "{", r#"{"format_version""#, r#"{"a": [1, {"#, "\"x\\", "{\"a\":\"\\"] {
            assert!(!is_plan(broken), "{broken}");
        }
    }
}
