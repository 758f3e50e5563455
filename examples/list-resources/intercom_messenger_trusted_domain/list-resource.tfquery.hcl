# terraform query -generate-config-out=generated.tf writes a resource and an import block
# for every trusted domain of the Messenger.
list "intercom_messenger_trusted_domain" "all" {
  provider = intercom
}
