package provider

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
			s, ok := resolveSettings(c.cfg, &diags)
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
	if _, ok := resolveSettings(providerModel{AccessToken: types.StringValue("t")}, &diags); ok || !diags.HasError() {
		t.Fatalf("a base URL with credentials was accepted: %v", diags)
	}
	d := diags.Errors()[0]
	if d.Summary() != "Invalid Intercom base URL" || strings.Contains(d.Detail(), "s3cr3t") || !strings.Contains(d.Detail(), "HTTPS_PROXY") {
		t.Fatalf("diagnostic %q: %q", d.Summary(), d.Detail())
	}
}
