# A secret for the web Messenger. Rotate it by changing rotation_triggers: with
# create_before_destroy the new secret exists before the old one is deleted.
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
