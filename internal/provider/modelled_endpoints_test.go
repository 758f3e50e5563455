package provider

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// Every resource type on a modelled endpoint (the authoritative trusted-domain list comes
// on top in the plan-only test: beside additive domains it could not be applied).
const modelledConfig = requiredProviders + `
resource "intercom_two_factor_authentication" "this" { required = true }
resource "intercom_messenger_trusted_domain" "team" {
  count  = 3
  domain = "team${count.index}.salestim.com"
}
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
resource "intercom_identity_verification" "this" {
  web              = true
  reset_on_destroy = true # destroy turns enforcement off first, so the secret may go
  depends_on       = [intercom_identity_verification_secret.web]
}
resource "intercom_test_workspace" "staging" { name = "SalesTim [TEST]" }
`

const authoritativeDomains = `
resource "intercom_messenger_trusted_domains" "this" { domains = ["salestim.com"] }
`

var modelledTypes = map[string]string{
	"intercom_two_factor_authentication": "two-factor authentication enforcement",
	"intercom_messenger_trusted_domain":  "Messenger trusted domains",
	"intercom_identity_verification":     "identity verification enforcement",
	"intercom_test_workspace":            "test workspaces",
}

// checkOneErrorPerType asserts the plan failed with exactly one "not published" error per
// modelled resource type, each naming its settings page and the posture data source.
func checkOneErrorPerType(t *testing.T, res acctest.Result, extraTypes map[string]string) {
	t.Helper()
	types := maps.Clone(modelledTypes)
	maps.Copy(types, extraTypes)
	if res.ExitCode != 1 {
		t.Fatalf("plan exit code %d, want 1 (failed):\n%s", res.ExitCode, res.Output())
	}
	out := strings.Join(strings.Fields(res.Output()), " ")
	if n := strings.Count(out, "Error: Intercom has not published an API for"); n != len(types) {
		t.Errorf("%d 'not published' errors, want exactly one per modelled resource type (%d):\n%s", n, len(types), res.Output())
	}
	for resourceType, setting := range types {
		if strings.Count(out, resourceType+" rests on an endpoint") != 1 {
			t.Errorf("no single error for %s:\n%s", resourceType, res.Output())
		}
		if !strings.Contains(out, "Intercom has not published an API for "+setting+" yet") {
			t.Errorf("no error names %q:\n%s", setting, res.Output())
		}
	}
	for _, want := range []string{`data "intercom_security_posture"`, "Settings > Workspace > Security", "Settings > Channels > Messenger > Security", "HTTP 404 not_found"} {
		if !strings.Contains(out, want) {
			t.Errorf("the errors never say %q:\n%s", want, res.Output())
		}
	}
	// No posture check watches test workspaces: that error must not point at one.
	if _, after, ok := strings.Cut(out, "intercom_test_workspace rests on"); ok {
		block, _, _ := strings.Cut(after, "Error:")
		if strings.Contains(block, "intercom_security_posture") {
			t.Errorf("the test workspace's error points at a posture check that does not exist: %s", block)
		}
	}
	for resourceType, check := range map[string]string{"intercom_two_factor_authentication": `"two_factor_authentication" check`} {
		if _, after, ok := strings.Cut(out, resourceType+" rests on"); ok {
			if block, _, _ := strings.Cut(after, "Error:"); !strings.Contains(block, check) {
				t.Errorf("the %s error does not name its posture check %s: %s", resourceType, check, block)
			}
		}
	}
	if strings.Contains(out, "intercom_identity_verification_secret rests on") {
		t.Errorf("the published secret resource was reported as modelled:\n%s", res.Output())
	}
}

// On hosts that do not serve the modelled endpoints (Intercom's today), plan fails before
// anything is written: one error per resource type, one probe per endpoint.
func TestAccModelledEndpoints_planFailsOnceOnTodaysHosts(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	wd := newWorkdir(t, map[string]string{"main.tf": modelledConfig + authoritativeDomains})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	both := map[string]string{"intercom_messenger_trusted_domains": "Messenger trusted domains"}

	checkOneErrorPerType(t, wd.Run("plan", "-input=false", "-no-color"), both)
	stats := srv.Stats().Endpoints
	for _, probe := range []string{"GET /security/two_factor", "GET /messenger/trusted_domains", "GET /messenger/identity_verification", "GET /test_workspaces"} {
		if stats[probe] != 1 {
			t.Errorf("%s was called %d times during one plan, want exactly one probe (stats %v)", probe, stats[probe], stats)
		}
	}
	for endpoint, n := range stats {
		if !strings.HasPrefix(endpoint, "GET ") {
			t.Errorf("planning wrote to Intercom: %s x%d", endpoint, n)
		}
	}

	// apply fails the same way, and nothing reaches Intercom, not even the published secret.
	checkOneErrorPerType(t, wd.Run("apply", "-auto-approve", "-input=false", "-no-color"), both)
	ws := acctest.Workspace(t, srv)
	if len(ws.Secrets) != 0 {
		t.Fatalf("a failed plan still created %d secret(s)", len(ws.Secrets))
	}
}

// A state applied where the modelled endpoints were served (the emulator, or Intercom once
// it publishes them) refreshed against today's hosts: the same single error per type.
func TestAccModelledEndpoints_refreshFailsOnceOnTodaysHosts(t *testing.T) {
	t.Parallel()
	full := acctest.StartEmulator(t)
	todays := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	wd := newWorkdir(t, map[string]string{"main.tf": modelledConfig})
	base := wd.Env
	against := func(srv *emulator.Server) []string {
		return append(slices.Clone(base), EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	}
	wd.Env = against(full)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})

	wd.Env = against(todays)
	checkOneErrorPerType(t, wd.Run("plan", "-input=false", "-no-color"), nil)
	// Where the endpoints are served, the same state plans empty.
	wd.Env = against(full)
	if res := wd.Run("plan", "-detailed-exitcode", "-input=false"); res.ExitCode != 0 {
		t.Fatalf("plan against the full emulator is not empty (exit %d):\n%s", res.ExitCode, res.Output())
	}
}
