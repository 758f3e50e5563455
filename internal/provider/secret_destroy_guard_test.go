package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

func TestPlatformsLeftUnsigned(t *testing.T) {
	web := intercom.IdentityVerificationSecret{ID: "w", SupportsWeb: true}
	web2 := intercom.IdentityVerificationSecret{ID: "w2", SupportsWeb: true}
	mobile := intercom.IdentityVerificationSecret{ID: "m", SupportsIOS: true, SupportsAndroid: true}
	onWeb := &intercom.IdentityVerificationSettings{EnforcedOnWeb: true}
	onAll := &intercom.IdentityVerificationSettings{EnforcedOnWeb: true, EnforcedOnIOS: true, EnforcedOnAndroid: true}
	for _, tc := range []struct {
		name     string
		id       string
		secrets  []intercom.IdentityVerificationSecret
		enforced *intercom.IdentityVerificationSettings
		anywhere bool
		want     []string
	}{
		{"last web secret, web enforced", "w", []intercom.IdentityVerificationSecret{web, mobile}, onWeb, false, []string{"web"}},
		{"another web secret remains", "w", []intercom.IdentityVerificationSecret{web, web2}, onWeb, false, nil},
		{"platform not enforced", "m", []intercom.IdentityVerificationSecret{web, mobile}, onWeb, false, nil},
		{"every platform the secret alone supports", "m", []intercom.IdentityVerificationSecret{web, mobile}, onAll, false, []string{"iOS", "Android"}},
		{"per-platform unknown, enforced per GET /me", "w", []intercom.IdentityVerificationSecret{web}, nil, true, []string{"web"}},
		{"per-platform unknown, not enforced", "w", []intercom.IdentityVerificationSecret{web}, nil, false, nil},
		{"already gone", "x", []intercom.IdentityVerificationSecret{web}, onWeb, false, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := platformsLeftUnsigned(tc.id, tc.secrets, tc.enforced, tc.anywhere); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// Destroying the last secret of a platform where identity verification is enforced is
// refused, and the secret stays; with reset_on_destroy, the same destroy turns
// enforcement off first, and the secret goes.
func TestAccIdentityVerificationSecret_destroyRefusedWhileEnforced(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	config := func(resetOnDestroy bool) map[string]string {
		return map[string]string{"main.tf": requiredProviders + fmt.Sprintf(`
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
resource "intercom_identity_verification" "this" {
  web              = true
  reset_on_destroy = %t
  depends_on       = [intercom_identity_verification_secret.web]
}
`, resetOnDestroy)}
	}
	wd := newWorkdir(t, config(false))
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})

	res := wd.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	out := strings.Join(strings.Fields(res.Output()), " ")
	if res.ExitCode == 0 || !strings.Contains(out, "Secret still needed by identity verification") ||
		!strings.Contains(out, "reset_on_destroy = true") {
		t.Fatalf("destroying the last web secret while web is enforced was not refused (exit %d):\n%s", res.ExitCode, res.Output())
	}
	if ws := acctest.Workspace(t, srv); len(ws.Secrets) != 1 || !ws.IdentityVerification.Web {
		t.Fatalf("the refused destroy left the workspace as %+v", ws)
	}

	for name, content := range config(true) {
		if err := os.WriteFile(filepath.Join(wd.Dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	wd.MustRun([]string{"destroy", "-auto-approve", "-input=false"})
	if ws := acctest.Workspace(t, srv); len(ws.Secrets) != 0 || ws.IdentityVerification.Web {
		t.Fatalf("with reset_on_destroy the destroy left %+v", ws)
	}
}

// Two web secrets (count = 2), web enforcement turned on by hand, terraform destroy with
// Terraform's default parallelism: each delete checks that another web secret remains,
// and the two checks must not both pass before either delete lands. Intercom must never
// end with web enforced and no web secret. Each DELETE is slowed so that, without one
// lock around check and delete, both checks would see the other secret.
func TestAccIdentityVerificationSecret_parallelDestroyKeepsOne(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_identity_verification_secret" "web" {
  count        = 2
  name         = "Production web ${count.index}"
  supports_web = true
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	wd.MustRun([]string{"apply", "-auto-approve", "-input=false"})
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
		IdentityVerification: &emulator.IdentityVerificationChange{Web: ptr(true)},
	}); err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(emulator.Fault{Method: http.MethodDelete, PathPrefix: "/secure_mode_secrets/", Latency: 500 * time.Millisecond})
	res := wd.Run("destroy", "-auto-approve", "-input=false", "-no-color")
	if res.ExitCode == 0 {
		t.Fatalf("destroy deleted every web secret while web enforcement is on:\n%s", res.Output())
	}
	if out := strings.Join(strings.Fields(res.Output()), " "); !strings.Contains(out, "Secret still needed by identity verification") {
		t.Errorf("destroy failed for another reason:\n%s", res.Output())
	}
	ws := acctest.Workspace(t, srv)
	if !ws.IdentityVerification.Web || len(ws.Secrets) != 1 {
		t.Fatalf("Intercom ends with web enforced %v and %d web secret(s), want enforced and exactly one", ws.IdentityVerification.Web, len(ws.Secrets))
	}
}

// A writer the lock cannot see (a teammate enforcing iOS in the UI) leaves an enforced
// platform without a secret while we delete ours: the read after the delete says so,
// naming the platform, where before the delete was reported done without a word.
func TestCheckAfterSecretDeleteNamesAnEnforcedPlatformLeftUnsigned(t *testing.T) {
	srv := acctest.StartEmulator(t)
	client, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
	if err != nil {
		t.Fatal(err)
	}
	if got := checkAfterSecretDelete(context.Background(), client, "104"); got != "" {
		t.Fatalf("nothing enforced, yet: %s", got)
	}
	on := true
	if err := srv.ChangeByHand(emulator.DefaultWorkspace.IDCode, emulator.HandChange{
		IdentityVerification: &emulator.IdentityVerificationChange{IOS: &on},
	}); err != nil {
		t.Fatal(err)
	}
	got := checkAfterSecretDelete(context.Background(), client, "104")
	if !strings.Contains(got, "Secret 104 was deleted") || !strings.Contains(got, "enforced on iOS with no secret") {
		t.Fatalf("after the delete: %q", got)
	}
}
