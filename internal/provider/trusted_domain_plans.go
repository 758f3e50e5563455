package provider

import (
	"sync"
)

// trustedDomainPlans sees every trusted-domain resource a plan holds. Terraform plans all
// resources of a configuration with one provider instance (one Configure, one
// providerData), so the second of two resources that conflict finds the first here,
// before anything is written.
type trustedDomainPlans struct {
	mu            sync.Mutex
	additive      map[string]string // canonical domain -> the spelling first planned
	anyAdditive   bool
	authoritative bool
	mixReported   bool
}

// planAdditive records an intercom_messenger_trusted_domain planned for canonical, as
// spelled. It returns the spelling of another one planned for the same domain ("" when
// none), and whether this plan first mixes the two resource types.
func (p *trustedDomainPlans) planAdditive(canonical, spelling string) (duplicateOf string, mixed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.additive == nil {
		p.additive = map[string]string{}
	}
	if first, ok := p.additive[canonical]; ok {
		duplicateOf = first
	} else {
		p.additive[canonical] = spelling
	}
	p.anyAdditive = true
	return duplicateOf, p.reportMixLocked()
}

// planAuthoritative records an intercom_messenger_trusted_domains, and reports whether
// this plan first mixes the two resource types.
func (p *trustedDomainPlans) planAuthoritative() (mixed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.authoritative = true
	return p.reportMixLocked()
}

// reportMixLocked is true once: when both types have been planned.
func (p *trustedDomainPlans) reportMixLocked() bool {
	if p.anyAdditive && p.authoritative && !p.mixReported {
		p.mixReported = true
		return true
	}
	return false
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
