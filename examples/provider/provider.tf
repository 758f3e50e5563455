terraform {
  required_providers {
    intercom = {
      source = "salestim/intercom"
    }
  }
}

# The access token comes from INTERCOM_ACCESS_TOKEN unless set here (from a sensitive
# variable, never a literal). region defaults to "us"; base_url overrides it.
provider "intercom" {
  region = "eu"
  # Guard: every operation fails if the token belongs to another workspace.
  workspace_id = "abc12345"
}
