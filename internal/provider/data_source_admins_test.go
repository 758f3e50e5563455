package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

func TestAccAdminsDataSource(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + `data "intercom_admins" "all" {}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.intercom_admins.all", "admins.#", "3"),
				resource.TestCheckResourceAttr("data.intercom_admins.all", "admins.0.id", emulator.DefaultWorkspace.AdminID),
				resource.TestCheckResourceAttr("data.intercom_admins.all", "admins.0.email", emulator.DefaultWorkspace.AdminEmail),
				resource.TestCheckResourceAttr("data.intercom_admins.all", "admins.0.team_ids.#", "1"),
				resource.TestCheckResourceAttr("data.intercom_admins.all", "admins.2.away_mode_enabled", "true"),
			),
		}},
	})
}
