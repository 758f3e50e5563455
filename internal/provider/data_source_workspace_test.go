package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

func TestAccWorkspaceDataSource(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	w := emulator.DefaultWorkspace
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv, `workspace_id = "`+w.IDCode+`"`) + `data "intercom_workspace" "this" {}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.intercom_workspace.this", "id", w.IDCode),
				resource.TestCheckResourceAttr("data.intercom_workspace.this", "id_code", w.IDCode),
				resource.TestCheckResourceAttr("data.intercom_workspace.this", "name", w.Name),
				resource.TestCheckResourceAttr("data.intercom_workspace.this", "region", "us"),
				resource.TestCheckResourceAttr("data.intercom_workspace.this", "timezone", w.Timezone),
				resource.TestCheckResourceAttr("data.intercom_workspace.this", "identity_verification", "false"),
				resource.TestCheckResourceAttr("data.intercom_workspace.this", "admin_id", w.AdminID),
				resource.TestCheckResourceAttr("data.intercom_workspace.this", "admin_email", w.AdminEmail),
				resource.TestMatchResourceAttr("data.intercom_workspace.this", "created_at", regexpRFC3339),
			),
		}},
	})
}

var regexpRFC3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// The data source reads GET /me when Terraform reads it, not the answer Configure got: in
// the apply that turns identity verification on, a data source that depends on it sees
// it on. The configure-time answer said off.
func TestAccWorkspaceDataSource_freshRead(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
resource "intercom_identity_verification" "this" {
  web              = true
  reset_on_destroy = true # destroy turns enforcement off first, so the secret may go
  depends_on       = [intercom_identity_verification_secret.web]
}
data "intercom_workspace" "this" {
  depends_on = [intercom_identity_verification.this]
}
`,
			Check: resource.TestCheckResourceAttr("data.intercom_workspace.this", "identity_verification", "true"),
		}},
	})
}
