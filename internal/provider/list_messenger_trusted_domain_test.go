package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// terraform query lists the trusted domains one by one, each named and identified by
// the domain, including those added by hand. Terraform 1.14 and later.
func TestAccListMessengerTrustedDomains(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	ws := emulator.DefaultWorkspace.IDCode
	if err := srv.ChangeByHand(ws, emulator.HandChange{TrustedDomains: &[]string{"salestim.com", "docs.salestim.com"}}); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: acctest.ProviderBlock(srv) + `resource "intercom_messenger_trusted_domain" "app" { domain = "app.salestim.com" }` + "\n"},
			{
				Query:  true,
				Config: queryConfig("intercom_messenger_trusted_domain"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("intercom_messenger_trusted_domain.all", 3),
					querycheck.ExpectIdentity("intercom_messenger_trusted_domain.all", map[string]knownvalue.Check{
						"workspace_id": knownvalue.StringExact(ws), "domain": knownvalue.StringExact("docs.salestim.com"),
					}),
					querycheck.ExpectIdentity("intercom_messenger_trusted_domain.all", map[string]knownvalue.Check{
						"workspace_id": knownvalue.StringExact(ws), "domain": knownvalue.StringExact("app.salestim.com"),
					}),
				},
			},
		},
	})
}
