#!/usr/bin/env bash
# release-check.sh [VERSION]: the release workflow's build, proven here. GoReleaser builds
# every platform as a snapshot and signs SHA256SUMS with a throwaway GPG key generated for
# this run (RSA: the registry accepts RSA and DSA keys only); internal/release then
# verifies the detached signature with the public key alone, as the registry does, and
# installs the build from a provider mirror with terraform init and tofu init.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-0.1.0}"

for tool in goreleaser terraform tofu gnupg; do
  bash .ci/install-clis.sh "$tool"
done

GNUPGHOME="$(mktemp -d)"
export GNUPGHOME
cleanup() {
  gpgconf --kill all >/dev/null 2>&1 || true
  rm -rf "$GNUPGHOME"
}
trap cleanup EXIT

gpg --batch --quiet --pinentry-mode loopback --passphrase '' \
  --quick-generate-key "terraform-provider-intercom release check <release-check@example.invalid>" rsa3072 sign 1d
fingerprint="$(gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" { print $10; exit }')"
public_key="$GNUPGHOME/release-check-public.asc"
gpg --batch --armor --export "$fingerprint" > "$public_key"
echo "release-check: signing with throwaway key $fingerprint"

SNAPSHOT_VERSION="$version" GPG_FINGERPRINT="$fingerprint" .bin/goreleaser release --snapshot --clean

export RELEASE_DIST="$PWD/dist" RELEASE_SIGNING_KEY="$public_key" RELEASE_SIGNING_FINGERPRINT="$fingerprint" TF_ACC=1
TF_ACC_TERRAFORM_PATH="$PWD/.bin/terraform" go test -v -count=1 ./internal/release/
TF_ACC_TERRAFORM_PATH="$PWD/.bin/tofu" go test -v -count=1 ./internal/release/
