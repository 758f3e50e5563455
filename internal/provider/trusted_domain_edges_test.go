package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// An additive trusted domain never takes over a domain it did not add: create fails,
// naming the domain and the import that adopts it, and the domain stays. Adopted on
// purpose, it is managed (and destroy removes it).
func TestAccMessengerTrustedDomain_neverTakesOver(t *testing.T) {
	unsetProviderEnv(t)
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
	unsetProviderEnv(t)
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
	unsetProviderEnv(t)
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
