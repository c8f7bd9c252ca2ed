//! `execute_traced`: each output line maps to the template line that wrote its start.

use tollgate_gotemplate::{Templates, Value};

fn traced(source: &str, data: serde_json::Value) -> (String, Vec<u32>) {
    let mut set = Templates::new();
    set.parse("t", source).expect("template parses");
    set.execute_traced("t", &Value::from(data)).expect("template runs")
}

#[test]
fn text_lines_map_to_their_own_source_lines() {
    let (out, lines) = traced("a: 1\nb: {{ .b }}\nc: 3\n", serde_json::json!({"b": 2}));
    assert_eq!(out, "a: 1\nb: 2\nc: 3\n");
    assert_eq!(lines, vec![1, 2, 3]);
}

#[test]
fn trimmed_and_skipped_blocks_keep_later_lines_right() {
    let source = "{{- if .on }}\nkept: 1\n{{- end }}\n{{- if .off }}\ndropped: 1\n{{- end }}\nlast: 2\n";
    let (out, lines) = traced(source, serde_json::json!({"on": true, "off": false}));
    assert_eq!(out, "\nkept: 1\nlast: 2\n");
    assert_eq!(lines, vec![1, 2, 7]);
}

#[test]
fn output_of_a_called_template_maps_to_the_call() {
    let source = "{{ define \"labels\" }}x: 1\ny: 2{{ end }}top: 0\nlabels:\n  {{ template \"labels\" }}\n";
    let (out, lines) = traced(source, serde_json::json!({}));
    assert_eq!(out, "top: 0\nlabels:\n  x: 1\ny: 2\n");
    // The define spans lines 1-2, so "top" is on line 2.
    assert_eq!(lines, vec![2, 3, 4, 4]);
}

#[test]
fn range_output_maps_each_iteration_to_the_body_lines() {
    let source = "items:\n{{- range .items }}\n- {{ . }}\n{{- end }}\n";
    let (out, lines) = traced(source, serde_json::json!({"items": ["a", "b"]}));
    assert_eq!(out, "items:\n- a\n- b\n");
    assert_eq!(lines, vec![1, 3, 3]);
}
