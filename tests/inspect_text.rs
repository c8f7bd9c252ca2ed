//! End-to-end: `inspect --format text` shows each value at the line of its key.

mod common;

use common::{stdout, tollgate, write, PRIVILEGED};

/// A YAML mapping's value starts on the line after its key: the key's own line is shown.
#[test]
fn yaml_keys_are_shown_at_their_own_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "pod.yaml", PRIVILEGED);
    let out = tollgate(&["inspect", ".", "--format", "text"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for expected in [
        "  metadata:  # line 3\n",
        "    name = \"debug\"  # line 4\n",
        "    namespace = \"ops\"  # line 5\n",
        "  spec:  # line 6\n",
        "    containers:  # line 7\n",
        "      -  # line 8\n",
        "        image = \"busybox:1.36\"  # line 9\n",
        "        securityContext:  # line 10\n",
        "          privileged = true  # line 11\n",
    ] {
        assert!(text.contains(expected), "no `{}` in:\n{text}", expected.trim_end());
    }
}
