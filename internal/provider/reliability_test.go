package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// securityBaselineConfig is the seed's checklist, with a provider block for srv.
func securityBaselineConfig(srv *emulator.Server, providerExtra ...string) string {
	return acctest.ProviderBlock(srv, providerExtra...) + `
resource "intercom_two_factor_authentication" "this" { required = true }
resource "intercom_messenger_trusted_domains" "this" { domains = ["salestim.com", "*.salestim.com"] }
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
}

// checkBaselineApplied checks the emulator holds exactly what the baseline asks for:
// in particular one secret and one test workspace, never a duplicate.
func checkBaselineApplied(srv *emulator.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ws, ok := srv.Workspace(emulator.DefaultWorkspace.IDCode)
		switch {
		case !ok:
			return fmt.Errorf("the emulator holds no workspace %s", emulator.DefaultWorkspace.IDCode)
		case !ws.TwoFactorRequired, len(ws.TrustedDomains) != 2, !ws.IdentityVerification.Web:
			return fmt.Errorf("baseline not applied: %+v", ws)
		case len(ws.Secrets) != 1:
			return fmt.Errorf("%d secrets, want exactly 1", len(ws.Secrets))
		case len(ws.TestWorkspaces) != 1:
			return fmt.Errorf("%d test workspaces, want exactly 1", len(ws.TestWorkspaces))
		}
		if s != nil {
			rs := s.RootModule().Resources["intercom_identity_verification_secret.web"]
			if rs == nil || rs.Primary.ID != ws.Secrets[0].ID || rs.Primary.Attributes["secret"] != ws.Secrets[0].Secret {
				return fmt.Errorf("state's secret does not match Intercom's one secret %s", ws.Secrets[0].ID)
			}
		}
		return nil
	}
}

// With 30% of calls answered 5xx, some connections dropped and some calls 2 s slow,
// the baseline still converges, and plans empty after apply.
func TestAccReliability_faultsConverge(t *testing.T) {
	t.Parallel() // waits out settle windows: beside the others
	srv := emulator.New(emulator.Config{Seed: 7})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	srv.InjectFault(emulator.Fault{Status: http.StatusServiceUnavailable, Probability: 0.3})
	srv.InjectFault(emulator.Fault{Drop: true, Probability: 0.05})
	srv.InjectFault(emulator.Fault{Latency: 2 * time.Second, Probability: 0.05})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: securityBaselineConfig(srv, `max_retries = 8`),
			Check:  checkBaselineApplied(srv),
		}},
	})
	st := srv.Stats()
	t.Logf("faults: %d calls served for one baseline apply, plans and destroy", st.Total)
}

// A create whose answer is lost (Intercom applied it, then the connection dropped)
// never leaves a duplicate secret or test workspace.
func TestAccReliability_lostCreateAnswers(t *testing.T) {
	t.Parallel() // waits out settle windows: beside the others
	srv := acctest.StartEmulator(t)
	srv.InjectFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets", DropAfterApply: true, Count: 1})
	srv.InjectFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/test_workspaces", DropAfterApply: true, Count: 1})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: securityBaselineConfig(srv),
			Check: resource.ComposeAggregateTestCheckFunc(
				checkBaselineApplied(srv),
				func(*terraform.State) error {
					if n := srv.Stats().Endpoints["POST /secure_mode_secrets"]; n != 2 {
						return fmt.Errorf("POST /secure_mode_secrets served %d times, want 2 (lost, then again after cleaning up)", n)
					}
					if n := srv.Stats().Endpoints["POST /test_workspaces"]; n != 1 {
						return fmt.Errorf("POST /test_workspaces served %d times, want 1 (the lost create is adopted)", n)
					}
					return nil
				},
			),
		}},
	})
}

// Interrupted mid-apply (SIGINT, as Ctrl-C), the next apply repairs the state without
// manual steps, and leaves no duplicate.
func TestAccReliability_interruptedApply(t *testing.T) {
	t.Parallel() // waits out settle windows: beside the others
	srv := acctest.StartEmulator(t)
	files := exampleFiles(t, filepath.Join("..", "..", "examples", "security-baseline"))
	wd := acctest.NewWorkdir(t, files)
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	// Slow writes, so the interrupt lands while the apply is under way.
	srv.InjectFault(emulator.Fault{Method: http.MethodPut, Latency: 1500 * time.Millisecond})
	srv.InjectFault(emulator.Fault{Method: http.MethodPost, Latency: 1500 * time.Millisecond})
	// Interrupt as soon as the first write reaches Intercom: mid-apply, whatever the machine's speed.
	writing := func() bool {
		for endpoint, n := range srv.Stats().Endpoints {
			if n > 0 && (strings.HasPrefix(endpoint, "PUT ") || strings.HasPrefix(endpoint, "POST ")) {
				return true
			}
		}
		return false
	}
	res := wd.RunInterrupted(writing, "apply", "-auto-approve", "-input=false")
	if res.ExitCode == 0 {
		t.Fatalf("the interrupted apply exited 0; the interrupt came too late to test anything:\n%s", res.Output())
	}
	if !strings.Contains(res.Output(), "Interrupt received") {
		t.Fatalf("the CLI did not see the interrupt:\n%s", res.Output())
	}
	// Enforcement depends on the secret, so it cannot have started before the interrupt.
	if ws := acctest.Workspace(t, srv); ws.IdentityVerification.Web {
		t.Fatal("the whole baseline was applied: the interrupt did not land mid-apply")
	}
	srv.ClearFaults()
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	if err := checkBaselineApplied(srv)(nil); err != nil {
		t.Fatal(err)
	}
	requireEmptyPlan(t, wd)
}

// With TF_LOG=trace, neither the access token nor an identity verification secret
// appears in the CLI's or the provider's logs, nor in plan or apply output.
func TestAccReliability_noSecretsInLogs(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	wd := acctest.NewWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
output "user_hash" {
  value     = provider::intercom::user_hash(intercom_identity_verification_secret.web.secret, "user-42")
  sensitive = true
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token,
		"TF_LOG=trace", "TF_LOG_PATH="+logFile)
	outputs := wd.MustRun([]string{"apply", "-auto-approve", "-input=false"}).Output()
	outputs += wd.MustRun([]string{"plan", "-input=false"}).Output()
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	logs := string(raw)
	// The provider's own trace lines must be in the log, or this test proves nothing.
	if !strings.Contains(logs, "Intercom API request") || !strings.Contains(logs, "POST") {
		t.Fatalf("the trace log (%d bytes) holds no provider request lines", len(logs))
	}
	ws := acctest.Workspace(t, srv)
	if len(ws.Secrets) != 1 {
		t.Fatalf("%d secrets", len(ws.Secrets))
	}
	secrets := map[string]string{
		"access token": emulator.DefaultWorkspace.Token,
		"secret":       ws.Secrets[0].Secret,
	}
	for what, value := range secrets {
		if strings.Contains(logs, value) {
			t.Errorf("the %s appears in the TF_LOG=trace log", what)
		}
		if strings.Contains(outputs, value) {
			t.Errorf("the %s appears in plan or apply output", what)
		}
	}
}

// Every invalid configuration gets a diagnostic naming the attribute, at plan time,
// before any write reaches Intercom, and never a panic.
func TestAccBadInput(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	p := acctest.ProviderBlock(srv)
	cases := []struct{ name, config, want string }{
		{"domain scheme", `resource "intercom_messenger_trusted_domains" "x" { domains = ["https://a.example"] }`, `domains.*scheme`},
		{"domain port", `resource "intercom_messenger_trusted_domains" "x" { domains = ["a.example:80"] }`, `domains.*port`},
		{"domain path", `resource "intercom_messenger_trusted_domains" "x" { domains = ["a.example/x"] }`, `domains.*path`},
		{"domain ip", `resource "intercom_messenger_trusted_domains" "x" { domains = ["10.0.0.1"] }`, `domains.*IP address`},
		{"domain localhost", `resource "intercom_messenger_trusted_domains" "x" { domains = ["localhost"] }`, `domains.*localhost`},
		{"domain wildcard", `resource "intercom_messenger_trusted_domains" "x" { domains = ["a.*.example"] }`, `domains.*wildcard`},
		{"domain tld wildcard", `resource "intercom_messenger_trusted_domains" "x" { domains = ["*.com"] }`, `domains.*top-level`},
		{"domain single label", `resource "intercom_messenger_trusted_domains" "x" { domains = ["intranet"] }`, `domains.*single-label`},
		{"domain underscore", `resource "intercom_messenger_trusted_domains" "x" { domains = ["a_b.example"] }`, `domains.*letters, digits`},
		{"domain duplicate", `resource "intercom_messenger_trusted_domains" "x" { domains = ["a.example", "A.example."] }`, `domains.*same domain`},
		{"domain empty", `resource "intercom_messenger_trusted_domains" "x" { domains = [""] }`, `domains.*empty`},
		{"one domain scheme", `resource "intercom_messenger_trusted_domain" "x" { domain = "http://a.example" }`, `domain.*scheme`},
		{"one domain ip", `resource "intercom_messenger_trusted_domain" "x" { domain = "192.0.2.1" }`, `domain.*IP address`},
		{"ip host bits", `resource "intercom_ip_allowlist" "x" {
  enabled   = true
  ip_ranges = ["10.0.0.1/8"]
}`, `ip_ranges.*network form`},
		{"ip v6", `resource "intercom_ip_allowlist" "x" {
  enabled   = true
  ip_ranges = ["::1"]
}`, `ip_ranges.*IPv6`},
		{"ip name", `resource "intercom_ip_allowlist" "x" {
  enabled   = true
  ip_ranges = ["office"]
}`, `ip_ranges.*not an IPv4`},
		{"ip duplicate", `resource "intercom_ip_allowlist" "x" {
  enabled   = true
  ip_ranges = ["10.0.0.1", "10.0.0.1/32"]
}`, `ip_ranges.*same IP range`},
		{"ip enabled type", `resource "intercom_ip_allowlist" "x" {
  enabled   = "sometimes"
  ip_ranges = []
}`, `enabled`},
		{"2fa missing", `resource "intercom_two_factor_authentication" "x" {}`, `required`},
		{"2fa type", `resource "intercom_two_factor_authentication" "x" { required = "yes please" }`, `required`},
		{"platform unknown", `resource "intercom_identity_verification" "x" { windows = true }`, `windows`},
		{"secret no platform", `resource "intercom_identity_verification_secret" "x" { name = "n" }`, `at least one platform.*supports_web`},
		{"secret blank name", `resource "intercom_identity_verification_secret" "x" {
  name         = "  "
  supports_web = true
}`, `name must not be empty`},
		{"secret long name", `resource "intercom_identity_verification_secret" "x" {
  name         = "` + strings.Repeat("n", 300) + `"
  supports_web = true
}`, `name.*length`},
		{"test workspace blank name", `resource "intercom_test_workspace" "x" { name = "" }`, `name`},
		{"activity logs time", `data "intercom_activity_logs" "x" { created_after = "yesterday" }`, `(?s)Invalid RFC3339 String Value.*created_after.*yesterday`},
		{"activity logs window", `data "intercom_activity_logs" "x" {
  created_after  = "2026-11-02T00:00:00Z"
  created_before = "2026-11-01T00:00:00Z"
}`, `created_before must be later`},
		{"activity logs type", `data "intercom_activity_logs" "x" {
  created_after  = "2026-11-01T00:00:00Z"
  activity_types = ["Security Settings"]
}`, `activity_types.*must be one of.*security_settings_change`},
		{"jwt claims", `output "x" { value = provider::intercom::messenger_jwt("k", { name = "no user id", exp = 1 }) }`, `user_id`},
		{"user hash empty", `output "x" { value = provider::intercom::user_hash("", "u") }`, `secret must not be empty`},
	}
	providerCases := []struct{ name, config, want string }{
		{"region", `provider "intercom" {
  access_token = "x"
  region       = "moon"
}`, `region.*must be one of`},
		{"base url", `provider "intercom" {
  access_token = "x"
  base_url     = "ftp://api.intercom.io"
}`, `base_url.*not an absolute http\(s\) URL`},
		{"timeout", `provider "intercom" {
  access_token = "x"
  request_timeout = "soon"
}`, `request_timeout.*positive duration`},
		{"retries", `provider "intercom" {
  access_token = "x"
  max_retries  = 99
}`, `max_retries.*between 0 and 20`},
		{"token empty", `provider "intercom" {
  access_token = ""
}`, `access_token.*length`},
		{"bad token", acctest.ProviderBlockFor(srv, "wrong-token"), `Intercom rejected the access token.*access_token`},
		{"wrong workspace", acctest.ProviderBlock(srv, `workspace_id = "zzz99999"`), `another workspace.*workspace_id`},
	}
	var steps []resource.TestStep
	for _, c := range cases {
		steps = append(steps, resource.TestStep{Config: p + c.config, PlanOnly: true, ExpectError: wrapped(c.want)})
	}
	for _, c := range providerCases {
		steps = append(steps, resource.TestStep{
			Config: c.config + "\n" + `resource "intercom_two_factor_authentication" "x" { required = true }`, PlanOnly: true,
			ExpectError: wrapped(c.want),
		})
	}
	if len(steps) < 30 {
		t.Fatalf("only %d invalid configurations", len(steps))
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if w := acctest.Writes(srv); len(w) > 0 {
		t.Errorf("an invalid configuration reached Intercom with writes: %v", w)
	}
}

// wrapped matches a pattern in CLI output, where any space may have become a line break.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(pattern, " ", `\s+`))
}
