package posture

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Excepted is a failing check whose risk an auditor accepted, until its exception expires.
const Excepted = "excepted"

// Controls are the framework controls a check evidences, by framework.
type Controls struct {
	CISv8     []string `json:"cis_controls_v8"`
	NIST80053 []string `json:"nist_sp_800_53_r5"`
	SOC2      []string `json:"soc2"`
}

// Reference is what an auditor files beside a check's result: the controls it evidences,
// the value a secure workspace holds, how to get there, and where in Intercom. Intercom
// publishes no stable URL for its settings pages, so the page is given as the path its
// help centre uses, with the help centre's page.
type Reference struct {
	Controls     Controls
	Recommended  string
	Remediation  string
	SettingsPath string // e.g. "Settings > Workspace > Security"
	HelpURL      string
}

// helpSecurity is Intercom's help centre collection "Security & Privacy", which links
// each of these settings' articles.
const helpSecurity = "https://www.intercom.com/help/en/collections/384-security-privacy"

// References is this provider's mapping of each check to CIS Controls v8, NIST SP 800-53
// rev. 5 and the SOC 2 Trust Services Criteria (2017, revised points of focus 2022). It is
// our reading of those catalogues, cited in the data source's docs, not a certification.
var References = map[string]Reference{
	KeyTwoFactor: {
		Controls:     Controls{CISv8: []string{"6.3", "6.5"}, NIST80053: []string{"IA-2(1)", "IA-2(2)"}, SOC2: []string{"CC6.1"}},
		Recommended:  "required for every teammate",
		Remediation:  "Set required = true on intercom_two_factor_authentication, or turn on \"Require two-factor authentication\".",
		SettingsPath: "Settings > Workspace > Security",
		HelpURL:      "https://www.intercom.com/help/en/articles/181-protect-your-account-with-2fa-google-sign-on-or-saml-sso",
	},
	KeyTrustedDomains: {
		Controls:     Controls{CISv8: []string{"4.1"}, NIST80053: []string{"AC-4", "SC-7"}, SOC2: []string{"CC6.6"}},
		Recommended:  "only your own domains, each a host name or a leading \"*.\" pattern",
		Remediation:  "List your domains in intercom_messenger_trusted_domains.",
		SettingsPath: "Settings > Channels > Messenger > Security",
		HelpURL:      helpSecurity,
	},
	KeyIdentity: {
		Controls:     Controls{CISv8: []string{}, NIST80053: []string{"IA-8"}, SOC2: []string{"CC6.1"}},
		Recommended:  "enforced on every platform a secret signs for",
		Remediation:  "Sign users with messenger_jwt, then enforce identity verification per platform with intercom_identity_verification.",
		SettingsPath: "Settings > Channels > Messenger > Security",
		HelpURL:      helpSecurity,
	},
	KeyIPAllowlist: {
		Controls:     Controls{CISv8: []string{"12.3", "13.5"}, NIST80053: []string{"AC-17", "SC-7"}, SOC2: []string{"CC6.6"}},
		Recommended:  "enabled, with only your own ranges",
		Remediation:  "Enable intercom_ip_allowlist with the ranges teammates and Terraform work from.",
		SettingsPath: "Settings > Workspace > Security",
		HelpURL:      helpSecurity,
	},
	KeyIdentitySecrets: {
		Controls:     Controls{CISv8: []string{}, NIST80053: []string{"IA-5", "SC-12"}, SOC2: []string{"CC6.1"}},
		Recommended:  "every enforced platform has a secret, and every live secret is younger than the maximum age",
		Remediation:  "Rotate with one intercom_identity_verification_secret per key generation: add the new one, deploy it, then remove the old one.",
		SettingsPath: "Settings > Channels > Messenger > Security",
		HelpURL:      helpSecurity,
	},
	KeyAccessToken: {
		Controls:     Controls{CISv8: []string{"5.3", "6.2"}, NIST80053: []string{"AC-2", "IA-5"}, SOC2: []string{"CC6.2"}},
		Recommended:  "the token's teammate is active, and the token may make the reads a data-subject request needs",
		Remediation:  "Use the token of an app installed by an active teammate, with the permissions to read and write users and to read conversations.",
		SettingsPath: "Developer Hub > your app > Authentication",
		HelpURL:      "https://developers.intercom.com/docs/build-an-integration/learn-more/authentication",
	},
	KeyProtectedAttrs: {
		Controls:     Controls{CISv8: []string{"3.3"}, NIST80053: []string{"AC-3", "SI-10"}, SOC2: []string{"CC6.1"}},
		Recommended:  "every attribute that drives access, pricing or routing cannot be written from the Messenger",
		Remediation:  "Name them in intercom_protected_attributes, and set them from your servers.",
		SettingsPath: "Settings > Data > People data (Company data for company attributes)",
		HelpURL:      helpSecurity,
	},
}

// Exception is an auditor's acceptance of a failing check: why, and until when.
type Exception struct {
	Justification string
	Expires       time.Time
}

// ApplyExceptions turns each failing check with an exception that has not expired into
// excepted, and says in every excepted or expired check's detail what was accepted. A
// check that does not fail is left as it is (an exception never hides unknown): the
// detail notes the exception is not needed. It returns the keys of exceptions that name
// no check, which the caller refuses.
func ApplyExceptions(checks map[string]Check, exceptions map[string]Exception, now time.Time) []string {
	var unknownKeys []string
	for key, ex := range exceptions {
		c, ok := checks[key]
		if !ok {
			unknownKeys = append(unknownKeys, key)
			continue
		}
		until := ex.Expires.UTC().Format("2006-01-02")
		switch {
		case c.Status != Fail:
			c.Detail += fmt.Sprintf(" (An exception until %s is recorded, but the check does not fail.)", until)
		case !now.Before(ex.Expires):
			c.Detail += fmt.Sprintf(" The exception accepted for this check expired on %s: it fails again. Fix it, or renew "+
				"the exception with a new justification and expiry.", until)
		default:
			read := c.Current
			c = check(key, Excepted, c.Source, c.Detail+fmt.Sprintf(" Accepted as an exception until %s: %s", until, ex.Justification))
			c.Current = read
		}
		c.Exception = &ex
		checks[key] = c
	}
	sort.Strings(unknownKeys)
	return unknownKeys
}

// ReportCheck is one check in the report.
type ReportCheck struct {
	Key         string     `json:"key"`
	Status      string     `json:"status"`
	Source      string     `json:"source"`
	Detail      string     `json:"detail"`
	Current     string     `json:"current"`
	Recommended string     `json:"recommended"`
	Remediation string     `json:"remediation"`
	Settings    string     `json:"settings_path"`
	HelpURL     string     `json:"help_url"`
	Controls    Controls   `json:"controls"`
	Evidence    string     `json:"evidence,omitempty"`
	Exception   *reportExc `json:"exception,omitempty"`
}

type reportExc struct {
	Justification string `json:"justification"`
	Expires       string `json:"expires"`
	Expired       bool   `json:"expired"`
}

// Report is the whole posture as one document, for GRC tools to ingest.
type Report struct {
	SchemaVersion int           `json:"schema_version"`
	Workspace     string        `json:"workspace_id"`
	Passed        bool          `json:"passed"`
	Statuses      []string      `json:"statuses"`
	Checks        []ReportCheck `json:"checks"`
}

// ReportJSON writes the report: checks sorted by key, each with its reference.
func ReportJSON(workspace string, checks map[string]Check, passed bool, now time.Time) string {
	// No time of reading: it would change the document, and so the plan, on every read.
	// The tool that ingests it records when.
	r := Report{SchemaVersion: 1, Workspace: workspace, Passed: passed,
		Statuses: []string{Pass, Fail, Unknown, NotApplicable, Excepted}}
	keys := make([]string, 0, len(checks))
	for key := range checks {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		c, ref := checks[key], References[key]
		rc := ReportCheck{Key: key, Status: c.Status, Source: c.Source, Detail: c.Detail, Current: c.Current,
			Recommended: ref.Recommended, Remediation: ref.Remediation, Settings: ref.SettingsPath, HelpURL: ref.HelpURL, Controls: ref.Controls,
			Evidence: c.Evidence}
		if c.Exception != nil {
			rc.Exception = &reportExc{Justification: c.Exception.Justification,
				Expires: c.Exception.Expires.UTC().Format(time.RFC3339), Expired: !now.Before(c.Exception.Expires)}
		}
		r.Checks = append(r.Checks, rc)
	}
	b, _ := json.Marshal(r)
	return string(b)
}

// notRead is the current value of a check whose setting could not be read.
const notRead = "not read"
