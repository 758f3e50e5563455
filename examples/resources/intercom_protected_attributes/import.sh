# The import id is the workspace's id code and the model: the attributes protected now
# become the state's names.
terraform import intercom_protected_attributes.this abc12345/contact
