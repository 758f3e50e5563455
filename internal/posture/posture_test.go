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
		Token: &TokenHealth{AdminID: "814860", TeammateListed: ptr(true), Reads: []TokenRead{
			{Permission: "read contacts", Granted: ptr(true)}, {Permission: "read conversations", Granted: ptr(true)}}},
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
		{"identity on, platforms unknown", func(f *Findings) { f.Enforcement = nil }, KeyIdentity, Unknown, Published, "not on which platforms"},
		{"identity enforced on Android only, the web signed but open", func(f *Findings) {
			f.Enforcement = &intercom.IdentityVerificationSettings{EnforcedOnAndroid: true}
			f.Secrets = append(f.Secrets, intercom.IdentityVerificationSecret{ID: "2", SupportsAndroid: true, CreatedAt: daysAgo(1)})
		}, KeyIdentity, Fail, PublishedModelled, "enforced on Android but not on web, which a live secret signs for"},
		{"identity enforced on no platform though /me says on", func(f *Findings) { f.Enforcement = &intercom.IdentityVerificationSettings{} },
			KeyIdentity, Fail, PublishedModelled, "on no platform"},
		{"identity enforced, secrets unreadable", func(f *Findings) { f.SecretsWhyUnknown = "HTTP 403 forbidden" },
			KeyIdentity, Unknown, PublishedModelled, "secrets could not be read"},
		{"identity off, per-platform read refused: still a fail", func(f *Findings) {
			f.IdentityVerificationOn, f.Enforcement = false, nil
			f.ModelledWhyUnknown = map[string]string{KeyIdentity: "HTTP 403 forbidden"}
		}, KeyIdentity, Fail, Published, "not enforced on any platform (GET /me)"},
		{"identity on, per-platform read refused", func(f *Findings) {
			f.Enforcement = nil
			f.ModelledWhyUnknown = map[string]string{KeyIdentity: "HTTP 403 forbidden"}
		}, KeyIdentity, Unknown, Published, "HTTP 403 forbidden"},
		{"trusted domains: a bare star", func(f *Findings) { f.TrustedDomains = &[]string{"*"} }, KeyTrustedDomains, Fail, Modelled, "do not restrict where it loads"},
		{"trusted domains: a star beside a real one", func(f *Findings) { f.TrustedDomains = &[]string{"salestim.com", "*.*"} }, KeyTrustedDomains, Fail, Modelled, "wildcard"},
		{"trusted domains: a subdomain pattern", func(f *Findings) { f.TrustedDomains = &[]string{"*.salestim.com"} }, KeyTrustedDomains, Pass, Modelled, "1 trusted domain"},
		{"allowlist disabled", func(f *Findings) { f.IPAllowlist.Enabled = false }, KeyIPAllowlist, Fail, Published, "disabled"},
		{"allowlist empty", func(f *Findings) { f.IPAllowlist.Ranges = nil }, KeyIPAllowlist, Fail, Published, "empty"},
		{"allowlist unreadable", func(f *Findings) { f.IPAllowlist, f.IPAllowlistWhyUnknown = nil, "no scope" }, KeyIPAllowlist, Unknown, Published, "no scope"},
		{"no secret", func(f *Findings) { f.Secrets = nil }, KeyIdentitySecrets, Fail, Published, "no identity verification secret"},
		{"old secret", func(f *Findings) { f.Secrets[0].CreatedAt = daysAgo(400) }, KeyIdentitySecrets, Fail, PublishedModelled, "400 days old, over 365"},
		{"a three-year-old secret still live beside a new one", func(f *Findings) {
			f.Secrets = append(f.Secrets, intercom.IdentityVerificationSecret{ID: "0", SupportsWeb: true, CreatedAt: daysAgo(1100)})
		}, KeyIdentitySecrets, Fail, PublishedModelled, "secret 0 is 1100 days old, over 365 and still live"},
		{"enforced platform without a secret", func(f *Findings) { f.Enforcement.EnforcedOnIOS = true }, KeyIdentitySecrets, Fail, PublishedModelled, "no secret supports iOS, where identity verification is enforced: create an intercom_identity_verification_secret"},
		{"shorter max age", func(f *Findings) { f.MaxSecretAge = 5 * 24 * time.Hour }, KeyIdentitySecrets, Fail, PublishedModelled, "10 days old, over 5"},
		{"allowlist open to every IPv4 address", func(f *Findings) { f.IPAllowlist.Ranges = append(f.IPAllowlist.Ranges, "0.0.0.0/0") }, KeyIPAllowlist, Fail, Published, "let every IPv4 address in"},
		{"allowlist of two halves of IPv4", func(f *Findings) { f.IPAllowlist.Ranges = []string{"128.0.0.0/1", "0.0.0.0/1"} }, KeyIPAllowlist, Fail, Published, "together let every IPv4 address in"},
		{"allowlist of three pieces of IPv4, overlapping", func(f *Findings) {
			f.IPAllowlist.Ranges = []string{"0.0.0.0/2", "64.0.0.0/2", "96.0.0.0/3", "128.0.0.0/1"}
		}, KeyIPAllowlist, Fail, Published, "every IPv4 address"},
		{"allowlist of IPv4 with one address missing", func(f *Findings) {
			f.IPAllowlist.Ranges = []string{"0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7",
				"254.0.0.0/8", "255.0.0.0/9", "255.128.0.0/10", "255.192.0.0/11", "255.224.0.0/12", "255.240.0.0/13", "255.248.0.0/14",
				"255.252.0.0/15", "255.254.0.0/16", "255.255.0.0/17", "255.255.128.0/18", "255.255.192.0/19", "255.255.224.0/20",
				"255.255.240.0/21", "255.255.248.0/22", "255.255.252.0/23", "255.255.254.0/24", "255.255.255.0/25", "255.255.255.128/26",
				"255.255.255.192/27", "255.255.255.224/28", "255.255.255.240/29", "255.255.255.248/30", "255.255.255.252/31", "255.255.255.254"}
		}, KeyIPAllowlist, Pass, Published, "enabled with 32 range(s)"},
		{"allowlist of IPv4 completed by single addresses", func(f *Findings) {
			f.IPAllowlist.Ranges = []string{"0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5", "248.0.0.0/6", "252.0.0.0/7",
				"254.0.0.0/8", "255.0.0.0/9", "255.128.0.0/10", "255.192.0.0/11", "255.224.0.0/12", "255.240.0.0/13", "255.248.0.0/14",
				"255.252.0.0/15", "255.254.0.0/16", "255.255.0.0/17", "255.255.128.0/18", "255.255.192.0/19", "255.255.224.0/20",
				"255.255.240.0/21", "255.255.248.0/22", "255.255.252.0/23", "255.255.254.0/24", "255.255.255.0/25", "255.255.255.128/26",
				"255.255.255.192/27", "255.255.255.224/28", "255.255.255.240/29", "255.255.255.248/30", "255.255.255.252/31", "255.255.255.254",
				"255.255.255.255"}
		}, KeyIPAllowlist, Fail, Published, "every IPv4 address"},
		{"allowlist of IPv4 with one address missing in the middle", func(f *Findings) {
			f.IPAllowlist.Ranges = []string{"0.0.0.0/1", "128.0.0.0/32", "128.0.0.2/31", "128.0.0.4/30", "128.0.0.8/29", "128.0.0.16/28",
				"128.0.0.32/27", "128.0.0.64/26", "128.0.0.128/25", "128.0.1.0/24", "128.0.2.0/23", "128.0.4.0/22", "128.0.8.0/21",
				"128.0.16.0/20", "128.0.32.0/19", "128.0.64.0/18", "128.0.128.0/17", "128.1.0.0/16", "128.2.0.0/15", "128.4.0.0/14",
				"128.8.0.0/13", "128.16.0.0/12", "128.32.0.0/11", "128.64.0.0/10", "128.128.0.0/9", "129.0.0.0/8", "130.0.0.0/7",
				"132.0.0.0/6", "136.0.0.0/5", "144.0.0.0/4", "160.0.0.0/3", "192.0.0.0/2"}
		}, KeyIPAllowlist, Pass, Published, "enabled"},
		{"allowlist of both halves of IPv6", func(f *Findings) { f.IPAllowlist.Ranges = []string{"::/1", "8000::/1", "203.0.113.0/24"} }, KeyIPAllowlist, Fail, Published, "every IPv6 address"},
		{"allowlist of IPv6 halves but one is IPv4", func(f *Findings) { f.IPAllowlist.Ranges = []string{"::/1", "128.0.0.0/1"} }, KeyIPAllowlist, Pass, Published, "2 range(s)"},
		{"allowlist open to every IPv6 address", func(f *Findings) { f.IPAllowlist.Ranges = []string{"::/0"} }, KeyIPAllowlist, Fail, Published, "let every IPv6 address in"},
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
		{"none named", func(f *Findings) { f.ProtectedAttributes = nil }, KeyProtectedAttrs, NotApplicable, Published, "1 custom attribute(s) can be written from the Messenger: favourite_colour."},
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
			if passed != ((c.status == Pass || c.status == NotApplicable) && allPass(checks)) {
				t.Fatalf("passed = %v with %v", passed, checks)
			}
		})
	}
}

func allPass(checks map[string]Check) bool {
	for _, c := range checks {
		if c.Status != Pass && c.Status != NotApplicable {
			return false
		}
	}
	return true
}

func TestSecureWorkspacePassesEveryCheck(t *testing.T) {
	checks, passed := Evaluate(secure())
	if !passed || len(checks) != 7 {
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
	if c.Status != NotApplicable || !strings.Contains(c.Detail, "12 custom attribute(s)") ||
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
	if got := Keys(checks, Pass); strings.Join(got, ",") != "access_token,identity_verification,identity_verification_secrets,protected_attributes" {
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

// Every step done and no attribute named: the protected_attributes check is not
// applicable, and the finished checklist passes.
func TestFinishedChecklistWithoutNamedAttributesPasses(t *testing.T) {
	f := secure()
	f.ProtectedAttributes = nil
	checks, passed := Evaluate(f)
	if !passed || checks[KeyProtectedAttrs].Status != NotApplicable || len(Keys(checks, Unknown)) != 0 {
		t.Fatalf("passed=%v, %+v", passed, checks)
	}
	if !strings.Contains(checks[KeyProtectedAttrs].Badge, `"message":"not checked"`) {
		t.Errorf("badge %s", checks[KeyProtectedAttrs].Badge)
	}
}
