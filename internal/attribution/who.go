package attribution

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// JudgeEntry reads one activity-log entry (its description and metadata) for what it says
// about the setting.
func (e Evidence) JudgeEntry(l intercom.ActivityLog) Verdict {
	meta, _ := json.Marshal(l.Metadata)
	return e.Judge(l.ActivityType, l.ActivityDescription+" "+string(meta))
}

// Search is how the activity log was read to explain a drift.
type Search struct {
	// Since is when Terraform last saw the setting as recorded; zero when it does not know
	// (an imported state).
	Since time.Time
	// From is where the log was read from (Since, or a bounded look back).
	From time.Time
	// OurAdminID is the token's teammate, whose own write may share Since's second.
	OurAdminID string
	// Partial, when set, says why the log was read in part: Intercom documents no order
	// for its log, so the newest entry may be in the part not read.
	Partial string
}

// WhoChanged is one sentence saying who changed ev's setting since Terraform last saw it
// as recorded, as far as logs prove it: the teammate of the newest entry naming it (each
// of them when entries share that second); an entry of a shared type naming no setting
// as what it is; or that who changed it is not known. From a log read in part it names
// no one as who changed it.
func WhoChanged(logs []intercom.ActivityLog, ev Evidence, s Search) string {
	if s.Partial != "" {
		return whoChangedFromPart(logs, ev, s)
	}
	if named := pick(logs, ev, Names, s.Since, s.OurAdminID); len(named) > 0 {
		types := make([]string, len(named))
		for i, l := range named {
			types[i] = l.ActivityType
		}
		return fmt.Sprintf("Intercom's activity log says %s %s %s at %s (%s): the newest entry naming it since "+
			"Terraform last saw it as recorded.", whoOf(named), Verb(types), ev.What, rfc3339(named[0].CreatedAt), entriesOf(named))
	}
	if ev.UnnamedTells {
		if unnamed := pick(logs, ev, Unnamed, s.Since, s.OurAdminID); len(unnamed) > 0 {
			l := unnamed[0]
			return fmt.Sprintf("The newest %s entry since Terraform last saw %s as recorded was made by %s at %s (%s); "+
				"Intercom's log does not say which setting it changed, so it is not known whether that change was this one.",
				l.ActivityType, ev.What, whoOf(unnamed), rfc3339(l.CreatedAt), entriesOf(unnamed))
		}
	}
	return fmt.Sprintf("Intercom's activity log has no entry naming %s since %s, when Terraform last saw it as recorded, "+
		"so who changed it is not known.", ev.What, s.From.UTC().Format(time.RFC3339))
}

// whoChangedFromPart words what a log read in part shows: the newest entry naming the
// setting among those read, if any, as what it is, never as who made this change.
func whoChangedFromPart(logs []intercom.ActivityLog, ev Evidence, s Search) string {
	lead := fmt.Sprintf("Intercom's activity log was read in part (%d entries: %s), and Intercom documents no order for it, "+
		"so a newer entry may be in the part not read: who changed it is not known.", len(logs), s.Partial)
	if named := pick(logs, ev, Names, s.Since, s.OurAdminID); len(named) > 0 {
		return fmt.Sprintf("%s Among the entries read, the newest naming %s since Terraform last saw it as recorded was made "+
			"by %s at %s (%s).", lead, ev.What, whoOf(named), rfc3339(named[0].CreatedAt), entriesOf(named))
	}
	return fmt.Sprintf("%s None of the entries read names %s since %s.", lead, ev.What, s.From.UTC().Format(time.RFC3339))
}

// pick picks the entries that explain a drift, of verdict want: those of the newest
// second after since (when Terraform last saw the setting as recorded), whoever made them
// (the same token from another configuration or a script counts), newest by created_at
// whatever order Intercom listed them in. An entry older than since is never picked. An
// entry in since's own second may be Terraform's own write, which is logged in the second
// it syncs: such entries are picked only when no later one exists and someone other than
// ourAdminID made them. A zero since (an imported state) takes the newest.
func pick(logs []intercom.ActivityLog, ev Evidence, want Verdict, since time.Time, ourAdminID string) []intercom.ActivityLog {
	var after, sameSecond []intercom.ActivityLog // after: the entries of the newest second after since
	for _, l := range logs {
		if ev.JudgeEntry(l) != want {
			continue
		}
		switch {
		case since.IsZero() || l.CreatedAt > since.Unix():
			switch {
			case len(after) == 0 || l.CreatedAt > after[0].CreatedAt:
				after = []intercom.ActivityLog{l}
			case l.CreatedAt == after[0].CreatedAt:
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

// Teammate names who made an entry: the teammate's e-mail address, or their admin id
// when the entry gives none.
func Teammate(l intercom.ActivityLog) string {
	if l.PerformedBy.Email != "" {
		return l.PerformedBy.Email
	}
	return "admin " + l.PerformedBy.ID
}

// whoOf names the people behind entries made in one second: one, or each when the log
// cannot order them.
func whoOf(entries []intercom.ActivityLog) string {
	var people []string
	for _, l := range entries {
		who := Teammate(l)
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

func rfc3339(sec int64) string { return time.Unix(sec, 0).UTC().Format(time.RFC3339) }
