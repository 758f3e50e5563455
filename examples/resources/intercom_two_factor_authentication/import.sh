# The import id is the workspace's id code.
terraform import intercom_two_factor_authentication.this abc12345
