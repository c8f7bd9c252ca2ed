//! Bad and hostile input: errors with positions, never a panic or a stack overflow.

use super::support::*;

/// Loads `text` as both syntaxes on a thread with the default 2 MiB stack (as rayon workers
/// have) and returns the `.tf` result.
fn survives(text: &str) -> tollgate_model::FileLoad {
    let owned = text.to_string();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let _ = load("x.tf.json", &owned);
            load("x.tf", &owned)
        })
        .unwrap()
        .join()
        .expect("the loader panicked")
}

#[test]
fn syntax_errors_report_line_and_column() {
    let load = load("main.tf", "resource \"a_b\" \"c\" {\n  x = \n}\n");
    assert!(load.resources.is_empty());
    let error = &load.errors[0];
    assert_eq!((error.file.as_str(), error.line), ("main.tf", 2));
    assert!(error.message.starts_with("cannot parse Terraform file:"), "{}", error.message);

    let load = load_unterminated();
    assert_eq!(load.errors.len(), 1);
    assert_eq!((load.errors[0].line, load.errors[0].column), (4, 3), "{:?}", load.errors);
}

fn load_unterminated() -> tollgate_model::FileLoad {
    load("main.tf", "variable \"a\" {}\n\nresource \"a_b\" \"c\" {\n  name = \"open\n}\n")
}

#[test]
fn empty_and_comment_only_files_have_no_resources() {
    for text in ["", "\n\n", "# just a comment\n// another\n/* block */\n"] {
        let load = survives(text);
        assert!(load.resources.is_empty() && load.errors.is_empty(), "{text:?}: {:?}", load.errors);
    }
}

#[test]
fn garbage_is_an_error_not_a_crash() {
    let garbage: String = (0u32..2000).filter_map(|i| char::from_u32((i * 7919) % 0x2FFF)).collect();
    for text in [
        garbage.as_str(),
        "\u{0}\u{1}\u{fffd}\u{fffd}",
        "resource \"a\" \"b\" {\n  x = <<EOT\nnever closed\n",
        "resource \"a\" \"b\" {\n  x = \"${unclosed\n}\n",
        "resource \"a\" \"b\" {\n  x = \"%{ if true }\"\n}\n",
        "resource \"a\" \"b\" {",
        "}}}}",
        "resource \"a\" \"b\" { x = 1 x = 2 }",
        "resource \"a\" \"b\" {\n  x = 1\n  x = 2\n}\n",
        "{\"resource\": ",
        "\"\\ud800\"",
    ] {
        let load = survives(text);
        assert!(!load.errors.is_empty(), "{text:?} should not parse");
        assert!(load.errors.iter().all(|e| e.line >= 1 && e.column >= 1));
    }
}

#[test]
fn deep_nesting_is_rejected_with_an_error() {
    for open in ["[", "{", "(", "!", "-", "f(", "[for x in ", "\"${"] {
        let text = format!("locals {{\n  x = {}\n}}\n", open.repeat(5000));
        let load = survives(&text);
        assert_eq!(load.resources.len(), 0, "{open}");
        assert!(!load.errors.is_empty(), "{open}");
        assert_eq!(load.errors[0].line, 2, "{open}: {}", load.errors[0].message);
        assert!(load.errors[0].message.contains("nested too deeply"), "{open}: {}", load.errors[0].message);
    }
    let blocks = format!("resource \"a\" \"b\" {{\n{}{}\n}}\n", "x {\n".repeat(5000), "}\n".repeat(5000));
    assert!(!survives(&blocks).errors.is_empty());
    let chain = format!("locals {{\n  x = {}1\n}}\n", "1 + ".repeat(5000));
    assert!(!survives(&chain).errors.is_empty());
}

#[test]
fn nesting_within_limits_still_loads() {
    let text = format!("locals {{\n  x = {}1{}\n}}\n", "[".repeat(60), "]".repeat(60));
    let load = survives(&text);
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    assert_eq!(load.resources.len(), 1);
}

#[test]
fn byte_order_marks_and_crlf_line_endings_are_read() {
    let resources = tf("\u{feff}resource \"a_b\" \"c\" {\r\n  x = true\r\n  y = <<EOT\r\nhi\r\nEOT\r\n}\r\n");
    assert_eq!(lines(&resources[0].body), (1, 6));
    let x = resources[0].body.get("x").value().unwrap();
    assert_eq!((x.span.start.line, x.span.start.col), (2, 7));
    let json = tf_json("\u{feff}{\"variable\": {\"v\": {}}}");
    assert_eq!(json[0].address, "var.v");
}

#[test]
fn long_but_flat_inputs_load() {
    let many: String = (0..3000).map(|i| format!("variable \"v{i}\" {{\n  default = {i}\n}}\n")).collect();
    let load = survives(&many);
    assert_eq!(load.resources.len(), 3000);
    assert_eq!(load.resources[2999].span.start.line, 3 * 2999 + 1);
    let wide = format!(
        "locals {{\n  x = {{ {} }}\n}}\n",
        (0..5000).map(|i| format!("k{i} = {i}")).collect::<Vec<_>>().join(", ")
    );
    assert_eq!(survives(&wide).resources.len(), 1);
}

/// Random soups of HCL and JSON tokens, alone and inside a block (so that what does parse goes
/// through the value and reference walkers): no input may panic.
#[test]
fn random_token_soup_never_panics() {
    const TOKENS: &[&str] = &[
        "resource",
        "\"a\"",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "=",
        "\n",
        " ",
        "x",
        "var.y",
        "${",
        "%{",
        "if",
        "for",
        "in",
        ":",
        "?",
        "<<EOT\n",
        "<<-EOT\n",
        "EOT",
        "\"",
        "1",
        "-",
        "!",
        ",",
        ".",
        "*",
        "dynamic",
        "locals",
        "=>",
        "...",
        "#",
        "/*",
        "*/",
        "\\",
        "$${",
        "é",
        "\r\n",
        "0.5e",
        "null",
        "{\"resource\":",
        "\"aws_x\":",
        "[{",
        "}]",
        "\\u12",
        "aws_x.y",
        "[*]",
        "f(",
        "for k, v in var.m : k => v",
        "[0]",
        "each.key",
        "\"${var.a}\"",
        "{a = 1}",
        "1 + 2",
    ];
    let mut state: u64 = 0x1234_5678;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let soup: String = (0..next() % 40).map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize]).collect();
        let text = if next() % 2 == 0 {
            format!("resource \"a\" \"b\" {{\n  x = {soup}\n  dynamic \"d\" {{\n content {{ y = {soup} }}\n}}\n}}\nlocals {{\n  l = {soup}\n}}\n")
        } else {
            soup
        };
        let result = std::panic::catch_unwind(|| {
            load("x.tf", &text);
            load("x.tf.json", &text);
        });
        assert!(result.is_ok(), "panicked on {text:?}");
    }
}
