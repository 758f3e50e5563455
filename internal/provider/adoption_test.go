package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// Adopting a live workspace, as the guide "Adopting an existing workspace" tells it:
// terraform query writes resource and import blocks, which apply as imports and change
// nothing; and a config-less import block by identity generates its configuration.
func TestAccAdoptWithTerraformQuery(t *testing.T) {
	t.Parallel()
	acctest.SkipUnlessTerraform(t, "1.14.0", "terraform query")
	srv := acctest.StartEmulator(t)
	ws := emulator.DefaultWorkspace.IDCode
	if err := srv.ChangeByHand(ws, emulator.HandChange{TrustedDomains: &[]string{"salestim.com", "docs.salestim.com"}}); err != nil {
		t.Fatal(err)
	}
	seed := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
`})
	seed.Env = append(seed.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	seed.MustRun([]string{"apply", "-auto-approve", "-input=false"})

	wd := newWorkdir(t, map[string]string{
		"main.tf": requiredProviders + "provider \"intercom\" {}\n",
		"adopt.tfquery.hcl": `
list "intercom_identity_verification_secret" "all" {
  provider = intercom
}
list "intercom_messenger_trusted_domain" "all" {
  provider = intercom
}
`,
	})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"init", "-input=false"})
	wd.MustRun([]string{"query", "-generate-config-out=generated.tf"})
	generated, err := os.ReadFile(filepath.Join(wd.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated:\n%s", generated)
	for _, want := range []string{`intercom_identity_verification_secret`, `"Production web"`, `"docs.salestim.com"`, `"salestim.com"`, "import {"} {
		if !strings.Contains(string(generated), want) {
			t.Errorf("the generated configuration lacks %s", want)
		}
	}
	for _, s := range emulatorSecrets(srv) {
		if strings.Contains(string(generated), s.Secret) {
			t.Fatal("the generated configuration holds a secret's material")
		}
	}
	srv.ResetStats()
	plan := wd.MustRun([]string{"plan", "-input=false", "-detailed-exitcode"}, 0, 2)
	if !regexp.MustCompile(`Plan: 3 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(plan.Output()) {
		t.Fatalf("the generated configuration does not plan three imports and nothing else:\n%s", plan.Output())
	}
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	if w := acctest.Writes(srv); len(w) > 0 {
		t.Errorf("adopting wrote %v to Intercom", w)
	}
	wd.MustRun([]string{"plan", "-input=false", "-detailed-exitcode"}, 0)
}

// Terraform 1.16 generates configuration for a config-less import block only when the
// block names its provider; the guide says to add provider = intercom, generate, then
// remove the line. Both halves, as a user runs them.
func TestAccAdoptWithAnImportBlockByIdentity(t *testing.T) {
	t.Parallel()
	acctest.SkipUnlessTerraform(t, "1.12.0", "import blocks by identity")
	srv := acctest.StartEmulator(t)
	srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
	on := true
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
		IPAllowlistEnabled: &on, IPAllowlistRanges: &[]string{"203.0.113.0/24"},
	}); err != nil {
		t.Fatal(err)
	}
	importBlock := `
import {
  to       = intercom_ip_allowlist.this
  provider = intercom
  identity = { workspace_id = "` + emulator.DefaultWorkspace.IDCode + `" }
}
`
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + "provider \"intercom\" {}\n" + importBlock})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"plan", "-input=false", "-generate-config-out=generated.tf"}, 0, 2)
	generated, err := os.ReadFile(filepath.Join(wd.Dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(generated), `"203.0.113.0/24"`) {
		t.Fatalf("the generated configuration lacks the allowlist's range:\n%s", generated)
	}
	// Then the provider line comes out of the import block.
	without := strings.Replace(importBlock, "  provider = intercom\n", "", 1)
	if err := os.WriteFile(filepath.Join(wd.Dir, "main.tf"), []byte(requiredProviders+"provider \"intercom\" {}\n"+without), 0o600); err != nil {
		t.Fatal(err)
	}
	plan := wd.MustRun([]string{"plan", "-input=false", "-detailed-exitcode"}, 0, 2)
	if !strings.Contains(plan.Output(), "1 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("the generated configuration does not import without a change:\n%s", plan.Output())
	}
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	wd.MustRun([]string{"plan", "-input=false", "-detailed-exitcode"}, 0)
}
