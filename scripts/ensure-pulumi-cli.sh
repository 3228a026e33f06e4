#!/usr/bin/env bash
# Makes sure a Pulumi CLI of the version this project pins is available and prints the folder
# that holds it (put that folder first on PATH).
#
# Why this exists: the machines this project is developed and tested on reach package
# registries only, so the usual installers (which download release binaries) fail. The CLI is
# a Go program published as Go modules, so we build it from the Go module proxy into a cache
# outside the repository, keyed by version, and reuse it on later runs.
#
# Order of preference:
#   1. $PULUMI_CLI_DIR, if set, must hold a `pulumi` binary: used as is.
#   2. A `pulumi` on PATH whose version equals the pinned one.
#   3. The cache ($PULUMI_JOBS_CACHE, default ~/.cache/pulumi-huaweicloud-jobs).
#   4. A fresh build from Go modules into that cache.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
version=$(node -e 'process.stdout.write(require(process.argv[1]).pulumiCliVersion)' "$root/package.json")
log() { printf '[ensure-pulumi-cli] %s\n' "$*" >&2; }

if [ -n "${PULUMI_CLI_DIR:-}" ]; then
  [ -x "$PULUMI_CLI_DIR/pulumi" ] || { log "PULUMI_CLI_DIR=$PULUMI_CLI_DIR has no executable 'pulumi'"; exit 1; }
  echo "$PULUMI_CLI_DIR"; exit 0
fi

if command -v pulumi >/dev/null 2>&1; then
  found=$(pulumi version 2>/dev/null | tr -d 'v\r\n' || true)
  if [ "$found" = "$version" ]; then dirname "$(command -v pulumi)"; exit 0; fi
  log "ignoring pulumi $found on PATH: this project pins $version"
fi

cache=${PULUMI_JOBS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-huaweicloud-jobs}
bin="$cache/pulumi-v$version/bin"
if [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null | tr -d 'v\r\n')" = "$version" ]; then
  echo "$bin"; exit 0
fi

command -v go >/dev/null 2>&1 || { log "Go is required to build the Pulumi CLI $version (none on PATH)"; exit 1; }
log "building the Pulumi CLI v$version from Go modules into $bin (first run only; several minutes)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# A throwaway wrapper module: the CLI's own go.mod has `replace` directives, so `go install`
# refuses it. Requiring pkg/v3 and sdk/v3 at the same version and repeating the one non-local
# replace of pkg/v3 reproduces the upstream build.
cat > go.mod <<MOD
module pulumi-cli-build

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
# Explicit requires rather than `go get pkg/v3/cmd/pulumi@v…`: go get probes every path prefix as
# a possible module, and a proxy that answers such probes with 403 (as some mirrors do) stops it.
export GOFLAGS="-mod=mod -buildvcs=false"
mkdir -p "$bin.tmp"
go build -trimpath \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
  -o "$bin.tmp/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
rm -rf "$bin" && mv "$bin.tmp" "$bin"
log "built $("$bin/pulumi" version)"
echo "$bin"
