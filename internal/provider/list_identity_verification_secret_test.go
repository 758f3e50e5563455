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

// queryConfig is a .tfquery.hcl body: the provider and one list block of listType.
func queryConfig(srv *emulator.Server, listType string) string {
	return fmt.Sprintf(`
provider "intercom" {
  base_url     = %q
  access_token = %q
}

list %q "all" {
  provider         = intercom
  include_resource = true
}
`, srv.URL(), emulator.DefaultWorkspace.Token, listType)
}

// terraform query lists the workspace's secrets, each with its name and identity, and
// never their material. Terraform 1.14 and later (OpenTofu has no query).
func TestAccListIdentityVerificationSecrets(t *testing.T) {
	unsetProviderEnv(t)
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
				Config: queryConfig(srv, "intercom_identity_verification_secret"),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("intercom_identity_verification_secret.all", 2),
					querycheck.ExpectResourceDisplayName("intercom_identity_verification_secret.all",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"workspace_id": knownvalue.StringExact(ws), "id": knownvalue.StringRegexp(regexp.MustCompile(`.`))}),
						knownvalue.StringRegexp(regexp.MustCompile(`^Production (web|iOS)$`))),
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
