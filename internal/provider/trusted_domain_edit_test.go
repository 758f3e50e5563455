package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// rivalList is a trusted-domain endpoint with a writer the workspace lock cannot see (a
// teammate, another machine): right after each of our first `rivalWrites` PUTs, it puts
// back the list it read before ours, dropping our entry.
type rivalList struct {
	mu          sync.Mutex
	list        []string
	rivalWrites int
	puts        int
}

func (s *rivalList) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Method == http.MethodPut {
		var body intercom.TrustedDomains
		_ = json.NewDecoder(r.Body).Decode(&body)
		before := slices.Clone(s.list)
		s.list, s.puts = body.Domains, s.puts+1
		defer func() {
			if s.rivalWrites > 0 {
				s.list, s.rivalWrites = before, s.rivalWrites-1
			}
		}()
	}
	_ = json.NewEncoder(w).Encode(intercom.TrustedDomains{Domains: s.list})
}

func editWith(t *testing.T, srv *rivalList) func(string) error {
	t.Helper()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	client, err := intercom.New(intercom.Config{BaseURL: ts.URL, AccessToken: "tok-edit-test", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	r := &trustedDomainResource{data: &providerData{client: client, me: &intercom.Me{App: &intercom.App{IDCode: "abc12345"}}}}
	add := func(domain string) error {
		return r.edit(context.Background(), func(list []string) []string { return append(list, domain) },
			func(list []string) bool { return slices.Contains(list, domain) })
	}
	return add
}

// A concurrent writer replaced our PUT: the edit reads the list back, sees its entry
// missing, and redoes the read-modify-write, so the domain is there when Create says so.
func TestTrustedDomainEditRedoesALostWrite(t *testing.T) {
	t.Parallel()
	srv := &rivalList{list: []string{"salestim.com"}, rivalWrites: 1}
	add := editWith(t, srv)
	if err := add("docs.salestim.com"); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(srv.list, "docs.salestim.com") || !slices.Contains(srv.list, "salestim.com") || srv.puts != 2 {
		t.Fatalf("list %v after %d PUTs", srv.list, srv.puts)
	}
}

// A rival that wins every time: the edit stops after editAttempts writes and says so,
// never reporting a domain that is not there.
func TestTrustedDomainEditFailsWhenEveryWriteIsLost(t *testing.T) {
	t.Parallel()
	srv := &rivalList{list: []string{"salestim.com"}, rivalWrites: 100}
	add := editWith(t, srv)
	err := add("docs.salestim.com")
	if err == nil || !strings.Contains(err.Error(), "after 3 writes") || srv.puts != editAttempts {
		t.Fatalf("err = %v after %d PUTs", err, srv.puts)
	}
}
