# Rotating an identity verification secret without signing anyone out, in three applies.
# Each generation of the key is its own secret. Intercom holds several secrets at once,
# which is what lets the old key keep verifying while the new one rolls out (rehearse
# the three steps on a test workspace first).
#
#   1. Add the new generation:  key_generations = ["2026-11", "2027-05"]  -> apply.
#      Nothing is deleted. Deploy signing_secret (now the 2027-05 key) to your servers.
#   2. Wait until no token signed with the old key is still in use: the longest `exp`
#      you issue with messenger_jwt (or the Messenger session a user_hash starts).
#   3. Drop the old generation:  key_generations = ["2027-05"]  -> apply.
#      Only the 2026-11 secret is deleted.
#
# create_before_destroy with rotation_triggers alone is not this: it deletes the old
# secret in the same apply, seconds after the new one exists, and every user signed with
# the old key fails verification until your servers sign with the new one.
terraform {
  required_providers {
    intercom = {
      source = "salestim/intercom"
    }
  }
}

provider "intercom" {}

variable "key_generations" {
  description = "The live generations of the web key; the newest (by sort order) signs."
  type        = set(string)
  default     = ["2026-11"]

  validation {
    condition     = length(var.key_generations) > 0
    error_message = "Keep at least one generation: deleting the last secret would sign everyone out."
  }
}

resource "intercom_identity_verification_secret" "web" {
  for_each     = var.key_generations
  name         = "Production web ${each.key}"
  supports_web = true
}

locals {
  newest = reverse(sort(tolist(var.key_generations)))[0]
}

# What your servers sign with (for example with provider::intercom::messenger_jwt).
output "signing_secret" {
  value     = intercom_identity_verification_secret.web[local.newest].secret
  sensitive = true
}

output "signing_secret_id" {
  value = intercom_identity_verification_secret.web[local.newest].id
}
