# A secret for the web Messenger. To rotate it without signing anyone out, keep one
# secret per key generation (see the guide's rotation example): add the new one, deploy
# it, wait for the longest token lifetime, then remove the old one. Changing
# rotation_triggers replaces the secret in one apply (create_before_destroy makes the new
# one first), which signs out users whose tokens carry the old key.
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
