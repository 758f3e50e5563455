# Every teammate must sign in with two-factor authentication.
resource "intercom_two_factor_authentication" "this" {
  required = true
}
