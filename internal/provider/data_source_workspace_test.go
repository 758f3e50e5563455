package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

func TestAccWorkspaceDataSource(t *testing.T) {
	unsetProviderEnv(t)
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

// The data source reads what Configure fetched, so GET /me is called once per provider
// instance (once per CLI command), however many data sources read it.
func TestAccWorkspaceDataSource_meOncePerProvider(t *testing.T) {
	unsetProviderEnv(t)
	meCalls := func(dataSources int) int {
		srv := acctest.StartEmulator(t)
		config := acctest.ProviderBlock(srv)
		for i := range dataSources {
			config += fmt.Sprintf("data \"intercom_workspace\" \"w%d\" {}\n", i)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: config,
				Check:  resource.TestCheckResourceAttr("data.intercom_workspace.w0", "id_code", emulator.DefaultWorkspace.IDCode),
			}},
		})
		return srv.Stats().Endpoints["GET /me"]
	}
	one, many := meCalls(1), meCalls(25)
	if one == 0 || many != one {
		t.Fatalf("GET /me calls: %d with 1 data source, %d with 25; want the same non-zero count", one, many)
	}
}
