package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

const identityVerificationAddr = "intercom_identity_verification.this"

func identityVerificationConfig(srv *emulator.Server, web, ios, android bool) string {
	return acctest.ProviderBlock(srv) + fmt.Sprintf(`
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
resource "intercom_identity_verification" "this" {
  web        = %t
  ios        = %t
  android    = %t
  depends_on = [intercom_identity_verification_secret.web]
}
`, web, ios, android)
}

func emulatorEnforcement(srv *emulator.Server, web, ios, android bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ws, err := acctest.CheckedWorkspace(srv)
		if err != nil {
			return err
		}
		iv := ws.IdentityVerification
		if iv.Web != web || iv.IOS != ios || iv.Android != android {
			return fmt.Errorf("emulator enforces web=%t ios=%t android=%t, want %t %t %t", iv.Web, iv.IOS, iv.Android, web, ios, android)
		}
		return nil
	}
}

func TestAccIdentityVerification(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	id := emulator.DefaultWorkspace.IDCode
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: identityVerificationConfig(srv, true, false, false),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(identityVerificationAddr, "id", id),
					resource.TestCheckResourceAttr(identityVerificationAddr, "web", "true"),
					resource.TestCheckResourceAttr(identityVerificationAddr, "ios", "false"),
					emulatorEnforcement(srv, true, false, false),
				),
			},
			{ResourceName: identityVerificationAddr, ImportState: true, ImportStateId: id, ImportStateVerify: true},
			{
				ResourceName: identityVerificationAddr, ImportState: true, ImportStateId: id, ImportStateKind: resource.ImportBlockWithID,
				Config: identityVerificationConfig(srv, true, false, false),
			},
			// Enforcing iOS with no secret supporting it: Intercom's 422, made readable, on the ios attribute.
			{
				Config:      identityVerificationConfig(srv, true, true, false),
				ExpectError: regexp.MustCompile(`(?s)No identity verification secret supports ios.*supports_ios = true.*HTTP 422.*parameter_invalid`),
			},
			{
				Config:      identityVerificationConfig(srv, true, false, true),
				ExpectError: regexp.MustCompile(`(?s)No identity verification secret supports android.*supports_android = true`),
			},
			{
				PreConfig: func() {
					if err := srv.ChangeByHand(id, emulator.HandChange{IdentityVerification: &emulator.IdentityVerificationChange{Web: ptr(false)}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             identityVerificationConfig(srv, true, false, false),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(identityVerificationAddr, plancheck.ResourceActionUpdate),
					acctest.ExpectAttributeChange(identityVerificationAddr, "web"),
				}},
			},
			{Config: identityVerificationConfig(srv, true, false, false), Check: emulatorEnforcement(srv, true, false, false)},
			{Config: identityVerificationConfig(srv, false, false, false), Check: emulatorEnforcement(srv, false, false, false)},
		},
	})
}
