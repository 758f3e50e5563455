package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// queryConfig is a .tfquery.hcl body: one list block of listType, with the provider the
// step before configured (its .tf file stays in the working folder).
func queryConfig(listType string) string {
	return fmt.Sprintf(`
list %q "all" {
  provider         = intercom
  include_resource = true
}
`, listType)
}

// terraform query lists the workspace's secrets, each with its name and identity, and
// never their material. Terraform 1.14 and later (OpenTofu has no query).
func TestAccListIdentityVerificationSecrets(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	ws := emulator.DefaultWorkspace.IDCode
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: acctest.ProviderBlock(srv) + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
resource "intercom_identity_verification_secret" "ios" {
  name         = "Production iOS"
  supports_ios = true
}
`},
			{
				Query:  true,
				Config: queryConfig("intercom_identity_verification_secret"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("intercom_identity_verification_secret.all", 2),
					querycheck.ExpectResourceDisplayName("intercom_identity_verification_secret.all",
						queryfilter.ByDisplayName(knownvalue.StringExact("Production iOS")), knownvalue.StringExact("Production iOS")),
					querycheck.ExpectIdentity("intercom_identity_verification_secret.all", map[string]knownvalue.Check{
						"workspace_id": knownvalue.StringExact(ws), "id": knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`)),
					}),
					querycheck.ExpectResourceKnownValues("intercom_identity_verification_secret.all",
						queryfilter.ByDisplayName(knownvalue.StringExact("Production web")), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("supports_web"), KnownValue: knownvalue.Bool(true)},
							{Path: tfjsonpath.New("secret"), KnownValue: knownvalue.Null()},
						}),
				},
			},
		},
	})
}
