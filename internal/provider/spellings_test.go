package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// Spellings are no change: Intercom answers in its own spelling and the state keeps the
// configuration's (semantic equality, also as set elements), and editing only the
// spelling sends nothing to Intercom and writes no activity-log entry.
func TestAccSpellingsAreNoChange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		resourceType, before, after, attr, kept string
	}{
		{"intercom_messenger_trusted_domains", `domains = ["Example.COM", "docs.example.com."]`,
			`domains = ["example.com", "Docs.Example.com"]`, "domains.*", "Example.COM"},
		{"intercom_ip_allowlist", "enabled = true\n  ip_ranges = [\"203.0.113.0/24\", \"198.51.100.9\"]",
			"enabled = true\n  ip_ranges = [\"203.0.113.0/24\", \"198.51.100.9/32\"]", "ip_ranges.*", "198.51.100.9"},
	} {
		t.Run(tc.resourceType, func(t *testing.T) {
			srv := acctest.StartEmulator(t)
			srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
			config := func(body string) string {
				return acctest.ProviderBlock(srv) + fmt.Sprintf("resource %q \"this\" {\n  %s\n}\n", tc.resourceType, body)
			}
			addr := tc.resourceType + ".this"
			var logsBefore int
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					// Refreshed against Intercom's spellings, the state keeps the configuration's: plan empty.
					{Config: config(tc.before), Check: resource.TestCheckTypeSetElemAttr(addr, tc.attr, tc.kept)},
					{
						PreConfig: func() {
							logsBefore = len(acctest.Workspace(t, srv).ActivityLogs)
							srv.ResetStats()
						},
						Config: config(tc.after),
						Check: func(*terraform.State) error {
							if w := acctest.Writes(srv); len(w) > 0 {
								return fmt.Errorf("a spelling-only edit sent %v to Intercom", w)
							}
							if n := len(acctest.Workspace(t, srv).ActivityLogs) - logsBefore; n != 0 {
								return fmt.Errorf("a spelling-only edit wrote %d activity-log entries", n)
							}
							return nil
						},
					},
				},
			})
		})
	}
}

// A spelling-only edit, as the CLI shows it: the plan has an update (Terraform requires
// planned values to equal the configuration) with a warning that says it changes only the
// spelling and sends nothing; apply sends nothing; the next plan exits 0; and the drift
// summary does not call it drift.
func TestAccSpellingOnlyEditSaysSo(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
	files := map[string]string{"main.tf": requiredProviders + `
resource "intercom_ip_allowlist" "this" {
  enabled   = true
  ip_ranges = ["203.0.113.0/24", "198.51.100.9"]
}
resource "intercom_messenger_trusted_domain" "docs" { domain = "docs.example.com" }
`}
	wd := newWorkdir(t, files)
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	respelled := strings.NewReplacer(`"198.51.100.9"`, `"198.51.100.9/32"`, `"docs.example.com"`, `"Docs.Example.com."`).Replace(files["main.tf"])
	if err := os.WriteFile(filepath.Join(wd.Dir, "main.tf"), []byte(respelled), 0o600); err != nil {
		t.Fatal(err)
	}
	res := wd.MustRun([]string{"plan", "-input=false", "-no-color", "-detailed-exitcode"}, 2)
	if strings.Contains(res.Output(), "must be replaced") {
		t.Errorf("a spelling-only edit plans a replace:\n%s", res.Output())
	}
	// The human output folds warnings with one summary; the JSON stream has each.
	jsonl := wd.MustRun([]string{"plan", "-input=false", "-json", "-detailed-exitcode"}, 2)
	var details []string
	for _, line := range strings.Split(jsonl.Stdout, "\n") {
		var msg struct {
			Diagnostic struct{ Severity, Summary, Detail string } `json:"diagnostic"`
		}
		if json.Unmarshal([]byte(line), &msg) == nil && msg.Diagnostic.Summary == "Only the spelling changes" {
			details = append(details, msg.Diagnostic.Detail)
		}
	}
	all := strings.Join(details, "\n")
	for _, want := range []string{
		`ip_ranges: "198.51.100.9/32" name the same IP ranges`,
		`domain: "Docs.Example.com." names the same domain as the state's "docs.example.com"`,
		"sends nothing to Intercom",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the plan's spelling warnings do not say %q:\n%s", want, all)
		}
	}
	if err := os.WriteFile(filepath.Join(wd.Dir, "plan.jsonl"), []byte(jsonl.Stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	script, _ := filepath.Abs(filepath.Join("..", "..", "examples", "drift-detection", "summarize-plan.sh"))
	summary, _ := exec.Command("bash", script, filepath.Join(wd.Dir, "plan.jsonl"), "2").Output()
	if strings.Contains(string(summary), "Drift found") {
		t.Errorf("the drift summary calls a spelling-only edit drift:\n%s", summary)
	}

	srv.ResetStats()
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	if w := acctest.Writes(srv); len(w) > 0 {
		t.Errorf("applying a spelling-only edit sent %v to Intercom", w)
	}
	wd.MustRun([]string{"plan", "-input=false", "-detailed-exitcode"}, 0)
}
