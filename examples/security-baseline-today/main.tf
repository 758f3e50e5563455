# The part of Intercom's security checklist a real workspace's token applies today: only
# published endpoints (IP allowlist, identity verification secrets, data attributes, /me,
# activity logs).
# The modelled steps (2FA, trusted domains, enforcement, test workspace) are set by hand in
# Intercom for now, and the posture checks below watch all of them.
terraform {
  required_providers {
    intercom = {
      source = "salestim/intercom"
    }
  }
}

provider "intercom" {}

# Teammates reach the workspace only from the office and the CI runners' range. Include
# the address Terraform runs from: Intercom refuses a list that would lock it out.
resource "intercom_ip_allowlist" "this" {
  enabled   = true
  ip_ranges = ["203.0.113.0/24"]
}

# The secret that signs users of the web Messenger, rotated by changing rotation_triggers.
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
  rotation_triggers = {
    rotated = "2026-11"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Messenger security proves who a user is; protecting attributes keeps their browser from
# setting the ones that decide what they may see or pay. Only your servers set these.
resource "intercom_protected_attributes" "this" {
  names = ["plan", "account_tier"]
}

# Messenger security with a JWT, as Intercom recommends: hand this to the site's backend.
output "intercom_user_jwt_example" {
  value = provider::intercom::messenger_jwt(intercom_identity_verification_secret.web.secret, {
    user_id = "user-42"
    exp     = 1798761600
  })
  sensitive = true
}

# Intercom's checklist, checked on every plan and apply: a failed assertion is a warning,
# never a failed run. Modelled steps say "unknown" until Intercom publishes their API. The
# data source is read at the top level, after what it checks, so a plan with nothing to do
# exits 0 (one scoped inside the check block would be read, as a change, on every plan).
data "intercom_security_posture" "this" {
  max_secret_age_days  = 180
  protected_attributes = ["plan", "account_tier"]
  depends_on           = [intercom_ip_allowlist.this, intercom_identity_verification_secret.web, intercom_protected_attributes.this]
}

check "intercom_security_posture" {
  assert {
    condition     = data.intercom_security_posture.this.checks["ip_allowlist"].status == "pass"
    error_message = data.intercom_security_posture.this.checks["ip_allowlist"].detail
  }

  assert {
    condition     = data.intercom_security_posture.this.checks["identity_verification_secrets"].status != "fail"
    error_message = data.intercom_security_posture.this.checks["identity_verification_secrets"].detail
  }

  assert {
    condition     = data.intercom_security_posture.this.checks["protected_attributes"].status == "pass"
    error_message = data.intercom_security_posture.this.checks["protected_attributes"].detail
  }
}
