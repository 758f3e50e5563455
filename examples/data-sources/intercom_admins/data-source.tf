data "intercom_admins" "all" {}

output "teammate_emails" {
  value = [for a in data.intercom_admins.all.admins : a.email]
}
