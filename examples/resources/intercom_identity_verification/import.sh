# The import id is the workspace's id code.
terraform import intercom_identity_verification.this abc12345
