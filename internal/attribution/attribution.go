// Package attribution decides whether an activity-log entry names a setting: by whole
// tokens, never by substring. help.salestim.com does not name salestim.com, and secret
// 1104 does not name secret 104: a drift warning that blamed the wrong teammate with
// certainty would be worse than one that says the log is silent.
package attribution

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mentions reports whether text holds word as a whole token, case-insensitively: the
// characters on each side of it are not letters or digits, nor a '.' or '-' that joins it
// to more of a host name or an id (a '.' ending a sentence does not).
func Mentions(text, word string) bool {
	if word == "" {
		return false
	}
	text, word = strings.ToLower(text), strings.ToLower(word)
	for from := 0; ; {
		i := strings.Index(text[from:], word)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(word)
		if !joinedBefore(text, start) && !joinedAfter(text, end) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[start:])
		from = start + size
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// joinedBefore reports whether the token starting at i continues to its left.
func joinedBefore(text string, i int) bool {
	if i == 0 {
		return false
	}
	r, size := utf8.DecodeLastRuneInString(text[:i])
	if isWordRune(r) {
		return true
	}
	if r == '.' || r == '-' {
		// At the start of text this decodes utf8.RuneError, which is not a word rune.
		prev, _ := utf8.DecodeLastRuneInString(text[:i-size])
		return isWordRune(prev)
	}
	return false
}

// joinedAfter reports whether the token ending at i continues to its right.
func joinedAfter(text string, i int) bool {
	// At the end of text these decode utf8.RuneError, which is neither a word rune nor a
	// joiner.
	r, size := utf8.DecodeRuneInString(text[i:])
	if isWordRune(r) {
		return true
	}
	if r == '.' || r == '-' {
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		return isWordRune(next)
	}
	return false
}

// MentionsAny reports whether text mentions any of words.
func MentionsAny(text string, words []string) bool {
	for _, w := range words {
		if Mentions(text, w) {
			return true
		}
	}
	return false
}

// Verb is how a warning words what the entries of these activity types did: "deleted"
// when every one is a deletion (Intercom's types end in "_deletion"), else "changed".
func Verb(activityTypes []string) string {
	if len(activityTypes) == 0 {
		return "changed"
	}
	for _, t := range activityTypes {
		if !strings.HasSuffix(t, "_deletion") {
			return "changed"
		}
	}
	return "deleted"
}

// Evidence says which activity-log entries prove who changed a setting. Intercom's log is
// the only witness, and its documentation says neither which activity type each setting
// writes nor what an entry's metadata holds, nor the order entries are listed in. So an
// entry is read for what it says, and only an entry that names the setting proves
// anything about it.
type Evidence struct {
	What  string   // the setting, as sentences name it ("two-factor authentication")
	Types []string // activity types a change of it may write
	// Specific are the types that concern this setting alone: an entry of one proves it.
	Specific []string
	// Names are words that, found in an entry's description or metadata, name it.
	Names []string
	// Others are words naming other settings that share the types: an entry naming one
	// of them (and not this setting) is about that setting, no evidence here.
	Others []string
	// UnnamedTells: an entry of a shared type that names no setting is reported as
	// "by …, the log does not say which setting". Without it, such an entry says nothing
	// (the parent workspace's log about a test workspace, say).
	UnnamedTells bool
}

// Verdict is how an entry bears on a setting.
type Verdict int

const (
	Unrelated Verdict = iota // another setting, or another type
	Unnamed                  // a shared type naming no setting: it may be this one
	Names                    // it names this setting
)

// Judge reads one entry, given by its type and its text (description and metadata as
// JSON), for what it says about the setting.
func (e Evidence) Judge(activityType, text string) Verdict {
	if !slices.Contains(e.Types, activityType) {
		return Unrelated
	}
	if slices.Contains(e.Specific, activityType) {
		return Names
	}
	// Whole tokens only: help.salestim.com does not name salestim.com, nor 1104 name 104.
	switch {
	case MentionsAny(text, e.Names):
		return Names
	case MentionsAny(text, e.Others) || !e.UnnamedTells:
		return Unrelated
	}
	return Unnamed
}

// Words by which an entry names the settings that share security_settings_change.
var (
	twoFactorNames   = []string{"two-factor", "two factor", "two_factor", "2fa"}
	ipAllowlistNames = []string{"allowlist", "allow list", "allowed ip", "ip_allowlist"}
)

// The evidence of each workspace setting.
var (
	// TwoFactor: the requirement shares security_settings_change with the IP allowlist.
	// admin_two_factor_auth_change is a teammate's own enrolment, no evidence about the
	// workspace's requirement.
	TwoFactor = Evidence{What: "two-factor authentication", Types: []string{"security_settings_change"},
		Names: twoFactorNames, Others: ipAllowlistNames, UnnamedTells: true}
	// IPAllowlist shares security_settings_change with the 2FA requirement.
	IPAllowlist = Evidence{What: "the IP allowlist", Types: []string{"security_settings_change"},
		Names: ipAllowlistNames, Others: twoFactorNames, UnnamedTells: true}
	TrustedDomains = Evidence{What: "the Messenger's trusted domains", Types: []string{"trusted_domains_setting_change"},
		Specific: []string{"trusted_domains_setting_change"}}
	IdentityVerification = Evidence{What: "identity verification enforcement", Types: []string{"app_identity_verification_change"},
		Specific: []string{"app_identity_verification_change"}}
)
