data "intercom_identity_verification_secrets" "all" {}

output "web_secret_ids" {
  value = [for s in data.intercom_identity_verification_secrets.all.secrets : s.id if s.supports_web]
}
