package provider

import (
	"slices"
	"sync"
)

// trustedDomainPlans sees the trusted-domain resources a plan holds. Terraform plans all
// resources of a configuration with one provider instance (one Configure, one
// providerData), so a resource that conflicts with another finds it here, before
// anything is written.
//
// Terraform plans some resources more than once (a replaced resource: once with its
// state, once more as a create), and the provider is never told which resource a call
// is for. So every answer here is a function of the set of values planned, never of how
// many calls were made: a replan of the same resource adds nothing new. That sees two
// spellings of one domain (two resources, since one resource plans one spelling), but
// not two resources with the same spelling, which are indistinguishable from one
// planned twice: the second one's create finds the domain already trusted and fails
// before writing (see Create).
type trustedDomainPlans struct {
	mu            sync.Mutex
	spellings     map[string][]string // canonical domain -> the spellings planned, in order
	anyAdditive   bool
	authoritative bool
}

// planAdditive records an intercom_messenger_trusted_domain planned for canonical, as
// spelled. It returns another spelling planned for the same domain ("" when none), and
// whether the plan mixes the two resource types.
func (p *trustedDomainPlans) planAdditive(canonical, spelling string) (duplicateOf string, mixed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.spellings == nil {
		p.spellings = map[string][]string{}
	}
	if !slices.Contains(p.spellings[canonical], spelling) {
		p.spellings[canonical] = append(p.spellings[canonical], spelling)
	}
	for _, other := range p.spellings[canonical] {
		if other != spelling {
			duplicateOf = other
			break
		}
	}
	p.anyAdditive = true
	return duplicateOf, p.authoritative
}

// planAuthoritative records an intercom_messenger_trusted_domains, and reports whether
// the plan mixes the two resource types.
func (p *trustedDomainPlans) planAuthoritative() (mixed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.authoritative = true
	return p.anyAdditive
}

const mixedTrustedDomainsSummary = "intercom_messenger_trusted_domains and intercom_messenger_trusted_domain manage the same list"

const mixedTrustedDomainsDetail = "This configuration manages the workspace's Messenger trusted domains both with " +
	"intercom_messenger_trusted_domains (the whole list, authoritative: it removes every domain it does not list) and " +
	"with intercom_messenger_trusted_domain (single domains, added to the list). Each apply would undo the other, " +
	"silently, on every run.\n\n" +
	"Choose one: list every domain in intercom_messenger_trusted_domains and remove the " +
	"intercom_messenger_trusted_domain resources (terraform state rm, or removed blocks, keep the domains in Intercom), " +
	"or manage each domain with intercom_messenger_trusted_domain and remove intercom_messenger_trusted_domains " +
	"(its default reset_on_destroy = false leaves the list as it is)."
