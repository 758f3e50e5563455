package provider

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

func TestResolveSettings(t *testing.T) {
	cases := []struct {
		name    string
		cfg     providerModel
		env     map[string]string
		wantURL string
		wantErr string
	}{
		{name: "default region", cfg: providerModel{AccessToken: types.StringValue("t")}, wantURL: "https://api.intercom.io"},
		{name: "eu", cfg: providerModel{AccessToken: types.StringValue("t"), Region: types.StringValue("EU")}, wantURL: "https://api.eu.intercom.io"},
		{name: "au from env", cfg: providerModel{AccessToken: types.StringValue("t")}, env: map[string]string{EnvRegion: "au"}, wantURL: "https://api.au.intercom.io"},
		{name: "base_url overrides region", cfg: providerModel{AccessToken: types.StringValue("t"), Region: types.StringValue("eu"), BaseURL: types.StringValue("http://127.0.0.1:1")}, wantURL: "http://127.0.0.1:1"},
		{name: "base_url from env", cfg: providerModel{AccessToken: types.StringValue("t")}, env: map[string]string{EnvBaseURL: "https://proxy.example/intercom"}, wantURL: "https://proxy.example/intercom"},
		{name: "config wins over env", cfg: providerModel{AccessToken: types.StringValue("t"), Region: types.StringValue("us")}, env: map[string]string{EnvRegion: "eu"}, wantURL: "https://api.intercom.io"},
		{name: "token from env", cfg: providerModel{}, env: map[string]string{EnvAccessToken: "t"}, wantURL: "https://api.intercom.io"},
		{name: "no token", cfg: providerModel{}, wantErr: "Missing Intercom access token"},
		{name: "bad region env", cfg: providerModel{AccessToken: types.StringValue("t")}, env: map[string]string{EnvRegion: "mars"}, wantErr: "Unknown Intercom region"},
		{name: "bad base_url env", cfg: providerModel{AccessToken: types.StringValue("t")}, env: map[string]string{EnvBaseURL: "api.intercom.io"}, wantErr: "Invalid Intercom base URL"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range []string{EnvAccessToken, EnvRegion, EnvBaseURL} {
				t.Setenv(k, c.env[k])
			}
			// Unset fields are the framework's zero values, which are null: as if not configured.
			var diags diag.Diagnostics
			s, ok := resolveSettings(c.cfg, os.Getenv, &diags)
			if c.wantErr != "" {
				if ok || !diags.HasError() || diags.Errors()[0].Summary() != c.wantErr {
					t.Fatalf("want error %q, got ok=%v %v", c.wantErr, ok, diags)
				}
				return
			}
			if !ok || s.baseURL != c.wantURL || s.maxRetries != defaultMaxRetries || s.requestTimeout != 30*time.Second {
				t.Fatalf("settings %+v ok=%v %v; want base URL %s", s, ok, diags, c.wantURL)
			}
		})
	}
}

// A base_url (or INTERCOM_BASE_URL, often a sensitive variable) with a password is refused
// at plan, and the diagnostic shows no password and says where proxy credentials go.
func TestBaseURLCredentialsRefusedWithoutPrintingThem(t *testing.T) {
	for _, k := range []string{EnvAccessToken, EnvRegion} {
		t.Setenv(k, "")
	}
	t.Setenv(EnvBaseURL, "https://proxyuser:s3cr3t-pw@proxy.example/intercom")
	var diags diag.Diagnostics
	if _, ok := resolveSettings(providerModel{AccessToken: types.StringValue("t")}, os.Getenv, &diags); ok || !diags.HasError() {
		t.Fatalf("a base URL with credentials was accepted: %v", diags)
	}
	d := diags.Errors()[0]
	if d.Summary() != "Invalid Intercom base URL" || strings.Contains(d.Detail(), "s3cr3t") || !strings.Contains(d.Detail(), "HTTPS_PROXY") {
		t.Fatalf("diagnostic %q: %q", d.Summary(), d.Detail())
	}
}

// region = "eu" beside an INTERCOM_BASE_URL left in the environment: base_url wins, and
// the user is told, where before region was ignored without a word.
func TestAccRegionBesideBaseURLWarns(t *testing.T) {
	t.Parallel()
	srv := acctest.StartEmulator(t)
	wd := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
provider "intercom" { region = "eu" }
data "intercom_workspace" "this" {}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	out := strings.Join(strings.Fields(wd.MustRun([]string{"plan", "-input=false", "-no-color"}).Output()), " ")
	for _, want := range []string{"Warning: region is ignored: base_url is set", `region "eu"`, "every call goes to " + srv.URL()} {
		if !strings.Contains(out, want) {
			t.Errorf("plan output lacks %q:\n%s", want, out)
		}
	}
	// Without region, no warning.
	wd2 := newWorkdir(t, map[string]string{"main.tf": requiredProviders + `
data "intercom_workspace" "this" {}
`})
	wd2.Env = append(wd2.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	if out := wd2.MustRun([]string{"plan", "-input=false", "-no-color"}).Output(); strings.Contains(out, "region is ignored") {
		t.Errorf("a warning without region:\n%s", out)
	}
}
