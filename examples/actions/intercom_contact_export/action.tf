# An access request (GDPR article 15), run from CI or a DPO's machine:
#
#   terraform apply -invoke=action.intercom_contact_export.this
#
# subjects.json holds the people, as for the erasure; keep it out of version control.
# The bundle lands in a new folder named after the ticket: one file per contact and per
# conversation (mode 0600), encrypted to the data subject's age key, and manifest.json,
# which holds counts, Intercom ids and each file's SHA-256, never personal data.
action "intercom_contact_export" "this" {
  config {
    request_id    = "DSR-2026-0143"
    subjects_file = "subjects.json"
    output_dir    = "exports/DSR-2026-0143"
    age_recipient = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
  }
}
