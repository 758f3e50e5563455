package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

const secretAddr = "intercom_identity_verification_secret.web"

func secretConfig(srv *emulator.Server, body string) string {
	return acctest.ProviderBlock(srv) + `
resource "intercom_identity_verification_secret" "web" {
` + body + `
}
`
}

// emulatorSecrets returns the secrets the emulator holds (none when it has no default
// workspace, which the checks then report as a count that does not match).
func emulatorSecrets(srv *emulator.Server) []emulator.Secret {
	ws, _ := srv.Workspace(emulator.DefaultWorkspace.IDCode)
	return ws.Secrets
}

// stateID is the id of addr in the state, or an error when the state does not hold it.
func stateID(s *terraform.State, addr string) (string, error) {
	rs := s.RootModule().Resources[addr]
	if rs == nil || rs.Primary == nil {
		return "", fmt.Errorf("%s is not in the state", addr)
	}
	return rs.Primary.ID, nil
}

// checkSecretMatchesEmulator checks the state's id and material against the emulator's one secret.
func checkSecretMatchesEmulator(srv *emulator.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		secrets := emulatorSecrets(srv)
		if len(secrets) != 1 {
			return fmt.Errorf("emulator holds %d secrets, want 1", len(secrets))
		}
		rs := s.RootModule().Resources[secretAddr]
		if rs == nil {
			return fmt.Errorf("%s not in state", secretAddr)
		}
		if rs.Primary.ID != secrets[0].ID || rs.Primary.Attributes["secret"] != secrets[0].Secret {
			return fmt.Errorf("state holds id %s, emulator %s (or the material differs)", rs.Primary.ID, secrets[0].ID)
		}
		return nil
	}
}

func TestAccIdentityVerificationSecret(t *testing.T) {
	unsetProviderEnv(t)
	srv := acctest.StartEmulator(t)
	var firstID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: secretConfig(srv, `name = "Production web"
  supports_web = true`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectSensitiveValue(secretAddr, tfjsonpath.New("secret")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(secretAddr, tfjsonpath.New("supports_ios"), knownvalue.Bool(false)),
					statecheck.ExpectSensitiveValue(secretAddr, tfjsonpath.New("secret")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSecretMatchesEmulator(srv),
					resource.TestMatchResourceAttr(secretAddr, "secret", regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)),
					resource.TestMatchResourceAttr(secretAddr, "created_at", regexpRFC3339),
					func(s *terraform.State) error {
						var err error
						firstID, err = stateID(s, secretAddr)
						return err
					},
				),
			},
			{
				ResourceName: secretAddr, ImportState: true, ImportStateVerify: true,
				// Intercom never returns the material again; rotation_triggers are Terraform's own.
				ImportStateVerifyIgnore: []string{"secret", "rotation_triggers"},
			},
			{
				ResourceName: secretAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				Config: secretConfig(srv, `name = "Production web"
  supports_web = true`),
			},
			// Rotation: a new trigger value replaces the secret, the new one first.
			{
				Config: secretConfig(srv, `name = "Production web"
  supports_web = true
  rotation_triggers = { rotated = "2026-11" }
  lifecycle {
    create_before_destroy = true
  }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSecretMatchesEmulator(srv),
					func(s *terraform.State) error {
						if id, err := stateID(s, secretAddr); err != nil || id == firstID {
							return fmt.Errorf("rotation kept secret %s", firstID)
						}
						return nil
					},
				),
			},
			// Any argument change forces a replacement: Intercom has no update call.
			{
				Config: secretConfig(srv, `name = "Production web and iOS"
  supports_web = true
  supports_ios = true
  rotation_triggers = { rotated = "2026-11" }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: checkSecretMatchesEmulator(srv),
			},
			// Deleted outside Terraform: removed from state, planned for re-creation.
			{
				PreConfig: func() {
					for _, s := range emulatorSecrets(srv) {
						if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{DeleteSecretID: s.ID}); err != nil {
							t.Fatal(err)
						}
					}
				},
				Config: secretConfig(srv, `name = "Production web and iOS"
  supports_web = true
  supports_ios = true
  rotation_triggers = { rotated = "2026-11" }`),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionCreate),
				}},
			},
			{
				Config: secretConfig(srv, `name = "Production web and iOS"
  supports_web = true
  supports_ios = true
  rotation_triggers = { rotated = "2026-11" }`),
				Check: checkSecretMatchesEmulator(srv),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if n := len(emulatorSecrets(srv)); n != 0 {
				return fmt.Errorf("%d secrets left after destroy", n)
			}
			return nil
		},
	})
}

func TestAccIdentityVerificationSecret_validation(t *testing.T) {
	unsetProviderEnv(t)
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: secretConfig(srv, `name = "No platform"`), ExpectError: regexp.MustCompile(`(?s)Secret supports no platform.*supports_web, supports_ios or\s+supports_android`)},
			{Config: secretConfig(srv, `name = "   "
  supports_web = true`), ExpectError: regexp.MustCompile(`(?s)Blank value.*name must not be empty`)},
			{Config: secretConfig(srv, `name = ""
  supports_web = true`), ExpectError: regexp.MustCompile(`(?s)Blank value.*name must not be empty`)},
		},
	})
	if n := srv.Stats().Total; n != 0 {
		t.Fatalf("invalid configurations reached the API: %d calls", n)
	}
}

// Import never replaces the live secret, whatever Terraform-only attributes the
// configuration sets: rotation_triggers are null after an import, and setting them is
// recorded without a write. A later change of the recorded triggers still rotates it.
func TestAccIdentityVerificationSecret_importKeepsLiveSecret(t *testing.T) {
	unsetProviderEnv(t)
	srv := acctest.StartEmulator(t)
	c, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
	if err != nil {
		t.Fatal(err)
	}
	live, err := c.CreateIdentityVerificationSecret(context.Background(),
		intercom.NewIdentityVerificationSecret{Name: "Production web", SupportsWeb: true})
	if err != nil {
		t.Fatal(err)
	}
	withTriggers := func(rotated string) string {
		return `import {
  to = intercom_identity_verification_secret.web
  id = "` + live.ID + `"
}
` + secretConfig(srv, `name = "Production web"
  supports_web = true
  rotation_triggers = { rotated = "`+rotated+`" }`)
	}
	onlyLive := func(*terraform.State) error {
		if s := emulatorSecrets(srv); len(s) != 1 || s[0].ID != live.ID {
			return fmt.Errorf("the workspace holds %+v, want only the imported secret %s", s, live.ID)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: withTriggers("2026-11"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(onlyLive,
					resource.TestCheckResourceAttr(secretAddr, "id", live.ID),
					resource.TestCheckResourceAttr(secretAddr, "rotation_triggers.rotated", "2026-11")),
			},
			{
				Config: withTriggers("2027-05"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(secretAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error {
					if s := emulatorSecrets(srv); len(s) != 1 || s[0].ID == live.ID {
						return fmt.Errorf("changing recorded triggers did not rotate the secret: %+v", s)
					}
					return nil
				},
			},
		},
	})
}

// An empty name gets one diagnostic, not one per validator.
func TestEmptyNameOneDiagnostic(t *testing.T) {
	ctx := context.Background()
	for _, r := range []fwresource.Resource{NewIdentityVerificationSecretResource(), NewTestWorkspaceResource()} {
		var sr fwresource.SchemaResponse
		r.Schema(ctx, fwresource.SchemaRequest{}, &sr)
		name, ok := sr.Schema.Attributes["name"].(schema.StringAttribute)
		if !ok {
			t.Fatalf("%T has no string name", r)
		}
		var diags diag.Diagnostics
		for _, v := range name.Validators {
			var resp validator.StringResponse
			v.ValidateString(ctx, validator.StringRequest{Path: path.Root("name"), ConfigValue: types.StringValue("")}, &resp)
			diags.Append(resp.Diagnostics...)
		}
		if diags.ErrorsCount() != 1 {
			t.Errorf("%T: an empty name gives %d errors, want 1: %v", r, diags.ErrorsCount(), diags)
		}
	}
}
