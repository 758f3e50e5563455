package provider

import (
	"context"
	"encoding/json"
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

// warnDrift adds a warning naming who changed setting outside Terraform and when,
// from the newest activity log entry of one of activityTypes since the last sync.
// It makes one API call, one page; failing to read the log never fails the read.
func warnDrift(ctx context.Context, data *providerData, since time.Time, setting string, activityTypes []string, diags *diag.Diagnostics) {
	now := time.Now()
	if since.IsZero() || now.Sub(since) > driftLookback {
		since = now.Add(-driftLookback)
	}
	// Intercom's bounds are in whole seconds: step back one so a change in the same
	// second as the last sync is not missed.
	logs, err := data.client.ListActivityLogs(ctx, intercom.ActivityLogQuery{After: since.Add(-time.Second), MaxPages: 1})
	summary := setting + " changed outside Terraform"
	if err != nil {
		diags.AddWarning(summary, fmt.Sprintf("Intercom holds a value that differs from Terraform's state; the plan shows the "+
			"difference. Who changed it could not be looked up in the activity log: %v", err))
		return
	}
	found := newestChangeBy(logs, activityTypes, data.me.ID)
	if found == nil {
		diags.AddWarning(summary, fmt.Sprintf("Intercom holds a value that differs from Terraform's state; the plan shows the "+
			"difference. Intercom's activity log has no %v entry since %s to say who changed it.",
			activityTypes, since.UTC().Format(time.RFC3339)))
		return
	}
	who := found.PerformedBy.Email
	if who == "" {
		who = "admin " + found.PerformedBy.ID
	}
	if found.PerformedBy.IP != "" {
		who += " from " + found.PerformedBy.IP
	}
	diags.AddWarning(summary, fmt.Sprintf("Intercom's activity log says %s changed it at %s (%s, entry %s). "+
		"The plan shows the difference; apply to restore the configured value.",
		who, unixToRFC3339(found.CreatedAt), found.ActivityType, found.ID))
}

// newestChangeBy picks the newest entry of one of activityTypes, preferring entries by
// someone other than ourAdminID: Terraform's own writes are logged too, in the same
// second as a sync.
func newestChangeBy(logs []intercom.ActivityLog, activityTypes []string, ourAdminID string) *intercom.ActivityLog {
	var found *intercom.ActivityLog
	better := func(l, than *intercom.ActivityLog) bool {
		lOthers, thanOthers := l.PerformedBy.ID != ourAdminID, than.PerformedBy.ID != ourAdminID
		if lOthers != thanOthers {
			return lOthers
		}
		return l.CreatedAt >= than.CreatedAt
	}
	for i := range logs {
		l := &logs[i]
		if slices.Contains(activityTypes, l.ActivityType) && (found == nil || better(l, found)) {
			found = l
		}
	}
	return found
}
