package provider

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Fifty concurrent reads make one call; a write's invalidate makes the next read fetch
// again and see the change.
func TestTrustedDomainsReaderCoalesces(t *testing.T) {
	srv := acctest.StartEmulator(t)
	client, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
	if err != nil {
		t.Fatal(err)
	}
	domains := []string{"salestim.com"}
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TrustedDomains: &domains}); err != nil {
		t.Fatal(err)
	}
	srv.ResetStats()
	var reader trustedDomainsReader
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			got, found, err := reader.find(context.Background(), client, "salestim.com")
			if err != nil || !found || got != "salestim.com" {
				t.Errorf("find = %q, %v, %v", got, found, err)
			}
		})
	}
	wg.Wait()
	if n := srv.Stats().Endpoints["GET /messenger/trusted_domains"]; n != 1 {
		t.Fatalf("50 concurrent reads made %d calls, want 1", n)
	}

	domains = append(domains, "docs.salestim.com")
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TrustedDomains: &domains}); err != nil {
		t.Fatal(err)
	}
	reader.invalidate()
	got, found, err := reader.find(context.Background(), client, "docs.salestim.com")
	if err != nil || !found || got != "docs.salestim.com" {
		t.Fatalf("after invalidate: %q, %v, %v; want the new list", got, found, err)
	}
	if n := srv.Stats().Endpoints["GET /messenger/trusted_domains"]; n != 2 {
		t.Errorf("%d calls after one invalidate, want 2", n)
	}
}

func TestTrustedDomainPlans(t *testing.T) {
	var p trustedDomainPlans
	if dup, mixed := p.planAdditive("docs.example.com", "docs.example.com"); dup != "" || mixed {
		t.Fatalf("first domain: duplicate %q, mixed %v", dup, mixed)
	}
	// Terraform plans a replaced resource twice: the same spelling again is no duplicate.
	for range 3 {
		if dup, mixed := p.planAdditive("docs.example.com", "docs.example.com"); dup != "" || mixed {
			t.Fatalf("the same resource planned again: duplicate %q, mixed %v", dup, mixed)
		}
	}
	if dup, _ := p.planAdditive("docs.example.com", "Docs.Example.com."); dup != "docs.example.com" {
		t.Fatalf("second spelling of one domain: duplicate %q, want the first spelling", dup)
	}
	// The answer does not depend on how often or in which order the calls come.
	if dup, _ := p.planAdditive("docs.example.com", "docs.example.com"); dup != "Docs.Example.com." {
		t.Fatalf("the first spelling planned again after the second: duplicate %q", dup)
	}
	if dup, _ := p.planAdditive("app.example.com", "app.example.com"); dup != "" {
		t.Fatalf("another domain reported as duplicate of %q", dup)
	}
	for range 2 {
		if !p.planAuthoritative() {
			t.Fatal("the authoritative list after additive domains is not reported as mixed, every time")
		}
	}
	if _, mixed := p.planAdditive("app.example.com", "app.example.com"); !mixed {
		t.Fatal("an additive domain planned again after the mix is not reported as mixed")
	}
	var q trustedDomainPlans
	for range 2 {
		if q.planAuthoritative() {
			t.Fatal("the authoritative list alone is reported as mixed")
		}
	}
	if _, mixed := q.planAdditive("x.example.com", "x.example.com"); !mixed {
		t.Fatal("an additive domain after the authoritative list is not reported as mixed")
	}
}

// find answers what Read's scan of the list answered: the first entry, in Intercom's
// order, that is the domain as written or another spelling of it; an entry that does not
// normalise matches only itself.
func TestTrustedDomainsReaderFind(t *testing.T) {
	srv := acctest.StartEmulator(t)
	client, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
	if err != nil {
		t.Fatal(err)
	}
	var reader trustedDomainsReader
	reader.store([]string{"Example.com", "b.example", "example.com", "not a domain"}, time.Now())
	for _, tc := range []struct {
		domain, want string
		found        bool
	}{
		{"example.com", "Example.com", true},
		{"EXAMPLE.COM.", "Example.com", true},
		{"b.example", "b.example", true},
		{"not a domain", "not a domain", true},
		{"Not A Domain", "", false},
		{"c.example", "", false},
	} {
		got, found, err := reader.find(context.Background(), client, tc.domain)
		if err != nil || got != tc.want || found != tc.found {
			t.Errorf("find(%q) = %q, %v, %v; want %q, %v", tc.domain, got, found, err, tc.want, tc.found)
		}
		for _, d := range reader.list {
			if sameDomain(d, tc.domain) {
				if d != got {
					t.Errorf("find(%q) = %q, the first match of the list is %q", tc.domain, got, d)
				}
				break
			}
		}
	}
	if n := srv.Stats().Total; n != 0 {
		t.Errorf("find made %d calls on a fresh read, want 0", n)
	}
}
