# An objection to direct marketing (GDPR article 21):
#
#   terraform apply -invoke=action.intercom_contact_opt_out.this
#
# Every contact of the subjects is unsubscribed from e-mail and opted out of every live
# opt-out subscription type (or of subscription_type_ids), then read back: a subject is
# opted out only when the read-back shows it.
action "intercom_contact_opt_out" "this" {
  config {
    request_id    = "DSR-2026-0144"
    subjects_file = "subjects.json"
    receipt_file  = "receipts/DSR-2026-0144.opt-out.json"
  }
}
