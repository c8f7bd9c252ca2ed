#!/usr/bin/env bash
# The install step of the Tollgate GitHub Action (action.yml). When the action is used at a
# release tag (`uses: owner/tollgate@v1.2.3`, or a major tag such as `@v1` whose source says
# 1.x.y) and that release publishes a binary for the runner's platform, downloads it, checks it
# against the release's SHA256SUMS (a mismatch is refused, never installed) and puts it on PATH.
# Otherwise it says so in its outputs, and action.yml builds the action's own source with
# `cargo install --locked`, cached by the key written here.
#
# Environment: GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_PATH, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP
# and GITHUB_SERVER_URL as the runner sets them; ACTION_REF and ACTION_REPOSITORY from
# `github.action_ref` / `github.action_repository` (empty in some composite runs: the action's
# directory, `_actions/OWNER/REPO/REF`, names them then).
set -euo pipefail

action_path=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this as a step of action.yml}
work_dir=${RUNNER_TEMP:?RUNNER_TEMP is not set}

output() {
    echo "$1=$2" >>"$GITHUB_OUTPUT"
}

fail() {
    echo "::error title=Tollgate install::$*"
    exit 1
}

# The version in the action's own Cargo.toml (`[workspace.package] version`).
source_version() {
    sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$action_path/Cargo.toml" | head -n 1
}

# The release tag to install for the action's ref, or nothing: the ref must be a version tag
# that the source's own version falls under (v1.2.3 is exactly 1.2.3; v1 and v1.2 are prefixes).
release_tag() {
    local ref=$1 version
    version=$(source_version)
    case "$ref" in
        v[0-9]*) ;;
        *) return 0 ;;
    esac
    case "v$version" in
        "$ref" | "$ref".*) echo "v$version" ;;
    esac
}

# The Rust target of the release binary for this runner, or nothing when none is built for it.
release_target() {
    case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
        Linux/X64) echo x86_64-unknown-linux-musl ;;
        Linux/ARM64) echo aarch64-unknown-linux-musl ;;
        macOS/X64) echo x86_64-apple-darwin ;;
        macOS/ARM64) echo aarch64-apple-darwin ;;
        Windows/X64) echo x86_64-pc-windows-msvc ;;
    esac
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    else
        shasum -a 256 "$1" | cut -d ' ' -f 1
    fi
}

# The SHA-256 that SHA256SUMS ($1) lists for file $2 (`HASH  NAME` or `HASH *NAME` lines).
listed_sha256() {
    awk -v name="$2" '$2 == name || $2 == "*" name { print $1; exit }' "$1"
}

extract() {
    local archive=$1 into=$2
    case "$archive" in
        *.zip)
            if command -v unzip >/dev/null 2>&1; then
                (cd "$into" && unzip -q "$(basename "$archive")")
            else
                (cd "$into" && 7z x -y "$(basename "$archive")" >/dev/null)
            fi
            ;;
        *) (cd "$into" && tar -xzf "$(basename "$archive")") ;;
    esac
}

# Downloads, verifies and unpacks the release; returns 1 (nothing installed) when the release
# has no such archive, and stops the action when its checksum is missing or wrong.
install_release() {
    local repository=$1 tag=$2 target=$3 extension=tar.gz
    [ "$target" = x86_64-pc-windows-msvc ] && extension=zip
    local name="tollgate-$tag-$target"
    local base="${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download/$tag"
    local dir="$work_dir/tollgate-release"
    rm -rf "$dir" && mkdir -p "$dir"
    if ! curl -fsSL --retry 3 -o "$dir/$name.$extension" "$base/$name.$extension"; then
        echo "::notice title=Tollgate install::no $name.$extension in release $tag; building from source"
        return 1
    fi
    curl -fsSL --retry 3 -o "$dir/SHA256SUMS" "$base/SHA256SUMS" ||
        fail "release $tag has $name.$extension but no SHA256SUMS to verify it: refusing to install it"
    local expected actual
    expected=$(listed_sha256 "$dir/SHA256SUMS" "$name.$extension")
    [ -n "$expected" ] || fail "SHA256SUMS of release $tag does not list $name.$extension: refusing to install it"
    actual=$(sha256_of "$dir/$name.$extension")
    [ "$expected" = "$actual" ] ||
        fail "$name.$extension does not match SHA256SUMS of release $tag (expected $expected, got $actual): refusing to install it"
    extract "$dir/$name.$extension" "$dir"
    [ -f "$dir/$name/tollgate" ] || [ -f "$dir/$name/tollgate.exe" ] || fail "$name.$extension holds no $name/tollgate"
    echo "$dir/$name" >>"$GITHUB_PATH"
    echo "Installed Tollgate $tag ($target), SHA-256 $actual"
}

# The cache key of a source build: the platform and a hash of every source file of the action.
source_cache_key() {
    local list="$work_dir/tollgate-source-hashes"
    (cd "$action_path" && find Cargo.toml Cargo.lock src engine rules reports -type f ! -path '*/target/*' |
        LC_ALL=C sort | while IFS= read -r file; do echo "$(sha256_of "$file")  $file"; done) >"$list"
    echo "tollgate-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-$(sha256_of "$list")"
}

# The action's ref and repository, from the runner or from `_actions/OWNER/REPO/REF`.
ref=${ACTION_REF:-$(basename "$action_path")}
repository=${ACTION_REPOSITORY:-$(basename "$(dirname "$(dirname "$action_path")")")/$(basename "$(dirname "$action_path")")}
tag=$(release_tag "$ref")
target=$(release_target)
if [ -n "$tag" ] && [ -n "$target" ] && install_release "$repository" "$tag" "$target"; then
    output method release
    exit 0
fi
[ -n "$tag" ] || echo "Action ref \`$ref\` is not a release of this source (v$(source_version)): building from source"
[ -n "$target" ] || echo "No release binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}: building from source"
output method source
output install-root "$work_dir/tollgate-source"
output cache-key "$(source_cache_key)"
