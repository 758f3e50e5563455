#!/usr/bin/env bash
# make testacc: the acceptance suite under each CLI, the three legs side by side. Each leg
# is its own `go test` process with its own emulators, provider binary and workspace-lock
# keys (one per emulator host), so they share nothing but the machine. Most of a leg's
# time is spent waiting (CLI start-up, Intercom's settle windows, injected latency), so
# three legs on two cores take little longer than one. Each leg's output goes to its own
# log, printed whole when the leg ends; the target fails when any leg fails.
#
# Within a leg the tests run in parallel (t.Parallel, up to ACC_PARALLEL at a time), all but
# the few that set the process environment (a test in internal/provider keeps it so).
# ACC_LEGS="terraform tofu" picks legs; ACC_SERIAL=1 runs the legs one after the other.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
timeout="${ACC_TIMEOUT:-45m}"
legs="${ACC_LEGS:-terraform terraform-oldest tofu}"

declare -A cli=([terraform]="$repo/.bin/terraform" [terraform-oldest]="$repo/.bin/terraform-1.8.5" [tofu]="$repo/.bin/tofu")

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
# Build the test binaries once, before the legs start, so they do not compile the same
# packages three times over.
go test -count=1 -run '^$' ./internal/... >/dev/null

run_leg() {
  local leg="$1" start status=0
  start=$(date +%s)
  TF_ACC=1 TF_ACC_TERRAFORM_PATH="${cli[$leg]}" go test -v -count=1 -parallel "${ACC_PARALLEL:-4}" -timeout "$timeout" -run '^TestAcc' ${TESTARGS:-} ./internal/... \
    >"$logs/$leg.log" 2>&1 || status=$?
  echo "$status $(( $(date +%s) - start ))" >"$logs/$leg.status"
}

# Each leg starts as soon as its CLI is installed: on a machine without the cached CLIs,
# a leg's waiting overlaps the next CLI's build.
declare -A pids=()
for leg in $legs; do
  if ! bash .ci/install-clis.sh "$leg"; then
    echo "1 0" >"$logs/$leg.status"
    echo "install-clis.sh $leg failed" >"$logs/$leg.log"
    continue
  fi
  if [ -n "${ACC_SERIAL:-}" ]; then run_leg "$leg"; else run_leg "$leg" & pids[$leg]=$!; fi
done
failed=0
for leg in $legs; do
  [ -n "${pids[$leg]:-}" ] && wait "${pids[$leg]}"
  read -r status seconds <"$logs/$leg.status"
  echo "==> Acceptance tests under $(TF_CLI_CONFIG_FILE=/dev/null "${cli[$leg]}" version | head -n1): exit $status, ${seconds}s"
  cat "$logs/$leg.log"
  if [ "$status" != 0 ]; then
    failed=1
    echo "==> FAILED: the $leg leg" >&2
  fi
done
for leg in $legs; do
  read -r status seconds <"$logs/$leg.status"
  printf '%-18s exit %s  %4ss\n' "$leg" "$status" "$seconds"
done
exit "$failed"
