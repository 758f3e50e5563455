#!/usr/bin/env bash
# summarize-plan.sh PLAN_JSONL PLAN_EXIT_CODE
#
# Turns the machine-readable output of `terraform plan -detailed-exitcode -json` (or
# `tofu plan`) into a Markdown summary on stdout, for $GITHUB_STEP_SUMMARY, and an exit
# code for the job: 0 when nothing drifted and every check passed, 1 otherwise.
#
# Exit code 2 alone does not mean drift: data sources inside `check` blocks are read on
# every plan and count as changes, and a resource never applied is planned as a create.
# Drift is what the plan reports as changed outside Terraform (resource_drift) or plans to
# change on a managed resource (planned_change other than a data source read or a create,
# which is listed as "not yet applied"). The provider's warnings say who made each change, from
# Intercom's activity log; failed `check` assertions are warnings too.
#
# What it publishes: the provider's warnings name the teammate who changed a setting (an
# e-mail address) and the IP address they called from. A job summary is readable by
# everyone who can read the repository's Actions, so in a public repository it is
# public. REDACT_PERSONAL_DATA=true replaces e-mail and IP addresses with
# "[e-mail redacted]" and "[IP redacted]"; the drifted resources and failed checks are
# still listed.
#
# Needs bash, jq and sed (all on GitHub's runners).
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 PLAN_JSONL PLAN_EXIT_CODE" >&2
  exit 64
fi
plan="$1"
plan_exit="$2"

# jq over the whole stream, as one array of messages.
q() { jq -r -s "$1" "$plan"; }

drifted="$(q '[.[] | select(.type == "resource_drift") | "| `\(.change.resource.addr)` | \(.change.action) |"] | unique | .[]')"
# A create is configuration not applied yet, not a change made outside Terraform. An update
# the provider says changes only a spelling ("Only the spelling changes": it sends nothing
# to Intercom) is no drift either.
respelled="$(q '[.[] | select(.type == "diagnostic" and .diagnostic.summary == "Only the spelling changes") | .diagnostic.address] | unique')"
planned="$(jq -r -s --argjson respelled "$respelled" '[.[] | select(.type == "planned_change" and .change.action != "read" and .change.action != "create")
  | select((.change.action == "update" and (.change.resource.addr as $a | $respelled | index($a))) | not)
  | "| `\(.change.resource.addr)` | \(.change.action) |"] | unique | .[]' "$plan")"
unapplied="$(q '[.[] | select(.type == "planned_change" and .change.action == "create") | "| `\(.change.resource.addr)` | create |"] | unique | .[]')"
attributions="$(q '.[] | select(.type == "diagnostic" and .diagnostic.severity == "warning"
  and (.diagnostic.summary | test("outside Terraform$")))
  | "- **\(.diagnostic.summary)**\(if .diagnostic.address then " (`\(.diagnostic.address)`)" else "" end): \(.diagnostic.detail | gsub("\n"; " "))"')"
failed_checks="$(q '.[] | select(.type == "diagnostic" and .diagnostic.summary == "Check block assertion failed")
  | "- \(if .diagnostic.address then "`\(.diagnostic.address)`: " else "" end)\(.diagnostic.detail | gsub("\n"; " "))"')"
errors="$(q '.[] | select(.type == "diagnostic" and .diagnostic.severity == "error")
  | "- **\(.diagnostic.summary)**: \(.diagnostic.detail | gsub("\n"; " "))"')"

# redact replaces e-mail addresses (internationalised ones too: any run of letters that is
# neither space nor punctuation, so UTF-8 bytes count in every locale), IPv4 addresses and
# ranges, and IPv6 addresses (full or with ::) on stdin. "All of IPv4" and "all of IPv6"
# (0.0.0.0/0, ::/0) are facts about an allowlist, not anybody's address: they stay. Times
# such as 06:17:00 have two colons and are left alone.
redact() {
  LC_ALL=C sed -E \
    -e 's#(^|[^0-9.])0\.0\.0\.0/0([^0-9]|$)#\1ALL-OF-IPV4\2#g' \
    -e 's#(^|[^0-9A-Fa-f:])::/0([^0-9]|$)#\1ALL-OF-IPV6\2#g' \
    -e 's/[^][[:space:]@<>()",;:`*|]+@[^][[:space:]@<>()",;:`*|]+\.[^][[:space:][:punct:]]{2,}/[e-mail redacted]/g' \
    -e 's#([0-9]{1,3}\.){3}[0-9]{1,3}(/[0-9]{1,2})?#[IP redacted]#g' \
    -e 's#([0-9A-Fa-f]{1,4}:){3,7}[0-9A-Fa-f]{1,4}(/[0-9]{1,3})?#[IP redacted]#g' \
    -e 's#([0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4})*)?::([0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4})*)?(/[0-9]{1,3})?#[IP redacted]#g' \
    -e 's#ALL-OF-IPV4#0.0.0.0/0#g' \
    -e 's#ALL-OF-IPV6#::/0#g'
}
if [ "${REDACT_PERSONAL_DATA:-false}" = true ]; then
  attributions="$(printf '%s' "$attributions" | redact)"
  failed_checks="$(printf '%s' "$failed_checks" | redact)"
  errors="$(printf '%s' "$errors" | redact)"
fi

status=0
echo "## Intercom drift detection"
echo
if [ "$plan_exit" = 1 ] || [ -n "$errors" ]; then
  status=1
  echo "**The plan failed** (exit code $plan_exit): drift could not be checked."
  echo
  [ -z "$errors" ] || printf '%s\n\n' "$errors"
fi
if [ -n "$drifted" ] || [ -n "$planned" ]; then
  status=1
  echo "**Drift found.** Apply the configuration to restore it, or change the configuration to accept it."
  echo
  if [ -n "$drifted" ]; then
    echo "### Changed outside Terraform"
    echo
    echo "| resource | change |"
    echo "| --- | --- |"
    printf '%s\n\n' "$drifted"
  fi
  if [ -n "$planned" ]; then
    echo "### Planned to restore"
    echo
    echo "| resource | action |"
    echo "| --- | --- |"
    printf '%s\n\n' "$planned"
  fi
  if [ -n "$attributions" ]; then
    echo "### Who changed it (Intercom's activity log)"
    echo
    printf '%s\n\n' "$attributions"
  fi
elif [ "$plan_exit" != 1 ] && [ -z "$errors" ] && [ -z "$unapplied" ]; then
  echo "No drift: Intercom holds what the configuration says."
  echo
elif [ "$plan_exit" != 1 ] && [ -z "$errors" ]; then
  echo "No drift in what was applied."
  echo
fi
if [ -n "$unapplied" ]; then
  status=1
  echo "### Not yet applied"
  echo
  echo "The configuration holds resources that were never applied (or were deleted and are planned again): this is"
  echo "not a change made outside Terraform. Apply the configuration."
  echo
  echo "| resource | action |"
  echo "| --- | --- |"
  printf '%s\n\n' "$unapplied"
fi
if [ -n "$failed_checks" ]; then
  status=1
  echo "### Failed checks"
  echo
  printf '%s\n\n' "$failed_checks"
fi
exit "$status"
