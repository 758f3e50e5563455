#!/usr/bin/env bash
# make mutation: go-gremlins over the packages whose logic decides what the provider
# says (client, GDPR engine, attribution, create reconciliation, the resource kit, posture, normalisation, types, signing), one package at a time, and a
# table of efficacy (killed / (killed + lived)) per package. A mutant that lives is a
# change to the code no test notices: kill it with a test, or list it in TESTING.md with
# the reason it is equivalent. Run on a schedule (.github/workflows/mutation.yml), not in
# make test: it takes longer than the rest together.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
gremlins="$repo/.bin/gremlins"
packages="${MUTATION_PACKAGES:-internal/intercom internal/gdpr internal/dsr internal/attribution internal/reconcile internal/framework internal/posture internal/normalize internal/normtypes internal/messengerauth internal/pluginproc}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

printf '%-26s %7s %7s %12s %10s\n' package killed lived "not covered" efficacy
status=0
for pkg in $packages; do
  log="$out/$(basename "$pkg").log"
  # One worker: the machine has two cores, and each mutant runs the package's tests.
  if ! "$gremlins" unleash --workers "${MUTATION_WORKERS:-1}" --timeout-coefficient 10 "./$pkg" >"$log" 2>&1; then
    echo "gremlins failed on $pkg:" >&2
    cat "$log" >&2
    status=1
    continue
  fi
  killed="$(sed -n 's/.*Killed: \([0-9]*\).*/\1/p' "$log" | tail -n1)"
  lived="$(sed -n 's/.*Lived: \([0-9]*\).*/\1/p' "$log" | tail -n1)"
  uncovered="$(sed -n 's/.*Not covered: \([0-9]*\).*/\1/p' "$log" | tail -n1)"
  efficacy="$(sed -n 's/.*Test efficacy: \([0-9.]*%\).*/\1/p' "$log" | tail -n1)"
  printf '%-26s %7s %7s %12s %10s\n' "$pkg" "${killed:-?}" "${lived:-?}" "${uncovered:-?}" "${efficacy:-?}"
  grep -E '^[[:space:]]*LIVED' "$log" | sed "s|^|  $pkg: |" || true
done
exit "$status"
