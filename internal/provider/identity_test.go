package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// Every resource has an identity (Terraform 1.12 and later, OpenTofu 1.12): set by
// Create, kept by Update and Read, and usable in `import { identity = { … } }`.
func TestAccResourceIdentity(t *testing.T) {
	t.Parallel()
	ws := emulator.DefaultWorkspace.IDCode
	for _, tc := range []struct {
		resourceType, before, after string
		identity                    map[string]knownvalue.Check
		// imported is the configuration the import by identity must match with no change
		// (default: after): a secret's import has no rotation_triggers, a domain's is
		// spelled canonically.
		imported string
	}{
		{"intercom_two_factor_authentication", `required = true`, `required = false`,
			map[string]knownvalue.Check{"workspace_id": knownvalue.StringExact(ws)}, ""},
		{"intercom_messenger_trusted_domains", `domains = ["salestim.com"]`, `domains = ["salestim.com", "docs.salestim.com"]`,
			map[string]knownvalue.Check{"workspace_id": knownvalue.StringExact(ws)}, ""},
		{"intercom_identity_verification", `web = false`, `android = false`,
			map[string]knownvalue.Check{"workspace_id": knownvalue.StringExact(ws)}, ""},
		{"intercom_ip_allowlist", "enabled = false\n  ip_ranges = [\"203.0.113.0/24\"]", "enabled = false\n  ip_ranges = [\"198.51.100.0/24\"]",
			map[string]knownvalue.Check{"workspace_id": knownvalue.StringExact(ws)}, ""},
		{"intercom_identity_verification_secret", "name = \"web\"\n  supports_web = true", "name = \"web\"\n  supports_web = true\n  rotation_triggers = { r = \"2\" }",
			map[string]knownvalue.Check{"workspace_id": knownvalue.StringExact(ws), "id": knownvalue.NotNull()}, "name = \"web\"\n  supports_web = true"},
		{"intercom_messenger_trusted_domain", `domain = "docs.salestim.com"`, `domain = "Docs.Salestim.com"`,
			map[string]knownvalue.Check{"workspace_id": knownvalue.StringExact(ws), "domain": knownvalue.StringExact("docs.salestim.com")}, `domain = "docs.salestim.com"`},
		{"intercom_test_workspace", `name = "Staging"`, `name = "Staging 2"`,
			map[string]knownvalue.Check{"workspace_id": knownvalue.StringExact(ws), "id": knownvalue.NotNull()}, ""},
		// internal_score is protected in the emulator's seed: an import adopts it too.
		{"intercom_protected_attributes", `names = ["plan", "internal_score"]`, `names = ["plan", "internal_score", "is_admin"]`,
			map[string]knownvalue.Check{"workspace_id": knownvalue.StringExact(ws), "model": knownvalue.StringExact("contact")}, ""},
	} {
		t.Run(tc.resourceType, func(t *testing.T) {
			srv := acctest.StartEmulator(t)
			config := func(body string) string {
				return acctest.ProviderBlock(srv) + fmt.Sprintf("resource %q \"this\" {\n  %s\n}\n", tc.resourceType, body)
			}
			addr := tc.resourceType + ".this"
			imported := tc.imported
			if imported == "" {
				imported = tc.after
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
				Steps: []resource.TestStep{
					{Config: config(tc.before), ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, tc.identity)}},
					// Update keeps the identity (providers that forgot it shipped "missing identity after update").
					{Config: config(tc.after), ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentity(addr, tc.identity)}},
					{ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity, Config: config(imported)},
				},
			})
		})
	}
}

// An identity of another workspace is refused, naming both, and nothing is imported.
func TestAccResourceIdentity_otherWorkspace(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + `
import {
  to       = intercom_two_factor_authentication.this
  identity = { workspace_id = "zzz99999" }
}
resource "intercom_two_factor_authentication" "this" { required = true }
`,
			ExpectError: regexp.MustCompile(`(?s)Identity of another workspace.*"zzz99999".*"abc12345"`),
		}},
	})
}
