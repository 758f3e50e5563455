# The whole list of domains the Messenger may load on. Domains added by hand in
# Intercom show up as drift in the next plan.
resource "intercom_messenger_trusted_domains" "this" {
  domains = ["salestim.com", "*.salestim.com"]
}
