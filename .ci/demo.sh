#!/usr/bin/env bash
# make demo: build the provider, start the Intercom emulator as a process, run
# terraform init/plan/apply on the security baseline example through dev_overrides,
# change a setting "by hand" in the emulator, and show the next plan catching the drift.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
bin="$repo/.bin"
terraform="${TERRAFORM:-$bin/terraform}"
work="$(mktemp -d)"
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

say "Building the provider and the emulator"
(cd "$repo" && go build -o "$bin/terraform-provider-intercom" . \
  && go build -o "$bin/intercom-emulator" ./internal/emulator/cmd/intercom-emulator)

say "Starting the Intercom emulator on loopback"
"$bin/intercom-emulator" -listen 127.0.0.1:0 -url-file "$work/url" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { echo "the emulator did not start:"; cat "$work/emulator.log"; exit 1; }
url="$(cat "$work/url")"
echo "emulator: $url (workspace abc12345)"

# The provider reads these exactly as it would against a real workspace.
export INTERCOM_BASE_URL="$url"
export INTERCOM_ACCESS_TOKEN="dG9rOmRlbW8tdG9rZW4tYWJjMTIzNDU=" # the emulator's built-in demo workspace
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

# dev_overrides runs the freshly built provider; init, which still resolves every
# provider, finds it in a local mirror, as no registry is reachable offline.
platform="$(go env GOOS)_$(go env GOARCH)"
mirror="$work/mirror/registry.terraform.io/salestim/intercom/0.0.1/$platform"
mkdir -p "$mirror"
cp "$bin/terraform-provider-intercom" "$mirror/terraform-provider-intercom_v0.0.1"
cat >"$work/dev.tfrc" <<RC
provider_installation {
  dev_overrides {
    "salestim/intercom" = "$bin"
  }
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["registry.terraform.io/salestim/intercom"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/dev.tfrc"

mkdir -p "$work/tf"
cp "$repo/examples/security-baseline/main.tf" "$work/tf/"
cd "$work/tf"

say "terraform init"
"$terraform" init -input=false
say "terraform plan"
"$terraform" plan -input=false
say "terraform apply"
"$terraform" apply -input=false -auto-approve

# plan_exits CODE WHY: run plan -detailed-exitcode and fail unless it exits CODE.
plan_exits() {
  local code=0
  "$terraform" plan -input=false -detailed-exitcode || code=$?
  if [ "$code" -ne "$1" ]; then
    echo "expected plan to exit $1 ($2), got $code" >&2
    exit 1
  fi
}

say "terraform plan right after apply: nothing to do (exit code 0)"
plan_exits 0 "nothing to do right after apply"

say "A teammate turns off two-factor authentication by hand in Intercom's UI"
"$bin/intercom-emulator" -control-url "$url" -hand-change abc12345 \
  '{"two_factor_required": false, "teammate_email": "mallory@salestim.com", "teammate_name": "Mallory"}'

say "terraform plan catches the drift (exit code 2: changes present)"
plan_exits 2 "drift found"
say "Drift caught: 'terraform apply' would put two-factor authentication back."
