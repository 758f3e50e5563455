# Security events of the last week.
data "intercom_activity_logs" "security" {
  created_after  = timeadd(plantimestamp(), "-168h")
  activity_types = ["security_settings_change", "trusted_domains_setting_change", "app_identity_verification_change"]
}

output "security_changes" {
  value = [for e in data.intercom_activity_logs.security.activity_logs : "${e.created_at} ${e.performed_by_email} ${e.activity_type}"]
}
