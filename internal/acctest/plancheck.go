package acctest

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// ExpectAttributeChange checks that the plan changes attribute attr of the resource at
// addr: a drift test's proof that the plan names what was changed by hand.
func ExpectAttributeChange(addr, attr string) plancheck.PlanCheck {
	return attributeChange{addr: addr, attr: attr}
}

type attributeChange struct{ addr, attr string }

func (c attributeChange) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.addr {
			continue
		}
		before, _ := rc.Change.Before.(map[string]any)
		after, _ := rc.Change.After.(map[string]any)
		if before == nil || after == nil {
			resp.Error = fmt.Errorf("%s: plan has no before/after values (actions %v)", c.addr, rc.Change.Actions)
			return
		}
		if reflect.DeepEqual(before[c.attr], after[c.attr]) {
			resp.Error = fmt.Errorf("%s: plan leaves %s as it is (%v); want a change", c.addr, c.attr, before[c.attr])
		}
		return
	}
	resp.Error = fmt.Errorf("%s: not in the plan", c.addr)
}
