package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

func TestAccMessengerTrustedDomain(t *testing.T) {
	unsetProviderEnv(t)
	srv := acctest.StartEmulator(t)
	id := emulator.DefaultWorkspace.IDCode
	// A domain someone else manages stays untouched throughout.
	preexisting := []string{"app.salestim.com"}
	if err := srv.ChangeByHand(id, emulator.HandChange{TrustedDomains: &preexisting}); err != nil {
		t.Fatal(err)
	}
	config := acctest.ProviderBlock(srv) + `
resource "intercom_messenger_trusted_domain" "docs" { domain = "Docs.SalesTim.com." }
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("intercom_messenger_trusted_domain.docs", "id", "docs.salestim.com"),
					emulatorDomains(srv, "app.salestim.com", "docs.salestim.com"),
				),
			},
			{
				ResourceName: "intercom_messenger_trusted_domain.docs", ImportState: true, ImportStateId: "docs.salestim.com",
				ImportStateVerify: true, ImportStateVerifyIgnore: []string{"domain"}, // imported as Intercom spells it
			},
			{
				ResourceName: "intercom_messenger_trusted_domain.docs", ImportState: true, ImportStateId: "docs.salestim.com",
				ImportStateKind: resource.ImportBlockWithID,
				Config: acctest.ProviderBlock(srv) + `
resource "intercom_messenger_trusted_domain" "docs" { domain = "docs.salestim.com" }
`,
			},
			// Removed by hand: planned for re-creation.
			{
				PreConfig: func() {
					if err := srv.ChangeByHand(id, emulator.HandChange{TrustedDomains: &preexisting}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("intercom_messenger_trusted_domain.docs", plancheck.ResourceActionCreate),
				}},
			},
			{Config: config, Check: emulatorDomains(srv, "app.salestim.com", "docs.salestim.com")},
		},
		CheckDestroy: emulatorDomains(srv, "app.salestim.com"),
	})
}

// Fifty modules each add a domain, applied in parallel: Intercom's PUT replaces the whole
// list, so without the provider's per-workspace lock some domains would be lost.
func TestAccMessengerTrustedDomain_fiftyInParallel(t *testing.T) {
	unsetProviderEnv(t)
	srv := acctest.StartEmulator(t)
	config := acctest.ProviderBlock(srv) + `
resource "intercom_messenger_trusted_domain" "team" {
  count  = 50
  domain = "team${count.index}.salestim.com"
}
`
	want := make([]string, 50)
	for i := range want {
		want[i] = fmt.Sprintf("team%d.salestim.com", i)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(s *terraform.State) error {
				if err := emulatorDomains(srv, want...)(s); err != nil {
					return err
				}
				t.Logf("parallel additive domains: %d of 50 present", len(want))
				return nil
			},
		}},
		CheckDestroy: emulatorDomains(srv),
	})
}
