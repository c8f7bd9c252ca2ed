//! End-to-end: `inspect --format text` shows each value at the line of its key.

mod common;

use common::{stdout, tollgate, write};

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: debug
  labels:
    app: shell
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
";

/// A YAML mapping's value starts on the line after its key: the key's own line is shown.
#[test]
fn yaml_keys_are_shown_at_their_own_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "pod.yaml", POD);
    let out = tollgate(&["inspect", ".", "--format", "text"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for expected in [
        "  metadata:  # line 3\n",
        "    name = \"debug\"  # line 4\n",
        "    labels:  # line 5\n",
        "      app = \"shell\"  # line 6\n",
        "  spec:  # line 7\n",
        "    containers:  # line 8\n",
        "      -  # line 9\n",
        "        securityContext:  # line 11\n",
        "          privileged = true  # line 12\n",
    ] {
        assert!(text.contains(expected), "no `{}` in:\n{text}", expected.trim_end());
    }
}
