#!/usr/bin/env bash
# Installs the CLIs the acceptance tests run (Terraform 1.16.0, the newest; Terraform
# 1.8.5, the oldest supported; OpenTofu 1.12.6) from the Go module proxy, the only registry
# these machines reach. Builds are cached in the user
# cache directory, keyed by version, so a fresh clone finds them again; .bin/ in the repo
# (git-ignored) links to them. Skips whatever is already there at the right version.
#
# What it builds is verified: every module comes through Go's module proxy and is checked
# against Go's checksum database, whatever the caller's environment says (a GOSUMDB=off,
# GOPRIVATE=* or GOFLAGS=-insecure inherited from a shell or a CI runner would otherwise
# let an unverified module in). INSTALL_CLIS_GOPROXY may name a module mirror, which is
# still checked against the checksum database. Each cached build records its SHA-256
# beside it, and a build whose bytes no longer match is built again before it is used.
set -euo pipefail

# Go's defaults for where modules come from and how they are checked (its module proxy and
# checksum database), not the caller's.
unset GOPRIVATE GONOPROXY GONOSUMDB GONOSUMCHECK GOINSECURE GOSUMDB GOPROXY GOFLAGS GOENV
export GOENV=off       # ignore a `go env -w` file that could turn the checks off
export GOFLAGS=-mod=readonly
if [ -n "${INSTALL_CLIS_GOPROXY:-}" ]; then
  export GOPROXY="$INSTALL_CLIS_GOPROXY"
fi

TERRAFORM_VERSION="${TERRAFORM_VERSION:-1.16.0}"
TERRAFORM_OLDEST_VERSION="${TERRAFORM_OLDEST_VERSION:-1.8.5}"
TOFU_VERSION="${TOFU_VERSION:-1.12.6}"
GOLANGCI_VERSION="${GOLANGCI_VERSION:-2.15.0}"
GORELEASER_VERSION="${GORELEASER_VERSION:-2.17.0}"
GREMLINS_VERSION="${GREMLINS_VERSION:-0.6.0}"
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-1.7.12}"

repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-intercom/clis"
bin="${INSTALL_CLIS_BIN:-$repo/.bin}" # the tests of this script point it elsewhere
mkdir -p "$cache" "$bin"
# Scratch space for builds outside any module (so go.mod stays untouched); removed on exit.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# record BINARY: write BINARY's SHA-256 beside it, once it is built.
record() {
  (cd "$(dirname "$1")" && sha256sum "$(basename "$1")" >"$(basename "$1").sha256")
}

# verified BINARY: true when BINARY exists and still has the SHA-256 recorded when it was
# built. A build without a record (from an older script) or with other bytes is not used.
verified() {
  [ -x "$1" ] && [ -f "$1.sha256" ] && (cd "$(dirname "$1")" && sha256sum --check --status "$(basename "$1").sha256")
}

# has_version BINARY VERSION: true when BINARY is verified, runs and reports exactly
# VERSION. The CLI's own config is pointed at /dev/null: some machines name a missing
# one, and OpenTofu then prints a warning before its version.
has_version() {
  verified "$1" && TF_CLI_CONFIG_FILE=/dev/null "$1" version 2>/dev/null | grep -Eq "^(Terraform|OpenTofu) v$2\$"
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
  local dir="$cache/terraform-$TERRAFORM_OLDEST_VERSION"
  if ! has_version "$dir/terraform" "$TERRAFORM_OLDEST_VERSION"; then
    echo "install-clis: building Terraform $TERRAFORM_OLDEST_VERSION from the Go module proxy"
    mkdir -p "$dir"
    (cd "$scratch" && GOBIN="$dir" go install \
      -ldflags "-X github.com/hashicorp/terraform/version.dev=no" \
      "github.com/hashicorp/terraform@v$TERRAFORM_OLDEST_VERSION")
    record "$dir/terraform"
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
  local dir="$cache/terraform-$TERRAFORM_VERSION"
  if ! has_version "$dir/terraform" "$TERRAFORM_VERSION"; then
    echo "install-clis: building Terraform $TERRAFORM_VERSION from its module source (about 8 minutes, once)"
    mkdir -p "$dir"
    local work
    work="$(module_copy "github.com/hashicorp/terraform@v$TERRAFORM_VERSION" terraform)"
    local nested='github\.com/hashicorp/terraform/internal/(backend/remote-state/(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)|legacy)[[:space:]]'
    sed -i -E "\\#$nested#d" "$work/go.mod"
    sed -i -E '/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)[ .]/d' "$work/internal/backend/init/init.go"
    (cd "$work" && GOFLAGS=-mod=mod go build -o "$dir/terraform" \
      -ldflags "-X github.com/hashicorp/terraform/version.dev=no" .)
    record "$dir/terraform"
  fi
  ln -sfn "$dir/terraform" "$bin/terraform"
}

install_tofu() {
  local dir="$cache/tofu-$TOFU_VERSION"
  if ! has_version "$dir/tofu" "$TOFU_VERSION"; then
    echo "install-clis: building OpenTofu $TOFU_VERSION from its module (a few minutes, once)"
    mkdir -p "$dir"
    local work
    work="$(module_copy "github.com/opentofu/opentofu@v$TOFU_VERSION" opentofu)"
    (cd "$work" && go build -o "$dir/tofu" \
      -ldflags "-X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu)
    record "$dir/tofu"
  fi
  ln -sfn "$dir/tofu" "$bin/tofu"
}

# go_install_tool NAME VERSION PACKAGE: go install PACKAGE@vVERSION into the cache, keyed
# by version, unless it is there already, and link it into .bin/ as NAME.
go_install_tool() {
  local name="$1" version="$2" package="$3"
  local dir="$cache/$name-$version"
  if ! verified "$dir/$name"; then
    echo "install-clis: building $name $version from the Go module proxy (once)"
    mkdir -p "$dir"
    (cd "$scratch" && GOBIN="$dir" go install "$package@v$version")
    record "$dir/$name"
  fi
  ln -sfn "$dir/$name" "$bin/$name"
}

install_golangci_lint() {
  go_install_tool golangci-lint "$GOLANGCI_VERSION" github.com/golangci/golangci-lint/v2/cmd/golangci-lint
}

install_goreleaser() {
  go_install_tool goreleaser "$GORELEASER_VERSION" github.com/goreleaser/goreleaser/v2
}

install_gremlins() {
  go_install_tool gremlins "$GREMLINS_VERSION" github.com/go-gremlins/gremlins/cmd/gremlins
}

install_actionlint() {
  go_install_tool actionlint "$ACTIONLINT_VERSION" github.com/rhysd/actionlint/cmd/actionlint
}

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

case "${1:-all}" in
  terraform) install_terraform ;;
  terraform-oldest) install_terraform_oldest ;;
  tofu) install_tofu ;;
  golangci-lint) install_golangci_lint ;;
  goreleaser) install_goreleaser ;;
  actionlint) install_actionlint ;;
  gremlins) install_gremlins ;;
  gnupg) install_gnupg ;;
  all) install_terraform; install_terraform_oldest; install_tofu; install_golangci_lint; install_goreleaser; install_actionlint; install_gnupg ;;
  *) echo "usage: $0 [terraform|terraform-oldest|tofu|golangci-lint|goreleaser|actionlint|gremlins|gnupg|all]" >&2; exit 2 ;;
esac
