package provider

import (
	"context"
	"sync"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
	"github.com/salestim/terraform-provider-intercom/internal/normalize"
)

// trustedDomainsReader coalesces reads of the workspace's trusted-domain list. A
// refresh of fifty intercom_messenger_trusted_domain resources would otherwise GET the
// same list fifty times in the same second, spending the rate limit for nothing. A read
// is shared for a short while; any write through the provider invalidates it.
type trustedDomainsReader struct {
	mu        sync.Mutex // held while fetching, so concurrent readers wait for one call
	list      []string
	fetchedAt time.Time
	valid     bool
	// index answers find without normalising the whole list for each of its resources;
	// built with the read it describes.
	index trustedDomainsIndex
}

// trustedDomainsIndex holds, for each spelling as written and each canonical form, the
// position of its first entry in Intercom's list.
type trustedDomainsIndex struct {
	written, canonical map[string]int
}

// trustedDomainsFreshness is how long one read serves the next: shorter than any
// human edit that could slip between two resources' reads of one refresh.
const trustedDomainsFreshness = 2 * time.Second

// store keeps list as the shared read, with its index. Called with mu held.
func (c *trustedDomainsReader) store(list []string, at time.Time) {
	c.list, c.fetchedAt, c.valid = list, at, true
	c.index = trustedDomainsIndex{written: make(map[string]int, len(list)), canonical: make(map[string]int, len(list))}
	for i, d := range list {
		if _, seen := c.index.written[d]; !seen {
			c.index.written[d] = i
		}
		if canonical, err := normalize.Domain(d); err == nil {
			if _, seen := c.index.canonical[canonical]; !seen {
				c.index.canonical[canonical] = i
			}
		}
	}
}

// find returns the first entry of the list, in Intercom's order, that is domain as
// written or another spelling of it (sameDomain). It reads the list only when the shared
// read is older than trustedDomainsFreshness or was invalidated.
func (c *trustedDomainsReader) find(ctx context.Context, client *intercom.Client, domain string) (string, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.valid || time.Since(c.fetchedAt) >= trustedDomainsFreshness {
		got, err := client.GetTrustedDomains(ctx)
		if err != nil {
			return "", false, err
		}
		c.store(got.Domains, time.Now())
	}
	first := -1
	if i, ok := c.index.written[domain]; ok {
		first = i
	}
	if canonical, err := normalize.Domain(domain); err == nil {
		if i, ok := c.index.canonical[canonical]; ok && (first < 0 || i < first) {
			first = i
		}
	}
	if first < 0 {
		return "", false, nil
	}
	return c.list[first], true, nil
}

// invalidate forgets the shared read; writers call it before and after a write.
func (c *trustedDomainsReader) invalidate() {
	c.mu.Lock()
	c.valid = false
	c.mu.Unlock()
}
