#!/usr/bin/env bash
# Measures `tollgate scan` throughput on a large synthetic estate: the bundled fixtures copied
# COPIES times (default 200) into a temporary tree. Prints files, resources and wall-clock
# figures (best and median of RUNS runs). Not part of the test suite: performance is measured
# here and reported in the README, never asserted in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${COPIES:-200}
runs=${RUNS:-5}
cargo build --release --quiet
bin=target/release/tollgate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$copies"); do
  mkdir -p "$work/estate-$i"
  cp -r fixtures/platform-infrastructure fixtures/card-platform "$work/estate-$i/"
done
summary=$("$bin" scan "$work" --format json --fail-on critical | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["files_scanned"], s["resources"], s["findings"])') || true
read -r files resources findings <<<"$summary"
times=()
for _ in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$bin" scan "$work" --format json >/dev/null || true
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc -l)")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
best=$(echo "$sorted" | head -n1)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
printf 'estate: %s copies of the fixtures: %s files, %s resources, %s findings\n' "$copies" "$files" "$resources" "$findings"
printf 'scan --format json on %s cores: best %.3f s, median %.3f s over %s runs\n' "$(nproc)" "$best" "$median" "$runs"
printf 'throughput (best): %.0f files/s, %.0f resources/s\n' "$(echo "$files / $best" | bc -l)" "$(echo "$resources / $best" | bc -l)"
