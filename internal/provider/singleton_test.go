package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// A change to an attribute that lives only in Terraform sends nothing to Intercom and
// writes no activity-log entry: for every workspace setting, turning reset_on_destroy
// on is an update that makes no write.
func TestAccNoNeedlessWrites_resetOnDestroy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ resourceType, body string }{
		{"intercom_two_factor_authentication", `required = true`},
		{"intercom_messenger_trusted_domains", `domains = ["salestim.com"]`},
		{"intercom_ip_allowlist", "enabled = true\n  ip_ranges = [\"203.0.113.0/24\"]"},
		{"intercom_identity_verification", `web = false`},
	} {
		t.Run(tc.resourceType, func(t *testing.T) {
			srv := acctest.StartEmulator(t)
			srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
			config := func(resetOnDestroy bool) string {
				return acctest.ProviderBlock(srv) + fmt.Sprintf("resource %q \"this\" {\n  %s\n  reset_on_destroy = %t\n}\n",
					tc.resourceType, tc.body, resetOnDestroy)
			}
			var logsBefore int
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{Config: config(false)},
					{
						PreConfig: func() {
							ws := acctest.Workspace(t, srv)
							logsBefore = len(ws.ActivityLogs)
							srv.ResetStats()
						},
						Config: config(true),
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr(tc.resourceType+".this", "reset_on_destroy", "true"),
							func(*terraform.State) error {
								if w := acctest.Writes(srv); len(w) > 0 {
									return fmt.Errorf("changing reset_on_destroy sent %v to Intercom", w)
								}
								if ws := acctest.Workspace(t, srv); len(ws.ActivityLogs) != logsBefore {
									return fmt.Errorf("changing reset_on_destroy wrote %d activity-log entries", len(ws.ActivityLogs)-logsBefore)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// Creating a setting that Intercom already holds (in any spelling) sends nothing and
// writes no activity-log entry; one Intercom does not hold is written.
func TestAccNoNeedlessWrites_createWhatIntercomHolds(t *testing.T) {
	t.Parallel()
	on, off := true, false
	for _, tc := range []struct {
		resourceType, body string
		byHand             emulator.HandChange
	}{
		{"intercom_two_factor_authentication", `required = true`, emulator.HandChange{TwoFactorRequired: &on}},
		{"intercom_two_factor_authentication", `required = false`, emulator.HandChange{}}, // Intercom's default
		{"intercom_messenger_trusted_domains", `domains = ["Salestim.com", "docs.salestim.com."]`,
			emulator.HandChange{TrustedDomains: &[]string{"docs.salestim.com", "salestim.com"}}},
		{"intercom_ip_allowlist", "enabled = true\n  ip_ranges = [\"203.0.113.0/24\", \"198.51.100.9/32\"]",
			emulator.HandChange{IPAllowlistEnabled: &on, IPAllowlistRanges: &[]string{"198.51.100.9", "203.0.113.0/24"}}},
		{"intercom_identity_verification", `web = false`, emulator.HandChange{IdentityVerification: &emulator.IdentityVerificationChange{Web: &off}}},
	} {
		t.Run(tc.resourceType+" "+tc.body, func(t *testing.T) {
			srv := acctest.StartEmulator(t)
			srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
			if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, tc.byHand); err != nil {
				t.Fatal(err)
			}
			logsBefore := len(acctest.Workspace(t, srv).ActivityLogs)
			srv.ResetStats()
			config := acctest.ProviderBlock(srv) + fmt.Sprintf("resource %q \"this\" {\n  %s\n}\n", tc.resourceType, tc.body)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr(tc.resourceType+".this", "id", emulator.DefaultWorkspace.IDCode),
							func(*terraform.State) error {
								if w := acctest.Writes(srv); len(w) > 0 {
									return fmt.Errorf("creating what Intercom holds sent %v", w)
								}
								if n := len(acctest.Workspace(t, srv).ActivityLogs) - logsBefore; n != 0 {
									return fmt.Errorf("creating what Intercom holds wrote %d activity-log entries", n)
								}
								return nil
							},
						),
					},
					{Config: config, PlanOnly: true},
				},
			})
		})
	}
}

// A destroy plan said "2 to destroy" and only apply told which setting was reset and
// which only forgotten. The plan now says it per resource, naming the workspace.
func TestAccDestroyPlanSaysWhatIsResetAndWhatIsForgotten(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_two_factor_authentication" "this" { required = true }
resource "intercom_ip_allowlist" "this" {
  enabled          = true
  ip_ranges        = ["203.0.113.0/24"]
  reset_on_destroy = true
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	srv.ResetStats()
	out := strings.Join(strings.Fields(wd.MustRun([]string{"plan", "-destroy", "-input=false", "-no-color"}).Output()), " ")
	for _, want := range []string{
		"Warning: intercom_two_factor_authentication will only be forgotten",
		"the workspace keeps its two-factor authentication requirement",
		"Warning: intercom_ip_allowlist will be reset to Intercom's default",
		"Destroy writes Intercom's default to the workspace: disabled, with an empty list. Workspace: " + emulator.DefaultWorkspace.IDCode + ".",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("destroy plan lacks %q:\n%s", want, out)
		}
	}
	if w := acctest.Writes(srv); len(w) > 0 {
		t.Errorf("a plan wrote %v", w)
	}
}
