# Attributes that decide what a user may see or pay must not be set from a browser:
# only your servers (through Intercom's API) may write them. Pair this with Messenger
# security (messenger_jwt), which proves who the user is.
resource "intercom_protected_attributes" "this" {
  names = ["plan", "account_tier"]
}

resource "intercom_protected_attributes" "company" {
  model = "company"
  names = ["monthly_spend"]
}
