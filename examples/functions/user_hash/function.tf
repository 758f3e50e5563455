resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}

# The user_hash to put in window.intercomSettings for user "user-42".
output "user_hash" {
  value     = provider::intercom::user_hash(intercom_identity_verification_secret.web.secret, "user-42")
  sensitive = true
}
