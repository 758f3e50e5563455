# A ledger of data-subject requests: one entry per ticket. Adding a ticket creates its
# terraform_data, whose creation triggers the erasure, so each request runs once, on the
# apply that adds it (Terraform 1.16 and later, for on_failure). The people to erase are in
# one JSON file per ticket, read when the action runs, and kept out of version control.
#
# on_failure = taint: an erasure that does not complete (a subject refused, an outcome
# unknown, Intercom unreachable) fails the apply and taints the ticket's terraform_data,
# so the next plan replaces it and runs the request again; a failed request is never
# recorded as done.
terraform {
  required_version = ">= 1.16.0"

  required_providers {
    intercom = {
      source  = "salestim/intercom"
      version = "~> 0.1"
    }
  }
}

provider "intercom" {}

locals {
  # ticket id -> the subjects file of that request
  requests = {
    "DSR-2026-0142" = "DSR-2026-0142.json"
  }
}

resource "terraform_data" "request" {
  for_each = local.requests
  input    = each.key

  lifecycle {
    action_trigger {
      events     = [after_create]
      actions    = [action.intercom_contact_erasure.request[each.key]]
      on_failure = taint
    }
  }
}

action "intercom_contact_erasure" "request" {
  for_each = local.requests

  config {
    request_id    = each.key
    subjects_file = each.value
  }
}
