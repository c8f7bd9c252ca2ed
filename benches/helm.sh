#!/usr/bin/env bash
# Render speed of Tollgate's Helm renderer, side by side with real Helm when it is present.
# Workload (each a `helm template` argument list):
#   seed charts   fixtures/*/charts/* with their defaults and with each environment's values file
#                 (values-*.yaml, values/*.yaml);
#   test charts   every case of engine/helm/tests/charts/*/cases.toml that is not meant to fail;
#   large chart   an umbrella generated here: TEMPLATES templates (default 200) of a ConfigMap, a
#                 Deployment and a Service each, built from named templates taking dicts, ranges over
#                 maps, toYaml | nindent, tpl of values, checksum annotations, plus a subchart.
# Tollgate renders in process (engine/helm/examples/render_bench.rs, release build, one thread):
# ITERATIONS renders per case (default 20; the large chart LARGE_ITERATIONS, default 5). Helm is
# `helm template` per render (a process each, as CI runs it), HELM_RUNS per case (default 3).
# Helm: TOLLGATE_HELM, else .cache/tools/helm/helm (scripts/fetch-tools.sh), else /work/tools/helm.
# The large chart's output is compared with Helm's byte for byte. Not part of the test suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
iterations=${ITERATIONS:-20}
large_iterations=${LARGE_ITERATIONS:-5}
helm_runs=${HELM_RUNS:-3}
templates=${TEMPLATES:-200}
work=$(mktemp -d "${TMPDIR:-/tmp}/tollgate-helm-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

helm=${TOLLGATE_HELM:-}
for candidate in "$root/.cache/tools/helm/helm" /work/tools/helm; do
  [ -z "$helm" ] && [ -x "$candidate" ] && helm=$candidate
done
if [ -n "$helm" ] && ! command -v "$helm" >/dev/null; then
  helm=""
fi

# --- the large chart ------------------------------------------------------------------------------
generate_large_chart() {
  local chart=$1
  mkdir -p "$chart/templates" "$chart/charts/common/templates"
  cat >"$chart/Chart.yaml" <<'EOF'
apiVersion: v2
name: big
version: 1.0.0
appVersion: "2.4.1"
EOF
  cat >"$chart/charts/common/Chart.yaml" <<'EOF'
apiVersion: v2
name: common
version: 0.3.0
type: library
EOF
  cat >"$chart/charts/common/templates/_names.tpl" <<'EOF'
{{- define "common.fullname" -}}
{{- printf "%s-%s" .ctx.Release.Name .comp | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- define "common.labels" -}}
app.kubernetes.io/name: {{ .comp }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{- with .ctx.Values.global.labels }}
{{ toYaml . }}
{{- end }}
{{- end -}}
{{- define "common.image" -}}
{{- $registry := .ctx.Values.global.registry | default .image.registry -}}
{{- printf "%s/%s:%s" $registry .image.repository (.image.tag | default .ctx.Chart.AppVersion | toString) -}}
{{- end -}}
EOF
  cat >"$chart/values.yaml" <<'EOF'
global:
  registry: registry.example.com
  labels:
    team: platform
    cost-center: "4711"
image:
  registry: docker.io
  repository: acme/service
  tag: ""
replicas: 2
annotationTemplate: "{{ .Release.Name }} in {{ .Release.Namespace }}"
config:
  LOG_LEVEL: info
  LOG_FORMAT: json
  CACHE_TTL: "300"
  FEATURE_A: "true"
  FEATURE_B: "false"
  UPSTREAM: "http://upstream:8080"
env:
  REGION: eu-west-1
  STAGE: prod
  TRACING: "on"
  POOL_SIZE: "16"
resources:
  requests: {cpu: 100m, memory: 128Mi}
  limits: {cpu: "1", memory: 512Mi}
podSecurityContext:
  runAsNonRoot: true
  runAsUser: 10001
  fsGroup: 10001
ports:
  - {name: http, port: 8080}
  - {name: metrics, port: 9090}
components:
EOF
  local n
  # Every tenth component overrides the defaults (merged with mergeOverwrite over a deepCopy).
  for n in $(seq -w 10 10 "$templates"); do
    printf '  svc%s:\n    replicas: 3\n    config:\n      LOG_LEVEL: debug\n      SHARD: "%s"\n' "$n" "$n" >>"$chart/values.yaml"
  done
  for n in $(seq -w 1 "$templates"); do
    sed "s/__N__/$n/g" >"$chart/templates/svc$n.yaml" <<'EOF'
{{- $comp := "svc__N__" }}
{{- $own := index .Values.components $comp | default dict }}
{{- $ctx := dict "ctx" $ "comp" $comp }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "common.fullname" $ctx }}
  labels:
    {{- include "common.labels" $ctx | nindent 4 }}
data:
  {{- range $key, $value := mergeOverwrite (deepCopy .Values.config) ($own.config | default dict) }}
  {{ $key }}: {{ $value | quote }}
  {{- end }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "common.fullname" $ctx }}
  labels:
    {{- include "common.labels" $ctx | nindent 4 }}
spec:
  replicas: {{ $own.replicas | default .Values.replicas }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ $comp }}
      app.kubernetes.io/instance: {{ .Release.Name }}
  template:
    metadata:
      labels:
        {{- include "common.labels" $ctx | nindent 8 }}
      annotations:
        checksum/config: {{ toYaml .Values.config | sha256sum }}
        description: {{ tpl .Values.annotationTemplate . | quote }}
    spec:
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ $comp }}
          image: {{ include "common.image" (dict "ctx" $ "image" .Values.image) | quote }}
          ports:
            {{- range .Values.ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
            {{- end }}
          env:
            {{- range $key, $value := .Values.env }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "common.fullname" $ctx }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "common.fullname" $ctx }}
  labels:
    {{- include "common.labels" $ctx | nindent 4 }}
spec:
  selector:
    app.kubernetes.io/name: {{ $comp }}
  ports:
    {{- range .Values.ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .name }}
    {{- end }}
EOF
  done
}

# --- the workload ---------------------------------------------------------------------------------
write_workload() {
  local chart values
  for chart in "$root"/fixtures/*/charts/*/; do
    chart=${chart%/}
    printf 'seed charts\t%s\n' "$chart"
    for values in "$chart"/values-*.yaml "$chart"/values/*.yaml; do
      [ -f "$values" ] && printf 'seed charts\t%s\t-f\t%s\n' "$chart" "$values"
    done
  done
  printf 'large chart\tbig\t%s\t--namespace\tprod\n' "$work/big"
}

generate_large_chart "$work/big"
write_workload >"$work/workload.tsv"

echo "building the render benchmark (release)"
cargo build --release --quiet -p tollgate-helm --example render_bench
bench="$root/target/release/examples/render_bench"
test_charts="$root/engine/helm/tests/charts"
"$bench" --list --workload "$work/workload.tsv" --test-charts "$test_charts" >"$work/all.tsv"
echo "workload: $(grep -c '^seed charts' "$work/all.tsv") seed chart renders, $(grep -c '^test charts' "$work/all.tsv") test chart cases, the large chart ($templates templates, $(( templates * 3 )) objects)"
echo

grep -v '^large chart' "$work/all.tsv" >"$work/small.tsv"
grep '^large chart' "$work/all.tsv" >"$work/large.tsv"
"$bench" --iterations "$iterations" --workload "$work/small.tsv" --slowest 5 >"$work/small.out"
grep -v '^slowest\|^  ' "$work/small.out"
"$bench" --iterations "$large_iterations" --workload "$work/large.tsv" --no-header
sed -n '/^slowest/,$p' "$work/small.out"
echo

if [ -z "$helm" ]; then
  echo "SKIP: helm not found (scripts/fetch-tools.sh or TOLLGATE_HELM): no side-by-side figures"
  exit 0
fi
export HELM_CACHE_HOME="$work/helm-home" HELM_CONFIG_HOME="$work/helm-home" HELM_DATA_HOME="$work/helm-home"

# Times `helm template` on every case of one label, HELM_RUNS times; prints a table row.
time_helm() {
  local label=$1 cases=0 renders=0 failed=0 started ended line run
  local -a arguments
  started=$(date +%s%N)
  while IFS= read -r line; do
    IFS=$'\t' read -r -a arguments <<<"$line"
    cases=$((cases + 1))
    for run in $(seq "$helm_runs"); do
      renders=$((renders + 1))
      "$helm" template "${arguments[@]:1}" >/dev/null 2>&1 || failed=$((failed + 1))
    done
  done < <(grep "^$label	" "$work/all.tsv")
  ended=$(date +%s%N)
  awk -v label="$label" -v cases="$cases" -v renders="$renders" -v failed="$failed" -v ns=$((ended - started)) \
    'BEGIN { s = ns / 1e9; printf "%-14s %6d %8d %7d %9.3f %11.1f %11.3f\n", label, cases, renders, failed, s, renders / s, s * 1000 / renders }'
}

echo "$("$helm" version --short 2>/dev/null || echo helm): helm template per render (a process each), $helm_runs runs per case"
printf '%-14s %6s %8s %7s %9s %11s %11s\n' workload cases renders failed seconds renders/s ms/render
time_helm "seed charts"
time_helm "test charts"
time_helm "large chart"
echo

"$bench" --emit --workload "$work/large.tsv" >"$work/large.tollgate" 2>&1
IFS=$'\t' read -r -a arguments <"$work/large.tsv"
"$helm" template "${arguments[@]:1}" >"$work/large.helm" 2>&1 || true
if cmp -s "$work/large.tollgate" "$work/large.helm"; then
  echo "large chart: Tollgate's output is Helm's, byte for byte ($(wc -c <"$work/large.helm") bytes)"
else
  echo "large chart: Tollgate's output DIFFERS from Helm's:"
  diff "$work/large.helm" "$work/large.tollgate" | head -20
  exit 1
fi
