# One domain, owned by one module; the rest of the list is left alone.
# Do not combine with intercom_messenger_trusted_domains in the same workspace.
resource "intercom_messenger_trusted_domain" "docs" {
  domain = "docs.salestim.com"
}
