# The import id is the workspace's id code.
terraform import intercom_ip_allowlist.this abc12345
