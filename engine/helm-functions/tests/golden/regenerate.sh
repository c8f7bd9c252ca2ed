#!/bin/sh
# Regenerates helm-4.1.4.txt: each line of templates.txt rendered by real Helm over values.yaml, as
# "TEMPLATE<TAB>=> OUTPUT~" with each newline of the output shown as "~". Usage: regenerate.sh PATH_TO_HELM
set -eu
helm=${1:?path to the helm 4.1.4 binary}
here=$(cd "$(dirname "$0")" && pwd)
chart=$(mktemp -d)
trap 'rm -rf "$chart"' EXIT
mkdir -p "$chart/golden/templates"
printf 'apiVersion: v2\nname: golden\nversion: 0.1.0\n' > "$chart/golden/Chart.yaml"
cp "$here/values.yaml" "$chart/golden/values.yaml"
# NOTES.txt is printed as rendered, without Helm's YAML checks on manifests.
while IFS= read -r template; do
  printf '%s' "$template" > "$chart/golden/templates/NOTES.txt"
  out=$("$helm" install golden "$chart/golden" --dry-run=client 2>&1 | sed -e '1,/^NOTES:$/d')
  printf '%s\t=> %s~\n' "$template" "$(printf '%s' "$out" | tr '\n' '~')"
done < "$here/templates.txt" > "$here/helm-4.1.4.txt"
