# A one-off erasure, run from CI for one data-subject request:
#
#   terraform apply -invoke=action.intercom_contact_erasure.this
#
# subjects.json holds the people, read when the action runs; it is never part of the
# configuration, the plan or the state. Keep it out of version control:
#   {"emails": ["someone@example.org"], "external_ids": ["user-1001"], "contact_ids": []}
# or give the ticket's CSV as it is (subjects_file = "DSR-2026-0142.csv"), with a header
# row naming each column email, external_id or contact_id.
# The receipt records each subject's outcome by position, never an identifier; each run
# needs a receipt file of its own (an existing one is never overwritten).
action "intercom_contact_erasure" "this" {
  config {
    request_id    = "DSR-2026-0142"
    subjects_file = "subjects.json"
    receipt_file  = "DSR-2026-0142.receipt.json"
  }
}

# On day 8 or later (Intercom can restore a deleted contact for 7 days):
#
#   terraform apply -invoke=action.intercom_contact_erasure.verify
action "intercom_contact_erasure" "verify" {
  config {
    request_id     = "DSR-2026-0142"
    verify_receipt = "DSR-2026-0142.receipt.json"
  }
}
