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

const twoFactorAddr = "intercom_two_factor_authentication.this"

func twoFactorConfig(srv *emulator.Server, required bool, extra string) string {
	return acctest.ProviderBlock(srv) + fmt.Sprintf(`
resource "intercom_two_factor_authentication" "this" {
  required = %t
  %s
}
`, required, extra)
}

// emulatorTwoFactor checks what the emulator holds, not what the state says.
func emulatorTwoFactor(srv *emulator.Server, want bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ws, err := acctest.CheckedWorkspace(srv)
		if err != nil {
			return err
		}
		if ws.TwoFactorRequired != want {
			return fmt.Errorf("emulator holds two-factor required = %t, want %t", ws.TwoFactorRequired, want)
		}
		return nil
	}
}

func TestAccTwoFactorAuthentication(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	id := emulator.DefaultWorkspace.IDCode
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: twoFactorConfig(srv, true, ""),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(twoFactorAddr, "id", id),
					resource.TestCheckResourceAttr(twoFactorAddr, "required", "true"),
					resource.TestCheckResourceAttr(twoFactorAddr, "reset_on_destroy", "false"),
					emulatorTwoFactor(srv, true),
				),
			},
			{ResourceName: twoFactorAddr, ImportState: true, ImportStateId: id, ImportStateVerify: true},
			{
				ResourceName: twoFactorAddr, ImportState: true, ImportStateId: id, ImportStateKind: resource.ImportBlockWithID,
				Config: twoFactorConfig(srv, true, ""),
			},
			{ResourceName: twoFactorAddr, ImportState: true, ImportStateId: "other123", ExpectError: regexp.MustCompile(`(?s)Wrong import id.*"` + id + `"`)},
			{
				Config: twoFactorConfig(srv, false, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(twoFactorAddr, plancheck.ResourceActionUpdate),
				}},
				Check: emulatorTwoFactor(srv, false),
			},
			// Drift: a teammate turns 2FA back on in Intercom's UI.
			{
				PreConfig: func() {
					if err := srv.ChangeByHand(id, emulator.HandChange{TwoFactorRequired: ptr(true)}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             twoFactorConfig(srv, false, ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(twoFactorAddr, plancheck.ResourceActionUpdate),
					acctest.ExpectAttributeChange(twoFactorAddr, "required"),
				}},
			},
			{Config: twoFactorConfig(srv, false, ""), Check: emulatorTwoFactor(srv, false)},
			{Config: twoFactorConfig(srv, true, ""), Check: emulatorTwoFactor(srv, true)},
		},
		// Destroy without reset_on_destroy leaves 2FA required.
		CheckDestroy: emulatorTwoFactor(srv, true),
	})
}

func TestAccTwoFactorAuthentication_resetOnDestroy(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: twoFactorConfig(srv, true, "reset_on_destroy = true"),
			Check:  emulatorTwoFactor(srv, true),
		}},
		CheckDestroy: emulatorTwoFactor(srv, false),
	})
}

func ptr[T any](v T) *T { return &v }
