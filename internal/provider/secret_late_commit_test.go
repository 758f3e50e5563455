package provider

import (
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Only a secret that can be nothing but the watched create's late commit is picked: the
// same name and platforms, not the state's, not there before; at a Read, also dated
// strictly before the state's secret, so a sibling made after it (count = 2, the same
// name) is never taken for one, even in the same second.
func TestLateCommitsAreOnlyProvableOnes(t *testing.T) {
	t.Parallel()
	lost := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) int64 { return lost.Add(d).Unix() }
	in := intercom.NewIdentityVerificationSecret{Name: "Production web", SupportsWeb: true}
	older := intercom.IdentityVerificationSecret{ID: "1", Name: "Production web", SupportsWeb: true, CreatedAt: at(-time.Hour)}
	w := newLateCommitWatch(in, lost, []intercom.IdentityVerificationSecret{older})
	ours := intercom.IdentityVerificationSecret{ID: "3", Name: "Production web", SupportsWeb: true, CreatedAt: at(2 * time.Second)}
	list := []intercom.IdentityVerificationSecret{
		older, // existed before the create: someone's rotation, not ours to delete
		{ID: "2", Name: "Production web", SupportsWeb: true, CreatedAt: at(time.Second)}, // the late commit, dated before ours
		ours,
		{ID: "4", Name: "Production web", SupportsWeb: true, CreatedAt: at(2 * time.Second)},                // a sibling, the same second as ours
		{ID: "5", Name: "Production web", SupportsWeb: true, CreatedAt: at(3 * time.Second)},                // a sibling, after ours
		{ID: "6", Name: "Production web", SupportsWeb: true, SupportsIOS: true, CreatedAt: at(time.Second)}, // other platforms
		{ID: "7", Name: "Production web 2", SupportsWeb: true, CreatedAt: at(time.Second)},                  // another name
	}
	if got := w.lateCommits(list, ours.ID, ours.CreatedAt); len(got) != 1 || got[0].ID != "2" {
		t.Fatalf("at a Read: %+v, want only 2", got)
	}
	// Create's own look, under the lock (no sibling can appear on this machine): every new
	// secret of the name and platforms but ours.
	if got := w.lateCommits(list, ours.ID, 0); len(got) != 3 || got[0].ID != "2" || got[1].ID != "4" || got[2].ID != "5" {
		t.Fatalf("at Create's second look: %+v", got)
	}
}
