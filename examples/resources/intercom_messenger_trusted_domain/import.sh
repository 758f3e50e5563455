# The import id is the domain.
terraform import intercom_messenger_trusted_domain.docs docs.salestim.com
