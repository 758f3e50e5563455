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
)

const ipAllowlistAddr = "intercom_ip_allowlist.this"

func ipAllowlistConfig(srv *emulator.Server, enabled bool, ranges ...string) string {
	quoted := make([]string, len(ranges))
	for i, r := range ranges {
		quoted[i] = fmt.Sprintf("%q", r)
	}
	return acctest.ProviderBlock(srv) + fmt.Sprintf(`
resource "intercom_ip_allowlist" "this" {
  enabled   = %t
  ip_ranges = [%s]
}
`, enabled, strings.Join(quoted, ", "))
}

func emulatorAllowlist(srv *emulator.Server, enabled bool, ranges ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ws, err := acctest.CheckedWorkspace(srv)
		if err != nil {
			return err
		}
		got := slices.Sorted(slices.Values(ws.IPAllowlist.Ranges))
		want := slices.Sorted(slices.Values(ranges))
		if ws.IPAllowlist.Enabled != enabled || !slices.Equal(got, want) {
			return fmt.Errorf("emulator holds enabled=%t %v, want enabled=%t %v", ws.IPAllowlist.Enabled, got, enabled, want)
		}
		return nil
	}
}

// The tests call from 127.0.0.1, so every enabled list holds it (Intercom's lockout protection).
func TestAccIPAllowlist(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	id := emulator.DefaultWorkspace.IDCode
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: ipAllowlistConfig(srv, true, "127.0.0.1", "203.0.113.0/24", "198.51.100.7"),
				Check:  emulatorAllowlist(srv, true, "127.0.0.1", "203.0.113.0/24", "198.51.100.7"),
			},
			{ResourceName: ipAllowlistAddr, ImportState: true, ImportStateId: id, ImportStateVerify: true},
			{
				ResourceName: ipAllowlistAddr, ImportState: true, ImportStateId: id, ImportStateKind: resource.ImportBlockWithID,
				Config: ipAllowlistConfig(srv, true, "127.0.0.1", "203.0.113.0/24", "198.51.100.7"),
			},
			// "/32" is the same entry as the address alone: Intercom keeps the canonical form,
			// the state the user's spelling, and the plan stays empty.
			{
				Config: ipAllowlistConfig(srv, true, "127.0.0.1/32", "203.0.113.0/24", "198.51.100.7/32"),
				Check:  emulatorAllowlist(srv, true, "127.0.0.1", "203.0.113.0/24", "198.51.100.7"),
			},
			{Config: ipAllowlistConfig(srv, true, "127.0.0.1/32", "203.0.113.0/24", "198.51.100.7/32"), PlanOnly: true},
			// Lockout: a list without the caller's address is refused, nothing changes.
			{
				Config:      ipAllowlistConfig(srv, true, "203.0.113.0/24"),
				ExpectError: regexp.MustCompile(`(?s)IP allowlist would lock Terraform out.*Add the address Terraform runs\s+from.*HTTP 422.*Your IP \(127.0.0.1\)`),
				Check:       emulatorAllowlist(srv, true, "127.0.0.1", "203.0.113.0/24", "198.51.100.7"),
			},
			// Drift: a teammate disables the allowlist by hand.
			{
				PreConfig: func() {
					if err := srv.ChangeByHand(id, emulator.HandChange{IPAllowlistEnabled: ptr(false)}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             ipAllowlistConfig(srv, true, "127.0.0.1/32", "203.0.113.0/24", "198.51.100.7/32"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(ipAllowlistAddr, plancheck.ResourceActionUpdate),
					acctest.ExpectAttributeChange(ipAllowlistAddr, "enabled"),
				}},
			},
			{
				Config: ipAllowlistConfig(srv, true, "127.0.0.1/32", "203.0.113.0/24", "198.51.100.7/32"),
				Check:  emulatorAllowlist(srv, true, "127.0.0.1", "203.0.113.0/24", "198.51.100.7"),
			},
			// Disabled, the list may leave out the caller: nothing is enforced.
			{
				Config: ipAllowlistConfig(srv, false, "203.0.113.0/24"),
				Check:  emulatorAllowlist(srv, false, "203.0.113.0/24"),
			},
		},
		CheckDestroy: emulatorAllowlist(srv, false, "203.0.113.0/24"),
	})
}

func TestAccIPAllowlist_validation(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	cases := map[string]string{
		"203.0.113.5/24": `203.0.113.0/24`, // suggests the network form
		"2001:db8::/32":  `2001:db8::/32`,
		"not-an-ip":      `not-an-ip`,
		"10.0.0.256":     `10.0.0.256`,
	}
	var steps []resource.TestStep
	for bad, want := range cases {
		steps = append(steps, resource.TestStep{
			Config:      ipAllowlistConfig(srv, true, "127.0.0.1", bad),
			ExpectError: regexp.MustCompile(`(?s)Invalid IP range.*` + regexp.QuoteMeta(want)),
		})
	}
	steps = append(steps, resource.TestStep{
		Config:      ipAllowlistConfig(srv, true, "127.0.0.1", "198.51.100.7", "198.51.100.7/32"),
		ExpectError: regexp.MustCompile(`(?s)Invalid IP range.*198.51.100.7`),
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	if n := srv.Stats().Endpoints["PUT /ip_allowlist"]; n != 0 {
		t.Fatalf("invalid ranges reached the API: %d PUTs", n)
	}
}

// An enabled allowlist with no ranges is refused at plan, before anything is written.
func TestAccIPAllowlist_enabledWithoutRanges(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	srv.ResetStats()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      ipAllowlistConfig(srv, true),
			ExpectError: regexp.MustCompile(`(?s)Enabled IP allowlist with no ranges.*enabled\s+=\s+false`),
		}},
	})
	if w := acctest.Writes(srv); len(w) > 0 {
		t.Fatalf("a refused plan wrote %v", w)
	}
}
