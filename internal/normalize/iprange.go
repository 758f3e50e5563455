package normalize

import (
	"fmt"
	"net/netip"
	"strings"
)

// IPRange returns the canonical form of an IP allowlist entry: a single IPv4 address
// ("198.51.100.7", which "198.51.100.7/32" also becomes) or an IPv4 CIDR range in its
// network form. A range with host bits set is refused with the network form to write.
func IPRange(s string) (string, error) {
	raw := s
	if s != strings.TrimSpace(s) || strings.ContainsAny(s, " \t") {
		return "", fmt.Errorf("%q contains white space: write the address or range alone", raw)
	}
	if s == "" {
		return "", fmt.Errorf("an empty entry is not an IP range: remove it, or write an address such as \"198.51.100.7\"")
	}
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return "", fmt.Errorf("%q is not an IPv4 CIDR range: write it like \"203.0.113.0/24\"", raw)
		}
		if !p.Addr().Is4() {
			return "", fmt.Errorf("%q is IPv6: Intercom's IP allowlist takes IPv4 addresses and ranges only", raw)
		}
		if p.Bits() == 32 {
			return p.Addr().String(), nil
		}
		if masked := p.Masked(); masked != p {
			return "", fmt.Errorf("%q has host bits set: write the range's network form, %q", raw, masked.String())
		}
		return p.String(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return "", fmt.Errorf("%q is not an IPv4 address or CIDR range: write it like \"198.51.100.7\" or \"203.0.113.0/24\"", raw)
	}
	if !a.Is4() {
		return "", fmt.Errorf("%q is IPv6: Intercom's IP allowlist takes IPv4 addresses and ranges only", raw)
	}
	return a.String(), nil
}

// IPRanges normalises a whole list: canonical values, sorted; two spellings of one
// entry ("198.51.100.7" and "198.51.100.7/32") are refused, naming both.
func IPRanges(list []string) ([]string, error) {
	return canonicalList(list, IPRange, "IP range")
}
