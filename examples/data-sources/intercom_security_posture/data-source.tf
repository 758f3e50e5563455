# Intercom's security checklist, checked on every plan and apply. A failed assertion is a
# warning in the run (and in HCP Terraform's health assessments), never a failed run.
check "intercom_checklist" {
  data "intercom_security_posture" "this" {
    max_secret_age_days = 365
  }

  assert {
    condition     = data.intercom_security_posture.this.checks["identity_verification_secrets"].status != "fail"
    error_message = data.intercom_security_posture.this.checks["identity_verification_secrets"].detail
  }

  assert {
    condition     = data.intercom_security_posture.this.checks["ip_allowlist"].status != "fail"
    error_message = data.intercom_security_posture.this.checks["ip_allowlist"].detail
  }
}

# The same checks outside a check block, e.g. to publish the badges (shields.io endpoint JSON).
data "intercom_security_posture" "badges" {}

output "intercom_badges" {
  value = { for step, check in data.intercom_security_posture.badges.checks : step => check.badge }
}

output "intercom_checklist_passed" {
  value = data.intercom_security_posture.badges.passed
}
