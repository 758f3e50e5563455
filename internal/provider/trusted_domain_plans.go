package provider

import (
	"sync"

	"github.com/salestim/terraform-provider-intercom/internal/framework"
)

// trustedDomainPlans sees the trusted-domain resources a plan holds (see
// framework.PlanClaims for what a plan-time registry can and cannot see): two spellings
// of one domain are two resources; two resources with the same spelling are not seen
// here, and the second one's create finds the domain already trusted and fails before
// writing (see Create).
type trustedDomainPlans struct {
	spellings     framework.PlanClaims[string] // canonical domain -> the spellings planned
	mu            sync.Mutex
	anyAdditive   bool
	authoritative bool
}

// planAdditive records an intercom_messenger_trusted_domain planned for canonical, as
// spelled. It returns another spelling planned for the same domain ("" when none), and
// whether the plan mixes the two resource types.
func (p *trustedDomainPlans) planAdditive(canonical, spelling string) (duplicateOf string, mixed bool) {
	duplicateOf, _ = p.spellings.Claim(canonical, spelling)
	p.mu.Lock()
	defer p.mu.Unlock()
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
