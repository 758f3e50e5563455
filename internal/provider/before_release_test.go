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

// readmeSnippet returns the README's dev_overrides block, as a newcomer copies it.
func readmeSnippet(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```hcl\n# dev.tfrc\n(provider_installation \\{.*?\n\\}\n)```").FindSubmatch(raw)
	if m == nil {
		t.Fatal("README.md has no ```hcl block starting with # dev.tfrc and a provider_installation block")
	}
	return string(m[1])
}

// A newcomer runs the provider before it is on a registry: the README's "Before the
// release" snippet, with only the path replaced, makes plan and apply work without init,
// under Terraform and OpenTofu alike.
func TestAccBeforeTheReleaseSnippet(t *testing.T) {
	t.Parallel()
	snippet := readmeSnippet(t)
	const placeholder = "/path/to/terraform-provider-intercom/.bin"
	if !strings.Contains(snippet, placeholder) {
		t.Fatalf("the README's snippet does not hold the path a reader replaces (%s):\n%s", placeholder, snippet)
	}
	srv := acctest.StartEmulator(t)
	config := `terraform {
  required_providers {
    intercom = { source = "salestim/intercom" }
  }
}
provider "intercom" {
  base_url = "` + srv.URL() + `"
}
resource "intercom_ip_allowlist" "this" {
  enabled   = true
  ip_ranges = ["127.0.0.1"]
}
`
	wd := acctest.NewBareWorkdir(t, map[string]string{"main.tf": config},
		strings.Replace(snippet, placeholder, acctest.ProviderBinaryDir(t), 1))
	wd.Env = append(wd.Env, EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	plan := wd.MustRun([]string{"plan", "-input=false"})
	if !strings.Contains(plan.Output(), "intercom_ip_allowlist.this will be created") {
		t.Fatalf("plan without init did not plan the resource:\n%s", plan.Output())
	}
	if !strings.Contains(strings.ToLower(plan.Output()), "override") {
		t.Errorf("plan did not warn that a development override is in effect:\n%s", plan.Output())
	}
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	ws, err := acctest.CheckedWorkspace(srv)
	if err != nil {
		t.Fatal(err)
	}
	if !ws.IPAllowlist.Enabled {
		t.Error("apply through the override did not enable the allowlist")
	}
}
