#!/usr/bin/env bash
# The step of the Tollgate GitHub Action (action.yml): runs `tollgate scan` (or, with `mode`,
# `tollgate plan --out` / `tollgate apply [--plan]`) with the action's inputs, writes the SARIF
# file and the Markdown job summary, sets the step outputs and exits with Tollgate's code (0 pass,
# 1 findings, 2 error; `soft-fail` turns 1 into 0, never 2, and is refused with `mode: apply`).
#
# Inputs arrive only through the environment, named as the runner names them for an action:
# `INPUT_` + the input name upper-cased, spaces as `_`, hyphens kept (`fail-on` ->
# `INPUT_FAIL-ON`). Such names are not shell variables, so they are read with `printenv`.
# Runs on Linux, macOS and Git Bash on Windows; needs `tollgate` on PATH, and jq or python3 to
# read the counts.
set -uo pipefail

# The value of input $1 (its name as action.yml spells it), or "" when unset.
input() {
    local name
    name="INPUT_$(printf '%s' "$1" | tr '[:lower:] ' '[:upper:]_')"
    printenv "$name" || true
}

# A workflow command's message, escaped as the runner reads it (`%`, CR and LF), so a value
# quoted in it cannot end the line and start another command.
escape_data() {
    local text=${1//%/%25}
    text=${text//$'\r'/%0D}
    printf '%s' "${text//$'\n'/%0A}"
}

fail() {
    echo "::error title=Tollgate::$(escape_data "$*")"
    exit 2
}


# Single-line values only: a newline would let a value forge `name=value` lines in GITHUB_OUTPUT.
single_line() {
    case "$2" in
        *$'\n'* | *$'\r'*) fail "input \`$1\` must be one line" ;;
    esac
}

# Splits the `args` input as a shell splits words (quotes and backslashes group), without
# evaluating anything: no `$(...)`, variables or globs. One NUL-terminated word per argument.
split_words() {
    printf '%s' "$1" | xargs printf '%s\0'
}

# The `decision` of the last line of the audit log $1 (plan and apply modes), or "".
last_decision() {
    [ -f "$1" ] || return 0
    if command -v jq >/dev/null 2>&1; then
        tail -n 1 "$1" | jq -r '.decision'
    elif command -v python3 >/dev/null 2>&1; then
        python3 -c 'import json, sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["decision"])' "$1"
    fi
}

# Reads `summary.<field>` from the JSON report: jq where present (GitHub's runners have it),
# else python3.
summary_count() {
    local field=$1 report=$2
    if command -v jq >/dev/null 2>&1; then
        jq -r --arg field "$field" '.summary[$field]' "$report"
    elif command -v python3 >/dev/null 2>&1; then
        python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["summary"][sys.argv[2]])' "$report" "$field"
    else
        echo "::warning title=Tollgate::neither jq nor python3 is installed: the findings and blocking outputs are empty" >&2
    fi
}

scan_path=$(input path)
config=$(input config)
fail_on=$(input fail-on)
sarif_file=$(input sarif-file)
soft_fail=$(input soft-fail)
extra_args=$(input args)
budget=$(input budget)
mode=$(input mode)
plan_file=$(input plan-file)
audit_log=$(input audit-log)

# A boolean input as GitHub's YAML 1.2 spells it; anything else is an error, not false.
case "$soft_fail" in
    true | True | TRUE) soft_fail=true ;;
    false | False | FALSE | "") soft_fail=false ;;
    *) fail "input \`soft-fail\` must be true or false, not \`$soft_fail\`" ;;
esac
: "${scan_path:=.}"
: "${sarif_file:=tollgate.sarif}"
: "${mode:=scan}"
single_line path "$scan_path"
single_line sarif-file "$sarif_file"
single_line config "$config"
single_line budget "$budget"
single_line plan-file "$plan_file"
single_line audit-log "$audit_log"
case "$mode" in
    scan | plan | apply) ;;
    *) fail "input \`mode\` must be scan, plan or apply, not \`$mode\`" ;;
esac
[ "$mode" = plan ] && [ -z "$plan_file" ] && fail "mode plan needs the \`plan-file\` input: where the plan and its record go"
[ "$mode" = apply ] && [ "$soft_fail" = true ] && fail "soft-fail does not apply to mode apply: a blocked plan is never applied"
: "${audit_log:=$scan_path/.tollgate/audit.jsonl}"
command -v tollgate >/dev/null 2>&1 || fail "tollgate is not on PATH: the install step of the action did not run"

work_dir=${RUNNER_TEMP:-}
[ -n "$work_dir" ] || work_dir=$(mktemp -d) || fail "no RUNNER_TEMP and no temporary directory"
json_report="$work_dir/tollgate-report.json"
markdown_summary="$work_dir/tollgate-summary.md"
rm -f "$json_report" "$markdown_summary"

words_file="$work_dir/tollgate-args"
extra=()
if [ -n "${extra_args//[[:space:]]/}" ]; then
    split_words "$extra_args" >"$words_file" || fail "input \`args\` could not be split (an unmatched quote?)"
    while IFS= read -r -d '' word; do
        extra+=("$word")
    done <"$words_file"
fi

case "$mode" in
    scan) command=(tollgate scan "$scan_path") ;;
    plan) command=(tollgate plan "$scan_path" --out "$plan_file" --audit-log "$audit_log") ;;
    apply)
        command=(tollgate apply "$scan_path" --audit-log "$audit_log")
        [ -n "$plan_file" ] && command+=(--plan "$plan_file")
        ;;
esac
command+=(--format text
    --output "sarif=$sarif_file" --output "markdown=$markdown_summary" --output "json=$json_report")
[ -n "$config" ] && command+=(--config "$config")
[ -n "$fail_on" ] && command+=(--fail-on "$fail_on")
[ -n "$budget" ] && command+=(--budget "$budget")
command+=(${extra[@]+"${extra[@]}"})

echo "::group::tollgate $mode"
printf '%q ' "${command[@]}"
echo
echo "::endgroup::"
"${command[@]}"
exit_code=$?

findings=""
blocking=""
decision=""
[ "$mode" = scan ] || decision=$(last_decision "$audit_log")
if [ -f "$json_report" ]; then
    findings=$(summary_count findings "$json_report")
    blocking=$(summary_count blocking "$json_report")
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    if [ -f "$markdown_summary" ]; then
        cat "$markdown_summary" >>"$GITHUB_STEP_SUMMARY"
    else
        printf '## Tollgate\n\nThe scan wrote no summary (exit %s): see the step log.\n' "$exit_code" >>"$GITHUB_STEP_SUMMARY"
    fi
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
        echo "sarif-file=$sarif_file"
        echo "findings=$findings"
        echo "blocking=$blocking"
        echo "exit-code=$exit_code"
        echo "decision=$decision"
    } >>"$GITHUB_OUTPUT"
fi

if [ "$exit_code" -eq 1 ] && [ "$soft_fail" = true ]; then
    echo "::warning title=Tollgate::${blocking:-some} blocking finding(s); soft-fail is set, so the step passes"
    exit 0
fi
exit "$exit_code"
