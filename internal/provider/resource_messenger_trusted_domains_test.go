package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

const trustedDomainsAddr = "intercom_messenger_trusted_domains.this"

func trustedDomainsConfig(srv *emulator.Server, domains ...string) string {
	quoted := make([]string, len(domains))
	for i, d := range domains {
		quoted[i] = fmt.Sprintf("%q", d)
	}
	return acctest.ProviderBlock(srv) + fmt.Sprintf(`
resource "intercom_messenger_trusted_domains" "this" {
  domains = [%s]
}
`, strings.Join(quoted, ", "))
}

func emulatorDomains(srv *emulator.Server, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ws, err := acctest.CheckedWorkspace(srv)
		if err != nil {
			return err
		}
		got := slices.Sorted(slices.Values(ws.TrustedDomains))
		want = slices.Sorted(slices.Values(want))
		if !slices.Equal(got, want) {
			return fmt.Errorf("emulator holds trusted domains %v, want %v", got, want)
		}
		return nil
	}
}

func TestAccMessengerTrustedDomains(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	id := emulator.DefaultWorkspace.IDCode
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: trustedDomainsConfig(srv, "salestim.com", "*.salestim.com"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(trustedDomainsAddr, "domains.#", "2"),
					emulatorDomains(srv, "salestim.com", "*.salestim.com"),
				),
			},
			{ResourceName: trustedDomainsAddr, ImportState: true, ImportStateId: id, ImportStateVerify: true},
			{
				ResourceName: trustedDomainsAddr, ImportState: true, ImportStateId: id, ImportStateKind: resource.ImportBlockWithID,
				Config: trustedDomainsConfig(srv, "salestim.com", "*.salestim.com"),
			},
			// Other spellings of the same domains: no diff at all.
			{
				Config: trustedDomainsConfig(srv, "SalesTim.COM.", "*.salestim.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(trustedDomainsAddr, plancheck.ResourceActionUpdate),
				}},
				Check: emulatorDomains(srv, "salestim.com", "*.salestim.com"),
			},
			{
				Config:   trustedDomainsConfig(srv, "SalesTim.COM.", "*.salestim.com"),
				PlanOnly: true, // plan-empty after apply with an unusual spelling
			},
			// IDN names reach Intercom as punycode.
			{
				Config: trustedDomainsConfig(srv, "salestim.com", "bücher.example"),
				Check:  emulatorDomains(srv, "salestim.com", "xn--bcher-kva.example"),
			},
			// Drift: a teammate adds a domain in Intercom's UI.
			{
				PreConfig: func() {
					domains := []string{"salestim.com", "xn--bcher-kva.example", "evil.example"}
					if err := srv.ChangeByHand(id, emulator.HandChange{TrustedDomains: &domains}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             trustedDomainsConfig(srv, "salestim.com", "bücher.example"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(trustedDomainsAddr, plancheck.ResourceActionUpdate),
					acctest.ExpectAttributeChange(trustedDomainsAddr, "domains"),
				}},
			},
			{Config: trustedDomainsConfig(srv, "salestim.com", "bücher.example"), Check: emulatorDomains(srv, "salestim.com", "xn--bcher-kva.example")},
		},
		CheckDestroy: emulatorDomains(srv, "salestim.com", "xn--bcher-kva.example"), // left as it is
	})
}

func TestAccMessengerTrustedDomains_validation(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	cases := []struct {
		domains []string
		want    string
	}{
		{[]string{"https://salestim.com"}, `https://salestim.com.*scheme`},
		{[]string{"salestim.com:8080"}, `salestim.com:8080.*port`},
		{[]string{"salestim.com/app"}, `salestim.com/app.*path`},
		{[]string{"192.0.2.1"}, `192.0.2.1.*IP`},
		{[]string{"localhost"}, `localhost`},
		{[]string{"a.*.salestim.com"}, `a.\*.salestim.com.*wildcard`},
		{[]string{"salestim.com", "SALESTIM.com"}, `(salestim.com|SALESTIM.com).*(salestim.com|SALESTIM.com)`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      trustedDomainsConfig(srv, c.domains...),
			ExpectError: regexp.MustCompile(`(?s)Invalid trusted domain.*` + c.want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := srv.Stats().Endpoints["PUT /messenger/trusted_domains"]; n != 0 {
		t.Fatalf("invalid domains reached the API: %d PUTs", n)
	}
}

func TestAccMessengerTrustedDomains_resetOnDestroy(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + `
resource "intercom_messenger_trusted_domains" "this" {
  domains          = ["salestim.com"]
  reset_on_destroy = true
}`,
			Check: emulatorDomains(srv, "salestim.com"),
		}},
		CheckDestroy: emulatorDomains(srv),
	})
}
