package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// The examples are what users copy and what the docs show: each is applied against the
// emulator through the CLI under test, must plan empty right after, and destroys cleanly.

const requiredProviders = `terraform {
  required_providers {
    intercom = {
      source = "salestim/intercom"
    }
  }
}
`

// exampleDirs lists the example folders holding a .tf file, relative to the repo root.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	root := filepath.Join("..", "..", "examples")
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".tf" {
			return err
		}
		dir := filepath.Dir(path)
		if len(dirs) == 0 || dirs[len(dirs)-1] != dir {
			dirs = append(dirs, dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 10 {
		t.Fatalf("found only %d example folders under %s", len(dirs), root)
	}
	return dirs
}

// exampleFiles reads a folder's .tf files, adding the provider requirement where the
// example leaves it out (the docs show resources without boilerplate).
func exampleFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	hasTerraformBlock := false
	for _, e := range entries {
		// .tf files, and the JSON files an example reads (a request's subjects).
		if filepath.Ext(e.Name()) != ".tf" && filepath.Ext(e.Name()) != ".json" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
		hasTerraformBlock = hasTerraformBlock || (filepath.Ext(e.Name()) == ".tf" && strings.Contains(string(b), "required_providers"))
	}
	if !hasTerraformBlock {
		files["zz_required_providers.tf"] = requiredProviders
	}
	return files
}

func TestAccExamples(t *testing.T) {
	t.Parallel()
	for _, dir := range exampleDirs(t) {
		name := strings.TrimPrefix(filepath.ToSlash(dir), "../../examples/")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := acctest.StartEmulator(t)
			// The allowlist example lets 203.0.113.0/24 in: call from there.
			srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
			// The actions read and write files relative to the working directory, which a
			// provider served from this process does not share: they run the installed binary.
			var wd *acctest.Workdir
			if strings.HasPrefix(name, "actions/") || name == "gdpr-request-ledger" {
				wd = acctest.NewWorkdir(t, exampleFiles(t, dir))
			} else {
				wd = newWorkdir(t, exampleFiles(t, dir))
			}
			wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
			if strings.HasPrefix(name, "actions/") {
				acctest.SkipUnlessTerraform(t, "1.14.0", "actions")
			}
			if name == "gdpr-request-ledger" {
				acctest.SkipUnlessTerraform(t, "1.16.0", "an action trigger's on_failure")
			}
			if name == "multiple-workspaces" {
				t.Skip("three workspaces and ephemeral tokens: TestAccMultipleWorkspacesTokensStayOutOfThePlan runs it")
			}
			if name == "provider" {
				// The provider example guards a workspace and region of its own: validate only.
				wd.MustRun([]string{"validate"})
				return
			}
			wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
			requireEmptyPlan(t, wd)
			wd.MustRun([]string{"destroy", "-auto-approve", "-input=false"})
		})
	}
}

// requireEmptyPlan fails unless a plan right after apply changes nothing and exits 0, as
// `plan -detailed-exitcode` in a drift-detection job needs: the examples read the posture
// at the top level, not inside check blocks (which would plan a read every time).
func requireEmptyPlan(t *testing.T, wd *acctest.Workdir) {
	t.Helper()
	if res := wd.Run("plan", "-detailed-exitcode", "-input=false", "-no-color"); res.ExitCode != 0 {
		t.Fatalf("plan after apply exited %d, want 0 (nothing to do):\n%s", res.ExitCode, res.Output())
	}
}

// Every example is formatted as `terraform fmt` would.
func TestAccExamplesFormatted(t *testing.T) {
	t.Parallel()
	wd := newWorkdir(t, nil)
	root, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	if res := wd.Run("fmt", "-check", "-recursive", "-diff", root); res.ExitCode != 0 {
		t.Fatalf("examples are not formatted:\n%s", res.Output())
	}
}

// The security baseline applies the seed's whole checklist in one configuration.
func TestAccSecurityBaseline(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, exampleFiles(t, filepath.Join("..", "..", "examples", "security-baseline")))
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	res := wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	if strings.Contains(res.Output(), "Check block assertion failed") {
		t.Errorf("the baseline's own checks fail right after it is applied:\n%s", res.Output())
	}
	if plan := wd.MustRun([]string{"plan", "-input=false", "-no-color"}, 0, 2); strings.Contains(plan.Output(), "Check block assertion failed") {
		t.Errorf("the baseline's own checks fail on the plan after apply:\n%s", plan.Output())
	}
	ws := acctest.Workspace(t, srv)
	if !ws.TwoFactorRequired || len(ws.TrustedDomains) != 2 || !ws.IdentityVerification.Web ||
		len(ws.Secrets) != 1 || len(ws.TestWorkspaces) != 1 {
		t.Fatalf("the baseline left the workspace as %+v", ws)
	}
	requireEmptyPlan(t, wd)
}

// What a real workspace's token applies today, against hosts that serve only what
// Intercom publishes: it applies, plans empty, and its posture checks run.
func TestAccSecurityBaselineToday(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
	wd := newWorkdir(t, exampleFiles(t, filepath.Join("..", "..", "examples", "security-baseline-today")))
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	res := wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	if strings.Contains(res.Output(), "Check block assertion failed") {
		t.Errorf("the baseline's own checks fail right after it is applied:\n%s", res.Output())
	}
	ws := acctest.Workspace(t, srv)
	if !ws.IPAllowlist.Enabled || len(ws.Secrets) != 1 {
		t.Fatalf("the baseline left the workspace as %+v", ws)
	}
	if err := emulatorWritable(srv, map[string]bool{"contact/plan": false, "contact/account_tier": false})(nil); err != nil {
		t.Fatalf("the baseline did not protect its attributes: %v", err)
	}
	requireEmptyPlan(t, wd)
	wd.MustRun([]string{"destroy", "-auto-approve", "-input=false"})
}

// A drift found at refresh is attributed, in a warning, to whoever made it, from the
// activity log: one extra call, and only when something changed.
func TestAccDriftAttribution(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_two_factor_authentication" "this" { required = true }
resource "intercom_messenger_trusted_domains" "this" { domains = ["salestim.com"] }
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})

	srv.ResetStats()
	wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false"})
	if n := srv.Stats().Endpoints["POST /admins/activity_logs/search"]; n != 0 {
		t.Fatalf("a plan without drift read the activity log %d times", n)
	}

	off := false
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
		TwoFactorRequired: &off, TeammateEmail: "mallory@salestim.com",
	}); err != nil {
		t.Fatal(err)
	}
	srv.ResetStats()
	res := wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false"}, 2)
	out := strings.Join(strings.Fields(res.Output()), " ")
	for _, want := range []string{
		"Warning: Two-factor authentication changed outside Terraform",
		"mallory@salestim.com", "security_settings_change", "~ required = false -> true",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, res.Output())
		}
	}
	if strings.Contains(out, "trusted domains changed outside Terraform") {
		t.Errorf("an unchanged setting was reported as drift:\n%s", res.Output())
	}
	if n := srv.Stats().Endpoints["POST /admins/activity_logs/search"]; n != 1 {
		t.Fatalf("attributing one drift read the activity log %d times, want 1", n)
	}

	// Destroy never weakens security silently: the settings stay, and the CLI says so.
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	destroy := strings.Join(strings.Fields(wd.MustRun([]string{"destroy", "-auto-approve", "-input=false"}).Output()), " ")
	if strings.Count(destroy, "Warning: Setting left as it is in Intercom") != 2 {
		t.Errorf("destroy did not warn for both settings:\n%s", destroy)
	}
	ws := acctest.Workspace(t, srv)
	if !ws.TwoFactorRequired || len(ws.TrustedDomains) != 1 {
		t.Fatalf("destroy changed the workspace: %+v", ws)
	}
}

// The warning names the newest matching change since Terraform last saw the setting,
// whoever made it: here a script with the same token turned 2FA off after a teammate
// had turned it off and on again by hand. Preferring "someone else" would blame the
// teammate for the script's change.
func TestAccDriftAttribution_newestWhoeverMadeIt(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_two_factor_authentication" "this" { required = true }
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	time.Sleep(1100 * time.Millisecond) // the hand changes come in later seconds than the sync

	off, on := false, true
	for _, change := range []*bool{&off, &on} {
		if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
			TwoFactorRequired: change, TeammateEmail: "mallory@salestim.com",
		}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(1100 * time.Millisecond)
	script, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := script.UpdateTwoFactor(context.Background(), intercom.TwoFactorSettings{Required: false}); err != nil {
		t.Fatal(err)
	}
	res := wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}, 2)
	out := strings.Join(strings.Fields(res.Output()), " ")
	if !strings.Contains(out, "says "+emulator.DefaultWorkspace.AdminEmail) || strings.Contains(out, "mallory") {
		t.Errorf("the warning does not name the newest change (by %s, the same token):\n%s",
			emulator.DefaultWorkspace.AdminEmail, res.Output())
	}
}

// Objects deleted by hand (a secret, the test workspace) are attributed too: the warning
// that they left the state names who deleted them.
func TestAccDriftAttribution_deletedByHand(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
resource "intercom_test_workspace" "staging" { name = "SalesTim [TEST]" }
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	ws := acctest.Workspace(t, srv)
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
		DeleteSecretID: ws.Secrets[0].ID, TeammateEmail: "mallory@salestim.com",
	}); err != nil {
		t.Fatal(err)
	}
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
		DeleteTestWorkspace: ws.TestWorkspaces[0].IDCode, TeammateEmail: "eve@salestim.com",
	}); err != nil {
		t.Fatal(err)
	}
	out := strings.Join(strings.Fields(wd.MustRun([]string{"plan", "-input=false", "-no-color"}, 0, 2).Output()), " ")
	for _, want := range []string{
		"Identity verification secret deleted outside Terraform", "says mallory@salestim.com", "deleted secret", "messenger_api_secret_deletion",
		"Test workspace deleted outside Terraform", "says eve@salestim.com", "deleted test workspace", "app_data_deletion",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
}

// The documented rotation, phase by phase: adding a generation deletes nothing (the old
// key keeps verifying while the new one rolls out), dropping the old one deletes only
// it, and no phase warns about a secret nobody holds.
func TestAccSecretRotationExample(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, exampleFiles(t, filepath.Join("..", "..", "examples", "secret-rotation")))
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	apply := func(generations string) string {
		t.Helper()
		res := wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color", "-var", "key_generations=" + generations})
		if strings.Contains(res.Output(), "nobody") || strings.Contains(res.Output(), "Recent secret with the same name") {
			t.Errorf("a false alarm during the rotation:\n%s", res.Output())
		}
		return strings.TrimSpace(wd.MustRun([]string{"output", "-raw", "signing_secret_id"}).Stdout)
	}
	old := apply(`["2026-11"]`)
	newer := apply(`["2026-11","2027-05"]`)
	live := emulatorSecrets(srv)
	if newer == old || len(live) != 2 {
		t.Fatalf("phase 1 (add): signing with %s (was %s), live %+v; want both live", newer, old, live)
	}
	if got := apply(`["2027-05"]`); got != newer {
		t.Fatalf("phase 3 (drop) signs with %s, want %s", got, newer)
	}
	if live := emulatorSecrets(srv); len(live) != 1 || live[0].ID != newer {
		t.Fatalf("phase 3 (drop) left %+v; want only %s", live, newer)
	}
	wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color", "-var", `key_generations=["2027-05"]`})
}
