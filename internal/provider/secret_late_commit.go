package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// A create whose answer was lost (a gateway's 502, a dropped connection, a timeout) may be
// committed by Intercom later than the provider waited for it, after a retry already made
// the secret the state tracks: a second live secret whose material nobody holds.
//
// Two looks find it, neither of which can take a sibling for it (another resource's secret
// with the same name and platforms, created after this one):
//
//   - Create, still holding the workspace lock (so no sibling is created on this machine
//     meanwhile), waits one more request_timeout and deletes any new secret of the same
//     name and platforms that is not its own and did not exist before it started;
//   - the next Read deletes a secret of the same name and platforms that did not exist
//     before the create and that Intercom dates before this resource's own secret: a
//     sibling is created after it, so only the lost create can be older.
//
// The private state keeps what those looks need (the watch) until the first Read.

const privateLateCommitKey = "late_commit_watch"

// lateCommitWatch is what a Read needs to prove a secret is this resource's late commit.
type lateCommitWatch struct {
	Name      string   `json:"name"`
	Platforms [3]bool  `json:"platforms"` // web, iOS, Android
	LostAt    int64    `json:"lost_at"`   // unix seconds, when the first lost create was sent
	Before    []string `json:"before"`    // ids of the same name and platforms that existed before it
}

func newLateCommitWatch(in intercom.NewIdentityVerificationSecret, lostAt time.Time, before []intercom.IdentityVerificationSecret) lateCommitWatch {
	w := lateCommitWatch{Name: in.Name, Platforms: [3]bool{in.SupportsWeb, in.SupportsIOS, in.SupportsAndroid}, LostAt: lostAt.Unix()}
	for _, s := range newSecrets(nil, before, in) {
		w.Before = append(w.Before, s.ID)
	}
	return w
}

func (w lateCommitWatch) request() intercom.NewIdentityVerificationSecret {
	return intercom.NewIdentityVerificationSecret{Name: w.Name, SupportsWeb: w.Platforms[0], SupportsIOS: w.Platforms[1], SupportsAndroid: w.Platforms[2]}
}

// lateCommits lists the secrets in list of the watched name and platforms that are not
// ours and were not there before the create. With olderThan set (a Read), only those
// Intercom dates strictly before our own secret: a sibling created after ours, even in the
// same second, is never one of them.
func (w lateCommitWatch) lateCommits(list []intercom.IdentityVerificationSecret, ours string, olderThan int64) []intercom.IdentityVerificationSecret {
	var out []intercom.IdentityVerificationSecret
	for _, s := range newSecrets(nil, list, w.request()) {
		if s.ID == ours || slices.Contains(w.Before, s.ID) || (olderThan != 0 && s.CreatedAt >= olderThan) {
			continue
		}
		out = append(out, s)
	}
	return out
}

func readLateCommitWatch(ctx context.Context, p privateGetter) (lateCommitWatch, bool) {
	var w lateCommitWatch
	raw, diags := p.GetKey(ctx, privateLateCommitKey)
	if diags.HasError() || len(raw) == 0 || json.Unmarshal(raw, &w) != nil || w.LostAt == 0 {
		return w, false
	}
	return w, true
}

func setLateCommitWatch(ctx context.Context, p privateSetter, w *lateCommitWatch) diag.Diagnostics {
	if w == nil {
		return p.SetKey(ctx, privateLateCommitKey, nil)
	}
	raw, _ := json.Marshal(w)
	return p.SetKey(ctx, privateLateCommitKey, raw)
}

// deleteLateCommits deletes the given late commits of a watched create, warning for each.
func (r *secretResource) deleteLateCommits(ctx context.Context, w lateCommitWatch, found []intercom.IdentityVerificationSecret, ours string, diags *diag.Diagnostics) bool {
	for _, s := range found {
		if err := r.data.client.DeleteIdentityVerificationSecret(ctx, s.ID); err != nil && !intercom.IsNotFound(err) {
			addAPIError(diags, "delete secret "+s.ID+", the late commit of this resource's lost create", err)
			return false
		}
		diags.AddWarning("Late commit of a lost create deleted",
			fmt.Sprintf("Intercom committed the create of secret %q that got no answer at %s after the provider had made "+
				"secret %s in its place: secret %s (created %s) was a live signing key whose material nobody holds. It was "+
				"deleted; the state's secret %s is unchanged.", w.Name, unixToRFC3339(w.LostAt), ours, s.ID,
				unixToRFC3339(s.CreatedAt), ours))
	}
	return true
}

// lookAgainAfterALostCreate is Create's second look: one more settle wait under the
// workspace lock, then the late commits found are deleted.
func (r *secretResource) lookAgainAfterALostCreate(ctx context.Context, w lateCommitWatch, ours string, diags *diag.Diagnostics) {
	if !r.data.createPolicy().Wait(ctx, r.data.requestTimeout) {
		diags.AddWarning("Late commits not looked for",
			"The apply was interrupted before the provider could look again for a late commit of the create that got no "+
				"answer; the next refresh looks for one dated before secret "+ours+".")
		return
	}
	list, err := r.data.client.ListIdentityVerificationSecrets(ctx)
	if err != nil {
		diags.AddWarning("Late commits not looked for", "The secrets could not be listed again after the lost create ("+err.Error()+
			"); the next refresh looks for a late commit dated before secret "+ours+".")
		return
	}
	r.deleteLateCommits(ctx, w, w.lateCommits(list, ours, 0), ours, diags)
}
