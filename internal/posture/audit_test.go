package posture

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// An accepted exception turns a fail into excepted until it expires; then the check fails
// again and says so. It never hides an unknown, nor changes a pass.
func TestExceptions(t *testing.T) {
	f := secure()
	f.TwoFactorRequired = ptr(false) // fails
	f.TrustedDomains = nil           // unknown
	f.IPAllowlist.Enabled = false    // fails
	f.Exceptions = map[string]Exception{
		KeyTwoFactor:      {Justification: "SSO with MFA at the identity provider", Expires: now.Add(24 * time.Hour)},
		KeyIPAllowlist:    {Justification: "remote team", Expires: now}, // expires at this instant
		KeyTrustedDomains: {Justification: "n/a", Expires: now.Add(time.Hour)},
		KeyIdentity:       {Justification: "n/a", Expires: now.Add(time.Hour)},
	}
	checks, passed := Evaluate(f)
	if c := checks[KeyTwoFactor]; c.Status != Excepted || !strings.Contains(c.Detail, "Accepted as an exception until 2026-11-25: SSO with MFA") ||
		c.Exception == nil || !strings.Contains(c.Badge, `"message":"excepted"`) {
		t.Errorf("2FA: %+v", c)
	}
	if c := checks[KeyIPAllowlist]; c.Status != Fail || !strings.Contains(c.Detail, "expired on 2026-11-24: it fails again") {
		t.Errorf("allowlist: %+v", c)
	}
	if c := checks[KeyTrustedDomains]; c.Status != Unknown || !strings.Contains(c.Detail, "the check does not fail") {
		t.Errorf("domains: %+v", c)
	}
	if c := checks[KeyIdentity]; c.Status != Pass {
		t.Errorf("identity: %+v", c)
	}
	if passed {
		t.Error("passed with an expired exception and an unknown")
	}
	// Every failing check excepted, nothing unknown: passed.
	f = secure()
	f.TwoFactorRequired = ptr(false)
	f.Exceptions = map[string]Exception{KeyTwoFactor: {Justification: "SSO", Expires: now.Add(time.Hour)}}
	if _, passed := Evaluate(f); !passed {
		t.Error("an excepted fail keeps passed false")
	}
	if unknown := ApplyExceptions(map[string]Check{}, map[string]Exception{"nope": {}}, now); len(unknown) != 1 || unknown[0] != "nope" {
		t.Errorf("unknown keys %v", unknown)
	}
}

// Every check has a reference, and the report holds every check with its controls, its
// current and recommended values, in one JSON document.
func TestReport(t *testing.T) {
	f := secure()
	f.TwoFactorRequired = ptr(false)
	f.Exceptions = map[string]Exception{KeyTwoFactor: {Justification: "SSO", Expires: now.Add(time.Hour)}}
	checks, passed := Evaluate(f)
	for key := range checks {
		ref, ok := References[key]
		if !ok || ref.Recommended == "" || ref.Remediation == "" || ref.SettingsPath == "" || ref.HelpURL == "" ||
			ref.Controls.NIST80053 == nil || ref.Controls.SOC2 == nil || ref.Controls.CISv8 == nil {
			t.Errorf("%s has no full reference: %+v", key, ref)
		}
	}
	var r Report
	if err := json.Unmarshal([]byte(ReportJSON("abc12345", checks, passed, now)), &r); err != nil {
		t.Fatal(err)
	}
	if r.SchemaVersion != 1 || r.Workspace != "abc12345" || !r.Passed || len(r.Checks) != 7 ||
		strings.Join(r.Statuses, ",") != "pass,fail,unknown,not_applicable,excepted" {
		t.Fatalf("report %+v", r)
	}
	first := r.Checks[2] // sorted: access_token, identity_verification, identity_verification_secrets, …
	if first.Key != KeyIdentitySecrets || first.Current != "1 live secret(s), the oldest 10 days old" || first.Controls.NIST80053[0] != "IA-5" {
		t.Errorf("first check %+v", first)
	}
	for _, c := range r.Checks {
		if c.Key == KeyTwoFactor && (c.Status != Excepted || c.Current != "not required" || c.Recommended != "required for every teammate" ||
			c.Exception == nil || c.Exception.Justification != "SSO" || c.Exception.Expired) {
			t.Errorf("2FA in the report: %+v", c)
		}
	}
}

func TestCurrentValues(t *testing.T) {
	f := secure()
	want := map[string]string{
		KeyTwoFactor: "required", KeyTrustedDomains: "salestim.com", KeyIdentity: "enforced on web",
		KeyIPAllowlist: "enabled, 1 range(s)", KeyProtectedAttrs: "2 attribute(s) named; 1 custom attribute(s) writable from the Messenger",
	}
	for key, w := range want {
		if got := currentOf(key, f); got != w {
			t.Errorf("%s: %q, want %q", key, got, w)
		}
	}
	f.TwoFactorRequired, f.TrustedDomains, f.IPAllowlist, f.DataAttributes, f.SecretsWhyUnknown = nil, nil, nil, nil, "403"
	for _, key := range []string{KeyTwoFactor, KeyTrustedDomains, KeyIPAllowlist, KeyProtectedAttrs, KeyIdentitySecrets} {
		if got := currentOf(key, f); got != "not read" {
			t.Errorf("%s unread: %q", key, got)
		}
	}
	f = secure()
	f.Secrets = append(f.Secrets, intercom.IdentityVerificationSecret{ID: "0", SupportsWeb: true, CreatedAt: daysAgo(400)},
		intercom.IdentityVerificationSecret{ID: "2", SupportsWeb: true, CreatedAt: daysAgo(3)})
	if got := currentOf(KeyIdentitySecrets, f); got != "3 live secret(s), the oldest 400 days old" {
		t.Errorf("secrets: %q", got)
	}
	f = secure()
	f.TrustedDomains, f.Secrets, f.Enforcement = &[]string{}, nil, nil
	f.IPAllowlist.Enabled = false
	for key, w := range map[string]string{KeyTrustedDomains: "none listed (the Messenger loads on any site)", KeyIdentitySecrets: "no live secret",
		KeyIdentity: "on (GET /me), per platform not read", KeyIPAllowlist: "disabled"} {
		if got := currentOf(key, f); got != w {
			t.Errorf("%s: %q, want %q", key, got, w)
		}
	}
}

// The same posture read twice gives the same document: no timestamp, so a plan after an
// apply has nothing to show.
func TestReportIsStable(t *testing.T) {
	checks, passed := Evaluate(secure())
	if a, b := ReportJSON("abc12345", checks, passed, now), ReportJSON("abc12345", checks, passed, now.Add(time.Hour)); a != b {
		t.Fatalf("two reads, two documents:\n%s\n%s", a, b)
	}
}
