//! Schema errors worded as Helm 4.1.4 prints them (it validates with santhosh-tekuri/jsonschema v6):
//! `at '/replicas': minimum: got 0, want 1`, `at '/mode': value must be one of 'ok', 'fail'`. Every text
//! here was taken from real Helm's output for a schema written to break that keyword. Numbers are
//! printed as Go's golang.org/x/text message printer prints them (`1,000`, `1.5×10³⁰⁰`).

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError};
use serde_json::Value;

/// The problems of one validation run as Helm lists them: each `at '<pointer>': <message>`, the
/// problems of the subschemas it combines (`anyOf`, `oneOf`) below it, indented two spaces per level.
/// The Rust validator reports each missing property alone; Helm joins those of one object (and, for
/// `dependentRequired`, of one present key) into `missing properties 'a', 'b'`.
pub fn problems<'e>(schema: &Value, errors: impl Iterator<Item = ValidationError<'e>>) -> Vec<String> {
    let mut problems: Vec<String> = Vec::new();
    let mut missing: Option<Missing> = None;
    for error in errors {
        let ValidationErrorKind::Required { property } = error.kind() else {
            problems.extend(missing.take().map(Missing::problem));
            problems.push(problem(&error));
            continue;
        };
        let at = error.instance_path().to_string();
        let because_of = dependent_key(schema, &error, property);
        match &mut missing {
            Some(group) if group.at == at && group.because_of == because_of => group.names.push(quoted(property)),
            _ => {
                problems.extend(missing.take().map(Missing::problem));
                missing = Some(Missing { at, because_of, names: vec![quoted(property)] });
            }
        }
    }
    problems.extend(missing.map(Missing::problem));
    problems
}

/// Missing properties of one object, and the present key that requires them (`dependentRequired`).
struct Missing {
    at: String,
    because_of: Option<String>,
    names: Vec<String>,
}

impl Missing {
    fn problem(self) -> String {
        let names = self.names.join(", ");
        match (self.because_of, self.names.len()) {
            (Some(key), _) => format!("at '{}': properties {names} required, if '{key}' exists", self.at),
            (None, 1) => format!("at '{}': missing property {names}", self.at),
            (None, _) => format!("at '{}': missing properties {names}", self.at),
        }
    }
}

/// For a property missing under `dependentRequired` (or draft 7's `dependencies`): the present key
/// whose list names it, found in the schema since the validator's error does not carry it.
fn dependent_key(schema: &Value, error: &ValidationError<'_>, property: &Value) -> Option<String> {
    let path = error.schema_path().to_string();
    let keyword = path.trim_end_matches("/required");
    if !(keyword.ends_with("/dependentRequired") || keyword.ends_with("/dependencies")) {
        return None;
    }
    let rules = schema.pointer(keyword)?.as_object()?;
    let instance = error.instance().as_object()?;
    rules.iter().find_map(|(key, names)| {
        let listed = names.as_array().is_some_and(|names| names.contains(property));
        (listed && instance.contains_key(key)).then(|| key.clone())
    })
}

fn problem(error: &ValidationError<'_>) -> String {
    // v6 checks a property name as an instance of its own: both lines say `at ''`, however deep.
    if let ValidationErrorKind::PropertyNames { error: name_error } = error.kind() {
        let name = quoted(name_error.instance());
        return format!("at '': invalid propertyName {name}\n  - at '': {}", message(name_error));
    }
    let mut text = format!("at '{}': {}", error.instance_path(), message(error));
    for child in children(error) {
        for (index, line) in problem(child).lines().enumerate() {
            text.push_str(if index == 0 { "\n  - " } else { "\n  " });
            text.push_str(line);
        }
    }
    text
}

fn children<'e>(error: &'e ValidationError<'_>) -> Vec<&'e ValidationError<'static>> {
    match error.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            context.iter().flatten().collect()
        }
        _ => Vec::new(),
    }
}

fn message(error: &ValidationError<'_>) -> String {
    let instance: &Value = error.instance();
    let got_want = |keyword: &str, got: f64, want: &Value| {
        format!("{keyword}: got {}, want {}", number(got), number(want.as_f64().unwrap_or(f64::NAN)))
    };
    let count = |keyword: &str, got: usize, want: u64| {
        format!("{keyword}: got {}, want {}", number(got as f64), number(want as f64))
    };
    let value = instance.as_f64().unwrap_or(f64::NAN);
    match error.kind() {
        ValidationErrorKind::Type { kind } => format!("got {}, want {}", type_name(instance), wanted_types(kind)),
        ValidationErrorKind::Enum { options } => match options.as_array() {
            Some(options) if options.iter().all(is_scalar) => {
                format!("value must be one of {}", options.iter().map(quoted).collect::<Vec<_>>().join(", "))
            }
            _ => "'enum' failed".to_string(),
        },
        ValidationErrorKind::Constant { expected_value } if is_scalar(expected_value) => {
            format!("value must be {}", quoted(expected_value))
        }
        ValidationErrorKind::Constant { .. } => "'const' failed".to_string(),
        ValidationErrorKind::Minimum { limit } => got_want("minimum", value, limit),
        ValidationErrorKind::Maximum { limit } => got_want("maximum", value, limit),
        ValidationErrorKind::ExclusiveMinimum { limit } => got_want("exclusiveMinimum", value, limit),
        ValidationErrorKind::ExclusiveMaximum { limit } => got_want("exclusiveMaximum", value, limit),
        ValidationErrorKind::MultipleOf { multiple_of, .. } => {
            format!("multipleOf: got {}, want {}", number(value), number(*multiple_of))
        }
        ValidationErrorKind::MinLength { limit } => count("minLength", text_length(instance), *limit),
        ValidationErrorKind::MaxLength { limit } => count("maxLength", text_length(instance), *limit),
        ValidationErrorKind::MinItems { limit } => count("minItems", items(instance), *limit),
        ValidationErrorKind::MaxItems { limit } => count("maxItems", items(instance), *limit),
        ValidationErrorKind::MinProperties { limit } => count("minProperties", properties(instance), *limit),
        ValidationErrorKind::MaxProperties { limit } => count("maxProperties", properties(instance), *limit),
        ValidationErrorKind::Pattern { pattern } => format!("{} does not match pattern '{pattern}'", quoted(instance)),
        ValidationErrorKind::UniqueItems => equal_items(instance),
        ValidationErrorKind::Required { property } => format!("missing property {}", quoted(property)),
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let mut names: Vec<String> = unexpected.iter().map(|name| format!("'{name}'")).collect();
            names.sort();
            format!("additional properties {} not allowed", names.join(", "))
        }
        ValidationErrorKind::Not { .. } => "'not' failed".to_string(),
        ValidationErrorKind::AnyOf { .. } => "'anyOf' failed".to_string(),
        ValidationErrorKind::OneOfNotValid { .. } => "'oneOf' failed, none matched".to_string(),
        ValidationErrorKind::OneOfMultipleValid { context } => {
            let matched: Vec<String> = context
                .iter()
                .enumerate()
                .filter(|(_, errors)| errors.is_empty())
                .map(|(i, _)| i.to_string())
                .collect();
            format!("'oneOf' failed, subschemas {} matched", matched.join(", "))
        }
        ValidationErrorKind::Contains => "no items match contains schema".to_string(),
        ValidationErrorKind::FalseSchema => "false schema".to_string(),
        // Keywords Helm's tests above did not reach keep the validator's own sentence.
        _ => error.to_string(),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// A scalar as v6 quotes it: strings in single quotes, `null` as Go's `<nil>`, numbers as printed.
fn quoted(value: &Value) -> String {
    match value {
        Value::String(text) => format!("'{text}'"),
        Value::Null => "<nil>".to_string(),
        Value::Number(n) => number(n.as_f64().unwrap_or(f64::NAN)),
        other => other.to_string(),
    }
}

/// JSON type names as v6 says them: every number is `number`.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The wanted types joined by ` or ` in v6's fixed order.
fn wanted_types(kind: &TypeKind) -> String {
    const ORDER: [(JsonType, &str); 7] = [
        (JsonType::Null, "null"),
        (JsonType::Boolean, "boolean"),
        (JsonType::Number, "number"),
        (JsonType::Integer, "integer"),
        (JsonType::String, "string"),
        (JsonType::Array, "array"),
        (JsonType::Object, "object"),
    ];
    let wanted = |ty: JsonType| match kind {
        TypeKind::Single(single) => *single == ty,
        TypeKind::Multiple(set) => set.contains(ty),
    };
    ORDER.iter().filter(|(ty, _)| wanted(*ty)).map(|(_, name)| *name).collect::<Vec<_>>().join(" or ")
}

fn text_length(value: &Value) -> usize {
    value.as_str().map_or(0, |text| text.chars().count())
}

fn items(value: &Value) -> usize {
    value.as_array().map_or(0, Vec::len)
}

fn properties(value: &Value) -> usize {
    value.as_object().map_or(0, serde_json::Map::len)
}

/// `items at 1 and 3 are equal`: v6 reports the first later item equal to an earlier one.
fn equal_items(value: &Value) -> String {
    let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
    for later in 1..items.len() {
        if let Some(earlier) = (0..later).find(|&earlier| same_json(&items[earlier], &items[later])) {
            return format!("items at {earlier} and {later} are equal");
        }
    }
    "items are not unique".to_string()
}

/// JSON equality with numbers compared by value (`1` equals `1.0`), as JSON Schema defines it.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(key, xv)| y.get(key).is_some_and(|yv| same_json(xv, yv)))
        }
        _ => a == b,
    }
}

/// A number as Go's x/text message printer gives `%v`: `%g`'s choice of plain or exponent form with
/// the shortest digits, thousands grouped with `,`, the exponent as `×10` and superscript digits.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    if value == 0.0 {
        return "0".to_string();
    }
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if value < 0.0 { "-" } else { "" };
    // strconv's %g with the shortest digits: precision 6, lowered to the digit count when every
    // digit is needed before the point is passed.
    let (count, point) = (digits.len() as i32, exponent + 1);
    let precision = if 6 > count && count >= point { count } else { 6 };
    if exponent < -4 || exponent >= precision {
        return format!("{sign}{mantissa}×10{}", superscript(exponent));
    }
    let plain = format!("{}", value.abs());
    let (whole, fraction) = plain.split_once('.').map_or((plain.as_str(), None), |(w, f)| (w, Some(f)));
    let grouped = group_thousands(whole);
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

fn group_thousands(whole: &str) -> String {
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// `⁰⁸`, `⁻⁰⁵`, `³⁰⁰`: at least two digits, as Go's exponent.
fn superscript(exponent: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let sign = if exponent < 0 { "⁻" } else { "" };
    let digits: String = format!("{:02}", exponent.unsigned_abs())
        .chars()
        .filter_map(|d| d.to_digit(10).map(|d| DIGITS[d as usize]))
        .collect();
    format!("{sign}{digits}")
}

#[cfg(test)]
mod tests {
    use super::number;

    /// Each as Helm 4.1.4 printed the number in a `minimum`/`maximum` error.
    #[test]
    fn numbers_print_as_gos_message_printer_prints_them() {
        let cases = [
            (0.0, "0"),
            (1.5, "1.5"),
            (-5.0, "-5"),
            (-1000.0, "-1,000"),
            (123456.0, "123,456"),
            (1234567.0, "1.234567×10⁰⁶"),
            (1234.5, "1,234.5"),
            (12345678.9, "1.23456789×10⁰⁷"),
            (100000000.0, "1×10⁰⁸"),
            (0.0001, "0.0001"),
            (0.00001, "1×10⁻⁰⁵"),
            (1.5e300, "1.5×10³⁰⁰"),
        ];
        for (value, printed) in cases {
            assert_eq!(number(value), printed, "{value}");
        }
    }
}
