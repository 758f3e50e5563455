# The production workspace's test workspace (at most one). Destroying it deletes it
# and its data, irreversibly.
resource "intercom_test_workspace" "staging" {
  name = "SalesTim [TEST]"
}
