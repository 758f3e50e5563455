# A one-off erasure, run from CI for one data-subject request:
#
#   terraform apply -invoke=action.intercom_contact_erasure.this
#
# subjects.json holds the people, read when the action runs; it is never part of the
# configuration, the plan or the state. Keep it out of version control:
#   {"emails": ["someone@example.org"], "external_ids": ["user-1001"], "contact_ids": []}
action "intercom_contact_erasure" "this" {
  config {
    request_id    = "DSR-2026-0142"
    subjects_file = "subjects.json"
  }
}
