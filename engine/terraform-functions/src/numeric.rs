//! Numeric functions: `abs`, `ceil`, `floor`, `log`, `pow`, `signum`, `min`, `max`, `parseint`,
//! `sum`, `range`.

use crate::number::{self, number_from_f64, Decimal};
use crate::support::{integer, text};
use crate::types::{convert, type_of, Type};
use crate::{param, Ctx, FunctionError, Spec, P};
use std::cmp::Ordering;
use tollgate_model::{Number, Value, ValueKind};

const NUM: crate::Param = param("num", P::Number);

pub(crate) const SPECS: &[Spec] = &[
    Spec::new("abs", &[NUM], |c, a| {
        Ok(c.number(match num(&a[0]) {
            Number::Int(i) => i.checked_abs().map(Number::Int).unwrap_or(Number::Float(-(i as f64))),
            Number::Float(f) => number_from_f64(f.abs()),
        }))
    }),
    Spec::new("ceil", &[NUM], |c, a| Ok(c.number(round(num(&a[0]), f64::ceil)))),
    Spec::new("floor", &[NUM], |c, a| Ok(c.number(round(num(&a[0]), f64::floor)))),
    Spec::new("log", &[NUM, param("base", P::Number)], |c, a| {
        Ok(c.number(float_result(num(&a[0]).as_f64().ln() / num(&a[1]).as_f64().ln())))
    }),
    Spec::new("pow", &[NUM, param("power", P::Number)], |c, a| {
        Ok(c.number(float_result(num(&a[0]).as_f64().powf(num(&a[1]).as_f64()))))
    }),
    Spec::new("signum", &[NUM], |c, a| {
        let n = num(&a[0]);
        Ok(c.int(match number::compare(n, Number::Int(0)) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        }))
    }),
    Spec::variadic("min", &[], param("numbers", P::Number), |c, a| extreme(c, a, Ordering::Less)),
    Spec::variadic("max", &[], param("numbers", P::Number), |c, a| extreme(c, a, Ordering::Greater)),
    Spec::new("parseint", &[param("number", P::String), param("base", P::Number)], parseint),
    Spec::new("sum", &[param("list", P::Any)], sum),
    Spec::variadic("range", &[], param("params", P::Number), range),
];

/// An argument the harness converted to a number.
fn num(v: &Value) -> Number {
    v.as_number().unwrap_or(Number::Int(0))
}

fn round(n: Number, how: fn(f64) -> f64) -> Number {
    match n {
        Number::Int(i) => Number::Int(i),
        Number::Float(f) => number_from_f64(how(f)),
    }
}

fn float_result(f: f64) -> Number {
    number_from_f64(f)
}

fn extreme(ctx: &Ctx, args: Vec<Value>, wanted: Ordering) -> Result<Value, FunctionError> {
    let Some(first) = args.first() else {
        return Err(ctx.fail("must pass at least one number"));
    };
    let mut best = num(first);
    for arg in &args[1..] {
        let n = num(arg);
        if number::compare(n, best) == wanted {
            best = n;
        }
    }
    Ok(ctx.number(best))
}

/// `parseint`: Go's `big.Int.SetString` digits (letters are case-insensitive up to base 36, then
/// lower case count before upper case).
fn parseint(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let base = integer(&args[1]).ok().filter(|b| (2..=62).contains(b));
    let Some(base) = base else {
        return Err(ctx.arg_fail(1, "base must be a whole number between 2 and 62 inclusive"));
    };
    let digits = text(&args[0]);
    let fail = || ctx.arg_fail(0, format!("cannot parse {} as a base {base} integer", crate::sets::go_quote(digits)));
    let (negative, body) = match digits.as_bytes().first() {
        Some(b'-') => (true, &digits[1..]),
        Some(b'+') => (false, &digits[1..]),
        _ => (false, digits),
    };
    if body.is_empty() {
        return Err(fail());
    }
    let mut exact: Option<i128> = Some(0);
    let mut approximate = 0f64;
    for c in body.chars() {
        let digit = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => return Err(fail()),
        };
        if digit >= base {
            return Err(fail());
        }
        exact = exact.and_then(|e| e.checked_mul(base as i128)?.checked_add(digit as i128));
        approximate = approximate * base as f64 + digit as f64;
    }
    let value = match exact.map(|e| if negative { -e } else { e }).and_then(|e| i64::try_from(e).ok()) {
        Some(i) => Number::Int(i),
        None => Number::Float(if negative { -approximate } else { approximate }),
    };
    Ok(ctx.number(value))
}

fn sum(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let list = match &args[0].kind {
        ValueKind::List(list) => list,
        ValueKind::Map(entries) if entries.is_empty() => return Err(ctx.arg_fail(0, "cannot sum an empty list")),
        ValueKind::Map(_) => {
            let got = type_of(&args[0]).friendly_name();
            return Err(ctx.arg_fail(0, format!("argument must be list, set, or tuple. Received {got}")));
        }
        _ => return Err(ctx.arg_fail(0, "cannot sum noniterable")),
    };
    if list.is_empty() {
        return Err(ctx.arg_fail(0, "cannot sum an empty list"));
    }
    if let Some(unknown) = ctx.unknown_if_any(&args) {
        return Ok(unknown);
    }
    let mut numbers = Vec::with_capacity(list.len());
    for item in list {
        let converted = match item.kind {
            ValueKind::Null => None,
            _ => convert(item.clone(), &Type::Number).ok().and_then(|v| v.as_number()),
        };
        let Some(n) = converted else {
            return Err(ctx.arg_fail(0, "argument must be list, set, or tuple of number values"));
        };
        numbers.push(n);
    }
    if numbers.iter().any(|n| n.as_f64().is_infinite())
        && numbers.iter().any(|n| n.as_f64() == f64::INFINITY)
        && numbers.iter().any(|n| n.as_f64() == f64::NEG_INFINITY)
    {
        return Err(ctx.fail("can't compute sum of opposing infinities"));
    }
    Ok(ctx.number(add_all(&numbers)))
}

/// The exact decimal sum when every operand is a short decimal, else the float sum.
fn add_all(numbers: &[Number]) -> Number {
    let exact = numbers
        .iter()
        .try_fold(Decimal::from_number(Number::Int(0)), |acc, n| acc?.checked_add(Decimal::from_number(*n)?).map(Some))
        .flatten();
    match exact {
        Some(d) => d.to_number(),
        None => number_from_f64(numbers.iter().map(|n| n.as_f64()).sum()),
    }
}

/// Terraform refuses to build longer ranges.
const MAX_RANGE: usize = 1024;

fn range(ctx: &Ctx, args: Vec<Value>) -> Result<Value, FunctionError> {
    let zero = Number::Int(0);
    let (start, end, step) = match args.iter().map(num).collect::<Vec<_>>().as_slice() {
        [end] => (zero, *end, unit_step(zero, *end)),
        [start, end] => (*start, *end, unit_step(*start, *end)),
        [start, end, step] => (*start, *end, *step),
        _ => return Err(ctx.fail("must have one, two, or three arguments")),
    };
    if number::equal(step, zero) {
        return Err(ctx.arg_fail(2, "step must not be zero"));
    }
    let down = number::compare(step, zero) == Ordering::Less;
    if down && number::compare(end, start) == Ordering::Greater {
        return Err(ctx.arg_fail(1, "end must be less than start when step is negative"));
    }
    if !down && number::compare(end, start) == Ordering::Less {
        return Err(ctx.arg_fail(1, "end must be greater than start when step is positive"));
    }
    let mut values = Vec::new();
    let mut current = Stepper::new(start, step);
    loop {
        let n = current.value();
        let done = match number::compare(n, end) {
            Ordering::Less => down,
            Ordering::Equal => true,
            Ordering::Greater => !down,
        };
        if done {
            break;
        }
        if values.len() >= MAX_RANGE {
            return Err(ctx.fail(format!(
                "more than {MAX_RANGE} values were generated; either decrease the difference between start and end or use a smaller step"
            )));
        }
        values.push(ctx.number(n));
        current.advance();
    }
    Ok(ctx.list(values))
}

fn unit_step(start: Number, end: Number) -> Number {
    Number::Int(if number::compare(end, start) == Ordering::Less { -1 } else { 1 })
}

/// Successive `start + k·step`, added in exact decimal when possible so that `range(0, 1, 0.1)` has
/// ten elements as in Terraform.
enum Stepper {
    Exact { value: Decimal, step: Decimal },
    Float { value: f64, step: f64 },
}

impl Stepper {
    fn new(start: Number, step: Number) -> Stepper {
        match (Decimal::from_number(start), Decimal::from_number(step)) {
            (Some(value), Some(step)) => Stepper::Exact { value, step },
            _ => Stepper::Float { value: start.as_f64(), step: step.as_f64() },
        }
    }

    fn value(&self) -> Number {
        match self {
            Stepper::Exact { value, .. } => value.to_number(),
            Stepper::Float { value, .. } => number_from_f64(*value),
        }
    }

    fn advance(&mut self) {
        *self = match *self {
            Stepper::Exact { value, step } => match value.checked_add(step) {
                Some(next) => Stepper::Exact { value: next, step },
                None => Stepper::Float {
                    value: value.to_number().as_f64() + step.to_number().as_f64(),
                    step: step.to_number().as_f64(),
                },
            },
            Stepper::Float { value, step } => Stepper::Float { value: value + step, step },
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn rounding_and_signs() {
        assert_eq!(ok("abs", vec![num(-5)]), num(5));
        assert_eq!(ok("abs", vec![s("-1.5")]), float(1.5));
        assert!(err("abs", vec![s("x")]).contains("a number is required"));
        assert_eq!(ok("ceil", vec![float(4.1)]), num(5));
        assert_eq!(ok("floor", vec![float(-4.1)]), num(-5));
        assert_eq!(ok("signum", vec![float(-0.5)]), num(-1));
        assert_eq!(ok("signum", vec![num(0)]), num(0));
    }

    #[test]
    fn powers_and_logs() {
        assert_eq!(ok("pow", vec![num(3), num(2)]), num(9));
        assert_eq!(ok("pow", vec![num(4), float(0.5)]), num(2));
        assert_eq!(ok("log", vec![num(16), num(2)]), num(4));
        assert_eq!(ok("pow", vec![num(2), num(64)]), float(18446744073709551616.0));
    }

    #[test]
    fn min_max() {
        assert_eq!(ok("max", vec![num(12), num(54), s("3")]), num(54));
        assert_eq!(ok("min", vec![num(12), float(-1.5), num(3)]), float(-1.5));
        assert!(err("max", vec![]).contains("at least one number"));
    }

    #[test]
    fn parseint_bases() {
        assert_eq!(ok("parseint", vec![s("100"), num(10)]), num(100));
        assert_eq!(ok("parseint", vec![s("FF"), num(16)]), num(255));
        assert_eq!(ok("parseint", vec![s("-10"), num(2)]), num(-2));
        assert_eq!(ok("parseint", vec![s("zA"), num(62)]), num(35 * 62 + 36));
        assert!(err("parseint", vec![s("12"), num(1)]).contains("between 2 and 62"));
        assert!(err("parseint", vec![s("FG"), num(16)]).contains("cannot parse \"FG\" as a base 16"));
    }

    #[test]
    fn sum_is_exact_on_decimals() {
        assert_eq!(ok("sum", vec![list(vec![float(0.1), float(0.2), float(0.3)])]), float(0.6));
        assert_eq!(ok("sum", vec![list(vec![num(1), s("2")])]), num(3));
        assert!(err("sum", vec![list(vec![])]).contains("empty list"));
        assert!(err("sum", vec![list(vec![num(1), null()])]).contains("of number values"));
        assert!(err("sum", vec![map(vec![("a", num(1))])]).contains("Received object"));
        assert!(err("sum", vec![s("a")]).contains("noniterable"));
        assert!(ok("sum", vec![list(vec![num(1), unknown("x")])]).is_unknown());
    }

    #[test]
    fn range_forms() {
        assert_eq!(ok("range", vec![num(3)]), list(vec![num(0), num(1), num(2)]));
        assert_eq!(ok("range", vec![num(-3)]), list(vec![num(0), num(-1), num(-2)]));
        assert_eq!(ok("range", vec![num(1), num(-2)]), list(vec![num(1), num(0), num(-1)]));
        assert_eq!(ok("range", vec![num(5), num(1), num(-2)]), list(vec![num(5), num(3)]));
        assert_eq!(ok("range", vec![float(0.5), num(3)]), list(vec![float(0.5), float(1.5), float(2.5)]));
        assert_eq!(ok("range", vec![num(0), num(1), float(0.1)]).as_list().unwrap().len(), 10);
        assert!(err("range", vec![num(1), num(5), num(-1)]).contains("end must be less than start"));
        assert!(err("range", vec![num(0), num(1), num(0)]).contains("must not be zero"));
        assert!(err("range", vec![num(1025)]).contains("more than 1024"));
        assert!(err("range", vec![num(1_000_000_000_000)]).contains("more than 1024"));
        assert!(err("range", vec![]).contains("one, two, or three"));
    }
}
