package posture

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

func entry(id string, at int64, who, typ, text string, meta map[string]any) intercom.ActivityLog {
	return intercom.ActivityLog{ID: id, CreatedAt: at, ActivityType: typ, ActivityDescription: text, Metadata: meta,
		PerformedBy: intercom.PerformedBy{ID: "1", Email: who}}
}

// On today's hosts the modelled settings cannot be read: the check stays unknown (never
// pass), and says what the newest entry naming the setting within a year shows, or that
// none does, or that the log could not be read either.
func TestLogEvidenceOfSettingsThatCannotBeRead(t *testing.T) {
	t.Parallel()
	unread := func() Findings {
		f := secure()
		f.TwoFactorRequired, f.TrustedDomains, f.Enforcement = nil, nil, nil
		return f
	}
	f := unread()
	f.Log = &ActivityLog{Entries: []intercom.ActivityLog{
		entry("old", now.Add(-400*24*time.Hour).Unix(), "ann@example.com", "security_settings_change", "Turned 2FA on", nil),
		entry("a", daysAgo(30), "eve@example.com", "security_settings_change", "Changed two-factor authentication requirement",
			map[string]any{"new_state": "true"}),
		entry("b", daysAgo(3), "mallory@example.com", "security_settings_change", "Changed the IP allowlist", nil),
		entry("c", daysAgo(400), "ann@example.com", "trusted_domains_setting_change", "Changed the Messenger's trusted domains", nil),
	}}
	checks, passed := Evaluate(f)
	if passed {
		t.Fatal("passed with settings that could not be read")
	}
	two := checks[KeyTwoFactor]
	if !strings.HasPrefix(two.Evidence, "The newest activity-log entry naming two-factor authentication: at ") {
		t.Errorf("one entry is not named as one: %s", two.Evidence)
	}
	if two.Status != Unknown || !strings.Contains(two.Evidence, "at "+time.Unix(daysAgo(30), 0).UTC().Format(time.RFC3339)+", eve@example.com (security_settings_change, entry a)") || !strings.Contains(two.Evidence, `\"new_state\":\"true\"`) ||
		!strings.Contains(two.Evidence, "evidence, not a pass") || strings.Contains(two.Evidence, "mallory") {
		t.Errorf("2FA: %s: %s", two.Status, two.Evidence)
	}
	if got := checks[KeyTrustedDomains].Evidence; !strings.Contains(got, "No activity-log entry names the Messenger's trusted domains within the year") {
		t.Errorf("trusted domains, whose only entry is older than a year: %s", got)
	}
	if got := checks[KeyIPAllowlist].Evidence; got != "" {
		t.Errorf("the allowlist, which was read, got log evidence: %s", got)
	}

	f = unread()
	f.Log = &ActivityLog{Partial: "10 pages read, 12 in all"}
	if got := Evaluate1(f, KeyIdentity).Evidence; !strings.Contains(got, "read in part (10 pages read, 12 in all)") {
		t.Errorf("a partial read: %s", got)
	}
	f.Log = &ActivityLog{WhyUnread: "HTTP 401 token_unauthorized"}
	if got := Evaluate1(f, KeyIdentity).Evidence; !strings.Contains(got, "could not be read either (HTTP 401 token_unauthorized)") {
		t.Errorf("an unread log: %s", got)
	}
	// A setting that fails on what was read gets no log evidence: GET /me says off.
	f.IdentityVerificationOn = false
	if c := Evaluate1(f, KeyIdentity); c.Status != Fail || c.Evidence != "" {
		t.Errorf("identity off: %s, evidence %q", c.Status, c.Evidence)
	}
}

// Evaluate1 is one check of Evaluate.
func Evaluate1(f Findings, key string) Check {
	checks, _ := Evaluate(f)
	return checks[key]
}

// The token check passes only on what it read, says what it does not cover, and fails
// when the teammate left or a read is refused.
func TestAccessToken(t *testing.T) {
	t.Parallel()
	c := Evaluate1(secure(), KeyAccessToken)
	if c.Status != Pass || !strings.Contains(c.Detail, WritesUnreadable) || !strings.Contains(c.Current, "writes: not readable") {
		t.Errorf("healthy token: %+v", c)
	}
	for name, tc := range map[string]struct {
		change func(*TokenHealth)
		status string
		detail string
	}{
		"teammate left":      {func(h *TokenHealth) { h.TeammateListed = ptr(false) }, Fail, "no longer among the workspace's teammates"},
		"read refused":       {func(h *TokenHealth) { h.Reads[1].Granted, h.Reads[1].Why = ptr(false), "HTTP 401" }, Fail, "may not read conversations (HTTP 401)"},
		"admins unread":      {func(h *TokenHealth) { h.TeammateListed, h.AdminsWhyUnread = nil, "HTTP 500" }, Unknown, "could not be read: HTTP 500"},
		"probe did not tell": {func(h *TokenHealth) { h.Reads[0].Granted, h.Reads[0].Why = nil, "HTTP 503" }, Unknown, "read contacts (HTTP 503) could not be told"},
	} {
		f := secure()
		tc.change(f.Token)
		if c := Evaluate1(f, KeyAccessToken); c.Status != tc.status || !strings.Contains(c.Detail, tc.detail) {
			t.Errorf("%s: %s: %s", name, c.Status, c.Detail)
		}
	}
}

// The newest naming entry is picked whatever order Intercom lists them in, the greater id
// within one second, and an entry exactly a year old still counts; an entry without
// metadata is quoted by its description alone.
func TestLogEvidencePicksTheNewestWhateverTheOrder(t *testing.T) {
	t.Parallel()
	f := secure()
	f.TwoFactorRequired = nil
	yearAgo := now.Add(-LogRetention).Unix()
	for _, tc := range []struct {
		name    string
		entries []intercom.ActivityLog
		want    string
	}{
		{"newest listed first", []intercom.ActivityLog{
			entry("9", daysAgo(1), "new@example.com", "security_settings_change", "2FA on", nil),
			entry("8", daysAgo(5), "old@example.com", "security_settings_change", "2FA off", nil)}, `: at .*, new@example.com \(security_settings_change, entry 9\): "2FA on"\. It shows`},
		{"newest listed last", []intercom.ActivityLog{
			entry("8", daysAgo(5), "old@example.com", "security_settings_change", "2FA off", nil),
			entry("9", daysAgo(1), "new@example.com", "security_settings_change", "2FA on", nil)}, `new@example.com \(security_settings_change, entry 9\)`},
		{"one second: every entry, none chosen", []intercom.ActivityLog{
			entry("7", daysAgo(1), "a@example.com", "security_settings_change", "2FA off", nil),
			entry("8", daysAgo(1), "b@example.com", "security_settings_change", "2FA on", nil),
			entry("6", daysAgo(9), "c@example.com", "security_settings_change", "2FA on", nil)},
			`entries naming two-factor authentication, 2 in one second \(.*\), which Intercom's log cannot order: a@example.com \(security_settings_change, entry 7\): "2FA off"; b@example.com \(security_settings_change, entry 8\): "2FA on"\.`},
		{"exactly a year old", []intercom.ActivityLog{
			entry("5", yearAgo, "", "security_settings_change", "2FA on", nil)}, `admin 1 \(security_settings_change, entry 5\)`},
		{"a second more than a year old", []intercom.ActivityLog{
			entry("4", yearAgo-1, "x@example.com", "security_settings_change", "2FA on", nil)}, `No activity-log entry names two-factor authentication`},
	} {
		f.Log = &ActivityLog{Entries: tc.entries}
		if got := Evaluate1(f, KeyTwoFactor).Evidence; !regexp.MustCompile(tc.want).MatchString(got) {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// A log read in part (a busy workspace, past the pages read) may hold a newer entry in the
// part not read, since Intercom documents no order for its log: the entry found is the
// newest of those read, and the evidence says that, never "the newest".
func TestLogEvidenceFromALogReadInPartSaysSo(t *testing.T) {
	t.Parallel()
	f := secure()
	f.TwoFactorRequired = nil
	f.Log = &ActivityLog{Partial: "20 pages read, 31 in all", Entries: []intercom.ActivityLog{
		entry("9", daysAgo(40), "ann@example.com", "security_settings_change", "2FA on", nil)}}
	got := Evaluate1(f, KeyTwoFactor).Evidence
	if strings.Contains(got, "The newest activity-log entry") ||
		!strings.Contains(got, "the newest of the 1 entries read that name two-factor authentication: at ") || !strings.Contains(got, "read in part (20 pages read, 31 in all)") ||
		!strings.Contains(got, "a newer entry may be in the part not read") || !strings.Contains(got, "entry 9") {
		t.Errorf("evidence from a partial read: %s", got)
	}
}
