# Redact what someone wrote in a conversation, keeping the conversation:
#
#   terraform apply -invoke=action.intercom_conversation_redaction.this
action "intercom_conversation_redaction" "this" {
  config {
    request_id            = "DSR-2026-0142"
    conversation_id       = "1911149811"
    conversation_part_ids = ["34156254", "34156255"]
    source_id             = "98765432"
  }
}
