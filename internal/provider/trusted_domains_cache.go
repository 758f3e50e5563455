package provider

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
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
}

// trustedDomainsFreshness is how long one read serves the next: shorter than any
// human edit that could slip between two resources' reads of one refresh.
const trustedDomainsFreshness = 2 * time.Second

func (c *trustedDomainsReader) get(ctx context.Context, client *intercom.Client) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.valid && time.Since(c.fetchedAt) < trustedDomainsFreshness {
		return slices.Clone(c.list), nil
	}
	got, err := client.GetTrustedDomains(ctx)
	if err != nil {
		return nil, err
	}
	c.list, c.fetchedAt, c.valid = slices.Clone(got.Domains), time.Now(), true
	return got.Domains, nil
}

// invalidate forgets the shared read; writers call it before and after a write.
func (c *trustedDomainsReader) invalidate() {
	c.mu.Lock()
	c.valid = false
	c.mu.Unlock()
}
