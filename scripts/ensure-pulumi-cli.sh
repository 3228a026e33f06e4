#!/usr/bin/env bash
# Makes sure a usable Pulumi CLI is available and prints the folder that holds it (put that
# folder first on PATH). Messages go to stderr; stdout carries only the folder.
#
# A Pulumi user already has a CLI, so any `pulumi` at or above the supported minimum
# (`pulumiCliMinimum` in package.json) is used as is. Only when there is none do we build the
# version the project is tested with (`pulumiCliVersion`): these machines reach package
# registries only, so the usual installers (which download release binaries) fail, but the CLI
# is a Go program published as Go modules, which we build into a cache outside the repository,
# keyed by version.
#
# Order of preference:
#   1. $PULUMI_CLI_DIR, if set: must hold a `pulumi` at or above the minimum (else we stop).
#   2. A `pulumi` on PATH at or above the minimum.
#   3. The cache ($PULUMI_JOBS_CACHE, default ~/.cache/pulumi-huaweicloud-jobs), tested version.
#   4. A fresh build of the tested version from Go modules into that cache.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
read -r version minimum < <(node -e '
  const p = require(process.argv[1]);
  process.stdout.write(`${p.pulumiCliVersion} ${p.pulumiCliMinimum}\n`);' "$root/package.json")
log() { printf '[ensure-pulumi-cli] %s\n' "$*" >&2; }
hint="set PULUMI_CLI_DIR to a folder holding pulumi >= $minimum to use your own CLI"

# The version a `pulumi` binary reports, without the leading "v" (empty when it does not run).
version_of() { "$1" version 2>/dev/null | head -n 1 | tr -d 'v\r\n ' || true; }

# Whether version $1 is at or above $2, comparing major.minor.patch numerically (a pre-release
# or build suffix such as "-alpha.1" or "+dirty" is ignored).
at_least() {
  local a b i
  IFS=. read -r -a a <<<"${1%%[-+]*}"
  IFS=. read -r -a b <<<"$2"
  for i in 0 1 2; do
    [[ "${a[i]:-}" =~ ^[0-9]+$ ]] || return 1
    if ((10#${a[i]} > 10#${b[i]})); then return 0; fi
    if ((10#${a[i]} < 10#${b[i]})); then return 1; fi
  done
  return 0
}

if [ -n "${PULUMI_CLI_DIR:-}" ]; then
  [ -x "$PULUMI_CLI_DIR/pulumi" ] || { log "PULUMI_CLI_DIR=$PULUMI_CLI_DIR has no executable 'pulumi'"; exit 1; }
  found=$(version_of "$PULUMI_CLI_DIR/pulumi")
  if ! at_least "$found" "$minimum"; then
    log "PULUMI_CLI_DIR=$PULUMI_CLI_DIR holds pulumi '${found:-?}', older than the supported minimum $minimum"
    exit 1
  fi
  log "using pulumi $found from PULUMI_CLI_DIR=$PULUMI_CLI_DIR"
  echo "$PULUMI_CLI_DIR"; exit 0
fi

if on_path=$(command -v pulumi 2>/dev/null); then
  found=$(version_of "$on_path")
  if at_least "$found" "$minimum"; then
    log "using pulumi $found found on PATH at $on_path (tested with $version, minimum $minimum)"
    dirname "$on_path"; exit 0
  fi
  log "ignoring pulumi '${found:-?}' on PATH at $on_path: older than the supported minimum $minimum"
fi

cache=${PULUMI_JOBS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-huaweicloud-jobs}
dest="$cache/pulumi-v$version"
bin="$dest/bin"
if [ -x "$bin/pulumi" ] && [ "$(version_of "$bin/pulumi")" = "$version" ]; then
  log "using pulumi $version from the cache $bin"
  echo "$bin"; exit 0
fi

command -v go >/dev/null 2>&1 || {
  log "no usable pulumi found, and Go, needed to build pulumi $version, is not on PATH; $hint"
  exit 1
}
log "no usable pulumi found; building pulumi v$version from Go modules into $bin (once; 10-20 minutes on 2 cores). To skip this, $hint"
work=$(mktemp -d)
partial="$cache/.pulumi-v$version.partial.$$"
# Whatever happens, no half-made build is left behind: the build happens in $work and reaches the
# cache only complete, through a rename.
trap 'rm -rf "$work" "$partial"' EXIT
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
if ! go build -trimpath \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
  -o "$work/out/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2; then
  log "building pulumi v$version failed (see above); nothing was cached. $hint"
  exit 1
fi
mkdir -p "$cache"
cp -R "$work/out" "$partial"
rm -rf "$dest"
mv "$partial" "$dest"
log "built $("$bin/pulumi" version) into $bin"
echo "$bin"
