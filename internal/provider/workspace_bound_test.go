package provider

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/framework"
)

// Every resource gets the kit (workspace check, identity, lock) by construction: it is
// wrapped, and implements no optional interface the wrapper would not forward.
func TestEveryResourceIsWorkspaceBound(t *testing.T) {
	t.Parallel()
	for _, factory := range (&intercomProvider{}).Resources(context.Background()) {
		r := factory()
		inner := framework.Inner(r)
		var meta resource.MetadataResponse
		r.Metadata(context.Background(), resource.MetadataRequest{ProviderTypeName: "intercom"}, &meta)
		if inner == any(r) {
			t.Errorf("%s is not wrapped by framework.Wrap", meta.TypeName)
		}
		for name, implements := range map[string]bool{
			"ConfigValidators": is[resource.ResourceWithConfigValidators](inner),
			"UpgradeState":     is[resource.ResourceWithUpgradeState](inner),
			"MoveState":        is[resource.ResourceWithMoveState](inner),
			"IdentitySchema":   is[resource.ResourceWithIdentity](inner),
			"UpgradeIdentity":  is[resource.ResourceWithUpgradeIdentity](inner),
		} {
			if implements {
				t.Errorf("%s implements %s, which framework.Wrap does not forward: forward it there", meta.TypeName, name)
			}
		}
	}
}

func is[T any](v any) bool { _, ok := v.(T); return ok }

var otherWorkspace = emulator.WorkspaceConfig{ //nolint:gosec // the emulator's made-up workspace, not a credential
	IDCode: "zzz99999", Name: "Other", Region: "US", Timezone: "UTC", Token: "dG9rOm90aGVyLXdvcmtzcGFjZQ==",
	AdminID: "991", AdminName: "Olga", AdminEmail: "olga@other.example",
}

// A state written with workspace A's token, then planned with workspace B's (a copied
// pipeline, a swapped secret): every resource refuses before reading B, naming both
// workspaces, and B is not written. Before the kit, Terraform < 1.12 planned writes to
// B with false drift warnings, and 1.16 stopped on "Unexpected Identity Change".
func TestAccStateOfAnotherWorkspaceIsRefused(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t, otherWorkspace)
	resources := `
resource "intercom_ip_allowlist" "this" {
  enabled   = true
  ip_ranges = ["203.0.113.0/24"]
}
resource "intercom_messenger_trusted_domain" "www" { domain = "salestim.com" }
resource "intercom_identity_verification_secret" "web" {
  name         = "web"
  supports_web = true
}
resource "intercom_protected_attributes" "contact" { names = ["plan"] }
`
	srv.SetCallerIP(emulator.DefaultWorkspace.IDCode, "203.0.113.10")
	// The harness plans without a refresh first: ModifyPlan refuses there.
	refused := regexp.MustCompile(`(?s)State of another workspace.*belongs to workspace abc12345; the provider's access\s+token is of\s+workspace zzz99999; nothing was planned`)
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: acctest.ProviderBlock(srv) + resources},
			{
				Config:      acctest.ProviderBlockFor(srv, otherWorkspace.Token) + resources,
				PlanOnly:    true,
				ExpectError: refused,
			},
			{
				// The right token again: nothing was lost, nothing drifted.
				Config:   acctest.ProviderBlock(srv) + resources,
				PlanOnly: true,
			},
		},
	})
	if writes := acctest.Writes(srv); len(writes) == 0 {
		t.Fatal("no write recorded at all: the test did not run")
	}
	other, _ := srv.Workspace(otherWorkspace.IDCode)
	if len(other.TrustedDomains) != 0 || len(other.Secrets) != 0 || other.IPAllowlist.Enabled {
		t.Errorf("workspace zzz99999 was written: %+v", other)
	}
}

// The same through the CLI, as a user meets it: `terraform plan` refreshes first, so
// Read refuses before reading workspace B, on every CLI (Terraform 1.8.5 has no
// identity: the workspace is recorded in the private state).
func TestAccStateOfAnotherWorkspaceIsRefusedByRefresh(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t, otherWorkspace)
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_messenger_trusted_domain" "www" { domain = "salestim.com" }
resource "intercom_protected_attributes" "contact" { names = ["plan"] }
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	wd.Env = append(wd.Env, EnvAccessToken+"="+otherWorkspace.Token)
	before := len(acctest.Writes(srv))
	res := wd.Run("plan", "-input=false", "-no-color")
	out := strings.Join(strings.Fields(res.Output()), " ")
	if res.ExitCode == 0 || strings.Count(out, "This state belongs to workspace abc12345; the provider's access token is of workspace zzz99999; nothing was read.") != 2 {
		t.Fatalf("plan with another workspace's token, exit %d:\n%s", res.ExitCode, res.Output())
	}
	if strings.Contains(out, "changed outside") || strings.Contains(out, "Unexpected Identity Change") {
		t.Errorf("a drift warning or identity error besides the refusal:\n%s", res.Output())
	}
	if after := len(acctest.Writes(srv)); after != before {
		t.Errorf("%d writes during the refused plan", after-before)
	}
}

// Two aliases on one token are two provider processes. Each adds a trusted domain by a
// read-modify-write of the whole list; with a slow write both used to read the list
// before either wrote, and one domain was lost (the next plan then blamed a teammate).
// The workspace lock is a file lock across processes: both domains stay.
func TestAccTwoAliasesOfOneWorkspaceKeepBothWrites(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	srv.InjectFault(emulator.Fault{Method: http.MethodPut, PathPrefix: "/messenger/trusted_domains", Latency: 700 * time.Millisecond})
	wd := acctest.NewWorkdir(t, map[string]string{"main.tf": requiredProviders + `
provider "intercom" { alias = "a" }
provider "intercom" { alias = "b" }
resource "intercom_messenger_trusted_domain" "a" {
  provider = intercom.a
  domain   = "a.salestim.com"
}
resource "intercom_messenger_trusted_domain" "b" {
  provider = intercom.b
  domain   = "b.salestim.com"
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	ws := acctest.Workspace(t, srv)
	if !slices.Contains(ws.TrustedDomains, "a.salestim.com") || !slices.Contains(ws.TrustedDomains, "b.salestim.com") {
		t.Fatalf("trusted domains after two aliases added one each: %v", ws.TrustedDomains)
	}
	// Serialised, not repaired: each alias wrote once (the read-back redo of a lost
	// write, for writers the lock cannot see, was not needed).
	if puts := srv.Stats().Endpoints["PUT /messenger/trusted_domains"]; puts != 2 {
		t.Errorf("%d PUTs for two domains: the aliases interleaved", puts)
	}
	wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"})
}
