#!/usr/bin/env bash
# govulncheck over the provider, with Go's vulnerability database: vuln.go.dev where it
# can be reached, else a copy built from the newest golang.org/x/vulndb module on the Go
# module proxy (the same reports, checked against Go's checksum database), cached by
# version. Fails on any vulnerability the provider's code can reach.
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN="go$(sed -n 's/^go \([0-9.]*\)$/\1/p' go.mod)" # the project's Go
bash .ci/install-clis.sh govulncheck
if curl -fsS -m 10 -o /dev/null https://vuln.go.dev/index/db.json 2>/dev/null; then
  exec .bin/govulncheck ./...
fi
unset GOFLAGS GOPRIVATE GONOSUMDB GOSUMDB GOINSECURE
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
module="$(cd "$scratch" && GOTOOLCHAIN=local go mod download -json golang.org/x/vulndb@latest)"
version="$(sed -n 's/^[[:space:]]*"Version": "\(.*\)",$/\1/p' <<<"$module")"
src="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$module")"
db="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-intercom/vulndb-$version"
if [ ! -f "$db/index/db.json" ]; then
  echo "vulncheck: vuln.go.dev cannot be reached; building its database from golang.org/x/vulndb $version (once)"
  rm -rf "$db.tmp"
  (cd "$src" && GOFLAGS=-mod=mod go run ./cmd/indexdb -vulns data/osv -out "$db.tmp")
  mv "$db.tmp" "$db"
fi
echo "vulncheck: database golang.org/x/vulndb $version"
.bin/govulncheck -db "file://$db" ./...
