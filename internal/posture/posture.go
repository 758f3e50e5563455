// Package posture grades a workspace against Intercom's security checklist: the "Check"
// column of the checklist (2FA verified, domains verified, identity verified), plus the
// IP allowlist, the age of the identity verification secrets and the custom attributes
// the Messenger may write. It is pure: the caller
// reads Intercom and hands over what it found; nothing here calls an API or knows Terraform.
package posture

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
	"github.com/salestim/terraform-provider-intercom/internal/normalize"
)

// Statuses of a check.
const (
	Pass    = "pass"
	Fail    = "fail"
	Unknown = "unknown"
	// NotApplicable is a check the user did not configure (protected_attributes with no
	// attribute named): it grades nothing, so it neither passes nor counts against passed.
	NotApplicable = "not_applicable"
)

// Sources of a check: which data graded it. published: endpoints Intercom publishes;
// modelled: endpoints it has not published yet; published+modelled: both contributed.
const (
	Published         = "published"
	Modelled          = "modelled"
	PublishedModelled = "published+modelled"
)

// Check keys, exactly as the data source exposes them.
const (
	KeyTwoFactor       = "two_factor_authentication"
	KeyTrustedDomains  = "trusted_domains"
	KeyIdentity        = "identity_verification"
	KeyIPAllowlist     = "ip_allowlist"
	KeyIdentitySecrets = "identity_verification_secrets"
	KeyProtectedAttrs  = "protected_attributes"
)

// Check is the verdict on one step.
type Check struct {
	Status    string
	Source    string
	Detail    string     // one sentence: what was found and, on fail, what to do
	Badge     string     // a shields.io endpoint JSON document
	Current   string     // the value read, in a few words ("not read" when it was not)
	Exception *Exception // the exception recorded for it, if any
	// Evidence is what the activity log shows of a setting that could not be read (a
	// modelled setting on today's hosts); "" for the others.
	Evidence string
}

// Findings is what the caller read from Intercom. A nil pointer means "could not be read":
// the endpoint is not served (modelled, on today's hosts) or the token may not read it.
type Findings struct {
	IdentityVerificationOn bool                                   // GET /me app.identity_verification (published)
	Enforcement            *intercom.IdentityVerificationSettings // modelled, refines the above per platform
	TwoFactorRequired      *bool                                  // modelled
	TrustedDomains         *[]string                              // modelled
	IPAllowlist            *intercom.IPAllowlist                  // published (2.14+); nil without the scope
	IPAllowlistWhyUnknown  string                                 // when IPAllowlist is nil
	Secrets                []intercom.IdentityVerificationSecret  // published (Preview)
	// SecretsWhyUnknown, when set, says why the secrets could not be read (a missing
	// scope): the secrets check is then unknown.
	SecretsWhyUnknown string
	// ModelledWhyUnknown says, per check key, why a modelled setting could not be read
	// when the reason is not "not published" (a missing scope).
	ModelledWhyUnknown map[string]string
	MaxSecretAge       time.Duration
	Now                time.Time
	// ProtectedAttributes names the custom attributes that must not be writable from the
	// Messenger: a contact attribute by its name ("plan"), a company one as
	// "company/<name>". None named: the check is not applicable.
	ProtectedAttributes []string
	// DataAttributes are the contact and company attributes (published); nil when they
	// could not be read, with DataAttributesWhyUnknown saying why.
	DataAttributes           *[]intercom.DataAttribute
	DataAttributesWhyUnknown string
	// Exceptions are the failing checks an auditor accepted, by key, until they expire.
	Exceptions map[string]Exception
	// Log is what was read of the activity log, for the modelled settings that could not
	// be read; nil when it was not needed.
	Log *ActivityLog
	// Token is what was read of the access token's health; nil: not checked.
	Token *TokenHealth
}

// Evaluate grades every step and reports whether all pass (a check that is not
// applicable does not count against it).
func Evaluate(f Findings) (map[string]Check, bool) {
	checks := evaluate(f)
	for key, c := range checks {
		c.Current = currentOf(key, f)
		if settingUnread(key, f) && c.Status == Unknown {
			c.Evidence = logEvidenceFor(key, f)
		}
		checks[key] = c
	}
	ApplyExceptions(checks, f.Exceptions, f.Now)
	passed := true
	for _, c := range checks {
		passed = passed && (c.Status == Pass || c.Status == NotApplicable || c.Status == Excepted)
	}
	return checks, passed
}

// currentOf words what was read for a check, for the report's "current" column.
func currentOf(key string, f Findings) string {
	switch key {
	case KeyTwoFactor:
		if f.TwoFactorRequired == nil {
			return notRead
		}
		if *f.TwoFactorRequired {
			return "required"
		}
		return "not required"
	case KeyTrustedDomains:
		if f.TrustedDomains == nil {
			return notRead
		}
		if len(*f.TrustedDomains) == 0 {
			return "none listed (the Messenger loads on any site)"
		}
		return strings.Join(*f.TrustedDomains, ", ")
	case KeyIdentity:
		switch {
		case !f.IdentityVerificationOn:
			return "off (GET /me)"
		case f.Enforcement == nil:
			return "on (GET /me), per platform not read"
		case len(enforcedPlatforms(f.Enforcement)) == 0:
			return "enforced on no platform"
		}
		return "enforced on " + strings.Join(enforcedPlatforms(f.Enforcement), ", ")
	case KeyIPAllowlist:
		switch {
		case f.IPAllowlist == nil:
			return notRead
		case !f.IPAllowlist.Enabled:
			return "disabled"
		}
		return fmt.Sprintf("enabled, %d range(s)", len(f.IPAllowlist.Ranges))
	case KeyIdentitySecrets:
		if f.SecretsWhyUnknown != "" {
			return notRead
		}
		oldest := int64(0)
		for _, s := range f.Secrets {
			if oldest == 0 || s.CreatedAt < oldest {
				oldest = s.CreatedAt
			}
		}
		if len(f.Secrets) == 0 {
			return "no live secret"
		}
		return fmt.Sprintf("%d live secret(s), the oldest %d days old", len(f.Secrets), int(f.Now.Sub(time.Unix(oldest, 0)).Hours()/24))
	case KeyAccessToken:
		return tokenCurrent(f.Token)
	case KeyProtectedAttrs:
		if f.DataAttributes == nil {
			return notRead
		}
		writable := 0
		for _, a := range *f.DataAttributes {
			if a.Custom && !a.Archived && a.MessengerWritable {
				writable++
			}
		}
		return fmt.Sprintf("%d attribute(s) named; %d custom attribute(s) writable from the Messenger", len(f.ProtectedAttributes), writable)
	}
	return notRead
}

// Keys lists the keys of checks whose status is status, sorted.
func Keys(checks map[string]Check, status string) []string {
	var out []string
	for key, c := range checks {
		if c.Status == status {
			out = append(out, key)
		}
	}
	sort.Strings(out)
	return out
}

func evaluate(f Findings) map[string]Check {
	checks := map[string]Check{
		KeyTwoFactor:       twoFactor(f),
		KeyTrustedDomains:  trustedDomains(f),
		KeyIdentity:        identity(f),
		KeyIPAllowlist:     ipAllowlist(f),
		KeyIdentitySecrets: secrets(f),
		KeyProtectedAttrs:  protectedAttributes(f),
		KeyAccessToken:     accessToken(f),
	}
	// A setting the token may not read leaves a would-be pass unknown. It never hides a
	// fail proven by what was read (GET /me saying identity verification is off).
	for key, why := range f.ModelledWhyUnknown {
		c, ok := checks[key]
		switch {
		case !ok || why == "":
		case c.Status == Fail:
			checks[key] = check(key, Fail, c.Source, c.Detail+" (A setting that could refine this could not be read: "+why+".)")
		default:
			checks[key] = check(key, Unknown, c.Source, "It could not be read: "+why+".")
		}
	}
	return checks
}

// labels are the badges' labels, as Intercom's checklist shows them.
var labels = map[string]string{
	KeyTwoFactor: "2FA", KeyTrustedDomains: "Domains", KeyIdentity: "Identity",
	KeyIPAllowlist: "IP allowlist", KeyIdentitySecrets: "Secrets", KeyProtectedAttrs: "Attributes",
	KeyAccessToken: "Token",
}

// looks are the badges' message and colour per status.
var looks = map[string]struct{ message, color string }{
	Pass:          {"verified", "success"},
	Fail:          {"failing", "critical"},
	Unknown:       {"unknown", "lightgrey"},
	NotApplicable: {"not checked", "inactive"},
	Excepted:      {"excepted", "yellow"},
}

func check(key, status, source, detail string) Check {
	look := looks[status]
	badge, _ := json.Marshal(struct {
		SchemaVersion int    `json:"schemaVersion"`
		Label         string `json:"label"`
		Message       string `json:"message"`
		Color         string `json:"color"`
		NamedLogo     string `json:"namedLogo"`
	}{1, labels[key], look.message, look.color, "intercom"})
	return Check{Status: status, Source: source, Detail: detail, Badge: string(badge)}
}

const notPublished = "Intercom has not published an API for %s yet, so it cannot be checked here: check %s by hand."

func twoFactor(f Findings) Check {
	switch {
	case f.TwoFactorRequired == nil:
		return check(KeyTwoFactor, Unknown, Modelled, fmt.Sprintf(notPublished, "two-factor authentication enforcement",
			`Settings > Workspace > Security, "Require two-factor authentication"`))
	case *f.TwoFactorRequired:
		return check(KeyTwoFactor, Pass, Modelled, "Every teammate must sign in with two-factor authentication.")
	}
	return check(KeyTwoFactor, Fail, Modelled, "Two-factor authentication is not required: set required = true on "+
		"intercom_two_factor_authentication, or turn on \"Require two-factor authentication\" in Settings > Workspace > Security.")
}

func trustedDomains(f Findings) Check {
	switch {
	case f.TrustedDomains == nil:
		return check(KeyTrustedDomains, Unknown, Modelled, fmt.Sprintf(notPublished, "Messenger trusted domains",
			`Settings > Channels > Messenger > Security, "Trusted domains"`))
	case len(*f.TrustedDomains) > 0 && len(tooBroad(*f.TrustedDomains)) > 0:
		return check(KeyTrustedDomains, Fail, Modelled, "The Messenger's trusted domains hold entries that are not one host name "+
			"or one \"*.\" subdomain pattern, so they do not restrict where it loads: "+strings.Join(tooBroad(*f.TrustedDomains), "; ")+
			". Fix them in intercom_messenger_trusted_domains or in Settings > Channels > Messenger > Security.")
	case len(*f.TrustedDomains) > 0:
		return check(KeyTrustedDomains, Pass, Modelled, fmt.Sprintf("The Messenger loads only on %d trusted domain(s): %s.",
			len(*f.TrustedDomains), strings.Join(*f.TrustedDomains, ", ")))
	}
	return check(KeyTrustedDomains, Fail, Modelled, "No trusted domain is listed, so the Messenger loads on any site: "+
		"list your domains in intercom_messenger_trusted_domains or in Settings > Channels > Messenger > Security.")
}

// tooBroad describes each trusted domain the resources' own validation refuses ("*",
// "*.*", a URL): an entry the provider would not write does not count as a restriction.
func tooBroad(domains []string) []string {
	var out []string
	for _, d := range domains {
		if _, err := normalize.Domain(d); err != nil {
			out = append(out, err.Error())
		}
	}
	return out
}

// enforcedPlatforms names the platforms enforcement covers, from the modelled settings.
func enforcedPlatforms(e *intercom.IdentityVerificationSettings) []string {
	var out []string
	for _, platform := range intercom.Platforms {
		if e.EnforcedOn(platform) {
			out = append(out, platform)
		}
	}
	return out
}

// identity passes only on evidence that was read: GET /me says on, the per-platform
// settings say where, and every platform a live secret signs for is enforced (a
// platform with a secret but no enforcement lets anyone claim any user there).
func identity(f Findings) Check {
	if !f.IdentityVerificationOn {
		return check(KeyIdentity, Fail, Published, "Identity verification is not enforced on any platform (GET /me): create a "+
			"secret, sign your users with messenger_jwt, then enforce it with intercom_identity_verification or in "+
			"Settings > Channels > Messenger > Security.")
	}
	if f.Enforcement == nil {
		return check(KeyIdentity, Unknown, Published, "GET /me says identity verification is on, but not on which platforms: "+
			"Intercom publishes no per-platform setting here, so a platform may still be open. Check each platform in "+
			"Settings > Channels > Messenger > Security.")
	}
	enforced := enforcedPlatforms(f.Enforcement)
	if len(enforced) == 0 {
		return check(KeyIdentity, Fail, PublishedModelled, "The per-platform settings enforce identity verification on no "+
			"platform, although GET /me says it is on: enforce it with intercom_identity_verification.")
	}
	if f.SecretsWhyUnknown != "" {
		return check(KeyIdentity, Unknown, PublishedModelled, "Identity verification is enforced on "+strings.Join(enforced, ", ")+
			", but the secrets could not be read, so it is not known whether another platform signs users without "+
			"enforcing it: "+f.SecretsWhyUnknown+".")
	}
	var open []string
	for _, platform := range intercom.Platforms {
		if f.Enforcement.EnforcedOn(platform) {
			continue
		}
		for _, s := range f.Secrets {
			if s.Supports(platform) {
				open = append(open, platform)
				break
			}
		}
	}
	if len(open) > 0 {
		return check(KeyIdentity, Fail, PublishedModelled, "Identity verification is enforced on "+strings.Join(enforced, ", ")+
			" but not on "+strings.Join(open, ", ")+", which a live secret signs for: there anyone can still claim to be any "+
			"user. Enforce it on "+strings.Join(open, ", ")+" with intercom_identity_verification.")
	}
	return check(KeyIdentity, Pass, PublishedModelled, "Identity verification is enforced on "+strings.Join(enforced, ", ")+
		", every platform a secret signs for.")
}

func ipAllowlist(f Findings) Check {
	switch {
	case f.IPAllowlist == nil:
		return check(KeyIPAllowlist, Unknown, Published, "The IP allowlist could not be read: "+f.IPAllowlistWhyUnknown+".")
	case f.IPAllowlist.Enabled && len(coveredFamilies(f.IPAllowlist.Ranges)) > 0:
		return check(KeyIPAllowlist, Fail, Published, fmt.Sprintf("The IP allowlist is enabled, but its ranges together let every %s "+
			"address in, so it restricts nothing: list only your own ranges in intercom_ip_allowlist.",
			strings.Join(coveredFamilies(f.IPAllowlist.Ranges), " and every ")))
	case f.IPAllowlist.Enabled && len(f.IPAllowlist.Ranges) > 0:
		return check(KeyIPAllowlist, Pass, Published, fmt.Sprintf("The IP allowlist is enabled with %d range(s).", len(f.IPAllowlist.Ranges)))
	case f.IPAllowlist.Enabled:
		return check(KeyIPAllowlist, Fail, Published, "The IP allowlist is enabled but empty: list your ranges in intercom_ip_allowlist.")
	}
	return check(KeyIPAllowlist, Fail, Published, "The IP allowlist is disabled: enable it with your ranges in intercom_ip_allowlist.")
}

// coveredFamilies names the address families ("IPv4", "IPv6") whose whole space the
// ranges cover together: 0.0.0.0/0 alone, or 0.0.0.0/1 with 128.0.0.0/1, lets everyone in.
func coveredFamilies(ranges []string) []string {
	var v4, v6 []netip.Prefix
	for _, r := range ranges {
		p, err := netip.ParsePrefix(strings.TrimSpace(r))
		if err != nil {
			if a, aerr := netip.ParseAddr(strings.TrimSpace(r)); aerr == nil {
				p = netip.PrefixFrom(a, a.BitLen())
			} else {
				continue
			}
		}
		if p = p.Masked(); p.Addr().Is4() {
			v4 = append(v4, p)
		} else {
			v6 = append(v6, p)
		}
	}
	var out []string
	if coversAll(v4, netip.IPv4Unspecified()) {
		out = append(out, "IPv4")
	}
	if coversAll(v6, netip.IPv6Unspecified()) {
		out = append(out, "IPv6")
	}
	return out
}

// coversAll reports whether the prefixes, all of first's family, leave no gap from
// first (the family's lowest address) to its highest.
func coversAll(prefixes []netip.Prefix, first netip.Addr) bool {
	slices.SortFunc(prefixes, func(a, b netip.Prefix) int { return a.Addr().Compare(b.Addr()) })
	next := first
	for _, p := range prefixes {
		if p.Addr().Compare(next) > 0 {
			return false
		}
		last := lastAddr(p)
		if !last.Next().IsValid() {
			return true // the family's highest address is covered
		}
		if last.Next().Compare(next) > 0 {
			next = last.Next()
		}
	}
	return false
}

// lastAddr is the highest address of a masked prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	b := p.Addr().As16()
	offset := 16 - p.Addr().BitLen()/8 // an IPv4 address sits in the last 4 bytes
	for bit := p.Bits(); bit < p.Addr().BitLen(); bit++ {
		b[offset+bit/8] |= 0x80 >> (bit % 8)
	}
	a := netip.AddrFrom16(b)
	if p.Addr().Is4() {
		a = a.Unmap()
	}
	return a
}

func secrets(f Findings) Check {
	if f.SecretsWhyUnknown != "" {
		return check(KeyIdentitySecrets, Unknown, Published, "The identity verification secrets could not be read: "+f.SecretsWhyUnknown+".")
	}
	if len(f.Secrets) == 0 {
		return check(KeyIdentitySecrets, Fail, Published, "The workspace has no identity verification secret: create one with "+
			"intercom_identity_verification_secret.")
	}
	source := Published
	if f.Enforcement != nil {
		source = PublishedModelled
	}
	// Which platforms are enforced: known from the modelled setting; unknown (any of
	// them) when only GET /me says identity verification is on; none when it is off.
	enforcedUnknown := f.Enforcement == nil && f.IdentityVerificationOn
	var missing, maybeMissing, old []string
	for _, platform := range intercom.Platforms {
		supported := slices.ContainsFunc(f.Secrets, func(s intercom.IdentityVerificationSecret) bool { return s.Supports(platform) })
		switch {
		case !supported && f.Enforcement != nil && f.Enforcement.EnforcedOn(platform):
			missing = append(missing, platform)
		case !supported && enforcedUnknown:
			maybeMissing = append(maybeMissing, platform)
		}
	}
	// Every live secret signs valid users, so the oldest one is the exposure: a new
	// secret beside a three-year-old one does not make the old one safe.
	for _, s := range f.Secrets {
		if age := f.Now.Sub(time.Unix(s.CreatedAt, 0)); age > f.MaxSecretAge {
			named := "secret " + s.ID
			if s.Name != "" {
				named += " (" + s.Name + ")"
			}
			old = append(old, fmt.Sprintf("%s is %d days old, over %d", named, int(age.Hours()/24), int(f.MaxSecretAge.Hours()/24)))
		}
	}
	var problems []string
	if len(missing) > 0 {
		problems = append(problems, "no secret supports "+strings.Join(missing, ", ")+", where identity verification is "+
			"enforced: create an intercom_identity_verification_secret for it")
	}
	if len(old) > 0 {
		problems = append(problems, strings.Join(old, "; ")+" and still live: rotate by creating a new "+
			"intercom_identity_verification_secret, rolling it out, then deleting the old one")
	}
	if len(problems) > 0 {
		return check(KeyIdentitySecrets, Fail, source, strings.Join(problems, "; ")+".")
	}
	if len(maybeMissing) > 0 {
		return check(KeyIdentitySecrets, Unknown, source, fmt.Sprintf("Identity verification is on (GET /me), but Intercom "+
			"publishes no per-platform setting, so it is not known whether it is enforced on %s, which no secret supports: "+
			"if it is, create an intercom_identity_verification_secret for it. Every live secret is younger than %d days.",
			strings.Join(maybeMissing, ", "), int(f.MaxSecretAge.Hours()/24)))
	}
	return check(KeyIdentitySecrets, Pass, source, fmt.Sprintf("%d live secret(s), each younger than %d days.",
		len(f.Secrets), int(f.MaxSecretAge.Hours()/24)))
}

// attributeKey is how the check names an attribute: "plan" for a contact attribute,
// "company/monthly_spend" for a company one.
func attributeKey(a intercom.DataAttribute) string {
	if a.Model == intercom.ModelCompany {
		return "company/" + a.Name
	}
	return a.Name
}

func protectedAttributes(f Findings) Check {
	if f.DataAttributes == nil {
		return check(KeyProtectedAttrs, Unknown, Published, "The data attributes could not be read: "+f.DataAttributesWhyUnknown+".")
	}
	attrs := map[string]intercom.DataAttribute{}
	var writable []string
	for _, a := range *f.DataAttributes {
		attrs[attributeKey(a)] = a
		if a.Custom && !a.Archived && a.MessengerWritable {
			writable = append(writable, attributeKey(a))
		}
	}
	sort.Strings(writable)
	if len(f.ProtectedAttributes) == 0 {
		shown := writable[:min(10, len(writable))]
		detail := fmt.Sprintf("No attribute is named in protected_attributes, so nothing is checked. %d custom attribute(s) "+
			"can be written from the Messenger", len(writable))
		if len(shown) > 0 {
			detail += ": " + strings.Join(shown, ", ")
			if len(writable) > len(shown) {
				detail += fmt.Sprintf(" and %d more", len(writable)-len(shown))
			}
		}
		return check(KeyProtectedAttrs, NotApplicable, Published, detail+". Name those that drive access, pricing or routing.")
	}
	var stillWritable, missing []string
	for _, name := range f.ProtectedAttributes {
		a, ok := attrs[name]
		switch {
		case !ok || !a.Custom || a.Archived:
			missing = append(missing, name)
		case a.MessengerWritable:
			stillWritable = append(stillWritable, name)
		}
	}
	sort.Strings(stillWritable)
	sort.Strings(missing)
	var problems []string
	if len(stillWritable) > 0 {
		problems = append(problems, "the Messenger can still write "+strings.Join(stillWritable, ", ")+
			": protect them with intercom_protected_attributes")
	}
	if len(missing) > 0 {
		problems = append(problems, strings.Join(missing, ", ")+" is not a custom, unarchived attribute of the workspace, "+
			"so it cannot be shown to be protected")
	}
	if len(problems) > 0 {
		return check(KeyProtectedAttrs, Fail, Published, strings.Join(problems, "; ")+".")
	}
	return check(KeyProtectedAttrs, Pass, Published, fmt.Sprintf("The Messenger cannot write the %d named attribute(s).",
		len(f.ProtectedAttributes)))
}
