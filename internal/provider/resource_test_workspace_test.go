package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

const testWorkspaceAddr = "intercom_test_workspace.staging"

func testWorkspaceConfig(srv *emulator.Server, name string) string {
	return acctest.ProviderBlock(srv) + fmt.Sprintf(`
resource "intercom_test_workspace" "staging" {
  name = %q
}
`, name)
}

func emulatorTestWorkspaceNamed(srv *emulator.Server, name string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ws, err := acctest.CheckedWorkspace(srv)
		if err != nil {
			return err
		}
		if len(ws.TestWorkspaces) != 1 || ws.TestWorkspaces[0].Name != name {
			return fmt.Errorf("emulator holds test workspaces %+v, want one named %q", ws.TestWorkspaces, name)
		}
		return nil
	}
}

func TestAccTestWorkspace(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testWorkspaceConfig(srv, "SalesTim [TEST]"),
				Check: resource.ComposeAggregateTestCheckFunc(
					emulatorTestWorkspaceNamed(srv, "SalesTim [TEST]"),
					resource.TestCheckResourceAttrPair(testWorkspaceAddr, "id", testWorkspaceAddr, "id_code"),
					resource.TestCheckResourceAttr(testWorkspaceAddr, "region", "us"),
					resource.TestMatchResourceAttr(testWorkspaceAddr, "created_at", regexpRFC3339),
				),
			},
			{ResourceName: testWorkspaceAddr, ImportState: true, ImportStateVerify: true},
			{
				ResourceName: testWorkspaceAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				Config: testWorkspaceConfig(srv, "SalesTim [TEST]"),
			},
			// Renamed in place.
			{
				Config: testWorkspaceConfig(srv, "SalesTim [STAGING]"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testWorkspaceAddr, plancheck.ResourceActionUpdate),
				}},
				Check: emulatorTestWorkspaceNamed(srv, "SalesTim [STAGING]"),
			},
			// Renamed by hand: drift on name.
			{
				PreConfig: func() {
					ws := acctest.Workspace(t, srv)
					err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
						RenameTestWorkspace: &emulator.TestWorkspaceRename{IDCode: ws.TestWorkspaces[0].IDCode, Name: "renamed by hand"},
					})
					if err != nil {
						t.Fatal(err)
					}
				},
				Config:             testWorkspaceConfig(srv, "SalesTim [STAGING]"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					acctest.ExpectAttributeChange(testWorkspaceAddr, "name"),
				}},
			},
			{Config: testWorkspaceConfig(srv, "SalesTim [STAGING]"), Check: emulatorTestWorkspaceNamed(srv, "SalesTim [STAGING]")},
			// Deleted by hand: removed from state and planned for creation.
			{
				PreConfig: func() {
					ws := acctest.Workspace(t, srv)
					if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{DeleteTestWorkspace: ws.TestWorkspaces[0].IDCode}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             testWorkspaceConfig(srv, "SalesTim [STAGING]"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(testWorkspaceAddr, plancheck.ResourceActionCreate),
				}},
			},
			{Config: testWorkspaceConfig(srv, "SalesTim [STAGING]"), Check: emulatorTestWorkspaceNamed(srv, "SalesTim [STAGING]")},
		},
		CheckDestroy: func(*terraform.State) error {
			ws, err := acctest.CheckedWorkspace(srv)
			if err != nil {
				return err
			}
			if len(ws.TestWorkspaces) != 0 {
				return fmt.Errorf("test workspaces left after destroy: %+v", ws.TestWorkspaces)
			}
			return nil
		},
	})
}

// A production workspace has at most one test workspace: a second is refused with a
// diagnostic that says how to import the existing one.
func TestAccTestWorkspace_onlyOne(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + `
resource "intercom_test_workspace" "a" { name = "A" }
resource "intercom_test_workspace" "b" {
  name       = "B"
  depends_on = [intercom_test_workspace.a]
}
`,
			ExpectError: regexp.MustCompile(`(?s)Workspace already has a test workspace.*"A".*terraform import.*HTTP 422`),
		}},
	})
}

// A name Intercom stores trimmed is recorded as the plan asked for it: the apply is
// consistent, and the next plan is empty.
func TestAccTestWorkspace_nameRecordedAsPlanned(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + `
resource "intercom_test_workspace" "staging" { name = "SalesTim [TEST] " }
`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("intercom_test_workspace.staging", "name", "SalesTim [TEST] "),
				emulatorTestWorkspaceNamed(srv, "SalesTim [TEST]"),
			),
		}},
	})
}

// destroy -refresh=false against hosts that do not serve /test_workspaces (Intercom's
// today): the DELETE's 404 proves nothing, so the destroy fails and the state keeps the
// test workspace. Before, it exited 0 and forgot a workspace that still existed.
func TestAccTestWorkspace_destroyWhereTheRouteIsNotServedKeepsIt(t *testing.T) {
	t.Parallel()
	full := acctest.StartEmulator(t)
	today := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_test_workspace" "this" { name = "SalesTim test" }
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+full.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	wd.Env = append(wd.Env, EnvBaseURL+"="+today.URL())
	res := wd.Run("destroy", "-auto-approve", "-refresh=false", "-input=false", "-no-color")
	out := strings.Join(strings.Fields(res.Output()), " ")
	if res.ExitCode == 0 || !strings.Contains(out, "Test workspace not deleted: the route is not served") {
		t.Fatalf("destroy exited %d:\n%s", res.ExitCode, res.Output())
	}
	state, err := os.ReadFile(filepath.Join(wd.Dir, "terraform.tfstate"))
	if err != nil || !strings.Contains(string(state), `"type": "intercom_test_workspace"`) {
		t.Errorf("the state forgot the test workspace (%v):\n%s", err, state)
	}
}
