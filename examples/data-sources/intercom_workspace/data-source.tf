data "intercom_workspace" "this" {}

output "workspace" {
  value = {
    id_code  = data.intercom_workspace.this.id_code
    name     = data.intercom_workspace.this.name
    region   = data.intercom_workspace.this.region
    admin    = data.intercom_workspace.this.admin_email
    verified = data.intercom_workspace.this.identity_verification
  }
}
