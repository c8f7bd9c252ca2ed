#!/usr/bin/env python3
"""Rewrites expected/NAME.out for every case of cases.txt with what real Helm prints.

Usage: HELM=/path/to/helm ./regenerate.py   (Helm 4.1.4; run from anywhere)
"""
import os
import pathlib
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
HELM = os.environ.get("HELM", "/work/tools/helm")
DEBUG_HINT = "\n\nUse --debug flag to render out invalid YAML\n"

for line in (HERE / "cases.txt").read_text().splitlines():
    if not line.strip() or line.startswith("#"):
        continue
    name, args = (part.strip() for part in line.split("|", 1))
    run = subprocess.run([HELM, "template", *args.split()], cwd=HERE, capture_output=True, text=True)
    if run.returncode == 0:
        out = run.stdout
    else:
        err = run.stderr[run.stderr.index("Error: "):]
        out = (err[: -len(DEBUG_HINT)] if err.endswith(DEBUG_HINT) else err.rstrip("\n")) + "\n"
    (HERE / "expected" / f"{name}.out").write_text(out)
    print(f"{name}: {'ok' if run.returncode == 0 else 'error'}")
