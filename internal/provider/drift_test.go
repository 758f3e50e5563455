package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// us is the token's teammate in these tests.
const us = "991267"

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
	t.Parallel()
	for _, oldestFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("oldest first %v", oldestFirst), func(t *testing.T) {
			srv := acctest.StartEmulatorWith(t, emulator.Config{LogOldestFirst: oldestFirst})
			wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
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
	t.Parallel()
	srv := acctest.StartEmulator(t)
	files := func(required bool) map[string]string {
		return map[string]string{"main.tf": requiredProviders + fmt.Sprintf(`
resource "intercom_two_factor_authentication" "this" { required = %t }
`, required)}
	}
	wd := newWorkdir(t, files(true))
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
