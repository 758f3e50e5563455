package provider

import (
	"fmt"
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
	for _, tc := range []struct {
		resourceType, before, after, attr, kept string
	}{
		{"intercom_messenger_trusted_domains", `domains = ["Example.COM", "docs.example.com."]`,
			`domains = ["example.com", "Docs.Example.com"]`, "domains.*", "Example.COM"},
		{"intercom_ip_allowlist", "enabled = true\n  ip_ranges = [\"203.0.113.0/24\", \"198.51.100.9\"]",
			"enabled = true\n  ip_ranges = [\"203.0.113.0/24\", \"198.51.100.9/32\"]", "ip_ranges.*", "198.51.100.9"},
	} {
		t.Run(tc.resourceType, func(t *testing.T) {
			unsetProviderEnv(t)
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
