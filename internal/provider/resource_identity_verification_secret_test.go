package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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

// No live secret is ever left untracked: a create whose outcome stays unknown after the
// last try is looked for once more, and what it made is deleted (its material, shown
// only in the lost answer, is gone with it).
func TestAccIdentityVerificationSecret_noOrphan(t *testing.T) {
	t.Parallel() // waits out settle windows: beside the others
	for _, tc := range []struct {
		name     string
		settings string
		fault    emulator.Fault
	}{
		{"answer lost on the last try", "max_retries = 0",
			emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets", DropAfterApply: true, Count: 1}},
		{"committed after the client gave up", "max_retries = 0\n  request_timeout = \"500ms\"",
			emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets", Latency: 800 * time.Millisecond, ApplyLate: true, Count: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := acctest.StartEmulator(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					PreConfig: func() { srv.InjectFault(tc.fault) },
					Config: acctest.ProviderBlock(srv, tc.settings) + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
`,
					ExpectError: regexp.MustCompile(`(?s)create the identity verification secret`),
				}},
			})
			// Let a late commit land if the provider had not waited for it.
			time.Sleep(time.Second)
			if s := emulatorSecrets(srv); len(s) != 0 {
				t.Fatalf("the failed create left %d live secret(s) no state tracks: %+v", len(s), s)
			}
		})
	}
}

// Two secrets with the same name, created in parallel while one create's answer is lost:
// reconciling the lost one never deletes its sibling.
func TestAccIdentityVerificationSecret_parallelSameName(t *testing.T) {
	t.Parallel() // waits out settle windows: beside the others
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				srv.InjectFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets",
					Latency: 500 * time.Millisecond, DropAfterApply: true, Count: 1})
			},
			Config: acctest.ProviderBlock(srv) + `
resource "intercom_identity_verification_secret" "web" {
  count        = 2
  name         = "Production web"
  supports_web = true
}
`,
			Check: func(s *terraform.State) error {
				live := map[string]bool{}
				for _, secret := range emulatorSecrets(srv) {
					live[secret.ID] = true
				}
				for i := range 2 {
					id, err := stateID(s, fmt.Sprintf("intercom_identity_verification_secret.web.%d", i))
					if err != nil {
						return err
					}
					if !live[id] {
						return fmt.Errorf("secret %s in the state was deleted by its sibling's reconcile (live: %v)", id, live)
					}
				}
				if len(live) != 2 {
					return fmt.Errorf("%d live secrets, want 2", len(live))
				}
				return nil
			},
		}},
	})
}

// A later run that finds a recent secret with the same name (left by an interrupted
// apply that could not clean up) reports its id and the command that deletes it.
func TestAccIdentityVerificationSecret_reportsLeftover(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	c, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
	if err != nil {
		t.Fatal(err)
	}
	leftover, err := c.CreateIdentityVerificationSecret(context.Background(),
		intercom.NewIdentityVerificationSecret{Name: "Production web", SupportsWeb: true})
	if err != nil {
		t.Fatal(err)
	}
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	out := strings.Join(strings.Fields(wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"}).Output()), " ")
	for _, want := range []string{"Recent secret with the same name found", "id " + leftover.ID,
		"curl -X DELETE " + srv.URL() + "/secure_mode_secrets/" + leftover.ID} {
		if !strings.Contains(out, want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
}

// With the provider's defaults (max_retries, request_timeout), a create that Intercom
// commits after the client stopped waiting for it, or after a gateway answered for it,
// leaves exactly one live secret, the one in the state, and the next plan is clean.
func TestAccIdentityVerificationSecret_lateCommitDefaults(t *testing.T) {
	t.Parallel()
	post := emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets", Count: 1}
	cases := []struct {
		name  string
		fault emulator.Fault
	}{
		{"gateway 502, committed a second later", emulator.Fault{Status: http.StatusBadGateway, CommitLate: true, Latency: time.Second}},
		{"gateway 504, committed a second later", emulator.Fault{Status: http.StatusGatewayTimeout, CommitLate: true, Latency: time.Second}},
		{"connection dropped, committed a second later", emulator.Fault{Drop: true, CommitLate: true, Latency: time.Second}},
		// request_timeout is 30s by default: Intercom commits a second after the client gave up.
		{"client timed out, committed after", emulator.Fault{ApplyLate: true, Latency: 31 * time.Second}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := acctest.StartEmulator(t)
			f := tc.fault
			f.Method, f.PathPrefix, f.Count = post.Method, post.PathPrefix, post.Count
			// The user's defaults: no max_retries, no request_timeout.
			config := acctest.ProviderBlockWithDefaults(srv) + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
`
			if strings.Contains(config, "max_retries") || strings.Contains(config, "request_timeout") {
				t.Fatal("the test does not run with the provider's defaults")
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig: func() { srv.InjectFault(f) },
						Config:    config,
						Check: func(s *terraform.State) error {
							time.Sleep(2 * time.Second) // anything still to land has landed
							id, err := stateID(s, "intercom_identity_verification_secret.web")
							if err != nil {
								return err
							}
							live := emulatorSecrets(srv)
							if len(live) != 1 || live[0].ID != id {
								return fmt.Errorf("Intercom holds %d secret(s) %+v; want exactly one, %s, the one in the state", len(live), live, id)
							}
							return nil
						},
					},
					{Config: config, PlanOnly: true},
				},
			})
		})
	}
}

// request_timeout = "1s" and a gateway that answers 502 at once and commits 1.5 s later:
// the provider waited 1 s, found nothing, and created again, so when the lost create
// landed Intercom held two live secrets, one of them with material nobody holds (the
// CHANGELOG said "no orphan"). Create now looks once more, a request_timeout later and
// still under the workspace lock, and deletes the late commit, saying so.
func TestAccIdentityVerificationSecret_lateCommitAfterTheRetryIsDeleted(t *testing.T) {
	t.Parallel() // waits out settle windows: beside the others
	srv := acctest.StartEmulator(t)
	srv.InjectFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets", Status: http.StatusBadGateway,
		CommitLate: true, Latency: 1500 * time.Millisecond, Count: 1})
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
provider "intercom" { request_timeout = "1s" }
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
output "id" { value = intercom_identity_verification_secret.web.id }
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	out := strings.Join(strings.Fields(wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"}).Output()), " ")
	ours := strings.TrimSpace(wd.MustRun([]string{"output", "-raw", "id"}).Stdout)
	if !strings.Contains(out, "Warning: Late commit of a lost create deleted") || !strings.Contains(out, "the state's secret "+ours+" is unchanged") {
		t.Errorf("apply output:\n%s", out)
	}
	time.Sleep(time.Second) // nothing else is still to land
	if live := emulatorSecrets(srv); len(live) != 1 || live[0].ID != ours {
		t.Fatalf("after the apply Intercom holds %+v; want only %s", live, ours)
	}
	wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"})
}
