package provider

import (
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Only a secret that can be nothing but the watched create's late commit is picked: the
// same name and platforms, not the state's, not there before, created inside the window.
func TestLateCommitsAreOnlyProvableOnes(t *testing.T) {
	t.Parallel()
	lost := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	in := intercom.NewIdentityVerificationSecret{Name: "Production web", SupportsWeb: true}
	older := intercom.IdentityVerificationSecret{ID: "1", Name: "Production web", SupportsWeb: true, CreatedAt: lost.Add(-time.Hour).Unix()}
	w := newLateCommitWatch(in, lost, []intercom.IdentityVerificationSecret{older})
	at := func(d time.Duration) int64 { return lost.Add(d).Unix() }
	list := []intercom.IdentityVerificationSecret{
		older, // existed before the create: someone's rotation, not ours to delete
		{ID: "2", Name: "Production web", SupportsWeb: true, CreatedAt: at(time.Second)},                       // the state's
		{ID: "3", Name: "Production web", SupportsWeb: true, CreatedAt: at(2 * time.Second)},                   // the late commit
		{ID: "4", Name: "Production web", SupportsWeb: true, SupportsIOS: true, CreatedAt: at(3)},              // other platforms
		{ID: "5", Name: "Production web 2", SupportsWeb: true, CreatedAt: at(3 * time.Second)},                 // another name
		{ID: "6", Name: "Production web", SupportsWeb: true, CreatedAt: at(lateCommitWindow + 2*time.Minute)},  // after the window
		{ID: "7", Name: "Production web", SupportsWeb: true, CreatedAt: at(lateCommitWindow + 30*time.Second)}, // inside the skew allowance
	}
	got := w.lateCommits(list, "2")
	if len(got) != 2 || got[0].ID != "3" || got[1].ID != "7" {
		t.Fatalf("late commits = %+v, want 3 and 7", got)
	}
	if !w.ends().Equal(lost.Add(lateCommitWindow)) {
		t.Errorf("ends %v", w.ends())
	}
}
