# Intercom's security checklist, checked on every plan and apply. Read it at the top level
# (a data source scoped inside a check block is read again, as a change, on every plan, so
# `plan -detailed-exitcode` would never exit 0), with depends_on on the resources it checks
# when they are in the same configuration.
data "intercom_security_posture" "this" {
  max_secret_age_days  = 365
  protected_attributes = ["plan"]

  # An accepted risk, as the auditor files it: the check is "excepted" until it expires,
  # then fails again.
  exceptions = {
    ip_allowlist = {
      justification = "Teammates sign in through SSO with MFA from anywhere (risk acceptance SEC-42)"
      expires       = "2027-06-30"
    }
  }
}

# A failed assertion is a warning in the run (and in HCP Terraform's health assessments),
# never a failed run.
check "intercom_checklist" {
  assert {
    condition     = length(data.intercom_security_posture.this.failed) == 0
    error_message = join(" ", [for key in data.intercom_security_posture.this.failed : "${key}: ${data.intercom_security_posture.this.checks[key].detail}"])
  }
}

# The badges to publish (shields.io endpoint JSON), and the overall verdict.
output "intercom_badges" {
  value = { for step, check in data.intercom_security_posture.this.checks : step => check.badge }
}

output "intercom_checklist_passed" {
  value = data.intercom_security_posture.this.passed
}

# The whole posture as one JSON document, for a GRC tool, published beside the badges.
output "intercom_posture_report" {
  value = data.intercom_security_posture.this.report_json
}
