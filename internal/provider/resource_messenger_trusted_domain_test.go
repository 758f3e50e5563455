package provider

import (
	"fmt"
	"os"
	"path/filepath"
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

func TestAccMessengerTrustedDomain(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

// An additive trusted domain never takes over a domain it did not add: create fails,
// naming the domain and the import that adopts it, and the domain stays. Adopted on
// purpose, it is managed (and destroy removes it).
func TestAccMessengerTrustedDomain_neverTakesOver(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	byHand := []string{"docs.salestim.com", "app.salestim.com"}
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TrustedDomains: &byHand}); err != nil {
		t.Fatal(err)
	}
	resourceBlock := `
resource "intercom_messenger_trusted_domain" "docs" { domain = "Docs.SalesTim.com." }
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      acctest.ProviderBlock(srv) + resourceBlock,
				ExpectError: regexp.MustCompile(`(?s)Domain already trusted.*docs\.salestim\.com is already.*terraform import`),
			},
			{
				// Still there, untouched; the plan above left nothing in the state.
				Config: acctest.ProviderBlock(srv),
				Check:  emulatorDomains(srv, "docs.salestim.com", "app.salestim.com"),
			},
			{
				Config: acctest.ProviderBlock(srv) + `
import {
  to = intercom_messenger_trusted_domain.docs
  id = "docs.salestim.com"
}
` + resourceBlock,
				Check: emulatorDomains(srv, "docs.salestim.com", "app.salestim.com"),
			},
		},
		CheckDestroy: emulatorDomains(srv, "app.salestim.com"),
	})
}

// One domain declared twice, in two spellings, fails at plan before anything is written.
func TestAccMessengerTrustedDomain_declaredTwice(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + `
resource "intercom_messenger_trusted_domain" "docs" {
  for_each = toset(["docs.example.com", "Docs.Example.com."])
  domain   = each.value
}
`,
			ExpectError: regexp.MustCompile(`(?s)Trusted domain declared twice.*are the same trusted domain\s+\(docs\.example\.com\)`),
		}},
	})
	if w := acctest.Writes(srv); len(w) > 0 {
		t.Fatalf("a configuration refused at plan wrote %v", w)
	}
}

// Both trusted-domain resource types in one configuration: plan fails, naming both and
// the way out, before anything is written.
func TestAccMessengerTrustedDomains_mixedTypesRefused(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + `
resource "intercom_messenger_trusted_domains" "all" { domains = ["salestim.com"] }
resource "intercom_messenger_trusted_domain" "docs" { domain = "docs.salestim.com" }
`,
			ExpectError: regexp.MustCompile(`(?s)intercom_messenger_trusted_domains and\s+intercom_messenger_trusted_domain manage the same list.*Choose one`),
		}},
	})
	if ws := acctest.Workspace(t, srv); len(ws.TrustedDomains) != 0 {
		t.Fatalf("a configuration refused at plan wrote %v", ws.TrustedDomains)
	}
}

// An additive trusted domain can be replaced: its domain changed (Terraform plans the
// resource twice, once as a replace and once as a create), and a forced replace
// (-replace, here Taint). Neither is a domain "declared twice".
func TestAccMessengerTrustedDomain_replace(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	config := func(domain string) string {
		return acctest.ProviderBlock(srv) + fmt.Sprintf(`
resource "intercom_messenger_trusted_domain" "docs" { domain = %q }
resource "intercom_messenger_trusted_domain" "app" { domain = "app.example.com" }
`, domain)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("docs.example.com"), Check: emulatorDomains(srv, "docs.example.com", "app.example.com")},
			{
				Config: config("help.example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("intercom_messenger_trusted_domain.docs", plancheck.ResourceActionReplace),
				}},
				Check: emulatorDomains(srv, "help.example.com", "app.example.com"),
			},
			{
				Config: config("help.example.com"),
				Taint:  []string{"intercom_messenger_trusted_domain.docs"},
				Check:  emulatorDomains(srv, "help.example.com", "app.example.com"),
			},
			{Config: config("help.example.com"), PlanOnly: true},
		},
		CheckDestroy: emulatorDomains(srv),
	})
}

// Two resources with the same spelling of one domain cannot be told apart at plan from
// one resource planned twice: the second create finds the domain trusted already and
// fails, naming import, without taking it over.
func TestAccMessengerTrustedDomain_sameSpellingTwice(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_messenger_trusted_domain" "a" { domain = "docs.example.com" }
resource "intercom_messenger_trusted_domain" "b" { domain = "docs.example.com" }
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	res := wd.Run("apply", "-auto-approve", "-input=false", "-no-color")
	out := strings.Join(strings.Fields(res.Output()), " ")
	if res.ExitCode != 1 || !strings.Contains(out, "Domain already trusted") || !strings.Contains(out, "terraform import") {
		t.Fatalf("apply exit %d, want the second create refused with import advice:\n%s", res.ExitCode, res.Output())
	}
	if ws := acctest.Workspace(t, srv); !slices.Equal(ws.TrustedDomains, []string{"docs.example.com"}) {
		t.Fatalf("Intercom holds %v, want the domain once", ws.TrustedDomains)
	}
	state, err := os.ReadFile(filepath.Join(wd.Dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(state), `"type": "intercom_messenger_trusted_domain"`); n != 1 {
		t.Fatalf("the state tracks %d of the two resources, want one:\n%s", n, state)
	}
}
