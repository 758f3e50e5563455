#!/usr/bin/env bash
# make docs-check: regenerate the docs into a temporary folder and fail when docs/
# differs from it, then run tfplugindocs validate. tfplugindocs runs the terraform it
# finds on PATH (and would download one otherwise): the project's own comes first.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
export PATH="$repo/.bin:$PATH"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Paths are taken relative to the provider folder, so the temporary one is given relatively.
go tool tfplugindocs generate --provider-name intercom --rendered-provider-name Intercom \
  --rendered-website-dir "$(realpath --relative-to="$repo" "$out")/docs" >"$out/generate.log" 2>&1 || { cat "$out/generate.log"; exit 1; }
if ! diff -ru docs "$out/docs"; then
  echo "docs/ is stale: run 'make docs' and commit the result." >&2
  exit 1
fi
go tool tfplugindocs validate --provider-name intercom
echo "docs-check: docs/ is up to date and valid"
