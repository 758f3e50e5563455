package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/salestim/terraform-provider-intercom/internal/attribution"
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

// evidence says which activity-log entries prove who changed a setting (see
// attribution.Evidence).
type evidence = attribution.Evidence

// warnDrift adds a warning that a setting changed outside Terraform, with what the
// activity log proves about who changed it (whoChanged).
func warnDrift(ctx context.Context, data *providerData, since time.Time, setting string, ev evidence, diags *diag.Diagnostics) {
	diags.AddWarning(setting+" changed outside Terraform", "Intercom holds a value that differs from Terraform's state. "+
		"Where the configuration still differs from Intercom, the plan shows the change and apply puts the configured "+
		"value back; where it already holds Intercom's new value, the plan has no change for it. "+
		whoChanged(ctx, data, since, ev))
}

// driftLogPages bounds the pages of 250 entries read to attribute one drift.
const driftLogPages = 10

// whoChanged is one sentence saying who changed a setting found drifted at refresh, as
// far as Intercom's activity log proves it (attribution.WhoChanged). It makes one call, POST
// /admins/activity_logs/search filtered by type on Intercom's side, and follows its pages
// (Intercom documents no order, so the newest entry may be on any page). Failing to read
// the log never fails the read: the sentence says so instead.
func whoChanged(ctx context.Context, data *providerData, since time.Time, ev evidence) string {
	now := time.Now()
	from := since
	if from.IsZero() || now.Sub(from) > driftLookback {
		from = now.Add(-driftLookback)
	}
	// Intercom's bounds are in whole seconds and inclusive: from the sync's second on.
	logs, err := data.client.SearchActivityLogs(ctx, intercom.ActivityLogSearch{After: from, EventTypes: ev.Types, MaxPages: driftLogPages})
	partial := ""
	if errors.Is(err, intercom.ErrActivityLogTruncated) {
		partial = err.Error()
	} else if err != nil {
		return fmt.Sprintf("Who changed it could not be looked up in the activity log: %v", err)
	}
	return attribution.WhoChanged(logs, ev, attribution.Search{Since: since, From: from, OurAdminID: data.me.ID, Partial: partial})
}
