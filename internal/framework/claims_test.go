package framework

import "testing"

func TestPlanClaims(t *testing.T) {
	t.Parallel()
	var p PlanClaims[string]
	if _, found := p.Claim("salestim.com", "salestim.com"); found {
		t.Fatal("a first claim found another")
	}
	// The same resource planned again (a replace) is not a second claimant.
	if _, found := p.Claim("salestim.com", "salestim.com"); found {
		t.Fatal("a replan is a conflict")
	}
	if other, found := p.Claim("salestim.com", "SalesTim.com."); !found || other != "salestim.com" {
		t.Fatalf("second spelling: %q %v", other, found)
	}
	// The first claimant, planned again after the second, now finds it too.
	if other, found := p.Claim("salestim.com", "salestim.com"); !found || other != "SalesTim.com." {
		t.Fatalf("first claimant again: %q %v", other, found)
	}
	if _, found := p.Claim("docs.salestim.com", "salestim.com"); found {
		t.Fatal("another key conflicts")
	}
}
