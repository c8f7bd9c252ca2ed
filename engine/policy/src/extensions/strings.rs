//! OPA's `strings.count(search, substring)`, replacing regorus's, which panics on an empty
//! substring. OPA counts with Go's `strings.Count`: non-overlapping occurrences, and for an
//! empty substring the number of characters plus one.

use super::{argument, string_of};
use anyhow::Result;
use regorus::Value;

/// `strings.count(search, substring)`.
pub(super) fn count_builtin(args: &[Value]) -> Result<Value> {
    let (search, substring) = (string_of(argument(args, 0)?)?, string_of(argument(args, 1)?)?);
    Ok(Value::from(count(&search, &substring) as u64))
}

fn count(search: &str, substring: &str) -> usize {
    if substring.is_empty() {
        search.chars().count() + 1
    } else {
        search.matches(substring).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_as_go_strings_count() {
        assert_eq!(count("cheese", "e"), 3);
        assert_eq!(count("aaaa", "aa"), 2);
        assert_eq!(count("five", ""), 5);
        assert_eq!(count("äb", ""), 3);
        assert_eq!(count("", ""), 1);
        assert_eq!(count("abc", "x"), 0);
        assert!(count_builtin(&[Value::from(1u64), Value::from("a")]).is_err());
    }
}
