//! Sprig's lists: `list`, `first`, `last`, `rest`, `initial`, `append`/`push`, `prepend`, `concat`,
//! `reverse`, `uniq`, `without`, `has`, `compact`, `slice` (Sprig's, replacing Go's builtin as in
//! Helm: lists only), `until`, `untilStep`, `seq`, `chunk`, and each `mustX` form Helm defines
//! (there is no `mustConcat`).
//!
//! In Helm the plain and `must` forms fail alike, with Sprig's text (`Cannot find first on type int`);
//! a nil list is Go's nil pointer runtime error. Lists are never changed in place: each function returns
//! a new one.

use std::sync::Arc;

use tollgate_gotemplate::{Functions, Value};

use crate::defaults::is_empty;
use crate::types::{deep_equal, kind_of, to_int64};

const NIL_LIST: &str = "runtime error: invalid memory address or nil pointer dereference";

/// Longest list `until`, `untilStep` and `seq` build: a bound on memory, far above any chart's need.
pub const MAX_GENERATED_ITEMS: i64 = 1_000_000;

type ListFn = fn(&[Value], &[Value]) -> Result<Value, String>;

pub fn register(functions: &mut Functions) {
    functions.add("list", |args| Ok(Value::list(args.to_vec())));
    let list_functions: [(&str, &str, ListFn); 12] = [
        ("first", "Cannot find first on type", |list, _| Ok(list.first().cloned().unwrap_or(Value::Nil))),
        ("last", "Cannot find last on type", |list, _| Ok(list.last().cloned().unwrap_or(Value::Nil))),
        ("rest", "Cannot find rest on type", |list, _| Ok(Value::list(list.get(1..).unwrap_or(&[]).to_vec()))),
        ("initial", "Cannot find initial on type", |list, _| {
            Ok(Value::list(list[..list.len().saturating_sub(1)].to_vec()))
        }),
        ("append", "Cannot push on type", |list, extra| Ok(Value::list([list, extra].concat()))),
        ("push", "Cannot push on type", |list, extra| Ok(Value::list([list, extra].concat()))),
        ("prepend", "Cannot prepend on type", |list, extra| Ok(Value::list([extra, list].concat()))),
        ("reverse", "Cannot find reverse on type", |list, _| Ok(Value::list(list.iter().rev().cloned().collect()))),
        ("uniq", "Cannot find uniq on type", |list, _| Ok(Value::list(unique(list)))),
        ("without", "Cannot find without on type", |list, omit| {
            Ok(Value::list(list.iter().filter(|item| !contains(omit, item)).cloned().collect()))
        }),
        ("compact", "Cannot compact on type", |list, _| {
            Ok(Value::list(list.iter().filter(|item| !is_empty(item)).cloned().collect()))
        }),
        ("slice", "list should be type of slice or array but", slice),
    ];
    for (name, message, body) in list_functions {
        let shape = if matches!(name, "first" | "last" | "rest" | "initial" | "reverse" | "uniq" | "compact") {
            Shape::ListOnly
        } else {
            Shape::ListThenRest
        };
        let add = move |functions: &mut Functions, registered: &'static str| {
            functions.add(registered, move |args| on_list(registered, message, shape, args, body));
        };
        add(functions, name);
        add(functions, must_name(name));
    }
    register_membership(functions);
    register_generators(functions);
}

/// The `mustX` name of a list function.
fn must_name(name: &str) -> &'static str {
    match name {
        "first" => "mustFirst",
        "last" => "mustLast",
        "rest" => "mustRest",
        "initial" => "mustInitial",
        "append" => "mustAppend",
        "push" => "mustPush",
        "prepend" => "mustPrepend",
        "reverse" => "mustReverse",
        "uniq" => "mustUniq",
        "without" => "mustWithout",
        "compact" => "mustCompact",
        _ => "mustSlice",
    }
}

#[derive(Clone, Copy)]
enum Shape {
    ListOnly,
    ListThenRest,
}

fn on_list(name: &str, message: &str, shape: Shape, args: &[Value], body: ListFn) -> Result<Value, String> {
    let arity_ok = match shape {
        Shape::ListOnly => args.len() == 1,
        Shape::ListThenRest => !args.is_empty(),
    };
    let (Some((list, rest)), true) = (args.split_first(), arity_ok) else {
        let want = if matches!(shape, Shape::ListOnly) { "1" } else { "at least 1" };
        return Err(format!("wrong number of args for {name}: want {want} got {}", args.len()));
    };
    match list {
        Value::List(items) => body(items, rest),
        Value::Nil | Value::NoValue if name.ends_with("lice") => Err(format!("{message} invalid")),
        Value::Nil | Value::NoValue => Err(NIL_LIST.to_string()),
        other => Err(format!("{message} {}", kind_of(other))),
    }
}

fn contains(list: &[Value], needle: &Value) -> bool {
    list.iter().any(|item| deep_equal(item, needle))
}

fn unique(list: &[Value]) -> Vec<Value> {
    let mut seen: Vec<Value> = Vec::new();
    for item in list {
        if !contains(&seen, item) {
            seen.push(item.clone());
        }
    }
    seen
}

/// Sprig's `slice list [start [end]]`: Go's bounds, reported as `reflect` reports them.
fn slice(list: &[Value], indexes: &[Value]) -> Result<Value, String> {
    let bound = |index: Option<&Value>, default: usize| match index {
        Some(value) => usize::try_from(to_int64(value)).map_err(|_| out_of_bounds()),
        None => Ok(default),
    };
    let start = bound(indexes.first(), 0)?;
    let end = bound(indexes.get(1), list.len())?;
    if start > end || end > list.len() {
        return Err(out_of_bounds());
    }
    Ok(Value::list(list[start..end].to_vec()))
}

fn out_of_bounds() -> String {
    "reflect.Value.Slice: slice index out of bounds".to_string()
}

fn register_membership(functions: &mut Functions) {
    for name in ["has", "mustHas"] {
        functions.add(name, move |args| {
            let (needle, haystack) = crate::types::arg2(name, args)?;
            match haystack {
                Value::List(items) => Ok(Value::Bool(contains(items, needle))),
                Value::Nil | Value::NoValue => Ok(Value::Bool(false)),
                other => Err(format!("Cannot find has on type {}", kind_of(other))),
            }
        });
    }
    functions.add("concat", |args| {
        let mut joined = Vec::new();
        for list in args {
            match list {
                Value::List(items) => joined.extend(items.iter().cloned()),
                Value::Nil | Value::NoValue => return Err(NIL_LIST.to_string()),
                other => return Err(format!("Cannot concat type {} as list", kind_of(other))),
            }
        }
        Ok(Value::list(joined))
    });
    for name in ["chunk", "mustChunk"] {
        functions.add(name, move |args| {
            let (size, list) = crate::types::arg2(name, args)?;
            let size = typed_int(size)?;
            let Value::List(items) = list else {
                return Err(format!("Cannot chunk type {}", kind_of(list)));
            };
            if size <= 0 {
                return Err("runtime error: makeslice: len out of range".to_string());
            }
            let chunks = items.chunks(size as usize).map(|chunk| Value::list(chunk.to_vec()));
            Ok(Value::list(chunks.collect()))
        });
    }
}

/// A Go `int` parameter: integers only, as the template engine converts arguments.
fn typed_int(value: &Value) -> Result<i64, String> {
    match value {
        Value::Int(i) => Ok(*i),
        other if other.integer().is_some() => Err(crate::args_strings::not_an_int(other)),
        other => Err(format!("expected integer; found {}", other.to_go_string())),
    }
}

fn register_generators(functions: &mut Functions) {
    functions.add("until", |args| {
        let count = typed_int(crate::types::arg1("until", args)?)?;
        step_list(0, count, if count < 0 { -1 } else { 1 })
    });
    functions.add("untilStep", |args| match args {
        [start, stop, step] => step_list(typed_int(start)?, typed_int(stop)?, typed_int(step)?),
        _ => Err(crate::types::wrong_count("untilStep", 3, args.len())),
    });
    functions.add("seq", |args| {
        let numbers = args.iter().map(typed_int).collect::<Result<Vec<_>, _>>()?;
        Ok(Value::String(seq(&numbers)?))
    });
}

/// Sprig's `untilStep`: from `start` towards `stop` (excluded); a step pointing away gives nothing.
fn step_list(start: i64, stop: i64, step: i64) -> Result<Value, String> {
    let forward = start < stop;
    if step == 0 || (forward && step < 0) || (!forward && step > 0) {
        return Ok(Value::list(Vec::new()));
    }
    let (distance, stride) = ((i128::from(stop) - i128::from(start)).abs(), i128::from(step).abs());
    let count = (distance + stride - 1) / stride;
    if count > i128::from(MAX_GENERATED_ITEMS) {
        return Err(format!("the list would have {count} elements; the limit is {MAX_GENERATED_ITEMS}"));
    }
    // Sprig's `until` and `untilStep` give a `[]int`.
    let items = (0..count as i64).map(|i| Value::Int(start + i * step));
    Ok(Value::List(Arc::new(items.collect())))
}

/// Sprig's bash-like `seq`: `seq END`, `seq START END`, `seq START STEP END`, inclusive, counting down
/// when END is below START; a step pointing away or any other argument count gives "".
fn seq(numbers: &[i64]) -> Result<String, String> {
    let (start, step, end) = match *numbers {
        [end] => (1, if end < 1 { -1 } else { 1 }, end),
        [start, end] => (start, if end < start { -1 } else { 1 }, end),
        [start, step, end] => (start, step, end),
        _ => return Ok(String::new()),
    };
    if step == 0 || (end > start && step < 0) || (end < start && step > 0) {
        return Ok(String::new());
    }
    let count = (i128::from(end) - i128::from(start)).abs() / i128::from(step).abs() + 1;
    if count > i128::from(MAX_GENERATED_ITEMS) {
        return Err(format!("seq would print {count} numbers; the limit is {MAX_GENERATED_ITEMS}"));
    }
    let numbers: Vec<String> = (0..count as i64).map(|i| (start + i * step).to_string()).collect();
    Ok(numbers.join(" "))
}
