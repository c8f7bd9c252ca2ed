//! Hostile and malformed input: never a panic, always an error or skip that says why.

mod support;

use std::time::Instant;

use support::{load, load_ok};

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

/// Kubernetes' YAML decoding rejects duplicate keys, so a manifest with one is an error at the
/// second key, and the document is not loaded (taking either value would check something that
/// cannot be applied); the file's other documents still are.
#[test]
fn duplicate_keys_are_errors_at_the_second_key() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: dupkeys
spec:
  containers:
  - name: c
    image: nginx:1.27
    securityContext:
      privileged: true
    securityContext:
      privileged: false
---
apiVersion: v1
kind: ConfigMap
metadata: {name: fine}
data: {k: 1, k: 2}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other}
";
    let loaded = load("dup.yaml", text);
    let addresses: Vec<&str> = loaded.resources.iter().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses, ["ConfigMap/other"]);
    let errors: Vec<_> = loaded.errors.iter().map(|e| (e.line, e.column, e.message.as_str())).collect();
    assert_eq!(
        errors,
        [
            (
                11,
                5,
                "mapping key `securityContext` is already defined at line 9: Kubernetes' YAML decoding rejects \
                 duplicate keys, so kubectl cannot apply this document; this document was not checked (the file's \
                 other documents were): keep one of the two"
            ),
            (
                17,
                14,
                "mapping key `k` is already defined at line 17: Kubernetes' YAML decoding rejects duplicate keys, so \
                 kubectl cannot apply this document; this document was not checked (the file's other documents \
                 were): keep one of the two"
            ),
        ]
    );
    // Alone in its file, the document is the file.
    let single = load("pod.yaml", text.split("---").next().unwrap());
    assert_eq!(single.errors.len(), 1);
    assert!(single.errors[0].message.contains("; the file was not checked: keep one of the two"), "{single:?}");
    // Two merge keys in one mapping are duplicates too; a key written next to a merge key is not.
    let merges = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: m}\nx: &a {k: 1}\ndata:\n  <<: *a\n  k: 2\n";
    assert!(load("merge.yaml", merges).errors.is_empty());
    let two_merges = format!("{merges}  <<: *a\n");
    assert!(load("merge.yaml", &two_merges).errors[0]
        .message
        .starts_with("mapping key `<<` is already defined at line 6"));
}

#[test]
fn duplicate_keys_in_files_that_are_not_manifests_are_not_errors() {
    let values = "replicaCount: 1\nimage: {tag: a}\nreplicaCount: 2\n";
    let load = load("values.yaml", values);
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    assert_eq!(load.skipped.len(), 1);
    assert!(load.skipped[0].reason.contains("no apiVersion or kind"), "{:?}", load.skipped);
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
    // The first 10,000 were checked: the message says which were not.
    assert_eq!(
        load.errors[0].message,
        "more than 10000 YAML documents in one file (limit); the documents from this one on were not checked: split \
         the file"
    );
}
