#!/usr/bin/env bash
# Installs what the checks run, from the Go module proxy, the only registry these machines
# reach, and links it into .bin/ (git-ignored):
# - the CLIs the acceptance tests run (Terraform 1.16.0, the newest; Terraform 1.8.5, the
#   oldest supported; OpenTofu 1.12.6), built from their modules' source and cached in the
#   user cache directory, keyed by version and Go toolchain;
# - the Go tools (golangci-lint, goreleaser, gremlins, actionlint, govulncheck), each pinned
#   by a tool directive in its own module, tools/NAME/go.mod, and verified by its go.sum
#   (one module each, so that no tool's dependencies move another's), built through Go's
#   build cache.
#
# What it builds is verified: every module comes through Go's module proxy and is checked
# against Go's checksum database, whatever the caller's environment says (a GOSUMDB=off,
# GOPRIVATE=* or GOFLAGS=-insecure inherited from a shell or a CI runner would otherwise
# let an unverified module in). INSTALL_CLIS_GOPROXY may name a module mirror, which is
# still checked against the checksum database.
#
# The CLIs are built reproducibly (the project's Go, -trimpath, no cgo), so each build's
# SHA-256 is known in advance and kept in the repository, in .ci/clis.sha256: a cached
# CLI is used only while its bytes match it, and a fresh build that does not match is
# refused. The cache that CI restores can therefore be corrupted or tampered with, but
# not used. After a version bump, INSTALL_CLIS_RECORD=1 writes the new builds' sums there
# (review the diff: a sum must not change for a version that did not).
set -euo pipefail

# Go's defaults for where modules come from and how they are checked (its module proxy and
# checksum database), not the caller's.
unset GOPRIVATE GONOPROXY GONOSUMDB GONOSUMCHECK GOINSECURE GOSUMDB GOPROXY GOFLAGS GOENV
export GOENV=off       # ignore a `go env -w` file that could turn the checks off
export GOFLAGS=-mod=readonly
if [ -n "${INSTALL_CLIS_GOPROXY:-}" ]; then
  export GOPROXY="$INSTALL_CLIS_GOPROXY"
fi

repo="$(cd "$(dirname "$0")/.." && pwd)"
# The project's Go (go.mod's go line) builds the Go tools, which must be at least as new
# as the code they check. The go command fetches it from the module proxy when the
# machine's Go is older.
GO_VERSION="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$repo/go.mod")"
export GOTOOLCHAIN="go$GO_VERSION"
# The CLIs are built with one fixed Go of their own, so that their bytes are known in
# advance, and Go 1.27.3 cannot be that Go: OpenTofu 1.12.6 does not build with it (its
# gRPC v1.79.3 stops at "undefined: http2.TrailerPrefix").
CLI_GO_VERSION="1.26.8"

TERRAFORM_VERSION="${TERRAFORM_VERSION:-1.16.0}"
TERRAFORM_OLDEST_VERSION="${TERRAFORM_OLDEST_VERSION:-1.8.5}"
TOFU_VERSION="${TOFU_VERSION:-1.12.6}"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-intercom/clis"
bin="${INSTALL_CLIS_BIN:-$repo/.bin}" # the tests of this script point it elsewhere
sums="${INSTALL_CLIS_SUMS:-$repo/.ci/clis.sha256}" # likewise
mkdir -p "$cache" "$bin"
# Scratch space for builds outside any module (so go.mod stays untouched); removed on exit.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Reproducible builds: no cgo (the C compiler would enter the bytes) and no file paths.
export CGO_ENABLED=0
build_flags=(-trimpath)

# expected KEY: the SHA-256 that .ci/clis.sha256 holds for KEY (e.g. terraform-1.16.0-go1.26.8), or nothing.
expected() {
  [ -f "$sums" ] && awk -v k="$1" '$2 == k { print $1 }' "$sums"
}

# matches BINARY KEY: true when BINARY exists and its bytes have the SHA-256 the repository expects for KEY.
matches() {
  local want
  want="$(expected "$2")"
  [ -x "$1" ] && [ -n "$want" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$want" ]
}

# accept BINARY KEY: after a build, keep BINARY only if it is the build the repository
# expects; with INSTALL_CLIS_RECORD=1, record its sum instead.
accept() {
  local got
  got="$(sha256sum "$1" | cut -d' ' -f1)"
  if [ "${INSTALL_CLIS_RECORD:-}" = 1 ]; then
    { [ -f "$sums" ] && awk -v k="$2" '$2 != k' "$sums"; echo "$got  $2"; } | sort -k2 >"$sums.new"
    mv "$sums.new" "$sums"
    echo "install-clis: recorded $2 in $sums"
    return
  fi
  if ! matches "$1" "$2"; then
    rm -f "$1"
    echo "install-clis: the build of $2 has SHA-256 $got, but $sums expects '$(expected "$2")'." >&2
    echo "install-clis: it was not used. After a deliberate version bump, run INSTALL_CLIS_RECORD=1 $0 and review the change." >&2
    exit 1
  fi
}

# has_version BINARY KEY VERSION: true when BINARY is the expected build and reports exactly
# VERSION. The CLI's own config is pointed at /dev/null: some machines name a missing
# one, and OpenTofu then prints a warning before its version.
has_version() {
  matches "$1" "$2" && TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null | grep -Eq "^(Terraform|OpenTofu) v$3\$"
}

# module_copy MODULE@VERSION NAME: download the module through the proxy (checked against
# the checksum database) and print the path of a writable copy of it in the scratch folder.
# Downloads run outside any module, so the project's go.mod is left alone.
module_copy() {
  local src
  src="$(cd "$scratch" && go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  if [ -z "$src" ]; then
    echo "install-clis: could not download $1" >&2
    exit 1
  fi
  mkdir -p "$scratch/$2"
  cp -r "$src/." "$scratch/$2/"
  chmod -R u+w "$scratch/$2"
  echo "$scratch/$2"
}

# install_terraform_oldest: Terraform 1.8.5 installs with go install from its module.
install_terraform_oldest() {
  local key="terraform-$TERRAFORM_OLDEST_VERSION-go$CLI_GO_VERSION"
  local dir="$cache/$key"
  if ! has_version "$dir/terraform" "$key" "$TERRAFORM_OLDEST_VERSION"; then
    echo "install-clis: building Terraform $TERRAFORM_OLDEST_VERSION from the Go module proxy"
    mkdir -p "$dir"
    (cd "$scratch" && GOTOOLCHAIN="go$CLI_GO_VERSION" GOBIN="$dir" go install "${build_flags[@]}" \
      -ldflags "-X github.com/hashicorp/terraform/version.dev=no" \
      "github.com/hashicorp/terraform@v$TERRAFORM_OLDEST_VERSION")
    accept "$dir/terraform" "$key"
  fi
  ln -sfn "$dir/terraform" "$bin/terraform-$TERRAFORM_OLDEST_VERSION"
}

# install_terraform: the newest Terraform (1.16) cannot be installed with go install: its
# go.mod has replace directives, and the module's zip on the proxy lacks the nested modules
# internal/backend/remote-state/{azure,consul,cos,gcs,kubernetes,oci,oss,pg,s3} and
# internal/legacy that go.mod requires. So it is built from a copy of the downloaded module
# with those requires and replaces dropped from go.mod, and the nine backends (the only
# importers) dropped from internal/backend/init/init.go. The binary keeps the local backend
# (and http, inmem, remote and cloud), which is all the tests need. -mod=mod lets go resolve
# the edited go.mod; every module it adds is still checked against the checksum database.
# About 8 minutes on 2 cores, once: the build is cached by version.
install_terraform() {
  local key="terraform-$TERRAFORM_VERSION-go$CLI_GO_VERSION"
  local dir="$cache/$key"
  if ! has_version "$dir/terraform" "$key" "$TERRAFORM_VERSION"; then
    echo "install-clis: building Terraform $TERRAFORM_VERSION from its module source (about 8 minutes, once)"
    mkdir -p "$dir"
    local work
    work="$(module_copy "github.com/hashicorp/terraform@v$TERRAFORM_VERSION" terraform)"
    local nested='github\.com/hashicorp/terraform/internal/(backend/remote-state/(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)|legacy)[[:space:]]'
    sed -i -E "\\#$nested#d" "$work/go.mod"
    sed -i -E '/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)[ .]/d' "$work/internal/backend/init/init.go"
    (cd "$work" && GOTOOLCHAIN="go$CLI_GO_VERSION" GOFLAGS=-mod=mod go build "${build_flags[@]}" -o "$dir/terraform" \
      -ldflags "-X github.com/hashicorp/terraform/version.dev=no" .)
    accept "$dir/terraform" "$key"
  fi
  ln -sfn "$dir/terraform" "$bin/terraform"
}

install_tofu() {
  local key="tofu-$TOFU_VERSION-go$CLI_GO_VERSION"
  local dir="$cache/$key"
  if ! has_version "$dir/tofu" "$key" "$TOFU_VERSION"; then
    echo "install-clis: building OpenTofu $TOFU_VERSION from its module (a few minutes, once)"
    mkdir -p "$dir"
    local work
    work="$(module_copy "github.com/opentofu/opentofu@v$TOFU_VERSION" opentofu)"
    (cd "$work" && GOTOOLCHAIN="go$CLI_GO_VERSION" go build "${build_flags[@]}" -o "$dir/tofu" \
      -ldflags "-X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu)
    accept "$dir/tofu" "$key"
  fi
  ln -sfn "$dir/tofu" "$bin/tofu"
}

# go_tool NAME PACKAGE: build the tool that tools/NAME/go.mod pins into .bin/NAME. Its
# go.sum verifies its modules; Go's build cache makes a second build a link step.
go_tool() {
  (cd "$repo/tools/$1" && go build -o "$bin/$1" "$2")
}

install_golangci_lint() { go_tool golangci-lint github.com/golangci/golangci-lint/v2/cmd/golangci-lint; }
install_goreleaser() { go_tool goreleaser github.com/goreleaser/goreleaser/v2; }
install_gremlins() { go_tool gremlins github.com/go-gremlins/gremlins/cmd/gremlins; }
install_actionlint() { go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint; }
install_govulncheck() { go_tool govulncheck golang.org/x/vuln/cmd/govulncheck; }

# gpg signs the release checksums in the signing test. It is not a Go program: take the
# machine's, or install the distribution's gnupg package where we may (root, apt or apk).
install_gnupg() {
  if command -v gpg >/dev/null 2>&1; then
    return
  fi
  echo "install-clis: gpg is missing; installing gnupg"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if command -v apt-get >/dev/null 2>&1; then
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gnupg >/dev/null
  elif command -v apk >/dev/null 2>&1; then
    $sudo apk add --no-cache gnupg >/dev/null
  elif command -v brew >/dev/null 2>&1; then
    brew install gnupg >/dev/null
  else
    echo "install-clis: cannot install gnupg on this machine; install it and run again" >&2
    exit 1
  fi
}

# locked NAME FUNCTION: run FUNCTION holding a lock per tool, so that two targets that
# need the same tool at once (make test runs the acceptance legs beside the other checks)
# build it once: the second waits, then finds it built. Machines without flock(1) (macOS)
# run unlocked, which make's own order keeps safe outside make test.
locked() {
  if command -v flock >/dev/null 2>&1; then
    (
      exec 9>"$cache/.lock-$1"
      flock 9
      "$2"
    )
  else
    "$2"
  fi
}

case "${1:-all}" in
  terraform) locked terraform install_terraform ;;
  terraform-oldest) locked terraform-oldest install_terraform_oldest ;;
  tofu) locked tofu install_tofu ;;
  golangci-lint) locked golangci-lint install_golangci_lint ;;
  goreleaser) locked goreleaser install_goreleaser ;;
  actionlint) locked actionlint install_actionlint ;;
  gremlins) locked gremlins install_gremlins ;;
  govulncheck) locked govulncheck install_govulncheck ;;
  gnupg) locked gnupg install_gnupg ;;
  all)
    for tool in terraform terraform-oldest tofu golangci-lint goreleaser actionlint govulncheck gnupg; do
      bash "$0" "$tool"
    done
    ;;
  *) echo "usage: $0 [terraform|terraform-oldest|tofu|golangci-lint|goreleaser|actionlint|gremlins|govulncheck|gnupg|all]" >&2; exit 2 ;;
esac
