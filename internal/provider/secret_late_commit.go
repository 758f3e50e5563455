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
// the secret the state tracks: a second live secret whose material nobody holds. The
// create cannot see it; a later Read can. The secret's private state keeps a watch: the
// name and platforms, when the first lost create was sent, and the secrets of that name
// that existed before it. A secret that matches, is not in the state, did not exist
// before, and was created before the watch ends, can only be that late commit (creates
// are serialised on this machine by the workspace lock): Read deletes it and says so.

// lateCommitWindow is how long after a lost create a late commit is looked for. Intercom
// documents no bound; gateways give up within a minute or two, and a commit later than
// this is not attributed (the create-time warning about recent lookalikes still names it).
const lateCommitWindow = 15 * time.Minute

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

// ends is when the watch stops: a commit can land no later than that.
func (w lateCommitWatch) ends() time.Time { return time.Unix(w.LostAt, 0).Add(lateCommitWindow) }

// lateCommits lists the secrets in list that can only be the watched create's late
// commit: the same name and platforms, not tracked (ours), not there before the create,
// and created while the watch ran (a minute's allowance for clock skew).
func (w lateCommitWatch) lateCommits(list []intercom.IdentityVerificationSecret, ours string) []intercom.IdentityVerificationSecret {
	var out []intercom.IdentityVerificationSecret
	for _, s := range newSecrets(nil, list, w.request()) {
		if s.ID == ours || slices.Contains(w.Before, s.ID) || time.Unix(s.CreatedAt, 0).After(w.ends().Add(time.Minute)) {
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

// deleteLateCommits deletes the late commits of a watched create found in list, under
// the workspace lock, warning for each; the watch ends once its window has passed.
func (r *secretResource) deleteLateCommits(ctx context.Context, w lateCommitWatch, list []intercom.IdentityVerificationSecret, ours string,
	now time.Time, private privateSetter, diags *diag.Diagnostics,
) {
	found := w.lateCommits(list, ours)
	if len(found) > 0 {
		unlock, err := r.data.LockWorkspace(ctx)
		if err != nil {
			diags.AddWarning("Late commit not deleted", fmt.Sprintf("Secret %s is the late commit of this resource's lost create, "+
				"but the workspace lock was not taken (%v): it is left for the next refresh.", found[0].ID, err))
			return
		}
		defer unlock()
	}
	for _, s := range found {
		if err := r.data.client.DeleteIdentityVerificationSecret(ctx, s.ID); err != nil && !intercom.IsNotFound(err) {
			addAPIError(diags, "delete secret "+s.ID+", the late commit of this resource's lost create", err)
			return
		}
		diags.AddWarning("Late commit of a lost create deleted",
			fmt.Sprintf("Intercom committed the create of secret %q that got no answer at %s after the provider had made "+
				"secret %s in its place: secret %s (created %s) was a live signing key whose material nobody holds. It was "+
				"deleted; the state's secret %s is unchanged.", w.Name, unixToRFC3339(w.LostAt), ours, s.ID,
				unixToRFC3339(s.CreatedAt), ours))
	}
	if now.After(w.ends().Add(time.Minute)) {
		diags.Append(setLateCommitWatch(ctx, private, nil)...)
	}
}
