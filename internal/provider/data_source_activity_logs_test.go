package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// The activity log data source follows Intercom's pagination to the end and filters by type.
func TestAccActivityLogsDataSource(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	id := emulator.DefaultWorkspace.IDCode
	for i := range 45 { // three pages of twenty
		on := i%2 == 0
		if err := srv.ChangeByHand(id, emulator.HandChange{TwoFactorRequired: &on}); err != nil {
			t.Fatal(err)
		}
	}
	domains := []string{"salestim.com"}
	if err := srv.ChangeByHand(id, emulator.HandChange{TrustedDomains: &domains, TeammateEmail: "eve@salestim.com"}); err != nil {
		t.Fatal(err)
	}
	after := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: srv.ResetStats,
			Config: acctest.ProviderBlock(srv) + fmt.Sprintf(`
data "intercom_activity_logs" "all" { created_after = %q }
data "intercom_activity_logs" "domains" {
  created_after  = %q
  activity_types = ["trusted_domains_setting_change"]
}`, after, after),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.intercom_activity_logs.all", "activity_logs.#", "46"),
				resource.TestCheckResourceAttr("data.intercom_activity_logs.domains", "activity_logs.#", "1"),
				resource.TestCheckResourceAttr("data.intercom_activity_logs.domains", "activity_logs.0.performed_by_email", "eve@salestim.com"),
				resource.TestCheckResourceAttr("data.intercom_activity_logs.domains", "activity_logs.0.activity_type", "trusted_domains_setting_change"),
				func(*terraform.State) error {
					// Each read follows three pages: more than one call per data source read.
					if n := srv.Stats().Endpoints["GET /admins/activity_logs"]; n < 3 {
						return fmt.Errorf("GET /admins/activity_logs called %s times: pagination not followed", strconv.Itoa(n))
					}
					return nil
				},
			),
		}},
	})
}

// An activity type Intercom does not know is an error at plan, listing Intercom's types.
func TestAccActivityLogsDataSource_unknownType(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: acctest.ProviderBlock(srv) + `
data "intercom_activity_logs" "typo" {
  created_after  = "2026-01-01T00:00:00Z"
  activity_types = ["security_setting_change"]
}`,
			ExpectError: regexp.MustCompile(`(?s)activity_types.*security_setting_change.*security_settings_change.*trusted_domains_setting_change`),
		}},
	})
}
