package framework

import (
	"slices"
	"sync"
)

// PlanClaims is a plan-time registry: which resources of one plan claim a key (a trusted
// domain, a protected attribute). Terraform plans every resource of a configuration with
// one provider instance, so a resource that claims what another claims finds it here,
// before anything is written.
//
// Terraform may plan one resource more than once (a replace: once with its state, once
// as a create), and the provider is never told which resource a call is for. So a
// claimant is a value the resource's configuration determines (a spelling, a set of
// names), and every answer is a function of the set of claimants recorded, never of the
// number of calls: a replan of one resource adds nothing new. Two resources with the
// same claimant are indistinguishable from one planned twice, and are not seen here.
type PlanClaims[C comparable] struct {
	mu     sync.Mutex
	claims map[string][]C // key -> distinct claimants, in the order first seen
}

// Claim records that claimant claims key, and returns another claimant of key, if any.
func (p *PlanClaims[C]) Claim(key string, claimant C) (other C, found bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.claims == nil {
		p.claims = map[string][]C{}
	}
	if !slices.Contains(p.claims[key], claimant) {
		p.claims[key] = append(p.claims[key], claimant)
	}
	for _, c := range p.claims[key] {
		if c != claimant {
			return c, true
		}
	}
	return other, false
}
