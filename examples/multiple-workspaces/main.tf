# Three workspaces, one per region, each with its own token. The tokens come from
# ephemeral variables (Terraform 1.10+, OpenTofu 1.11+): set them in the environment
# (TF_VAR_token_us, TF_VAR_token_eu, TF_VAR_token_au) when you plan and again when you
# apply. They are never written to a saved plan or to the state.
terraform {
  required_providers {
    intercom = {
      source = "salestim/intercom"
    }
  }
}

variable "token_us" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "token_eu" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "token_au" {
  type      = string
  sensitive = true
  ephemeral = true
}

provider "intercom" {
  alias        = "us"
  region       = "us"
  access_token = var.token_us
  workspace_id = "abc12345" # fail rather than touch another workspace
}

provider "intercom" {
  alias        = "eu"
  region       = "eu"
  access_token = var.token_eu
  workspace_id = "def67890"
}

provider "intercom" {
  alias        = "au"
  region       = "au"
  access_token = var.token_au
  workspace_id = "ghi13579"
}

resource "intercom_ip_allowlist" "us" {
  provider  = intercom.us
  enabled   = true
  ip_ranges = ["203.0.113.0/24"]
}

resource "intercom_ip_allowlist" "eu" {
  provider  = intercom.eu
  enabled   = true
  ip_ranges = ["203.0.113.0/24"]
}

resource "intercom_ip_allowlist" "au" {
  provider  = intercom.au
  enabled   = true
  ip_ranges = ["203.0.113.0/24"]
}
