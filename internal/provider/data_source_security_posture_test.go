package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/posture"
)

const posturePath = "data.intercom_security_posture.this"

func checkStatus(step, status, source string) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		resource.TestCheckResourceAttr(posturePath, "checks."+step+".status", status),
		resource.TestCheckResourceAttr(posturePath, "checks."+step+".source", source),
	)
}

// Against hosts that serve only what Intercom publishes (Intercom's today): what is
// published is graded, the modelled steps are unknown, and nothing fails.
func TestAccSecurityPosture_publishedOnly(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
	// Someone required 2FA in Intercom's web app: the log is the only evidence of it here.
	required := true
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TwoFactorRequired: &required}); err != nil {
		t.Fatal(err)
	}
	config := acctest.ProviderBlock(srv) + `
resource "intercom_ip_allowlist" "this" {
  enabled   = true
  ip_ranges = ["203.0.113.0/24"]
}
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
data "intercom_security_posture" "this" {
  depends_on = [intercom_ip_allowlist.this, intercom_identity_verification_secret.web]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(posturePath, "checks.%", "7"),
				// The activity log is evidence of a change, never a pass.
				resource.TestMatchResourceAttr(posturePath, "checks.two_factor_authentication.evidence", regexp.MustCompile(
					`^The newest activity-log entry naming two-factor authentication: at \d{4}-\d\d-\d\dT[0-9:]+Z, \S+ \(security_settings_change, entry \S+\): "Changed two-factor authentication requirement.*"\. It shows a change, not the value now, so it is evidence, not a pass\.$`)),
				resource.TestCheckResourceAttr(posturePath, "checks.trusted_domains.evidence",
					"No activity-log entry names the Messenger's trusted domains within the year Intercom keeps its log, so it cannot be checked here."),
				resource.TestCheckResourceAttr(posturePath, "checks.ip_allowlist.evidence", ""),
				checkStatus("access_token", "pass", "published"),
				resource.TestMatchResourceAttr(posturePath, "checks.access_token.detail", regexp.MustCompile(`whether it may delete or update contacts cannot be read`)),
				// None named: not applicable, with the custom attributes the Messenger can write counted.
				checkStatus("protected_attributes", "not_applicable", "published"),
				resource.TestCheckResourceAttr(posturePath, "not_applicable.#", "1"),
				resource.TestCheckResourceAttr(posturePath, "not_applicable.0", "protected_attributes"),
				resource.TestMatchResourceAttr(posturePath, "checks.protected_attributes.detail",
					regexp.MustCompile(`5 custom attribute\(s\) can be written from the Messenger: account_tier, company/contract_tier, company/monthly_spend, is_admin, plan\.`)),
				checkStatus("two_factor_authentication", "unknown", "modelled"),
				checkStatus("trusted_domains", "unknown", "modelled"),
				checkStatus("identity_verification", "fail", "published"),
				checkStatus("ip_allowlist", "pass", "published"),
				checkStatus("identity_verification_secrets", "pass", "published"),
				resource.TestCheckResourceAttr(posturePath, "passed", "false"),
				resource.TestCheckResourceAttr(posturePath, "failed.#", "1"),
				resource.TestCheckResourceAttr(posturePath, "failed.0", "identity_verification"),
				resource.TestCheckResourceAttr(posturePath, "unknown.#", "2"),
				resource.TestCheckResourceAttr(posturePath, "unknown.0", "trusted_domains"),
				resource.TestCheckResourceAttr(posturePath, "unknown.1", "two_factor_authentication"),
				resource.TestCheckResourceAttr(posturePath, "max_secret_age_days", "365"),
				resource.TestMatchResourceAttr(posturePath, "checks.two_factor_authentication.detail", regexp.MustCompile(`not published an API for two-factor`)),
				resource.TestCheckResourceAttr(posturePath, "checks.ip_allowlist.badge",
					`{"schemaVersion":1,"label":"IP allowlist","message":"verified","color":"success","namedLogo":"intercom"}`),
				resource.TestCheckResourceAttr(posturePath, "checks.two_factor_authentication.badge",
					`{"schemaVersion":1,"label":"2FA","message":"unknown","color":"lightgrey","namedLogo":"intercom"}`),
			),
		}},
	})
}

// Where every endpoint is served, the whole checklist passes once it is applied, and a
// hand change turns its step to fail.
func TestAccSecurityPosture_wholeChecklist(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
	config := acctest.ProviderBlock(srv) + `
resource "intercom_two_factor_authentication" "this" { required = true }
` + checklistWithout2FA
	// Without the 2FA resource, nothing restores a hand change: the posture must see it.
	// Nor does anything protect monthly_spend again once the company resource names another attribute.
	configAfter := acctest.ProviderBlock(srv) + strings.NewReplacer(
		"intercom_two_factor_authentication.this, ", "",
		`names = ["monthly_spend"]`, `names = ["contract_tier"]`,
	).Replace(checklistWithout2FA)
	off := false
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStatus("two_factor_authentication", "pass", "modelled"),
					checkStatus("trusted_domains", "pass", "modelled"),
					checkStatus("identity_verification", "pass", "published+modelled"),
					checkStatus("ip_allowlist", "pass", "published"),
					checkStatus("identity_verification_secrets", "pass", "published+modelled"),
					checkStatus("protected_attributes", "pass", "published"),
					resource.TestMatchResourceAttr(posturePath, "checks.identity_verification.detail", regexp.MustCompile(`enforced on web`)),
					resource.TestCheckResourceAttr(posturePath, "passed", "true"),
				),
			},
			{
				PreConfig: func() {
					if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TwoFactorRequired: &off,
						MessengerWritable: map[string]bool{"company/monthly_spend": true}}); err != nil {
						t.Fatal(err)
					}
				},
				Config: configAfter,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStatus("two_factor_authentication", "fail", "modelled"),
					resource.TestMatchResourceAttr(posturePath, "checks.two_factor_authentication.detail", regexp.MustCompile(`not required`)),
					// A protected attribute made writable by hand, with nothing to restore it, fails.
					checkStatus("protected_attributes", "fail", "published"),
					resource.TestMatchResourceAttr(posturePath, "checks.protected_attributes.detail", regexp.MustCompile(`can still write company/monthly_spend`)),
					resource.TestCheckResourceAttr(posturePath, "passed", "false"),
				),
			},
		},
	})
}

const checklistWithout2FA = `
resource "intercom_messenger_trusted_domains" "this" { domains = ["salestim.com"] }
resource "intercom_ip_allowlist" "this" {
  enabled   = true
  ip_ranges = ["203.0.113.0/24"]
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
resource "intercom_protected_attributes" "contact" { names = ["plan"] }
resource "intercom_protected_attributes" "company" {
  model = "company"
  names = ["monthly_spend"]
}
data "intercom_security_posture" "this" {
  max_secret_age_days  = 30
  protected_attributes = ["plan", "company/monthly_spend"]
  depends_on = [intercom_two_factor_authentication.this, intercom_messenger_trusted_domains.this,
    intercom_ip_allowlist.this, intercom_identity_verification.this, intercom_protected_attributes.contact,
  intercom_protected_attributes.company]
}
`

// A check block over the posture: its failed assertion is a warning with the check's
// detail, and the run still succeeds. Only the CLI's output shows it.
func TestAccSecurityPosture_checkBlockWarns(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
check "intercom_checklist" {
  data "intercom_security_posture" "this" {}

  assert {
    condition     = data.intercom_security_posture.this.checks["identity_verification_secrets"].status == "pass"
    error_message = data.intercom_security_posture.this.checks["identity_verification_secrets"].detail
  }
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	res := wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	out := strings.Join(strings.Fields(res.Output()), " ")
	for _, want := range []string{"Warning: Check block assertion failed", "no identity verification secret"} {
		if !strings.Contains(out, want) {
			t.Errorf("apply output lacks %q:\n%s", want, res.Output())
		}
	}
	if strings.Contains(out, "Error:") {
		t.Errorf("a failed posture check made an error:\n%s", res.Output())
	}
}

// A token refused one read (401 token_unauthorized or 403) makes that check unknown,
// naming the refusal; the data source still grades the rest.
func TestAccSecurityPosture_refusedReadIsUnknown(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				srv.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/secure_mode_secrets", Status: http.StatusForbidden})
				srv.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/data_attributes", Status: http.StatusForbidden})
			},
			Config: acctest.ProviderBlock(srv) + `
data "intercom_security_posture" "this" {}
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkStatus("identity_verification_secrets", "unknown", "published"),
				resource.TestMatchResourceAttr(posturePath, "checks.identity_verification_secrets.detail", regexp.MustCompile(`refused them \(HTTP 403`)),
				checkStatus("protected_attributes", "unknown", "published"),
				resource.TestMatchResourceAttr(posturePath, "checks.protected_attributes.detail", regexp.MustCompile(`HTTP 403`)),
				checkStatus("ip_allowlist", "fail", "published"),
				resource.TestCheckResourceAttr(posturePath, "failed.#", "2"),
				resource.TestCheckResourceAttr(posturePath, "checks.ip_allowlist.badge",
					`{"schemaVersion":1,"label":"IP allowlist","message":"failing","color":"critical","namedLogo":"intercom"}`),
			),
		}},
	})
}

// The continuous-checks guide publishes badges from a refresh-only plan: after a hand
// change, it shows the workspace as it is now, where `terraform output` still shows the
// last apply.
func TestAccSecurityPosture_badgesFromARefreshedPlan(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	wd := newWorkdir(t, exampleFiles(t, filepath.Join("..", "..", "examples", "data-sources", "intercom_security_posture")))
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	on := true
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
		IPAllowlistEnabled: &on, IPAllowlistRanges: &[]string{"203.0.113.0/24"},
	}); err != nil {
		t.Fatal(err)
	}
	badge := func(raw string, path ...string) string {
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatalf("%v:\n%s", err, raw)
		}
		for _, p := range path {
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("no %v in %s", path, raw)
			}
			v = m[p]
		}
		s, _ := v.(string)
		return s
	}
	stale := badge(wd.MustRun([]string{"output", "-json", "intercom_badges"}).Stdout, "ip_allowlist")
	wd.MustRun([]string{"plan", "-refresh-only", "-input=false", "-lock=false", "-out=refreshed.tfplan"}, 0, 2)
	shown := wd.MustRun([]string{"show", "-json", "refreshed.tfplan"}).Stdout
	fresh := badge(shown, "planned_values", "outputs", "intercom_badges", "value", "ip_allowlist")
	// The example accepts the disabled allowlist as an exception: "excepted" until fixed.
	if !strings.Contains(stale, `"excepted"`) || !strings.Contains(fresh, `"verified"`) {
		t.Fatalf("after enabling the allowlist by hand: terraform output says %s, the refreshed plan %s; want excepted then verified", stale, fresh)
	}
	report := wd.MustRun([]string{"output", "-raw", "intercom_posture_report"}).Stdout
	if !strings.Contains(report, `"key":"ip_allowlist","status":"excepted"`) || !strings.Contains(report, `"justification":"Teammates sign in through SSO`) {
		t.Errorf("the example's report: %s", report)
	}
}

// An auditor's view: an accepted exception turns a fail into excepted (and passed may hold),
// an expired one fails again, and report_json holds every check with its controls, the
// current and recommended values, in one document.
func TestAccSecurityPosture_exceptionsAndReport(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: acctest.ProviderBlock(srv) + `
data "intercom_security_posture" "this" {
  exceptions = {
    ip_allowlist = {
      justification = "Teammates work from home; SSO enforces MFA (ticket SEC-42)"
      expires       = "2999-01-01"
    }
    identity_verification = {
      justification = "Expired acceptance"
      expires       = "2020-01-01T00:00:00Z"
    }
  }
}
`,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStatus("ip_allowlist", "excepted", "published"),
					resource.TestMatchResourceAttr(posturePath, "checks.ip_allowlist.detail", regexp.MustCompile(`Accepted as an exception until 2999-01-01: Teammates work from home`)),
					resource.TestCheckResourceAttr(posturePath, "checks.ip_allowlist.current", "disabled"),
					resource.TestCheckResourceAttr(posturePath, "checks.ip_allowlist.recommended", "enabled, with only your own ranges"),
					resource.TestCheckResourceAttr(posturePath, "checks.ip_allowlist.controls.#", "5"),
					resource.TestCheckResourceAttr(posturePath, "checks.two_factor_authentication.controls.0", "CIS:6.3"),
					checkStatus("identity_verification", "fail", "published"),
					resource.TestMatchResourceAttr(posturePath, "checks.identity_verification.detail", regexp.MustCompile(`expired on 2020-01-01: it fails again`)),
					resource.TestCheckResourceAttr(posturePath, "excepted.#", "1"),
					resource.TestCheckResourceAttr(posturePath, "excepted.0", "ip_allowlist"),
					resource.TestCheckResourceAttrWith(posturePath, "report_json", func(v string) error {
						var r posture.Report
						if err := json.Unmarshal([]byte(v), &r); err != nil {
							return err
						}
						if r.Workspace != emulator.DefaultWorkspace.IDCode || len(r.Checks) != 7 || r.Passed {
							return fmt.Errorf("report %+v", r)
						}
						for _, c := range r.Checks {
							if c.Key == "ip_allowlist" && (c.Status != "excepted" || c.Exception == nil || c.Exception.Expired) {
								return fmt.Errorf("ip_allowlist in the report: %+v", c)
							}
						}
						return nil
					}),
				),
			},
			{
				Config: acctest.ProviderBlock(srv) + `
data "intercom_security_posture" "this" {
  exceptions = {
    two_factors = { justification = "typo", expires = "2999-01-01" }
  }
}
`,
				ExpectError: regexp.MustCompile(`(?s)exceptions\["two_factors"\] value must be one of`),
			},
			{
				Config: acctest.ProviderBlock(srv) + `
data "intercom_security_posture" "this" {
  exceptions = {
    ip_allowlist = { justification = "x", expires = "next year" }
  }
}
`,
				ExpectError: regexp.MustCompile(`(?s)Invalid exception expiry.*2027-03-31`),
			},
			// A valid configuration last: the harness destroys with it.
			{Config: acctest.ProviderBlock(srv) + `data "intercom_security_posture" "this" {}`},
		},
	})
}

// The token check fails when the teammate the token acts as has left, or when it may not
// read what a data-subject request reads: before any request is run.
func TestAccSecurityPosture_accessTokenHealth(t *testing.T) {
	t.Parallel()
	gone := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	if err := gone.RemoveTokenTeammate(emulator.DefaultWorkspace.IDCode); err != nil {
		t.Fatal(err)
	}
	ws := emulator.DefaultWorkspace
	ws.Scopes = []string{"read_admins", "read_users", "read_data_attributes", "manage_ip_allowlist", "read_identity_verification_secrets"}
	unscoped := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true, Workspaces: []emulator.WorkspaceConfig{ws}})
	for _, tc := range []struct {
		srv    *emulator.Server
		detail string
	}{
		{gone, `teammate \d+, who is no longer among the workspace's teammates`},
		{unscoped, `may not read conversations \(HTTP 401 token_unauthorized\)`},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: protoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: acctest.ProviderBlock(tc.srv) + `data "intercom_security_posture" "this" {}`,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkStatus("access_token", "fail", "published"),
					resource.TestMatchResourceAttr(posturePath, "checks.access_token.detail", regexp.MustCompile(tc.detail)),
				),
			}},
		})
	}
}
