package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/normalize"
)

// Terraform requires a planned value to equal its configuration, so an edit that only
// changes a spelling (192.0.2.10 and 192.0.2.10/32, a domain's case or trailing dot), or
// an import, plans an update that semantic equality cannot hide. The plan then says what
// is true in a warning: the values differ only in spelling, and applying records the new
// spelling and sends nothing to Intercom (updateSingleton compares payloads).

// spellingOnlySummary is the warning's summary; the drift-detection summary script knows
// it, so such an update is not reported as drift.
const spellingOnlySummary = "Only the spelling changes"

// warnSpellingOnlySet warns when a set attribute's planned values differ from the state's
// only in spelling.
func warnSpellingOnlySet(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, attr string, normalise normaliseList, what string) {
	if req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var recorded, planned types.Set
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root(attr), &recorded)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root(attr), &planned)...)
	if recorded.IsNull() || planned.IsNull() || planned.IsUnknown() {
		return
	}
	was, ok1 := knownStrings(recorded)
	now, ok2 := knownStrings(planned)
	if !ok1 || !ok2 || !normalize.SameCanonical(normalise, was, now) {
		return
	}
	var respelled []string
	for _, v := range now {
		if !slices.Contains(was, v) {
			respelled = append(respelled, fmt.Sprintf("%q", v))
		}
	}
	if len(respelled) == 0 {
		return
	}
	resp.Diagnostics.AddAttributeWarning(path.Root(attr), spellingOnlySummary, fmt.Sprintf("%s: %s name the same %s as the "+
		"state's %s. Applying records your spelling in Terraform's state and sends nothing to Intercom.",
		attr, strings.Join(respelled, ", "), what, spelledList(was)))
}

// warnSpellingOnlyString is warnSpellingOnlySet for one value.
func warnSpellingOnlyString(resp *resource.ModifyPlanResponse, attr, was, now string, same bool, what string) {
	if was == now || !same {
		return
	}
	resp.Diagnostics.AddAttributeWarning(path.Root(attr), spellingOnlySummary, fmt.Sprintf("%s: %q names the same %s as "+
		"the state's %q. Applying records your spelling in Terraform's state and sends nothing to Intercom.", attr, now, what, was))
}

func spelledList(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	slices.Sort(quoted)
	return strings.Join(quoted, ", ")
}
