package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Drift attribution: when a read finds a setting changed outside Terraform, one call to
// the activity log names who changed it and when, as a warning in the plan.

// privateSyncKey is the private-state key holding when Terraform last saw the setting
// as it recorded it: the activity log is searched from there on.
const privateSyncKey = "last_synced"

type syncMark struct {
	At int64 `json:"at"` // Unix seconds
}

// privateState is what both resource requests' Private fields offer.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func markSynced(ctx context.Context, p privateSetter, now time.Time) diag.Diagnostics {
	b, _ := json.Marshal(syncMark{At: now.Unix()})
	return p.SetKey(ctx, privateSyncKey, b)
}

// lastSynced is when the setting was last seen as recorded; zero when unknown (imported
// state, or a state written by an older provider).
func lastSynced(ctx context.Context, p privateGetter) time.Time {
	if p == nil {
		return time.Time{}
	}
	b, diags := p.GetKey(ctx, privateSyncKey)
	if diags.HasError() || len(b) == 0 {
		return time.Time{}
	}
	var m syncMark
	if json.Unmarshal(b, &m) != nil || m.At == 0 {
		return time.Time{}
	}
	return time.Unix(m.At, 0)
}

// drifted reports a recorded value that the remote one contradicts. A value not
// recorded yet (during import) is no drift.
func drifted(recorded, remote attr.Value) bool {
	return !recorded.IsNull() && !recorded.IsUnknown() && !recorded.Equal(remote)
}

// driftLookback bounds the search when Terraform does not know when it last synced.
const driftLookback = 30 * 24 * time.Hour

// warnDrift adds a warning that setting changed outside Terraform, naming who changed it
// and when (whoChanged).
func warnDrift(ctx context.Context, data *providerData, since time.Time, setting string, activityTypes []string, diags *diag.Diagnostics) {
	diags.AddWarning(setting+" changed outside Terraform", "Intercom holds a value that differs from Terraform's state; "+
		"the plan shows the difference, and apply restores the configured value. "+
		whoChanged(ctx, data, since, activityTypes))
}

// whoChanged is one sentence naming who made a change found at refresh, and when: the
// newest activity log entry of one of activityTypes since Terraform last saw the object
// as recorded (pickDriftEntry). It makes one call, POST /admins/activity_logs/search
// filtered by type on Intercom's side, so a busy workspace still answers in one call;
// failing to read the log never fails the read, it says so instead.
func whoChanged(ctx context.Context, data *providerData, since time.Time, activityTypes []string) string {
	now := time.Now()
	from := since
	if from.IsZero() || now.Sub(from) > driftLookback {
		from = now.Add(-driftLookback)
	}
	// Intercom's bounds are in whole seconds and inclusive: from the sync's second on.
	logs, err := data.client.SearchActivityLogs(ctx, intercom.ActivityLogSearch{After: from, EventTypes: activityTypes, MaxPages: 1})
	if err != nil && !errors.Is(err, intercom.ErrActivityLogTruncated) {
		return fmt.Sprintf("Who changed it could not be looked up in the activity log: %v", err)
	}
	found := pickDriftEntry(logs, activityTypes, since, data.me.ID)
	if found == nil {
		return fmt.Sprintf("Intercom's activity log has no %v entry since %s, when Terraform last saw it as recorded, "+
			"so who changed it cannot be said.", activityTypes, from.UTC().Format(time.RFC3339))
	}
	who := found.PerformedBy.Email
	if who == "" {
		who = "admin " + found.PerformedBy.ID
	}
	if found.PerformedBy.IP != "" {
		who += " from " + found.PerformedBy.IP
	}
	return fmt.Sprintf("Intercom's activity log says %s changed it at %s (%s, entry %s): the newest such change since "+
		"Terraform last saw it as recorded.", who, unixToRFC3339(found.CreatedAt), found.ActivityType, found.ID)
}

// pickDriftEntry picks the entry that explains a drift: the newest of activityTypes made
// after since (when Terraform last saw the setting as recorded), whoever made it: the
// same token from another configuration or a script counts. An entry older than since is
// never named. An entry in since's own second may be Terraform's own write, which is
// logged in the second it syncs: it is named only when no later entry exists and
// someone other than ourAdminID made it. A zero since (an imported state) takes the
// newest entry.
func pickDriftEntry(logs []intercom.ActivityLog, activityTypes []string, since time.Time, ourAdminID string) *intercom.ActivityLog {
	var after, sameSecond *intercom.ActivityLog
	for i := range logs {
		l := &logs[i]
		if !slices.Contains(activityTypes, l.ActivityType) {
			continue
		}
		switch {
		case since.IsZero() || l.CreatedAt > since.Unix():
			// Intercom lists newest first: within one second, the first listed is the newest.
			if after == nil || l.CreatedAt > after.CreatedAt {
				after = l
			}
		case l.CreatedAt == since.Unix() && l.PerformedBy.ID != ourAdminID:
			if sameSecond == nil {
				sameSecond = l
			}
		}
	}
	if after != nil {
		return after
	}
	return sameSecond
}
