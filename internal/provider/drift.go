package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
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

// judge reads one entry for what it says about ev's setting.
func judge(ev evidence, l intercom.ActivityLog) attribution.Verdict {
	meta, _ := json.Marshal(l.Metadata)
	return ev.Judge(l.ActivityType, l.ActivityDescription+" "+string(meta))
}

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
// far as Intercom's activity log proves it (attribute). It makes one call, POST
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
	return attribute(logs, ev, since, from, data.me.ID, partial)
}

// attribute words what logs prove about who changed ev's setting since Terraform last
// saw it as recorded. partial, when set, says the log was read in part: Intercom
// documents no order for its log, so the newest entry may be in the part not read, and
// no one is named as who changed it.
func attribute(logs []intercom.ActivityLog, ev evidence, since, from time.Time, ourAdminID, partial string) string {
	if partial != "" {
		return attributeFromPart(logs, ev, since, from, ourAdminID, partial)
	}
	named := pickDriftEntries(logs, ev, attribution.Names, since, ourAdminID)
	if len(named) > 0 {
		types := make([]string, len(named))
		for i, l := range named {
			types[i] = l.ActivityType
		}
		return fmt.Sprintf("Intercom's activity log says %s %s %s at %s (%s): the newest entry naming it since "+
			"Terraform last saw it as recorded.", whoOf(named), attribution.Verb(types), ev.What, unixToRFC3339(named[0].CreatedAt), entriesOf(named))
	}
	if ev.UnnamedTells {
		if unnamedEntries := pickDriftEntries(logs, ev, attribution.Unnamed, since, ourAdminID); len(unnamedEntries) > 0 {
			l := unnamedEntries[0]
			return fmt.Sprintf("The newest %s entry since Terraform last saw %s as recorded was made by %s at %s (%s); "+
				"Intercom's log does not say which setting it changed, so it is not known whether that change was this one.",
				l.ActivityType, ev.What, whoOf(unnamedEntries), unixToRFC3339(l.CreatedAt), entriesOf(unnamedEntries))
		}
	}
	return fmt.Sprintf("Intercom's activity log has no entry naming %s since %s, when Terraform last saw it as recorded, "+
		"so who changed it is not known.", ev.What, from.UTC().Format(time.RFC3339))
}

// attributeFromPart words what a log read in part shows: the newest entry naming the
// setting among those read, if any, as what it is, never as who made this change.
func attributeFromPart(logs []intercom.ActivityLog, ev evidence, since, from time.Time, ourAdminID, partial string) string {
	lead := fmt.Sprintf("Intercom's activity log was read in part (%d entries: %s), and Intercom documents no order for it, "+
		"so a newer entry may be in the part not read: who changed it is not known.", len(logs), partial)
	if named := pickDriftEntries(logs, ev, attribution.Names, since, ourAdminID); len(named) > 0 {
		return fmt.Sprintf("%s Among the entries read, the newest naming %s since Terraform last saw it as recorded was made "+
			"by %s at %s (%s).", lead, ev.What, whoOf(named), unixToRFC3339(named[0].CreatedAt), entriesOf(named))
	}
	return fmt.Sprintf("%s None of the entries read names %s since %s.", lead, ev.What, from.UTC().Format(time.RFC3339))
}

// whoOf names the people behind entries made in one second: one, or each when the log
// cannot order them.
func whoOf(entries []intercom.ActivityLog) string {
	var people []string
	for _, l := range entries {
		who := l.PerformedBy.Email
		if who == "" {
			who = "admin " + l.PerformedBy.ID
		}
		if l.PerformedBy.IP != "" {
			who += " from " + l.PerformedBy.IP
		}
		if !slices.Contains(people, who) {
			people = append(people, who)
		}
	}
	if len(people) == 1 {
		return people[0]
	}
	return "one of " + strings.Join(people, ", ") + " (their entries share one second, which Intercom's log cannot order)"
}

func entriesOf(entries []intercom.ActivityLog) string {
	ids := make([]string, len(entries))
	for i, l := range entries {
		ids[i] = l.ActivityType + ", entry " + l.ID
	}
	return strings.Join(ids, "; ")
}

// pickDriftEntries picks the entries that explain a drift, of verdict want: those of the
// newest second after since (when Terraform last saw the setting as recorded), whoever
// made them (the same token from another configuration or a script counts), newest by
// created_at whatever order Intercom listed them in. An entry older than since is never
// picked. An entry in since's own second may be Terraform's own write, which is logged
// in the second it syncs: such entries are picked only when no later one exists and
// someone other than ourAdminID made them. A zero since (an imported state) takes the
// newest.
func pickDriftEntries(logs []intercom.ActivityLog, ev evidence, want attribution.Verdict, since time.Time, ourAdminID string) []intercom.ActivityLog {
	var newest int64 = -1
	var after, sameSecond []intercom.ActivityLog
	for _, l := range logs {
		if judge(ev, l) != want {
			continue
		}
		switch {
		case since.IsZero() || l.CreatedAt > since.Unix():
			switch {
			case l.CreatedAt > newest:
				newest, after = l.CreatedAt, []intercom.ActivityLog{l}
			case l.CreatedAt == newest:
				after = append(after, l)
			}
		case l.CreatedAt == since.Unix() && l.PerformedBy.ID != ourAdminID:
			sameSecond = append(sameSecond, l)
		}
	}
	if len(after) > 0 {
		return after
	}
	return sameSecond
}
