resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}

# Enforce identity verification on web only: iOS and Android stay open until every
# app version in use sends signed users.
resource "intercom_identity_verification" "this" {
  web     = true
  ios     = false
  android = false

  # Destroying this configuration turns enforcement off first, so that the secret can be
  # deleted after it: the provider never deletes the last secret of an enforced platform.
  reset_on_destroy = true

  depends_on = [intercom_identity_verification_secret.web]
}
