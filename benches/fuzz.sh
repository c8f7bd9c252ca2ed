#!/usr/bin/env bash
# Fuzzes Tollgate's parsers and engines with cargo-fuzz:
#   rego_source      policy text (and, after a `----` line, the YAML document it reads), mutated
#                    byte by byte from the seed policies in fuzz/seeds/rego_source, scanned through
#                    the library (policy loading, evaluation, the JSON report);
#   rego_grammar     structure-aware: the fuzzer's bytes choose the productions of the Rego grammar
#                    that tests/policy_fuzz.rs also uses;
#   template_source  Go template text (the template engine with the Sprig functions), mutated from
#                    the seed templates in fuzz/seeds/template_source, parsed and executed on values
#                    under tight output, range and depth limits;
#   chart_template   a one-template chart (and, after a `----` line, its values.yaml) rendered as
#                    `helm template` renders it, with Helm's include/tpl/required/fail/lookup, mutated
#                    from fuzz/seeds/template_source and fuzz/seeds/chart_template.
# Each target runs SECONDS seconds (default 60); TARGETS picks some (default all four). Needs the
# nightly toolchain; installs cargo-fuzz when it is absent. Any panic, abort, hang (TIMEOUT s,
# default 20, for one input) or RSS over RSS_MB (default 4096) stops the target and leaves the
# input in fuzz/artifacts/<target>/; the corpus grows in fuzz/corpus/<target>/ between runs.
# Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${SECONDS_PER_TARGET:-${1:-60}}
timeout=${TIMEOUT:-20}
rss_mb=${RSS_MB:-4096}
targets=${TARGETS:-rego_source rego_grammar template_source chart_template}
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
cargo +nightly fuzz build -O
status=0
for target in $targets; do
  mkdir -p "corpus/$target"
  seeds=()
  [ -d "seeds/$target" ] && seeds=("seeds/$target")
  [ "$target" = chart_template ] && seeds+=("seeds/template_source")
  echo "== $target: ${seconds}s, timeout ${timeout}s per input, rss limit ${rss_mb} MB"
  log=$(mktemp)
  if cargo +nightly fuzz run -O "$target" "corpus/$target" "${seeds[@]}" -- \
      -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb" -max_len=4096 \
      -print_final_stats=1 >"$log" 2>&1; then
    echo "   ok"
  else
    status=1
    echo "   FAILED: the input is in fuzz/artifacts/$target/"
    grep -aE "ERROR|panicked|SUMMARY" "$log" | head -5 | sed 's/^/   /'
  fi
  grep -aE "^stat::number_of_executed_units|^stat::peak_rss_mb|^Done" "$log" | sed 's/^/   /'
  echo "   corpus: $(ls "corpus/$target" | wc -l) inputs"
  rm -f "$log"
done
rm -rf "${TMPDIR:-/tmp}"/tollgate-fuzz-*
exit $status
