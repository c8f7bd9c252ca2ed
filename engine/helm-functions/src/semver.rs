//! Sprig's `semver` and `semverCompare`, with the version and constraint rules of Masterminds semver v3
//! (what Helm links): loose versions (`v1.2`, `1` are 1.2.0 and 1.0.0), constraints joined by `,` or
//! spaces (AND) and `||` (OR), operators `=`, `!=`, `>`, `<`, `>=`/`=>`, `<=`/`=<`, `~`/`~>`, `^`,
//! wildcards (`1.2.x`, `*`), hyphen ranges (`1.2 - 1.4`), and its prerelease rule: a prerelease
//! version matches only an OR group where some constraint names a prerelease (the `>=1.21-0` idiom).
//! Errors are worded as Helm shows them (`invalid semantic version`, `improper constraint: ...`).

use std::cmp::Ordering;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use tollgate_gotemplate::{FunctionValue, Functions, Object, Stringer, Value};

/// A parsed version; `original` is the text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub prerelease: String,
    pub metadata: String,
    pub original: String,
}

const INVALID_VERSION: &str = "invalid semantic version";

/// Numbers of any length (leading zeros allowed), optional minor and patch, then `-pre` and `+meta`.
static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$")
        .expect("the version pattern is valid")
});

impl Version {
    /// Masterminds' `NewVersion` (its lenient form, the default).
    pub fn parse(text: &str) -> Result<Version, String> {
        let captures = VERSION.captures(text).ok_or(INVALID_VERSION)?;
        let group = |index: usize| captures.get(index).map_or("", |m| m.as_str());
        let segment = |digits: &str| -> Result<u64, String> {
            if digits.is_empty() {
                return Ok(0);
            }
            digits.parse::<u64>().map_err(|_| {
                format!("error parsing version segment: strconv.ParseUint: parsing \"{digits}\": value out of range")
            })
        };
        let version = Version {
            major: segment(group(1))?,
            minor: segment(group(2).trim_start_matches('.'))?,
            patch: segment(group(3).trim_start_matches('.'))?,
            prerelease: group(5).to_string(),
            metadata: group(8).to_string(),
            original: text.to_string(),
        };
        validate_prerelease(&version.prerelease)?;
        Ok(version)
    }

    pub fn compare(&self, other: &Version) -> Ordering {
        let numbers = (self.major, self.minor, self.patch).cmp(&(other.major, other.minor, other.patch));
        if numbers != Ordering::Equal {
            return numbers;
        }
        match (self.prerelease.is_empty(), other.prerelease.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => compare_prerelease(&self.prerelease, &other.prerelease),
        }
    }

    /// Go's `String()`: the normalised form, `1.2.0-rc.1+build`.
    pub fn canonical(&self) -> String {
        let mut text = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.prerelease.is_empty() {
            text.push('-');
            text.push_str(&self.prerelease);
        }
        if !self.metadata.is_empty() {
            text.push('+');
            text.push_str(&self.metadata);
        }
        text
    }
}

/// Numeric prerelease identifiers may not start with 0 (`1.2.3-01`).
fn validate_prerelease(prerelease: &str) -> Result<(), String> {
    let leading_zero = prerelease
        .split('.')
        .any(|part| part.len() > 1 && part.starts_with('0') && part.bytes().all(|b| b.is_ascii_digit()));
    if leading_zero {
        return Err("version segment starts with 0".to_string());
    }
    Ok(())
}

/// Identifier by identifier: numbers numerically and below words, words by bytes, a missing one lowest.
fn compare_prerelease(left: &str, right: &str) -> Ordering {
    let (left_parts, right_parts): (Vec<&str>, Vec<&str>) = (left.split('.').collect(), right.split('.').collect());
    for index in 0..left_parts.len().max(right_parts.len()) {
        let (l, r) = (left_parts.get(index).copied().unwrap_or(""), right_parts.get(index).copied().unwrap_or(""));
        let ordering = match (l.is_empty(), r.is_empty(), l.parse::<u64>(), r.parse::<u64>()) {
            _ if l == r => Ordering::Equal,
            (true, ..) => Ordering::Less,
            (_, true, ..) => Ordering::Greater,
            (_, _, Ok(a), Ok(b)) => a.cmp(&b),
            (_, _, Ok(_), Err(_)) => Ordering::Less,
            (_, _, Err(_), Ok(_)) => Ordering::Greater,
            (_, _, Err(_), Err(_)) => l.cmp(r),
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Operator {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterOrEqual,
    LessOrEqual,
    Tilde,
    Caret,
}

/// One comparison; `dirty` when a part was a wildcard or missing (`1.2`, `1.x`), noting which.
#[derive(Clone, Debug)]
struct Constraint {
    operator: Operator,
    version: Version,
    dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
}

/// Operators, longest spelling first, and the constraint-version grammar (parts may be `x`, `X`, `*`).
const OPERATORS: &str = r"!=|>=|=>|<=|=<|~>|=|>|<|~|\^|";
const CONSTRAINT_VERSION: &str = r"v?([0-9|xX*]+)(\.[0-9|xX*]+)?(\.[0-9|xX*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";

fn pattern(text: &str) -> Regex {
    Regex::new(text).expect("the constraint patterns are valid")
}

static ONE_CONSTRAINT: LazyLock<Regex> =
    LazyLock::new(|| pattern(&format!(r"^\s*({OPERATORS})\s*({CONSTRAINT_VERSION})\s*$")));
static FIND_CONSTRAINT: LazyLock<Regex> =
    LazyLock::new(|| pattern(&format!(r"({OPERATORS})\s*({CONSTRAINT_VERSION})")));
static VALID_GROUP: LazyLock<Regex> = LazyLock::new(|| {
    let one = format!(r"({OPERATORS})\s*({CONSTRAINT_VERSION})\s*");
    pattern(&format!(r"^\s*{one}((\s+|,\s*){one})*$"))
});
static HYPHEN_RANGE: LazyLock<Regex> =
    LazyLock::new(|| pattern(&format!(r"\s*({CONSTRAINT_VERSION})\s+-\s+({CONSTRAINT_VERSION})\s*")));

/// `||`-separated groups of constraints that must all hold.
#[derive(Debug)]
pub struct Constraints {
    groups: Vec<(Vec<Constraint>, bool)>,
}

impl Constraints {
    pub fn parse(text: &str) -> Result<Constraints, String> {
        let rewritten = rewrite_hyphen_ranges(text);
        let mut groups = Vec::new();
        for group in rewritten.split("||") {
            if !VALID_GROUP.is_match(group) {
                return Err(format!("improper constraint: {group}"));
            }
            let constraints = FIND_CONSTRAINT
                .find_iter(group)
                .map(|m| parse_constraint(m.as_str()))
                .collect::<Result<Vec<_>, _>>()?;
            let names_prerelease = constraints.iter().any(|c| !c.version.prerelease.is_empty());
            groups.push((constraints, names_prerelease));
        }
        Ok(Constraints { groups })
    }

    pub fn check(&self, version: &Version) -> bool {
        self.groups.iter().any(|(constraints, names_prerelease)| {
            // A prerelease version is ignored by a group that names none.
            (version.prerelease.is_empty() || *names_prerelease)
                && constraints.iter().all(|constraint| constraint.allows(version))
        })
    }
}

/// `1.2 - 1.4` is `>= 1.2, <= 1.4`.
fn rewrite_hyphen_ranges(text: &str) -> String {
    let mut rewritten = text.to_string();
    for captures in HYPHEN_RANGE.captures_iter(text) {
        let (whole, low, high) = (&captures[0], &captures[1], &captures[11]);
        rewritten = rewritten.replacen(whole, &format!(">= {low}, <= {high} "), 1);
    }
    rewritten
}

fn parse_constraint(text: &str) -> Result<Constraint, String> {
    let captures = ONE_CONSTRAINT.captures(text).ok_or_else(|| format!("improper constraint: {text}"))?;
    let group = |index: usize| captures.get(index).map_or("", |m| m.as_str());
    let operator = match group(1) {
        "" | "=" => Operator::TildeOrEqual,
        "!=" => Operator::NotEqual,
        ">" => Operator::Greater,
        "<" => Operator::Less,
        ">=" | "=>" => Operator::GreaterOrEqual,
        "<=" | "=<" => Operator::LessOrEqual,
        "~" | "~>" => Operator::Tilde,
        _ => Operator::Caret,
    };
    let is_wild = |part: &str| matches!(part.trim_start_matches('.'), "x" | "X" | "*" | "");
    let (major, minor, patch, prerelease) = (group(3), group(4), group(5), group(6));
    let (text, dirty, minor_dirty, patch_dirty) = if is_wild(major) {
        (format!("0.0.0{prerelease}"), true, false, false)
    } else if is_wild(minor) {
        (format!("{major}.0.0{prerelease}"), true, true, false)
    } else if is_wild(patch) {
        (format!("{major}{minor}.0{prerelease}"), true, false, true)
    } else {
        (group(2).to_string(), false, false, false)
    };
    let version = Version::parse(&text).map_err(|_| "constraint parser error".to_string())?;
    Ok(Constraint { operator, version, dirty, minor_dirty, patch_dirty })
}

impl Constraint {
    fn allows(&self, v: &Version) -> bool {
        let c = &self.version;
        match self.operator {
            Operator::TildeOrEqual if self.dirty => self.tilde(v),
            Operator::TildeOrEqual => v.compare(c) == Ordering::Equal,
            Operator::NotEqual => self.not_equal(v),
            Operator::Greater => self.greater(v),
            Operator::Less => v.compare(c) == Ordering::Less,
            Operator::GreaterOrEqual => v.compare(c) != Ordering::Less,
            Operator::LessOrEqual if !self.dirty => v.compare(c) != Ordering::Greater,
            Operator::LessOrEqual => {
                v.major < c.major || (v.major == c.major && (v.minor <= c.minor || self.minor_dirty))
            }
            Operator::Tilde => self.tilde(v),
            Operator::Caret => self.caret(v),
        }
    }

    /// With a wildcard, `!=1.2.x` excludes all of 1.2; a differing part before it is enough.
    fn not_equal(&self, v: &Version) -> bool {
        let c = &self.version;
        if self.dirty {
            if c.major != v.major || (!self.minor_dirty && c.minor != v.minor) {
                return true;
            }
            if self.minor_dirty {
                return false;
            }
            if !self.patch_dirty && c.patch != v.patch {
                return true;
            }
            if self.patch_dirty {
                let has_prerelease = !v.prerelease.is_empty() || !c.prerelease.is_empty();
                return has_prerelease && compare_prerelease(&v.prerelease, &c.prerelease) != Ordering::Equal;
            }
        }
        v.compare(c) != Ordering::Equal
    }

    /// With a wildcard, `>1.2` needs 1.3 or later and `>1` 2.0 or later.
    fn greater(&self, v: &Version) -> bool {
        let c = &self.version;
        if !self.dirty {
            return v.compare(c) == Ordering::Greater;
        }
        if v.major != c.major {
            return v.major > c.major;
        }
        if self.minor_dirty {
            return false;
        }
        if self.patch_dirty {
            return v.minor > c.minor;
        }
        v.compare(c) == Ordering::Greater
    }

    /// `~1.2.3` is `>=1.2.3 <1.3.0`, `~1` is `>=1.0.0 <2.0.0`, `~0.0.0` and `*` anything.
    fn tilde(&self, v: &Version) -> bool {
        let c = &self.version;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if (c.major, c.minor, c.patch) == (0, 0, 0) && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        v.major == c.major && (v.minor == c.minor || self.minor_dirty)
    }

    /// `^1.2.3` is `>=1.2.3 <2.0.0`, `^0.2.3` is `>=0.2.3 <0.3.0`, `^0.0.3` is `=0.0.3`.
    fn caret(&self, v: &Version) -> bool {
        let c = &self.version;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major > 0 || self.minor_dirty {
            return v.major == c.major;
        }
        if v.major > 0 {
            return false;
        }
        if c.minor > 0 || self.patch_dirty {
            return v.minor == c.minor;
        }
        v.minor == 0 && v.patch == c.patch
    }
}

/// `semverCompare CONSTRAINT VERSION`.
pub fn semver_compare(constraint: &str, version: &str) -> Result<bool, String> {
    let constraints = Constraints::parse(constraint)?;
    Ok(constraints.check(&Version::parse(version)?))
}

pub fn register(functions: &mut Functions) {
    functions.add("semver", |args| {
        let [text] = args else {
            return Err(format!("wrong number of args for semver: want 1 got {}", args.len()));
        };
        Ok(version_value(&Version::parse(&string_argument(text)?)?))
    });
    functions.add("semverCompare", |args| {
        let [constraint, version] = args else {
            return Err(format!("wrong number of args for semverCompare: want 2 got {}", args.len()));
        };
        Ok(Value::Bool(semver_compare(&string_argument(constraint)?, &string_argument(version)?)?))
    });
}

fn string_argument(value: &Value) -> Result<String, String> {
    match value {
        Value::String(text) => Ok(text.clone()),
        other => Err(format!("wrong type for value; expected string; got {}", other.type_name())),
    }
}

/// What a comparison method returns for an ordering.
type OrderingResult = fn(Ordering) -> Value;

/// A version as Go's `*semver.Version`: its accessors (`.Major`, `.Prerelease`, `.Original`, `.String`)
/// and comparisons (`.Compare`, `.LessThan`, `.GreaterThan`, `.Equal` with another version); printed
/// and encoded as its `String()` (`1.2.3-rc.1+b`), as Go prints a pointer with that method.
fn version_value(version: &Version) -> Value {
    let accessors: [(&str, Value); 7] = [
        ("Major", Value::Uint64(version.major)),
        ("Minor", Value::Uint64(version.minor)),
        ("Patch", Value::Uint64(version.patch)),
        ("Prerelease", Value::from(version.prerelease.as_str())),
        ("Metadata", Value::from(version.metadata.as_str())),
        ("Original", Value::from(version.original.as_str())),
        ("String", Value::String(version.canonical())),
    ];
    let mut methods: Vec<FunctionValue> = accessors
        .into_iter()
        .map(|(name, value)| {
            FunctionValue::method(name, move |args| match args {
                [] => Ok(value.clone()),
                _ => Err(format!("wrong number of args for {name}: want 0 got {}", args.len())),
            })
        })
        .collect();
    let comparisons: [(&str, OrderingResult); 4] = [
        ("Compare", |o| Value::Int(o as i64)),
        ("LessThan", |o| Value::Bool(o == Ordering::Less)),
        ("GreaterThan", |o| Value::Bool(o == Ordering::Greater)),
        ("Equal", |o| Value::Bool(o == Ordering::Equal)),
    ];
    for (name, result) in comparisons {
        let receiver = version.clone();
        methods.push(FunctionValue::new(name, move |args| {
            let [other] = args else {
                return Err(format!("wrong number of args for {name}: want 1 got {}", args.len()));
            };
            let other = version_of(other)
                .ok_or_else(|| format!("wrong type for value; expected *semver.Version; got {}", other.type_name()))?;
            Ok(result(receiver.compare(&other)))
        }));
    }
    let text = version.canonical();
    Value::Object(Arc::new(Object {
        type_name: VERSION_TYPE.to_string(),
        fields: vec![("orig".to_string(), Value::from(version.original.as_str()))],
        methods,
        json: serde_json::Value::String(text.clone()),
        text,
        stringer: Stringer::Always,
    }))
}

const VERSION_TYPE: &str = "*semver.Version";

/// The version a [`version_value`] holds.
fn version_of(value: &Value) -> Option<Version> {
    let Value::Object(object) = value else {
        return None;
    };
    match object.fields.first() {
        Some((_, Value::String(original))) if object.type_name == VERSION_TYPE => Version::parse(original).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
