// Package normalize validates and canonicalises the values of Intercom's security
// settings that have several spellings: Messenger trusted domains and IP allowlist
// ranges. One function does both jobs, so that what is accepted at plan time and what
// counts as "the same value" when comparing with Intercom can never disagree.
package normalize

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"golang.org/x/net/idna"
)

// idnaProfile maps internationalised names to A-labels the way browsers look them up.
var idnaProfile = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.BidiRule())

// Domain returns the canonical form of a Messenger trusted domain entry: lower case,
// trailing dot dropped, internationalised labels as punycode, a leading "*." kept. The
// error says what is wrong with the entry and how to fix it.
func Domain(s string) (string, error) {
	raw := s
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", fmt.Errorf("an empty entry is not a domain: remove it, or write a host name such as \"salestim.com\"")
	case strings.Contains(s, "://"):
		host := s[strings.Index(s, "://")+3:]
		host, _, _ = strings.Cut(host, "/")
		return "", fmt.Errorf("%q has a scheme: write just the host name, %q", raw, host)
	case strings.ContainsAny(s, "/?#"):
		host, _, _ := strings.Cut(s, "/")
		host, _, _ = strings.Cut(host, "?")
		host, _, _ = strings.Cut(host, "#")
		return "", fmt.Errorf("%q has a path, query or fragment: write just the host name, %q", raw, host)
	case strings.Contains(s, "@"):
		return "", fmt.Errorf("%q holds user information (\"@\"): write just the host name", raw)
	}
	if _, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return "", fmt.Errorf("%q is an IP address: the Messenger's trusted domains take host names only", raw)
	}
	if host, port, found := strings.Cut(s, ":"); found {
		return "", fmt.Errorf("%q has a port (%s): write just the host name, %q", raw, port, host)
	}
	if strings.ContainsAny(s, " \t") {
		return "", fmt.Errorf("%q contains white space: a host name has none", raw)
	}

	s = strings.TrimSuffix(s, ".")
	wildcard := false
	if rest, ok := strings.CutPrefix(s, "*."); ok {
		wildcard, s = true, rest
	}
	if strings.Contains(s, "*") {
		return "", fmt.Errorf("%q has a wildcard that is not a leading \"*.\": write \"*.\" followed by a domain, such as \"*.salestim.com\"", raw)
	}
	ascii := strings.ToLower(s)
	if !isASCII(s) {
		// Internationalised: IDNA maps it to the A-labels browsers look up.
		var err error
		if ascii, err = idnaProfile.ToASCII(s); err != nil {
			return "", fmt.Errorf("%q is not a valid host name: %w", raw, err)
		}
		ascii = strings.ToLower(ascii)
	}
	labels := strings.Split(ascii, ".")
	if len(labels) < 2 {
		if ascii == "localhost" {
			return "", fmt.Errorf("%q: Intercom refuses localhost; trust the domain the Messenger is served from in production", raw)
		}
		if wildcard {
			return "", fmt.Errorf("%q covers a whole top-level domain: a wildcard must be followed by a registrable domain, such as \"*.salestim.com\"", raw)
		}
		return "", fmt.Errorf("%q is a single-label name: write a fully qualified domain such as \"salestim.com\"", raw)
	}
	if labels[len(labels)-1] == "localhost" {
		return "", fmt.Errorf("%q is under localhost, which Intercom refuses: trust the domain the Messenger is served from in production", raw)
	}
	if len(ascii) > 253 {
		return "", fmt.Errorf("%q is longer than 253 characters, the limit of a domain name", raw)
	}
	for _, l := range labels {
		if msg := checkLabel(l); msg != "" {
			return "", fmt.Errorf("%q: %s", raw, msg)
		}
	}
	if _, err := netip.ParseAddr(ascii); err == nil {
		return "", fmt.Errorf("%q is an IP address: the Messenger's trusted domains take host names only", raw)
	}
	if wildcard {
		return "*." + ascii, nil
	}
	return ascii, nil
}

// checkLabel says what is wrong with one label of a host name, or "".
func checkLabel(l string) string {
	switch {
	case l == "":
		return "it has an empty label (two dots in a row, or a leading dot)"
	case len(l) > 63:
		return fmt.Sprintf("label %q is longer than 63 characters", l)
	case strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-"):
		return fmt.Sprintf("label %q starts or ends with a hyphen", l)
	}
	for _, r := range l {
		if !isHostChar(r) {
			return fmt.Sprintf("label %q holds %q, which a host name cannot (letters, digits and hyphens only)", l, r)
		}
	}
	return ""
}

// Domains normalises a whole list: canonical values, sorted. It refuses bad entries
// (naming each) and two spellings of one domain. Intercom documents no limit on the
// list's length, so none is enforced here.
func Domains(list []string) ([]string, error) {
	return canonicalList(list, Domain, "domain")
}

// SameCanonical reports whether two lists name the same values once normalise (Domains,
// IPRanges) has put them in canonical form: the one test of "another spelling of the same
// thing" the provider uses, for single values too (as one-element lists). Lists that are
// equal as written are the same even when they do not normalise; a list that does not
// normalise equals no other.
func SameCanonical(normalise func([]string) ([]string, error), a, b []string) bool {
	if slices.Equal(a, b) {
		return true
	}
	ca, errA := normalise(a)
	cb, errB := normalise(b)
	return errA == nil && errB == nil && slices.Equal(ca, cb)
}

// canonicalList applies one normaliser to every entry, refusing duplicates after normalisation.
func canonicalList(list []string, normalise func(string) (string, error), what string) ([]string, error) {
	out := make([]string, 0, len(list))
	seen := make(map[string]string, len(list))
	var problems []string
	for _, entry := range list {
		c, err := normalise(entry)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if first, dup := seen[c]; dup {
			problems = append(problems, fmt.Sprintf("%q and %q are the same %s (%s): keep one of them", first, entry, what, c))
			continue
		}
		seen[c] = entry
		out = append(out, c)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	slices.Sort(out)
	return out, nil
}

// isHostChar reports a character a host name label may hold (after punycode).
func isHostChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
