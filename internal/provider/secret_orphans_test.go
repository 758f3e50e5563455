package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// No live secret is ever left untracked: a create whose outcome stays unknown after the
// last try is looked for once more, and what it made is deleted (its material, shown
// only in the lost answer, is gone with it).
func TestAccIdentityVerificationSecret_noOrphan(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings string
		fault    emulator.Fault
	}{
		{"answer lost on the last try", "max_retries = 0",
			emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets", DropAfterApply: true, Count: 1}},
		{"committed after the client gave up", "max_retries = 0\n  request_timeout = \"500ms\"",
			emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets", Latency: 800 * time.Millisecond, ApplyLate: true, Count: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			unsetProviderEnv(t)
			srv := acctest.StartEmulator(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					PreConfig: func() { srv.InjectFault(tc.fault) },
					Config: acctest.ProviderBlock(srv, tc.settings) + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
`,
					ExpectError: regexp.MustCompile(`(?s)create the identity verification secret`),
				}},
			})
			// Let a late commit land if the provider had not waited for it.
			time.Sleep(time.Second)
			if s := emulatorSecrets(srv); len(s) != 0 {
				t.Fatalf("the failed create left %d live secret(s) no state tracks: %+v", len(s), s)
			}
		})
	}
}

// Two secrets with the same name, created in parallel while one create's answer is lost:
// reconciling the lost one never deletes its sibling.
func TestAccIdentityVerificationSecret_parallelSameName(t *testing.T) {
	unsetProviderEnv(t)
	srv := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				srv.InjectFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets",
					Latency: 500 * time.Millisecond, DropAfterApply: true, Count: 1})
			},
			Config: acctest.ProviderBlock(srv) + `
resource "intercom_identity_verification_secret" "web" {
  count        = 2
  name         = "Production web"
  supports_web = true
}
`,
			Check: func(s *terraform.State) error {
				live := map[string]bool{}
				for _, secret := range emulatorSecrets(srv) {
					live[secret.ID] = true
				}
				for i := range 2 {
					id, err := stateID(s, fmt.Sprintf("intercom_identity_verification_secret.web.%d", i))
					if err != nil {
						return err
					}
					if !live[id] {
						return fmt.Errorf("secret %s in the state was deleted by its sibling's reconcile (live: %v)", id, live)
					}
				}
				if len(live) != 2 {
					return fmt.Errorf("%d live secrets, want 2", len(live))
				}
				return nil
			},
		}},
	})
}

// A later run that finds a recent secret with the same name (left by an interrupted
// apply that could not clean up) reports its id and the command that deletes it.
func TestAccIdentityVerificationSecret_reportsLeftover(t *testing.T) {
	srv := acctest.StartEmulator(t)
	c, err := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token})
	if err != nil {
		t.Fatal(err)
	}
	leftover, err := c.CreateIdentityVerificationSecret(context.Background(),
		intercom.NewIdentityVerificationSecret{Name: "Production web", SupportsWeb: true})
	if err != nil {
		t.Fatal(err)
	}
	wd := acctest.NewWorkdir(t, map[string]string{"main.tf": requiredProviders + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	out := strings.Join(strings.Fields(wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-no-color"}).Output()), " ")
	for _, want := range []string{"Recent secret with the same name found", "id " + leftover.ID,
		"curl -X DELETE " + srv.URL() + "/secure_mode_secrets/" + leftover.ID} {
		if !strings.Contains(out, want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
}

// With the provider's defaults (max_retries, request_timeout), a create that Intercom
// commits after the client stopped waiting for it, or after a gateway answered for it,
// leaves exactly one live secret, the one in the state, and the next plan is clean.
func TestAccIdentityVerificationSecret_lateCommitDefaults(t *testing.T) {
	post := emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets", Count: 1}
	cases := []struct {
		name  string
		fault emulator.Fault
	}{
		{"gateway 502, committed a second later", emulator.Fault{Status: http.StatusBadGateway, CommitLate: true, Latency: time.Second}},
		{"gateway 504, committed a second later", emulator.Fault{Status: http.StatusGatewayTimeout, CommitLate: true, Latency: time.Second}},
		{"connection dropped, committed a second later", emulator.Fault{Drop: true, CommitLate: true, Latency: time.Second}},
		// request_timeout is 30s by default: Intercom commits a second after the client gave up.
		{"client timed out, committed after", emulator.Fault{ApplyLate: true, Latency: 31 * time.Second}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := acctest.StartEmulator(t)
			f := tc.fault
			f.Method, f.PathPrefix, f.Count = post.Method, post.PathPrefix, post.Count
			// The user's defaults: no max_retries, no request_timeout.
			config := acctest.ProviderBlockWithDefaults(srv) + `
resource "intercom_identity_verification_secret" "web" {
  name         = "Production web"
  supports_web = true
}
`
			if strings.Contains(config, "max_retries") || strings.Contains(config, "request_timeout") {
				t.Fatal("the test does not run with the provider's defaults")
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig: func() { srv.InjectFault(f) },
						Config:    config,
						Check: func(s *terraform.State) error {
							time.Sleep(2 * time.Second) // anything still to land has landed
							id, err := stateID(s, "intercom_identity_verification_secret.web")
							if err != nil {
								return err
							}
							live := emulatorSecrets(srv)
							if len(live) != 1 || live[0].ID != id {
								return fmt.Errorf("Intercom holds %d secret(s) %+v; want exactly one, %s, the one in the state", len(live), live, id)
							}
							return nil
						},
					},
					{Config: config, PlanOnly: true},
				},
			})
		})
	}
}
