# Teammates reach the workspace only from these addresses. Include the address
# Terraform runs from: Intercom refuses a list that would lock it out.
resource "intercom_ip_allowlist" "this" {
  enabled   = true
  ip_ranges = ["203.0.113.0/24", "198.51.100.7"]
}
