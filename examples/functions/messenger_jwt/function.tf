resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}

# A Messenger security JWT for one user. The function reads no clock: pass exp.
output "intercom_user_jwt" {
  value = provider::intercom::messenger_jwt(intercom_identity_verification_secret.web.secret, {
    user_id = "user-42"
    email   = "ada@salestim.com"
    exp     = 1767225600
  })
  sensitive = true
}
