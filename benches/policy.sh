#!/usr/bin/env bash
# Measures what Rego costs: the bundled fixtures copied COPIES times (default 50), scanned
#   1. with the native rules only (the bundled Rego rules disabled in a generated tollgate.toml),
#   2. with the native and bundled Rego rules (a default scan),
#   3. as 2 plus the user policies of benches/policies (Conftest file mode and Tollgate
#      resource mode, one of them following graph edges),
# and prints the best of RUNS runs of each with the Rego cost per 1,000 resources. Not part of
# the test suite: performance is measured here and reported in the README, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${COPIES:-50}
runs=${RUNS:-3}
cargo build --release --quiet
bin=$PWD/target/release/tollgate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/tree"
for i in $(seq 1 "$copies"); do
  mkdir -p "$work/tree/estate-$i"
  for estate in fixtures/*/; do
    cp -r "$estate" "$work/tree/estate-$i/"
  done
  # Each estate's own tollgate.toml would be found by walking up from its files only when
  # scanned alone; the benchmark scans the whole tree with the configs below.
  find "$work/tree/estate-$i" -name tollgate.toml -delete
done
rego_rules=$(ls -d rules/TG*/ | while read -r d; do [ -f "$d/policy.rego" ] && basename "$d" | cut -d- -f1; done | paste -sd, - | sed 's/\([^,]*\)/"\1"/g')
printf 'disable = [%s]\n' "$rego_rules" >"$work/native-only.toml"
printf '' >"$work/default.toml"

best_of() {
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null || true
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -n | head -n1
}

cd "$work"
resources=$("$bin" scan tree --config default.toml --format json --fail-on critical | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["resources"])') || true
native=$(best_of "$bin" scan tree --config native-only.toml --format json)
bundled=$(best_of "$bin" scan tree --config default.toml --format json)
user=$(best_of "$bin" scan tree --config default.toml --format json --policy "$OLDPWD/benches/policies/conftest" --policy "$OLDPWD/benches/policies/tollgate")
per_k() { echo "($1 - $2) * 1000 / $resources * 1000" | bc -l; }
printf 'estate: %s copies of the fixtures, %s resources, %s cores, best of %s runs\n' "$copies" "$resources" "$(nproc)" "$runs"
printf 'native rules only:                 %.3f s\n' "$native"
printf 'native + bundled Rego rules:       %.3f s  (Rego: %.1f ms per 1,000 resources)\n' "$bundled" "$(per_k "$bundled" "$native")"
printf 'native + bundled + user policies:  %.3f s  (user policies: %.1f ms per 1,000 resources)\n' "$user" "$(per_k "$user" "$bundled")"
