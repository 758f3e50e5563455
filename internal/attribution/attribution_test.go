package attribution

import "testing"

func TestMentionsWholeTokensOnly(t *testing.T) {
	for _, tc := range []struct {
		text, word string
		want       bool
	}{
		// The failures a user met: a longer host name, a longer id.
		{"Removed help.salestim.com from trusted domains", "salestim.com", false},
		{"Deleted identity verification secret 1104", "104", false},
		{"Deleted identity verification secret 104", "104", true},
		{"secret 1040 rotated", "104", false},
		{`{"domain":"salestim.com"}`, "salestim.com", true},
		{"Removed salestim.com.", "salestim.com", true},     // a full stop ends the sentence
		{"Removed salestim.com-old", "salestim.com", false}, // joined by a hyphen
		{"Removed salestim.com- and more", "salestim.com", true},
		{"sub-salestim.com added", "salestim.com", false},
		{"Added SalesTim.COM", "salestim.com", true},
		// Words of the settings, in descriptions and metadata keys.
		{"Turned off Two-Factor authentication", "two-factor", true},
		{`{"two_factor_required":false}`, "two_factor", true},
		{"ip_allowlist updated", "allowlist", true},
		{"allowlists updated", "allowlist", false},
		{"Disabled 2FA.", "2fa", true},
		{"2fab", "2fa", false},
		{"jürgen.example changed", "ürgen.example", false},
		{"anything", "", false},
		// At the very start or end of the text, or after a leading dot.
		{"salestim.com removed", "salestim.com", true},
		{"104", "104", true},
		{".salestim.com", "salestim.com", true},
		{"Removed .salestim.com", "salestim.com", true},
		{"removed: -104", "104", true},
		{"x.104", "104", false},
		// A later occurrence counts when an earlier one is joined.
		{"help.salestim.com and salestim.com", "salestim.com", true},
	} {
		if got := Mentions(tc.text, tc.word); got != tc.want {
			t.Errorf("Mentions(%q, %q) = %v, want %v", tc.text, tc.word, got, tc.want)
		}
	}
	if !MentionsAny("secret 104 deleted", []string{"99", "104"}) || MentionsAny("secret 1104", []string{"104", ""}) {
		t.Error("MentionsAny does not follow Mentions")
	}
}

func TestVerbSaysDeletedOnlyForDeletions(t *testing.T) {
	for _, c := range []struct {
		types []string
		want  string
	}{
		{[]string{"messenger_api_secret_deletion"}, "deleted"},
		{[]string{"messenger_api_secret_deletion", "app_data_deletion"}, "deleted"},
		{[]string{"messenger_api_secret_deletion", "security_settings_change"}, "changed"},
		{[]string{"security_settings_change"}, "changed"},
		{[]string{"deletion_settings_change"}, "changed"},
		{nil, "changed"},
	} {
		if got := Verb(c.types); got != c.want {
			t.Errorf("Verb(%v) = %q, want %q", c.types, got, c.want)
		}
	}
}

// An entry proves a change of a setting only when its type is the setting's own, or it
// names the setting; one naming another setting of a shared type proves nothing here;
// one naming none says only "someone changed some setting", when that tells.
func TestEvidenceJudge(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		ev        Evidence
		typ, text string
		want      Verdict
	}{
		{"another type", TwoFactor, "app_identity_verification_change", "2FA on", Unrelated},
		{"a type of this setting alone", TrustedDomains, "trusted_domains_setting_change", "anything", Names},
		{"names the setting", TwoFactor, "security_settings_change", "Turned 2FA off", Names},
		{"names the other setting of the type", TwoFactor, "security_settings_change", "Changed the allowlist", Unrelated},
		{"names both", IPAllowlist, "security_settings_change", "2FA and allowlist", Names},
		{"names none, and that tells", TwoFactor, "security_settings_change", "Changed a setting", Unnamed},
		{"names none, and that says nothing", Evidence{Types: []string{"t"}, Names: []string{"x"}}, "t", "y", Unrelated},
		{"a token inside a longer one is no name", Evidence{Types: []string{"t"}, Names: []string{"104"}, UnnamedTells: true}, "t", "secret 1104", Unnamed},
	} {
		if got := tc.ev.Judge(tc.typ, tc.text); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
