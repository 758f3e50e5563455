# The import id is Intercom's id of the secret. Its material cannot be imported:
# the secret attribute stays null.
terraform import intercom_identity_verification_secret.web 102
