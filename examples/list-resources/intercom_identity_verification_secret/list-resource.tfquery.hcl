# terraform query -generate-config-out=generated.tf writes a resource and an import block
# for every secret the workspace holds (its material is never listed).
list "intercom_identity_verification_secret" "all" {
  provider = intercom
}
