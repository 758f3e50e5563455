# The configuration the drift-detection workflow watches: here, what a real workspace's
# token applies today. Keep its state in a remote backend (for example HCP Terraform or
# S3) so the scheduled job plans against what the last apply recorded.
terraform {
  required_providers {
    intercom = {
      source  = "salestim/intercom"
      version = "~> 0.1"
    }
  }
}

provider "intercom" {}

resource "intercom_ip_allowlist" "this" {
  enabled   = true
  ip_ranges = ["203.0.113.0/24"]
}

resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}

# The checklist's checks run with every plan; the workflow fails the job on any of them.
# The data source is read at the top level, so a clean plan exits 0, and without
# depends_on, so every plan grades Intercom as it is now, drifted or not (the first apply
# may warn, since it reads before it writes).
data "intercom_security_posture" "this" {}

check "intercom_security_posture" {
  assert {
    condition     = data.intercom_security_posture.this.checks["ip_allowlist"].status == "pass"
    error_message = data.intercom_security_posture.this.checks["ip_allowlist"].detail
  }

  assert {
    condition     = data.intercom_security_posture.this.checks["identity_verification_secrets"].status != "fail"
    error_message = data.intercom_security_posture.this.checks["identity_verification_secrets"].detail
  }
}
