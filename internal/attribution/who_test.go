package attribution

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

const us, syncAt = "991267", int64(1_800_000_000)

func logEntry(id string, at int64, by, kind, description string) intercom.ActivityLog {
	return intercom.ActivityLog{ID: id, CreatedAt: at, ActivityType: kind, ActivityDescription: description,
		PerformedBy: intercom.PerformedBy{ID: by, Email: by + "@salestim.com"}}
}

// shuffled returns the entries in a random order: Intercom documents no order.
func shuffled(logs []intercom.ActivityLog, seed uint64) []intercom.ActivityLog {
	out := slices.Clone(logs)
	rand.New(rand.NewPCG(seed, seed)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func ids(logs []intercom.ActivityLog) []string {
	var out []string
	for _, l := range logs {
		out = append(out, l.ID)
	}
	slices.Sort(out)
	return out
}

func TestPickTheEntriesThatExplainADrift(t *testing.T) {
	const s = "security_settings_change"
	for _, tc := range []struct {
		name  string
		logs  []intercom.ActivityLog
		since int64
		want  []string
	}{
		{"newest after the sync, whoever made it", []intercom.ActivityLog{
			logEntry("c", syncAt+30, us, s, "2FA"), // the same token, from a script
			logEntry("b", syncAt+20, "mallory", s, "2FA"),
		}, syncAt, []string{"c"}},
		{"older than the sync is never named", []intercom.ActivityLog{
			logEntry("a", syncAt-5, "mallory", s, "2FA"),
		}, syncAt, nil},
		{"other types are ignored", []intercom.ActivityLog{
			logEntry("x", syncAt+50, "eve", "app_name_change", "2FA"),
			logEntry("b", syncAt+20, "mallory", s, "2FA"),
		}, syncAt, []string{"b"}},
		{"our own write in the sync's second is not named", []intercom.ActivityLog{
			logEntry("w", syncAt, us, s, "2FA"),
		}, syncAt, nil},
		{"someone else in the sync's second is named when nothing is later", []intercom.ActivityLog{
			logEntry("w", syncAt, us, s, "2FA"),
			logEntry("m", syncAt, "mallory", s, "2FA"),
		}, syncAt, []string{"m"}},
		{"a later entry wins over the sync's second", []intercom.ActivityLog{
			logEntry("l", syncAt+1, us, s, "2FA"),
			logEntry("m", syncAt, "mallory", s, "2FA"),
		}, syncAt, []string{"l"}},
		{"within one second, every entry: the log cannot order them", []intercom.ActivityLog{
			logEntry("second", syncAt+9, "eve", s, "2FA"),
			logEntry("first", syncAt+9, "mallory", s, "2FA"),
			logEntry("older", syncAt+3, "bob", s, "2FA"),
		}, syncAt, []string{"first", "second"}},
		{"no sync known: the newest", []intercom.ActivityLog{
			logEntry("old", 100, "eve", s, "2FA"),
			logEntry("new", 200, us, s, "2FA"),
		}, 0, []string{"new"}},
		{"nothing", nil, syncAt, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var since time.Time
			if tc.since != 0 {
				since = time.Unix(tc.since, 0)
			}
			// Whatever order Intercom lists entries in, the same ones are picked.
			for seed := range uint64(8) {
				got := pick(shuffled(tc.logs, seed), TwoFactor, Names, since, us)
				if !slices.Equal(ids(got), tc.want) {
					t.Fatalf("order %d: picked %v, want %v", seed, ids(got), tc.want)
				}
			}
		})
	}
}

// 2FA and the IP allowlist both log security_settings_change: an entry is evidence for
// the setting it names, and one that names neither says only that someone changed some
// security setting.
func TestAttributionNamesOnlyWhomTheLogProves(t *testing.T) {
	const s = "security_settings_change"
	since := time.Unix(syncAt, 0)
	mallory2FA := logEntry("m", syncAt+10, "mallory", s, "Changed two-factor authentication requirement")
	eveAllowlist := logEntry("e", syncAt+20, "eve", s, "Changed the IP allowlist")
	eveSilent := logEntry("q", syncAt+30, "eve", s, "Changed security settings")
	cases := []struct {
		name        string
		logs        []intercom.ActivityLog
		ev          Evidence
		want, avoid []string
	}{
		{"mallory turns 2FA off, then eve changes the allowlist: the 2FA warning names mallory",
			[]intercom.ActivityLog{mallory2FA, eveAllowlist}, TwoFactor,
			[]string{"says mallory@salestim.com changed two-factor authentication", "entry m"}, []string{"eve"}},
		{"… and the allowlist warning names eve",
			[]intercom.ActivityLog{mallory2FA, eveAllowlist}, IPAllowlist,
			[]string{"says eve@salestim.com changed the IP allowlist", "entry e"}, []string{"mallory"}},
		{"an entry that names no setting is reported as such, not as proof",
			[]intercom.ActivityLog{eveSilent}, TwoFactor,
			[]string{"made by eve@salestim.com", "does not say which setting", "not known whether"}, []string{"says eve"}},
		{"an entry naming the setting wins over a newer one naming none",
			[]intercom.ActivityLog{mallory2FA, eveSilent}, TwoFactor,
			[]string{"says mallory@salestim.com changed"}, []string{"eve"}},
		{"an entry naming only the other setting is no evidence",
			[]intercom.ActivityLog{eveAllowlist}, TwoFactor,
			[]string{"has no entry naming two-factor authentication", "is not known"}, []string{"eve", "mallory"}},
		{"a teammate's own 2FA enrolment is no evidence about the requirement",
			[]intercom.ActivityLog{logEntry("a", syncAt+5, "bob", "admin_two_factor_auth_change", "Enabled two-factor authentication")}, TwoFactor,
			[]string{"has no entry naming"}, []string{"bob"}},
		{"the parent's rename says nothing about a test workspace it does not name",
			[]intercom.ActivityLog{logEntry("r", syncAt+5, "bob", "app_name_change", "Renamed workspace")},
			Evidence{What: "test workspace tw123456", Types: []string{"app_name_change"}, Names: []string{"tw123456"}},
			[]string{"has no entry naming test workspace tw123456"}, []string{"bob"}},
		{"a rename naming the test workspace is proof",
			[]intercom.ActivityLog{{ID: "r", CreatedAt: syncAt + 5, ActivityType: "app_name_change", ActivityDescription: "Renamed test workspace",
				Metadata: map[string]any{"id_code": "tw123456"}, PerformedBy: intercom.PerformedBy{Email: "bob@salestim.com"}}},
			Evidence{What: "test workspace tw123456", Types: []string{"app_name_change"}, Names: []string{"tw123456"}},
			[]string{"says bob@salestim.com changed test workspace tw123456"}, nil},
		// A name inside a longer token is not the setting: the wrong teammate would be
		// blamed with certainty.
		{"removing help.salestim.com does not name salestim.com",
			[]intercom.ActivityLog{logEntry("h", syncAt+5, "eve", "app_messenger_trusted_domains_change", "Removed help.salestim.com")},
			Evidence{What: "trusted domain salestim.com", Types: []string{"app_messenger_trusted_domains_change"}, Names: []string{"salestim.com"}, UnnamedTells: true},
			[]string{"does not say which setting"}, []string{"says eve"}},
		{"deleting secret 1104 does not name secret 104",
			[]intercom.ActivityLog{logEntry("s", syncAt+5, "eve", "secure_mode_secret_deleted", "Deleted identity verification secret 1104")},
			Evidence{What: "secret 104", Types: []string{"secure_mode_secret_deleted"}, Names: []string{"104"}, UnnamedTells: true},
			[]string{"does not say which setting"}, []string{"says eve"}},
		{"two people in the newest second: both named, neither chosen",
			[]intercom.ActivityLog{logEntry("x", syncAt+40, "eve", s, "2FA off"), logEntry("y", syncAt+40, "mallory", s, "2FA on")}, TwoFactor,
			[]string{"one of ", "eve@salestim.com", "mallory@salestim.com", "cannot order"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(4) {
				got := WhoChanged(shuffled(tc.logs, seed), tc.ev, Search{Since: since, From: since, OurAdminID: us})
				for _, w := range tc.want {
					if !strings.Contains(got, w) {
						t.Fatalf("%q lacks %q", got, w)
					}
				}
				for _, a := range tc.avoid {
					if strings.Contains(got, a) {
						t.Fatalf("%q names %q, whom the log does not prove", got, a)
					}
				}
			}
		})
	}
}

// A log read in part: the entries read may not hold the newest (Intercom documents no
// order), so no one is named as who changed it, and what the entries read show is said
// as what it is.
func TestWhoChangedFromALogReadInPart(t *testing.T) {
	since := time.Unix(syncAt, 0)
	const partial = "10 pages read, 11 in all"
	got := WhoChanged([]intercom.ActivityLog{logEntry("b", syncAt+10, "bob", "security_settings_change", "2FA on")}, TwoFactor,
		Search{Since: since, From: since, OurAdminID: us, Partial: partial})
	for _, want := range []string{"read in part (1 entries: " + partial + ")", "who changed it is not known",
		"the newest naming two-factor authentication since Terraform last saw it as recorded was made by bob@salestim.com", "entry b"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "says bob") {
		t.Errorf("%q names bob as who changed it", got)
	}
	got = WhoChanged(nil, TwoFactor, Search{Since: since, From: since, OurAdminID: us, Partial: partial})
	if !strings.Contains(got, "who changed it is not known. None of the entries read names two-factor authentication since "+since.UTC().Format(time.RFC3339)) {
		t.Errorf("nothing read names it: %q", got)
	}
}

// An entry names its teammate by e-mail address; an entry that gives none (a teammate
// since removed, say) by admin id, never as an empty name.
func TestTeammate(t *testing.T) {
	for _, tc := range []struct {
		by   intercom.PerformedBy
		want string
	}{
		{intercom.PerformedBy{ID: "991268", Email: "mallory@salestim.com", IP: "198.51.100.7"}, "mallory@salestim.com"},
		{intercom.PerformedBy{ID: "991268"}, "admin 991268"},
	} {
		if got := Teammate(intercom.ActivityLog{ID: "7", PerformedBy: tc.by}); got != tc.want {
			t.Errorf("Teammate(%+v) = %q, want %q", tc.by, got, tc.want)
		}
	}
}
