package provider

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/attribution"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
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

func TestPickDriftEntries(t *testing.T) {
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
				got := pickDriftEntries(shuffled(tc.logs, seed), twoFactorEvidence, attribution.Names, since, us)
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
		ev          evidence
		want, avoid []string
	}{
		{"mallory turns 2FA off, then eve changes the allowlist: the 2FA warning names mallory",
			[]intercom.ActivityLog{mallory2FA, eveAllowlist}, twoFactorEvidence,
			[]string{"says mallory@salestim.com changed two-factor authentication", "entry m"}, []string{"eve"}},
		{"… and the allowlist warning names eve",
			[]intercom.ActivityLog{mallory2FA, eveAllowlist}, ipAllowlistEvidence,
			[]string{"says eve@salestim.com changed the IP allowlist", "entry e"}, []string{"mallory"}},
		{"an entry that names no setting is reported as such, not as proof",
			[]intercom.ActivityLog{eveSilent}, twoFactorEvidence,
			[]string{"made by eve@salestim.com", "does not say which setting", "not known whether"}, []string{"says eve"}},
		{"an entry naming the setting wins over a newer one naming none",
			[]intercom.ActivityLog{mallory2FA, eveSilent}, twoFactorEvidence,
			[]string{"says mallory@salestim.com changed"}, []string{"eve"}},
		{"an entry naming only the other setting is no evidence",
			[]intercom.ActivityLog{eveAllowlist}, twoFactorEvidence,
			[]string{"has no entry naming two-factor authentication", "is not known"}, []string{"eve", "mallory"}},
		{"a teammate's own 2FA enrolment is no evidence about the requirement",
			[]intercom.ActivityLog{logEntry("a", syncAt+5, "bob", "admin_two_factor_auth_change", "Enabled two-factor authentication")}, twoFactorEvidence,
			[]string{"has no entry naming"}, []string{"bob"}},
		{"the parent's rename says nothing about a test workspace it does not name",
			[]intercom.ActivityLog{logEntry("r", syncAt+5, "bob", "app_name_change", "Renamed workspace")},
			testWorkspaceEvidence("tw123456", "app_name_change"),
			[]string{"has no entry naming test workspace tw123456"}, []string{"bob"}},
		{"a rename naming the test workspace is proof",
			[]intercom.ActivityLog{{ID: "r", CreatedAt: syncAt + 5, ActivityType: "app_name_change", ActivityDescription: "Renamed test workspace",
				Metadata: map[string]any{"id_code": "tw123456"}, PerformedBy: intercom.PerformedBy{Email: "bob@salestim.com"}}},
			testWorkspaceEvidence("tw123456", "app_name_change"),
			[]string{"says bob@salestim.com changed test workspace tw123456"}, nil},
		// A name inside a longer token is not the setting: the wrong teammate would be
		// blamed with certainty.
		{"removing help.salestim.com does not name salestim.com",
			[]intercom.ActivityLog{logEntry("h", syncAt+5, "eve", "app_messenger_trusted_domains_change", "Removed help.salestim.com")},
			evidence{What: "trusted domain salestim.com", Types: []string{"app_messenger_trusted_domains_change"}, Names: []string{"salestim.com"}, UnnamedTells: true},
			[]string{"does not say which setting"}, []string{"says eve"}},
		{"deleting secret 1104 does not name secret 104",
			[]intercom.ActivityLog{logEntry("s", syncAt+5, "eve", "secure_mode_secret_deleted", "Deleted identity verification secret 1104")},
			evidence{What: "secret 104", Types: []string{"secure_mode_secret_deleted"}, Names: []string{"104"}, UnnamedTells: true},
			[]string{"does not say which setting"}, []string{"says eve"}},
		{"two people in the newest second: both named, neither chosen",
			[]intercom.ActivityLog{logEntry("x", syncAt+40, "eve", s, "2FA off"), logEntry("y", syncAt+40, "mallory", s, "2FA on")}, twoFactorEvidence,
			[]string{"one of ", "eve@salestim.com", "mallory@salestim.com", "cannot order"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(4) {
				got := attribute(shuffled(tc.logs, seed), tc.ev, since, since, us, "")
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

// Intercom documents no order for its activity log: the newest entry naming the setting
// is found on whichever page it is, listed newest or oldest first.
func TestWhoChangedReadsEveryPageInEitherOrder(t *testing.T) {
	now := time.Now()
	for _, oldestFirst := range []bool{false, true} {
		var clock atomic.Int64
		srv := emulator.New(emulator.Config{LogOldestFirst: oldestFirst, Now: func() time.Time { return time.Unix(clock.Load(), 0) }})
		if err := srv.Start("127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = srv.Close() })
		on, off := true, false
		// 300 older 2FA changes by bob (two pages of 250), then mallory's, the newest.
		for i := range 300 {
			clock.Store(now.Add(-50*time.Minute).Unix() + int64(i))
			if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TwoFactorRequired: &on, TeammateEmail: "bob@salestim.com"}); err != nil {
				t.Fatal(err)
			}
		}
		clock.Store(now.Add(-10 * time.Minute).Unix())
		if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TwoFactorRequired: &off, TeammateEmail: "mallory@salestim.com"}); err != nil {
			t.Fatal(err)
		}
		client, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
		if err != nil {
			t.Fatal(err)
		}
		data := &providerData{client: client, me: &intercom.Me{ID: us}}
		got := whoChanged(context.Background(), data, now.Add(-time.Hour), twoFactorEvidence)
		if !strings.Contains(got, "says mallory@salestim.com") || strings.Contains(got, "bob") {
			t.Errorf("oldest first %v: %s", oldestFirst, got)
		}
	}
}

// As a user meets it: mallory turns 2FA off, then eve disables the IP allowlist; both are
// security_settings_change. Each warning names whom the log proves for its own setting,
// whichever order Intercom lists its log in.
func TestAccDriftAttribution_twoSettingsOneActivityType(t *testing.T) {
	for _, oldestFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("oldest first %v", oldestFirst), func(t *testing.T) {
			srv := acctest.StartEmulatorWith(t, emulator.Config{LogOldestFirst: oldestFirst})
			wd := acctest.NewWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_two_factor_authentication" "this" { required = true }
resource "intercom_ip_allowlist" "this" {
  enabled   = true
  ip_ranges = ["127.0.0.1"]
}
`})
			wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
			wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
			time.Sleep(1100 * time.Millisecond) // the hand changes come in later seconds than the sync
			off := false
			if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TwoFactorRequired: &off, TeammateEmail: "mallory@salestim.com"}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1100 * time.Millisecond)
			if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{IPAllowlistEnabled: &off, TeammateEmail: "eve@salestim.com"}); err != nil {
				t.Fatal(err)
			}
			res := wd.MustRun([]string{"plan", "-input=false", "-no-color"}, 0, 2)
			warnings := map[string]string{}
			for _, block := range strings.Split(res.Output(), "Warning: ")[1:] {
				summary, rest, _ := strings.Cut(block, "\n")
				warnings[summary] = strings.Join(strings.Fields(rest), " ")
			}
			twoFA, allowlist := warnings["Two-factor authentication changed outside Terraform"], warnings["IP allowlist changed outside Terraform"]
			if !strings.Contains(twoFA, "says mallory@salestim.com") || strings.Contains(twoFA, "eve@") {
				t.Errorf("the 2FA warning does not name mallory alone: %q", twoFA)
			}
			if !strings.Contains(allowlist, "says eve@salestim.com") || strings.Contains(allowlist, "mallory@") {
				t.Errorf("the allowlist warning does not name eve alone: %q", allowlist)
			}
		})
	}
}

// A teammate turns 2FA off by hand while the same change is merged into the
// configuration: the plan has no changes, and the drift warning must not promise that
// apply will restore anything (it used to say "apply restores the configured value").
func TestAccDriftWarningMatchesAnEmptyPlan(t *testing.T) {
	srv := acctest.StartEmulator(t)
	files := func(required bool) map[string]string {
		return map[string]string{"main.tf": requiredProviders + fmt.Sprintf(`
resource "intercom_two_factor_authentication" "this" { required = %t }
`, required)}
	}
	wd := acctest.NewWorkdir(t, files(true))
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"})
	off := false
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TwoFactorRequired: &off}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wd.Dir, "main.tf"), []byte(files(false)["main.tf"]), 0o600); err != nil {
		t.Fatal(err)
	}
	res := wd.MustRun([]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"})
	out := strings.Join(strings.Fields(res.Output()), " ")
	if !strings.Contains(out, "changed outside Terraform") || !strings.Contains(out, "where it already holds Intercom's new value, the plan has no change for it") {
		t.Errorf("plan output:\n%s", res.Output())
	}
	if strings.Contains(out, "apply restores") {
		t.Errorf("the warning promises a restore the plan does not make:\n%s", res.Output())
	}
}

// A busy workspace: more entries of the setting's type than the pages read. Intercom
// documents no order for its log, so the entries read may not hold the newest: here they
// are bob's older changes, listed oldest first, and mallory's newest is in the part not
// read. The warning must not name bob as who changed it.
func TestWhoChangedFromALogReadInPartNamesNoOne(t *testing.T) {
	t.Parallel()
	now := time.Now()
	var clock atomic.Int64
	srv := emulator.New(emulator.Config{LogOldestFirst: true, Now: func() time.Time { return time.Unix(clock.Load(), 0) }})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	on, off := true, false
	for i := range driftLogPages*250 + 10 {
		clock.Store(now.Add(-50*time.Minute).Unix() + int64(i/2))
		if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TwoFactorRequired: &on, TeammateEmail: "bob@salestim.com"}); err != nil {
			t.Fatal(err)
		}
	}
	clock.Store(now.Add(-5 * time.Minute).Unix())
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{TwoFactorRequired: &off, TeammateEmail: "mallory@salestim.com"}); err != nil {
		t.Fatal(err)
	}
	client, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
	if err != nil {
		t.Fatal(err)
	}
	got := whoChanged(context.Background(), &providerData{client: client, me: &intercom.Me{ID: us}}, now.Add(-time.Hour), twoFactorEvidence)
	for _, want := range []string{"read in part", "a newer entry may be in the part not read", "who changed it is not known", "bob@salestim.com"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "says bob") || strings.Contains(got, "the newest entry naming it since") {
		t.Errorf("%q names bob as who changed it, though the log was read in part", got)
	}
}
