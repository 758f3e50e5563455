package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// The emulator seeds contact attributes plan, account_tier and is_admin (writable from the
// Messenger), internal_score (protected already) and legacy_flag (archived), and company
// attributes monthly_spend and contract_tier (writable).

const protectedAttrsAddr = "intercom_protected_attributes.this"

func protectedAttrsConfig(srv *emulator.Server, model string, reset bool, names ...string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	modelLine := ""
	if model != "" {
		modelLine = fmt.Sprintf("  model = %q\n", model)
	}
	return acctest.ProviderBlock(srv) + fmt.Sprintf(`
resource "intercom_protected_attributes" "this" {
%s  names = [%s]
  reset_on_destroy = %t
}
`, modelLine, strings.Join(quoted, ", "), reset)
}

// emulatorWritable checks which attributes the Messenger may write, by "model/name".
func emulatorWritable(srv *emulator.Server, want map[string]bool) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ws, err := acctest.CheckedWorkspace(srv)
		if err != nil {
			return err
		}
		for key, writable := range want {
			i := slices.IndexFunc(ws.DataAttributes, func(a emulator.DataAttribute) bool { return a.Model+"/"+a.Name == key })
			if i < 0 {
				return fmt.Errorf("the emulator has no attribute %s", key)
			}
			if got := ws.DataAttributes[i].MessengerWritable; got != writable {
				return fmt.Errorf("%s: messenger_writable = %t, want %t", key, got, writable)
			}
		}
		return nil
	}
}

// noWrites checks that the emulator served no call but reads since its stats were reset.
func noWrites(srv *emulator.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if w := acctest.Writes(srv); len(w) > 0 {
			return fmt.Errorf("an unchanged configuration wrote to Intercom: %v", w)
		}
		return nil
	}
}

func TestAccProtectedAttributes(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	id := emulator.DefaultWorkspace.IDCode
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			// plan is protected; internal_score is protected already, so nothing is sent for it.
			{
				PreConfig: srv.ResetStats,
				Config:    protectedAttrsConfig(srv, "", true, "plan", "internal_score"),
				Check: resource.ComposeTestCheckFunc(
					emulatorWritable(srv, map[string]bool{"contact/plan": false, "contact/internal_score": false, "contact/account_tier": true}),
					resource.TestCheckResourceAttr(protectedAttrsAddr, "id", id+"/contact"),
					resource.TestCheckResourceAttr(protectedAttrsAddr, "model", "contact"),
					func(*terraform.State) error {
						if w := acctest.Writes(srv); !slices.Equal(w, []string{"PUT /data_attributes/{data_attribute_id} ×1"}) {
							return fmt.Errorf("create wrote %v, want one PUT (plan only)", w)
						}
						return nil
					},
				),
			},
			// The same configuration again: an empty plan, and an apply that sends nothing.
			{Config: protectedAttrsConfig(srv, "", true, "plan", "internal_score"), PlanOnly: true},
			{PreConfig: srv.ResetStats, Config: protectedAttrsConfig(srv, "", true, "plan", "internal_score"), Check: noWrites(srv)},
			// Import by workspace id and model adopts what is protected now.
			{
				ResourceName: protectedAttrsAddr, ImportState: true, ImportStateId: id + "/contact", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"reset_on_destroy"},
			},
			// Drift: a teammate makes plan writable again; the plan shows it and says who
			// changed it is not in Intercom's log.
			{
				PreConfig: func() {
					if err := srv.ChangeByHand(id, emulator.HandChange{MessengerWritable: map[string]bool{"contact/plan": true}}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             protectedAttrsConfig(srv, "", true, "plan", "internal_score"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(protectedAttrsAddr, plancheck.ResourceActionUpdate),
					acctest.ExpectAttributeChange(protectedAttrsAddr, "names"),
				}},
			},
			{
				PreConfig: srv.ResetStats,
				Config:    protectedAttrsConfig(srv, "", true, "plan", "internal_score"),
				Check: resource.ComposeTestCheckFunc(
					emulatorWritable(srv, map[string]bool{"contact/plan": false}),
					func(*terraform.State) error {
						if w := acctest.Writes(srv); !slices.Equal(w, []string{"PUT /data_attributes/{data_attribute_id} ×1"}) {
							return fmt.Errorf("restoring the drift wrote %v, want one PUT", w)
						}
						return nil
					},
				),
			},
			// A second attribute, then taken out again: with reset_on_destroy it is made
			// writable again, since this resource protected it.
			{
				Config: protectedAttrsConfig(srv, "", true, "plan", "internal_score", "account_tier"),
				Check:  emulatorWritable(srv, map[string]bool{"contact/account_tier": false}),
			},
			{
				Config: protectedAttrsConfig(srv, "", true, "plan", "internal_score"),
				Check:  emulatorWritable(srv, map[string]bool{"contact/account_tier": true, "contact/plan": false}),
			},
		},
		// Destroy with reset_on_destroy: plan, which this resource protected, is writable
		// again; internal_score, which it found protected, stays protected.
		CheckDestroy: emulatorWritable(srv, map[string]bool{"contact/plan": true, "contact/internal_score": false}),
	})
}

// Without reset_on_destroy, destroy and a model change (a replace) leave the attributes
// protected, and the company model works the same way.
func TestAccProtectedAttributes_replaceAndKeep(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: protectedAttrsConfig(srv, "contact", false, "is_admin"),
				Check:  emulatorWritable(srv, map[string]bool{"contact/is_admin": false}),
			},
			{
				Config: protectedAttrsConfig(srv, "company", false, "monthly_spend"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(protectedAttrsAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeTestCheckFunc(
					emulatorWritable(srv, map[string]bool{"company/monthly_spend": false, "company/contract_tier": true, "contact/is_admin": false}),
					resource.TestCheckResourceAttr(protectedAttrsAddr, "id", emulator.DefaultWorkspace.IDCode+"/company"),
				),
			},
			{Config: protectedAttrsConfig(srv, "company", false, "monthly_spend"), PlanOnly: true},
		},
		CheckDestroy: emulatorWritable(srv, map[string]bool{"company/monthly_spend": false, "contact/is_admin": false}),
	})
}

// Each name apply could not protect fails the plan, naming the attribute and the fix,
// and nothing is written.
func TestAccProtectedAttributes_planErrors(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	srv.ResetStats()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      protectedAttrsConfig(srv, "", false, "plann"),
				ExpectError: regexp.MustCompile(`(?s)No such data attribute.*"plann".*nearest\s+existing\s+custom\s+attribute\(s\):\s+plan\.`),
			},
			{
				Config:      protectedAttrsConfig(srv, "", false, "plan", "email"),
				ExpectError: regexp.MustCompile(`(?s)Standard attribute cannot be protected.*"email".*only\s+custom\s+attributes`),
			},
			{
				Config:      protectedAttrsConfig(srv, "", false, "legacy_flag"),
				ExpectError: regexp.MustCompile(`(?s)Archived data attribute.*"legacy_flag".*Unarchive\s+it`),
			},
			{
				Config:      protectedAttrsConfig(srv, "company", false, "plan"),
				ExpectError: regexp.MustCompile(`(?s)No such data attribute.*no\s+company\s+attribute\s+named\s+"plan".*include:\s+contract_tier,\s+monthly_spend`),
			},
			{
				Config:      protectedAttrsConfig(srv, "people", false, "plan"),
				ExpectError: regexp.MustCompile(`(?s)model.*value must be one of`),
			},
			{
				Config:      protectedAttrsConfig(srv, "", false, "  "),
				ExpectError: regexp.MustCompile(`(?s)names`),
			},
		},
	})
	if w := acctest.Writes(srv); len(w) > 0 {
		t.Fatalf("refused plans wrote to Intercom: %v", w)
	}
	if err := emulatorWritable(srv, map[string]bool{"contact/plan": true})(nil); err != nil {
		t.Fatal(err)
	}
}

// Protected attributes rest on published endpoints only: they work against an emulator
// that serves what Intercom's hosts serve today.
func TestAccProtectedAttributes_publishedOnly(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulatorWith(t, emulator.Config{PublishedOnly: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: protectedAttrsConfig(srv, "", false, "plan"),
				Check:  emulatorWritable(srv, map[string]bool{"contact/plan": false}),
			},
			{Config: protectedAttrsConfig(srv, "", false, "plan"), PlanOnly: true},
		},
	})
}

func TestNearestCustomAttributes(t *testing.T) {
	attrs := []intercom.DataAttribute{
		{Name: "plan", Custom: true}, {Name: "plan_type", Custom: true}, {Name: "planet", Custom: true, Archived: true},
		{Name: "name"}, {Name: "account_tier", Custom: true}, {Name: "tier", Custom: true},
	}
	if got := nearestCustom(attrs, "plann", 2); !slices.Equal(got, []string{"plan", "plan_type"}) {
		t.Errorf("nearest to plann: %v", got)
	}
	if got := nearestCustom(attrs, "Tier", 1); !slices.Equal(got, []string{"tier"}) {
		t.Errorf("nearest to Tier: %v", got)
	}
	if got := nearestCustom(nil, "x", 3); len(got) != 0 {
		t.Errorf("nearest among none: %v", got)
	}
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"plan", "plann", 1}, {"é", "e", 1}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

// The drift warning as a user reads it: the attributes named, and no teammate named,
// since Intercom's activity log has no event type for data attribute changes; the log is
// not searched for one.
func TestAccProtectedAttributes_driftWarning(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_protected_attributes" "this" { names = ["plan", "account_tier", "is_admin"] }
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	// A plan with nothing to do reads the attributes once (the refresh), not again to
	// validate names that apply will not touch.
	srv.ResetStats()
	wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false"}, 0)
	if n := srv.Stats().Endpoints["GET /data_attributes"]; n != 1 {
		t.Errorf("a clean plan listed the data attributes %d times, want 1", n)
	}

	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
		MessengerWritable: map[string]bool{"contact/plan": true, "contact/is_admin": true}, TeammateEmail: "mallory@salestim.com",
	}); err != nil {
		t.Fatal(err)
	}
	srv.ResetStats()
	res := wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}, 2)
	out := strings.Join(strings.Fields(res.Output()), " ")
	for _, want := range []string{
		"Warning: Protected attributes changed outside Terraform",
		"may write the contact attribute(s) is_admin, plan again",
		"Who changed them is not known: Intercom's activity log has no event type for data attribute changes",
		`+ "is_admin"`, `+ "plan"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, res.Output())
		}
	}
	if strings.Contains(out, "mallory") {
		t.Errorf("the warning names a teammate the log does not prove:\n%s", res.Output())
	}
	if n := srv.Stats().Endpoints["POST /admins/activity_logs/search"]; n != 0 {
		t.Errorf("the plan searched the activity log %d times for a change it has no event type for", n)
	}
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	if err := emulatorWritable(srv, map[string]bool{"contact/plan": false, "contact/is_admin": false})(nil); err != nil {
		t.Fatal(err)
	}
	wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false"}, 0)
}

// attributeID is the emulator's id of a data attribute, by "model/name".
func attributeID(t *testing.T, srv *emulator.Server, key string) int64 {
	t.Helper()
	for _, a := range acctest.Workspace(t, srv).DataAttributes {
		if a.Model+"/"+a.Name == key {
			return a.ID
		}
	}
	t.Fatalf("no attribute %s", key)
	return 0
}

// An update protects account_tier, then Intercom commits is_admin's write but the answer
// is lost. Before, the provider "put back" account_tier (making it writable again after
// someone else's 5xx) and said "the workspace is as it was", which was false; and it forgot
// that it had protected anything, so reset_on_destroy later left both protected. Now the
// state records what is true, nothing is put back, the late commit is adopted by the next
// apply, and taking the names out releases exactly what this resource protected.
func TestAccProtectedAttributes_failedUpdateRecordsWhatIsTrue(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	isAdmin := attributeID(t, srv, "contact/is_admin")
	config := func(names ...string) string {
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = fmt.Sprintf("%q", n)
		}
		return acctest.ProviderBlock(srv, "max_retries = 0") + fmt.Sprintf(`
resource "intercom_protected_attributes" "this" {
  names            = [%s]
  reset_on_destroy = true
}
`, strings.Join(quoted, ", "))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("plan")},
			{
				PreConfig: func() {
					srv.InjectFault(emulator.Fault{Method: "PUT", PathPrefix: fmt.Sprintf("/data_attributes/%d", isAdmin), DropAfterApply: true, Count: 1})
				},
				Config:      config("plan", "account_tier", "is_admin"),
				ExpectError: regexp.MustCompile(`(?s)protect the contact attribute "is_admin".*Protected now, and\s+recorded in the\s+state: account_tier,\s+plan\.\s+Nothing\s+was\s+put\s+back\.\s+Whether\s+Intercom\s+applied\s+the\s+write\s+for\s+"is_admin"\s+is\s+not\s+known`),
			},
			{
				// Nothing was put back, and the state holds what was proved protected.
				PreConfig: func() {
					if err := emulatorWritable(srv, map[string]bool{"contact/account_tier": false, "contact/is_admin": false})(nil); err != nil {
						t.Fatalf("after the failed update: %v", err)
					}
				},
				Config:             config("plan", "account_tier", "is_admin"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(protectedAttrsAddr, plancheck.ResourceActionUpdate),
				}},
			},
			{
				// The next apply finds is_admin protected: its write had committed, so it is this
				// resource's, and sends nothing for it.
				PreConfig: srv.ResetStats,
				Config:    config("plan", "account_tier", "is_admin"),
				Check:     noWrites(srv),
			},
			{
				// Taking both out with reset_on_destroy: the plan says what becomes writable, and
				// apply releases exactly those.
				Config: config("plan"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(protectedAttrsAddr, plancheck.ResourceActionUpdate),
				}},
				Check: emulatorWritable(srv, map[string]bool{"contact/account_tier": true, "contact/is_admin": true, "contact/plan": false}),
			},
		},
		CheckDestroy: emulatorWritable(srv, map[string]bool{"contact/plan": true, "contact/internal_score": false}),
	})
}

// Two resources naming one attribute are refused at plan, before anything is written:
// destroying either would open it while the other still declares it.
func TestAccProtectedAttributes_declaredTwiceIsRefused(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetStats,
			Config: acctest.ProviderBlock(srv) + `
resource "intercom_protected_attributes" "billing" { names = ["plan", "account_tier"] }
resource "intercom_protected_attributes" "access" {
  names            = ["plan", "is_admin"]
  reset_on_destroy = true
}
`,
			ExpectError: regexp.MustCompile(`(?s)Protected attribute declared twice.*The contact attribute "plan" is named by two\s+intercom_protected_attributes`),
			Check:       noWrites(srv),
		}},
	})
	if w := acctest.Writes(srv); len(w) > 0 {
		t.Fatalf("a refused plan wrote %v", w)
	}
}

// With reset_on_destroy, the destroy plan itself names what becomes writable from the
// Messenger, and what is only forgotten; before, only apply said so.
func TestAccProtectedAttributes_destroyPlanSaysWhatBecomesWritable(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_protected_attributes" "this" {
  names            = ["plan", "internal_score"]
  reset_on_destroy = true
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	srv.ResetStats()
	res := wd.MustRun([]string{"plan", "-destroy", "-input=false", "-no-color"})
	out := strings.Join(strings.Fields(res.Output()), " ")
	for _, want := range []string{
		"Warning: Attributes will become writable from the Messenger",
		"apply makes the contact attribute(s) plan writable from the Messenger again (this resource protected them); internal_score stay protected",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("destroy plan lacks %q:\n%s", want, res.Output())
		}
	}
	if w := acctest.Writes(srv); len(w) > 0 {
		t.Errorf("a plan wrote %v", w)
	}
}
