//! Hostile and malformed input: never a panic, always an error or skip that says why.

mod support;

use std::time::Instant;

use support::{at, load, load_ok};

const CONFIG_MAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n";

fn billion_laughs() -> String {
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
        let aliases = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("  {name}: &{name} [{aliases}]\n"));
    }
    text
}

#[test]
fn alias_bomb_is_refused_quickly_and_other_documents_load() {
    let text = format!("{CONFIG_MAP}---\n{}---\n{CONFIG_MAP}", billion_laughs());
    let started = Instant::now();
    let load = load("bomb.yaml", &text);
    assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    assert_eq!(load.resources.len(), 2);
    assert_eq!(load.errors.len(), 1, "{:?}", load.errors);
    let error = &load.errors[0];
    assert!(error.message.contains("alias bomb") && error.message.contains("(alias limit)"), "{error:?}");
    assert!((5..=17).contains(&error.line), "{error:?}");
}

#[test]
fn alias_bomb_in_a_file_without_apiversion_is_still_an_error() {
    let text = billion_laughs().replace("apiVersion: v1\n", "");
    let load = load("bomb.yaml", &text);
    assert_eq!(load.errors.len(), 1, "{load:?}");
}

#[test]
fn deep_nesting_is_refused_naming_the_limit() {
    for text in [
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: deep}}\ndata: {}{}\n",
            "[".repeat(200),
            "]".repeat(200)
        ),
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: deep}}\ndata:\n{}",
            (1..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>()
        ),
        "[".repeat(100_000),
    ] {
        let load = load("deep.yaml", &text);
        assert!(load.resources.is_empty());
        assert_eq!(load.errors.len(), 1, "{:?}", load.errors);
        let message = &load.errors[0].message;
        assert!(message.contains("nested deeper than 128 levels (nesting limit)"), "{message}");
    }
    // Deep but within the limit: fine.
    let text = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: ok}}\ndata: {{x: {}{}}}\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    assert_eq!(load_ok("deep.yaml", &text).resources.len(), 1);
}

#[test]
fn nested_anchors_cannot_amplify_copies() {
    // Every anchor keeps a copy of its subtree: nesting them over a large body multiplies copies.
    let depth = 120;
    let body = (0..20_000).map(|i| format!("v{i}")).collect::<Vec<_>>().join(",");
    let text = format!("{}[{body}]{}", (0..depth).map(|i| format!("&a{i} [")).collect::<String>(), "]".repeat(depth));
    let started = Instant::now();
    let load = load("anchors.yaml", &text);
    assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
    assert_eq!(load.errors.len(), 1, "{:?}", load.errors);
    assert!(load.errors[0].message.contains("anchor limit"), "{:?}", load.errors);
}

#[test]
fn recursive_and_unknown_aliases_are_errors() {
    for text in [
        format!("{CONFIG_MAP}data: &a {{x: *a}}\n"),
        format!("{CONFIG_MAP}data: {{x: *missing}}\n"),
        format!("{CONFIG_MAP}data:\n  <<: 3\n"),
    ] {
        let load = load("alias.yaml", &text);
        assert!(load.resources.is_empty(), "{text}");
        assert_eq!(load.errors.len(), 1, "{text}: {:?}", load.errors);
    }
}

#[test]
fn duplicate_keys_last_wins() {
    let text =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\nmetadata: {name: second}\ndata: {k: 1, k: 2}\n";
    let load = load_ok("dup.yaml", text);
    assert_eq!(load.resources[0].address, "ConfigMap/second");
    let data = at(&load.resources[0].body, &["data"]);
    assert_eq!(data.as_map().unwrap().len(), 1);
    assert_eq!(at(data, &["k"]).as_i64(), Some(2));
    assert_eq!(data.entry("k").unwrap().key_span.start.col, 14);
}

#[test]
fn garbage_never_panics() {
    let samples = [
        "\t\tkind: Pod\n",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n\tspec: {}\n",
        "\u{0}\u{1}\u{2}\u{7f}\u{fffd}\u{feff}",
        "{{{{}}}}]]]]",
        "- - - - - -\n: : :\n? ? ?\n",
        "%YAML 1.1\n%TAG ! tag:x,2000:\n--- !foo\nkind: !!int x\n",
        "key: \"unterminated\n",
        "key: 'also\n---\nunterminated",
        "&a &b x",
        "!!binary aGVsbG8=",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [1, 2]}\n",
        "apiVersion: [v1]\nkind: {a: b}\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: 3\n",
        "apiVersion: v1\nkind: List\nitems: 3\n",
        "apiVersion: v1\nkind: List\nitems: [1, null, [], {}]\n",
        "\u{feff}apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bom}\n",
        "...\n...\n---\n...",
        "? [a, b]\n: c\n{x: y}: z\n",
    ];
    for sample in samples {
        let _ = load("garbage.yaml", sample);
        let _ = load("garbage.json", sample);
    }
}

#[test]
fn every_prefix_of_a_manifest_loads_without_panicking() {
    let text = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: \"pay\", labels: &l {app: api}}
spec:
  template:
    metadata: {labels: *l}
    spec:
      containers:
        - name: app
          args: [\"--flag=1\", 'x', plain text]
          script: |
            echo \"é😀\"
          <<: {image: x}
---
{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"s\"}}]}
";
    for (end, _) in text.char_indices() {
        let load = load("prefix.yaml", &text[..end]);
        for r in &load.resources {
            assert!(r.span.start <= r.span.end, "{r:?}");
        }
        for e in &load.errors {
            assert!(e.line >= 1 && e.column >= 1, "{e:?}");
        }
    }
}

#[test]
fn a_bom_does_not_hide_the_first_key() {
    let load = load_ok("bom.yaml", "\u{feff}apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bom}\n");
    assert_eq!(load.resources[0].address, "ConfigMap/bom");
}

#[test]
fn a_minified_one_line_json_file_is_read_in_linear_time() {
    let item =
        r#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"b"}},"data":{"k":"v","n":"1"}}"#;
    let text = format!(r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#, vec![item; 20_000].join(","));
    let started = Instant::now();
    let load = load_ok("min.json", &text);
    assert!(started.elapsed().as_secs() < 10, "took {:?}", started.elapsed());
    assert_eq!(load.resources.len(), 20_000);
    let last = &load.resources[19_999];
    assert_eq!(last.span.start.line, 1);
    assert_eq!(last.span.end.col as usize, text.len() - 2);
}

#[test]
fn the_document_limit_is_ten_thousand() {
    let text: String =
        (0..10_001).map(|i| format!("---\n{{apiVersion: v1, kind: ConfigMap, metadata: {{name: c{i}}}}}\n")).collect();
    let load = load("storm.yaml", &text);
    assert_eq!(load.resources.len(), 10_000);
    assert_eq!(load.errors.len(), 1, "{:?}", load.errors);
    assert_eq!(load.errors[0].line, 20_001);
    assert!(load.errors[0].message.contains("more than 10000 YAML documents"), "{:?}", load.errors);
}
