# Intercom's security checklist as code: 2FA, trusted domains, identity verification
# with its secret, and a test workspace. Configure the provider with
# INTERCOM_ACCESS_TOKEN (and INTERCOM_REGION or INTERCOM_BASE_URL).
terraform {
  required_providers {
    intercom = {
      source = "salestim/intercom"
    }
  }
}

provider "intercom" {}

# Step 1: every teammate signs in with two-factor authentication.
resource "intercom_two_factor_authentication" "this" {
  required = true
}

# Step 2: the Messenger loads only on our domains.
resource "intercom_messenger_trusted_domains" "this" {
  domains = ["salestim.com", "*.salestim.com"]
}

# Step 3: identity verification, with the secret that signs our users.
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true

  lifecycle {
    create_before_destroy = true
  }
}

resource "intercom_identity_verification" "this" {
  web = true
  # Destroy turns enforcement off before the secret goes: the provider never deletes the
  # last secret of an enforced platform.
  reset_on_destroy = true

  depends_on = [intercom_identity_verification_secret.web]
}

# Step 4: a test workspace to try settings before production.
resource "intercom_test_workspace" "staging" {
  name = "SalesTim [TEST]"
}

output "test_workspace_id" {
  value = intercom_test_workspace.staging.id_code
}

# The checklist's "Check" column: a failed assertion is a warning on every plan and apply.
# These are the four steps above (the IP allowlist, beyond the checklist, is checked where
# it is applied: see the security-baseline-today example). The data source is read at the
# top level, after the steps it checks, so a plan with nothing to do exits 0: a data source
# scoped inside the check block would be read again, as a change, on every plan.
locals {
  checklist_steps = ["two_factor_authentication", "trusted_domains", "identity_verification", "identity_verification_secrets"]
}

data "intercom_security_posture" "this" {
  depends_on = [intercom_two_factor_authentication.this, intercom_messenger_trusted_domains.this, intercom_identity_verification.this]
}

check "intercom_checklist" {
  assert {
    condition     = alltrue([for step in local.checklist_steps : data.intercom_security_posture.this.checks[step].status == "pass"])
    error_message = join(" ", [for step in local.checklist_steps : "${step}: ${data.intercom_security_posture.this.checks[step].detail}" if data.intercom_security_posture.this.checks[step].status != "pass"])
  }
}
