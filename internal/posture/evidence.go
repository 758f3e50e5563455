package posture

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/attribution"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// LogRetention is how long Intercom keeps its activity log, as its help centre documents
// ("up to one year"): an entry older than that cannot be looked for.
const LogRetention = 365 * 24 * time.Hour

// ActivityLog is what was read of the activity log for the settings Intercom publishes no
// endpoint for: the entries of their types over LogRetention.
type ActivityLog struct {
	Entries []intercom.ActivityLog
	// WhyUnread, when set, says why the log could not be read: Entries is then empty.
	WhyUnread string
	// Partial, when set, says the read stopped before the log's end: an entry not found
	// may be in the part not read.
	Partial string
}

// logEvidence is the evidence the activity log can give of each modelled setting.
var logEvidence = map[string]attribution.Evidence{
	KeyTwoFactor:      attribution.TwoFactor,
	KeyTrustedDomains: attribution.TrustedDomains,
	KeyIdentity:       attribution.IdentityVerification,
}

// LogEvidenceTypes are the activity types to read for the modelled settings' evidence.
func LogEvidenceTypes() []string {
	var types []string
	for _, ev := range logEvidence {
		for _, t := range ev.Types {
			if !slices.Contains(types, t) {
				types = append(types, t)
			}
		}
	}
	slices.Sort(types)
	return types
}

// settingUnread reports whether a modelled check could not read its setting, so that the
// activity log is the only evidence there is.
func settingUnread(key string, f Findings) bool {
	switch key {
	case KeyTwoFactor:
		return f.TwoFactorRequired == nil
	case KeyTrustedDomains:
		return f.TrustedDomains == nil
	case KeyIdentity:
		return f.Enforcement == nil
	}
	return false
}

// logEvidenceFor words what the activity log shows of a setting that could not be read:
// the newest entry naming it within the log's retention (who, when, what it says), as
// evidence of a change, never of the value now; or that no entry names it, so it cannot
// be checked; or that the log could not be read either. "" when f.Log is nil.
func logEvidenceFor(key string, f Findings) string {
	ev, ok := logEvidence[key]
	if !ok || f.Log == nil {
		return ""
	}
	if f.Log.WhyUnread != "" {
		return "The activity log could not be read either (" + f.Log.WhyUnread + "), so it cannot be checked here."
	}
	since := f.Now.Add(-LogRetention)
	// The entries naming the setting in the newest second: Intercom documents no order
	// for its log, and entries of one second cannot be ordered, so all of them are shown.
	var newest []intercom.ActivityLog
	for _, l := range f.Log.Entries {
		if l.CreatedAt < since.Unix() || ev.JudgeEntry(l) != attribution.Names {
			continue
		}
		switch {
		case len(newest) == 0 || l.CreatedAt > newest[0].CreatedAt:
			newest = []intercom.ActivityLog{l}
		case l.CreatedAt == newest[0].CreatedAt:
			newest = append(newest, l)
		}
	}
	if len(newest) == 0 {
		if f.Log.Partial != "" {
			return fmt.Sprintf("No entry naming %s among the %d activity-log entries read, but the log was read in part (%s): "+
				"an older entry may name it. It cannot be checked here.", ev.What, len(f.Log.Entries), f.Log.Partial)
		}
		return fmt.Sprintf("No activity-log entry names %s within the year Intercom keeps its log, so it cannot be checked here.", ev.What)
	}
	slices.SortFunc(newest, func(a, b intercom.ActivityLog) int { return strings.Compare(a.ID, b.ID) })
	quoted := make([]string, len(newest))
	for i, l := range newest {
		says := l.ActivityDescription
		if len(l.Metadata) > 0 {
			meta, _ := json.Marshal(l.Metadata)
			says += " " + string(meta)
		}
		quoted[i] = fmt.Sprintf("%s (%s, entry %s): %q", attribution.Teammate(l), l.ActivityType, l.ID, strings.TrimSpace(says))
	}
	at := time.Unix(newest[0].CreatedAt, 0).UTC().Format(time.RFC3339)
	noun := "entry"
	if len(newest) > 1 {
		noun = "entries"
	}
	subject := fmt.Sprintf("The newest activity-log %s naming %s", noun, ev.What)
	if f.Log.Partial != "" {
		// Intercom documents no order for its log: what was found is the newest of what
		// was read, and a newer entry may be in the part not read.
		subject = fmt.Sprintf("The activity log was read in part (%s), so a newer entry may be in the part not read; "+
			"the newest of the %d entries read that name %s", f.Log.Partial, len(f.Log.Entries), ev.What)
	}
	lead := fmt.Sprintf("%s: at %s, %s.", subject, at, quoted[0])
	if len(newest) > 1 {
		lead = fmt.Sprintf("%s, %d in one second (%s), which Intercom's log cannot order: %s.", subject, len(newest), at,
			strings.Join(quoted, "; "))
	}
	return lead + " It shows a change, not the value now, so it is evidence, not a pass."
}
