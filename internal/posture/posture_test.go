package posture

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func daysAgo(d int) int64 { return now.Add(-time.Duration(d) * 24 * time.Hour).Unix() }

func ptr[T any](v T) *T { return &v }

// secure is a workspace that passes every check.
func secure() Findings {
	return Findings{
		IdentityVerificationOn: true,
		Enforcement:            &intercom.IdentityVerificationSettings{EnforcedOnWeb: true},
		TwoFactorRequired:      ptr(true),
		TrustedDomains:         &[]string{"salestim.com"},
		IPAllowlist:            &intercom.IPAllowlist{Enabled: true, Ranges: []string{"203.0.113.0/24"}},
		Secrets:                []intercom.IdentityVerificationSecret{{ID: "1", Name: "web", SupportsWeb: true, CreatedAt: daysAgo(10)}},
		MaxSecretAge:           365 * 24 * time.Hour,
		Now:                    now,
		ProtectedAttributes:    []string{"plan", "company/tier"},
		DataAttributes: &[]intercom.DataAttribute{
			{Name: "email", Model: "contact", MessengerWritable: true},
			{Name: "plan", Model: "contact", Custom: true},
			{Name: "tier", Model: "company", Custom: true},
			{Name: "favourite_colour", Model: "contact", Custom: true, MessengerWritable: true},
			{Name: "old", Model: "contact", Custom: true, Archived: true, MessengerWritable: true},
		},
	}
}

func TestEvaluate(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Findings)
		key    string
		status string
		source string
		detail string // a part of the detail
	}{
		{"2FA required", func(*Findings) {}, KeyTwoFactor, Pass, Modelled, "Every teammate"},
		{"2FA off", func(f *Findings) { f.TwoFactorRequired = ptr(false) }, KeyTwoFactor, Fail, Modelled, "required = true"},
		{"2FA not served", func(f *Findings) { f.TwoFactorRequired = nil }, KeyTwoFactor, Unknown, Modelled, "not published"},
		{"no domains", func(f *Findings) { f.TrustedDomains = &[]string{} }, KeyTrustedDomains, Fail, Modelled, "any site"},
		{"domains not served", func(f *Findings) { f.TrustedDomains = nil }, KeyTrustedDomains, Unknown, Modelled, "Trusted domains"},
		{"identity on web", func(*Findings) {}, KeyIdentity, Pass, PublishedModelled, "enforced on web"},
		{"identity off", func(f *Findings) { f.IdentityVerificationOn = false }, KeyIdentity, Fail, Published, "not enforced"},
		{"identity on, platforms unknown", func(f *Findings) { f.Enforcement = nil }, KeyIdentity, Pass, Published, "no per-platform"},
		{"allowlist disabled", func(f *Findings) { f.IPAllowlist.Enabled = false }, KeyIPAllowlist, Fail, Published, "disabled"},
		{"allowlist empty", func(f *Findings) { f.IPAllowlist.Ranges = nil }, KeyIPAllowlist, Fail, Published, "empty"},
		{"allowlist unreadable", func(f *Findings) { f.IPAllowlist, f.IPAllowlistWhyUnknown = nil, "no scope" }, KeyIPAllowlist, Unknown, Published, "no scope"},
		{"no secret", func(f *Findings) { f.Secrets = nil }, KeyIdentitySecrets, Fail, Published, "no identity verification secret"},
		{"old secret", func(f *Findings) { f.Secrets[0].CreatedAt = daysAgo(400) }, KeyIdentitySecrets, Fail, PublishedModelled, "400 days old, over 365"},
		{"old secret replaced by a newer one", func(f *Findings) {
			f.Secrets = append(f.Secrets, intercom.IdentityVerificationSecret{ID: "0", SupportsWeb: true, CreatedAt: daysAgo(900)})
		}, KeyIdentitySecrets, Pass, PublishedModelled, "younger than 365 days"},
		{"enforced platform without a secret", func(f *Findings) { f.Enforcement.EnforcedOnIOS = true }, KeyIdentitySecrets, Fail, PublishedModelled, "no secret supports iOS, where identity verification is enforced: create an intercom_identity_verification_secret"},
		{"shorter max age", func(f *Findings) { f.MaxSecretAge = 5 * 24 * time.Hour }, KeyIdentitySecrets, Fail, PublishedModelled, "10 days old, over 5"},
		{"allowlist open to every IPv4 address", func(f *Findings) { f.IPAllowlist.Ranges = append(f.IPAllowlist.Ranges, "0.0.0.0/0") }, KeyIPAllowlist, Fail, Published, "0.0.0.0/0 lets every address in"},
		{"allowlist open to every IPv6 address", func(f *Findings) { f.IPAllowlist.Ranges = []string{"::/0"} }, KeyIPAllowlist, Fail, Published, "::/0 lets every address in"},
		{"per-platform enforcement unreadable, a platform without a secret", func(f *Findings) { f.Enforcement = nil },
			KeyIdentitySecrets, Unknown, Published, "not known whether it is enforced on iOS, Android, which no secret supports: if it is, create"},
		{"per-platform enforcement unreadable, every platform signed", func(f *Findings) {
			f.Enforcement = nil
			f.Secrets = []intercom.IdentityVerificationSecret{{ID: "1", SupportsWeb: true, SupportsIOS: true, SupportsAndroid: true, CreatedAt: daysAgo(1)}}
		}, KeyIdentitySecrets, Pass, Published, "younger than 365 days"},
		{"per-platform enforcement unreadable, no secret at all", func(f *Findings) { f.Enforcement, f.Secrets = nil, nil },
			KeyIdentitySecrets, Fail, Published, "no identity verification secret"},
		{"identity off, enforcement unreadable, one platform signed", func(f *Findings) { f.Enforcement, f.IdentityVerificationOn = nil, false },
			KeyIdentitySecrets, Pass, Published, "younger than 365 days"},
		{"secrets unreadable (scope)", func(f *Findings) { f.SecretsWhyUnknown = "HTTP 403 forbidden" }, KeyIdentitySecrets, Unknown, Published, "HTTP 403 forbidden"},
		{"2FA unreadable (scope)", func(f *Findings) {
			f.ModelledWhyUnknown = map[string]string{KeyTwoFactor: "HTTP 401 token_unauthorized"}
		},
			KeyTwoFactor, Unknown, Modelled, "HTTP 401 token_unauthorized"},
		{"named attributes protected", func(*Findings) {}, KeyProtectedAttrs, Pass, Published, "cannot write the 2 named"},
		{"a named attribute writable", func(f *Findings) { (*f.DataAttributes)[2].MessengerWritable = true }, KeyProtectedAttrs, Fail, Published, "can still write company/tier"},
		{"a company name without its model", func(f *Findings) { f.ProtectedAttributes = []string{"tier"} }, KeyProtectedAttrs, Fail, Published, "tier is not a custom"},
		{"a standard attribute named", func(f *Findings) { f.ProtectedAttributes = []string{"email"} }, KeyProtectedAttrs, Fail, Published, "email is not a custom"},
		{"an archived attribute named", func(f *Findings) { f.ProtectedAttributes = []string{"old"} }, KeyProtectedAttrs, Fail, Published, "old is not a custom"},
		{"none named", func(f *Findings) { f.ProtectedAttributes = nil }, KeyProtectedAttrs, Unknown, Published, "1 custom attribute(s) can be written from the Messenger: favourite_colour."},
		{"attributes unreadable", func(f *Findings) { f.DataAttributes, f.DataAttributesWhyUnknown = nil, "no scope" }, KeyProtectedAttrs, Unknown, Published, "no scope"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := secure()
			c.change(&f)
			checks, passed := Evaluate(f)
			got := checks[c.key]
			if got.Status != c.status || got.Source != c.source || !strings.Contains(got.Detail, c.detail) {
				t.Fatalf("%s = %+v, want status %s, source %s, detail containing %q", c.key, got, c.status, c.source, c.detail)
			}
			if passed != (c.status == Pass && allPass(checks)) {
				t.Fatalf("passed = %v with %v", passed, checks)
			}
		})
	}
}

func allPass(checks map[string]Check) bool {
	for _, c := range checks {
		if c.Status != Pass {
			return false
		}
	}
	return true
}

func TestSecureWorkspacePassesEveryCheck(t *testing.T) {
	checks, passed := Evaluate(secure())
	if !passed || len(checks) != 6 {
		t.Fatalf("passed=%v, %d checks: %+v", passed, len(checks), checks)
	}
}

// Each badge is a shields.io endpoint document: valid JSON with schemaVersion 1.
func TestBadges(t *testing.T) {
	f := secure()
	f.TwoFactorRequired = nil
	f.TrustedDomains = &[]string{}
	checks, _ := Evaluate(f)
	want := map[string][3]string{
		KeyTwoFactor:       {"2FA", "unknown", "lightgrey"},
		KeyTrustedDomains:  {"Domains", "failing", "critical"},
		KeyIdentity:        {"Identity", "verified", "success"},
		KeyIPAllowlist:     {"IP allowlist", "verified", "success"},
		KeyIdentitySecrets: {"Secrets", "verified", "success"},
		KeyProtectedAttrs:  {"Attributes", "verified", "success"},
	}
	for key, w := range want {
		var badge struct {
			SchemaVersion int    `json:"schemaVersion"`
			Label         string `json:"label"`
			Message       string `json:"message"`
			Color         string `json:"color"`
		}
		if err := json.Unmarshal([]byte(checks[key].Badge), &badge); err != nil {
			t.Fatalf("%s badge is not JSON: %v: %s", key, err, checks[key].Badge)
		}
		if badge.SchemaVersion != 1 || badge.Label != w[0] || badge.Message != w[1] || badge.Color != w[2] {
			t.Errorf("%s badge = %+v, want %v", key, badge, w)
		}
	}
}

// With none named, the detail names at most ten writable attributes and counts the rest.
func TestProtectedAttributesUnknownNamesAtMostTen(t *testing.T) {
	f := secure()
	f.ProtectedAttributes = nil
	var attrs []intercom.DataAttribute
	for i := range 12 {
		attrs = append(attrs, intercom.DataAttribute{Name: fmt.Sprintf("a%02d", i), Model: "contact", Custom: true, MessengerWritable: true})
	}
	f.DataAttributes = &attrs
	c := protectedAttributes(f)
	if c.Status != Unknown || !strings.Contains(c.Detail, "12 custom attribute(s)") ||
		!strings.Contains(c.Detail, "a09 and 2 more") || strings.Contains(c.Detail, "a10") {
		t.Fatalf("%+v", c)
	}
}

func TestKeysByStatus(t *testing.T) {
	f := secure()
	f.TwoFactorRequired = nil
	f.TrustedDomains = &[]string{}
	f.IPAllowlist.Enabled = false
	checks, passed := Evaluate(f)
	if passed {
		t.Fatal("passed with failures")
	}
	if got := Keys(checks, Fail); strings.Join(got, ",") != "ip_allowlist,trusted_domains" {
		t.Errorf("failed = %v", got)
	}
	if got := Keys(checks, Unknown); strings.Join(got, ",") != "two_factor_authentication" {
		t.Errorf("unknown = %v", got)
	}
	if got := Keys(checks, Pass); len(got) != 3 {
		t.Errorf("passed = %v", got)
	}
}

// Boundaries and details the main table does not pin (each kills a mutant that lived).
func TestPostureEdges(t *testing.T) {
	// A secret exactly max_secret_age_days old is not over the age.
	f := secure()
	f.Secrets[0].CreatedAt = now.Add(-f.MaxSecretAge).Unix()
	if c := secrets(f); c.Status != Pass {
		t.Errorf("a secret exactly at the maximum age: %+v", c)
	}
	// Enforcement read, and on no platform, while /me says identity verification is on:
	// no "enforced on" with an empty list.
	f = secure()
	f.Enforcement = &intercom.IdentityVerificationSettings{}
	if c := identity(f); strings.Contains(c.Detail, "enforced on .") || !strings.Contains(c.Detail, "GET /me") {
		t.Errorf("enforcement on no platform: %+v", c)
	}
	// The unknown secrets detail names the age bound in days.
	f = secure()
	f.Enforcement = nil
	if c := secrets(f); !strings.Contains(c.Detail, "younger than 365 days") {
		t.Errorf("unknown secrets detail: %q", c.Detail)
	}
	// None named and none writable: the count, and no empty list.
	f = secure()
	f.ProtectedAttributes = nil
	f.DataAttributes = &[]intercom.DataAttribute{{Name: "plan", Model: "contact", Custom: true}}
	if c := protectedAttributes(f); !strings.Contains(c.Detail, "0 custom attribute(s) can be written from the Messenger. Name") {
		t.Errorf("no writable attribute: %q", c.Detail)
	}
}
