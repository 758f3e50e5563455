# The import id is the workspace's id code.
terraform import intercom_messenger_trusted_domains.this abc12345
