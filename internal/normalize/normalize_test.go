package normalize

import (
	"fmt"
	"strings"
	"testing"
)

func TestDomainAccepts(t *testing.T) {
	cases := map[string]string{
		"salestim.com":          "salestim.com",
		"Salestim.COM.":         "salestim.com",
		"  docs.salestim.com":   "docs.salestim.com",
		"*.SalesTim.com":        "*.salestim.com",
		"bücher.example":        "xn--bcher-kva.example",
		"*.bücher.example":      "*.xn--bcher-kva.example",
		"xn--bcher-kva.example": "xn--bcher-kva.example",
		"a-b.c0.example":        "a-b.c0.example",
	}
	for in, want := range cases {
		got, err := Domain(in)
		if err != nil || got != want {
			t.Errorf("Domain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestDomainRefuses(t *testing.T) {
	cases := map[string]string{ // entry -> words the error must hold
		"":                                       "empty",
		"https://salestim.com":                   `scheme: write just the host name, "salestim.com"`,
		"salestim.com:8080":                      `port (8080): write just the host name, "salestim.com"`,
		"salestim.com/app":                       `path, query or fragment: write just the host name, "salestim.com"`,
		"salestim.com?x=1":                       "path, query or fragment",
		"user@salestim.com":                      "user information",
		"192.0.2.1":                              "IP address",
		"[2001:db8::1]":                          "IP address",
		"2001:db8::1":                            "IP address",
		"localhost":                              "localhost",
		"localhost.":                             "localhost",
		"*.localhost":                            "localhost",
		"app.localhost":                          "localhost",
		"a.*.salestim.com":                       "wildcard",
		"*salestim.com":                          "wildcard",
		"*.*.salestim.com":                       "wildcard",
		"*":                                      "wildcard",
		"*.com":                                  "top-level domain",
		"intranet":                               "single-label",
		"sales_tim.com":                          "letters, digits and hyphens",
		"sales tim.com":                          "white space",
		"-salestim.com":                          "hyphen",
		"salestim-.com":                          "hyphen",
		"salestim..com":                          "empty label",
		strings.Repeat("a", 64) + ".com":         "63",
		strings.Repeat("abcdefghi.", 26) + "com": "253",
	}
	for in, want := range cases {
		_, err := Domain(in)
		if err == nil {
			t.Errorf("Domain(%q) accepted a bad entry", in)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Domain(%q) error %q lacks %q", in, err, want)
		}
		if in != "" && !strings.Contains(err.Error(), in) && !strings.Contains(err.Error(), strings.TrimSpace(in)) {
			t.Errorf("Domain(%q) error %q does not name the entry", in, err)
		}
	}
}

func TestDomains(t *testing.T) {
	got, err := Domains([]string{"b.example", "A.example.", "*.a.example"})
	if err != nil || strings.Join(got, ",") != "*.a.example,a.example,b.example" {
		t.Fatalf("Domains = %v, %v", got, err)
	}
	if _, err := Domains([]string{"salestim.com", "SALESTIM.com."}); err == nil ||
		!strings.Contains(err.Error(), `"salestim.com" and "SALESTIM.com."`) {
		t.Fatalf("duplicate spellings: %v", err)
	}
	if _, err := Domains([]string{"ok.example", "https://x.example", "localhost"}); err == nil ||
		!strings.Contains(err.Error(), "https://x.example") || !strings.Contains(err.Error(), "localhost") {
		t.Fatalf("every bad entry should be named: %v", err)
	}
	// Intercom documents no limit on the list: none is invented here.
	many := make([]string, 150)
	for i := range many {
		many[i] = fmt.Sprintf("d%d.example", i)
	}
	if got, err := Domains(many); err != nil || len(got) != 150 {
		t.Fatalf("150 domains: %d, %v", len(got), err)
	}
	if got, err := Domains(nil); err != nil || len(got) != 0 {
		t.Fatalf("empty list: %v, %v", got, err)
	}
}

func TestIPRange(t *testing.T) {
	ok := map[string]string{
		"198.51.100.7":    "198.51.100.7",
		"198.51.100.7/32": "198.51.100.7",
		"203.0.113.0/24":  "203.0.113.0/24",
		"0.0.0.0/0":       "0.0.0.0/0",
		"10.0.0.0/8":      "10.0.0.0/8",
	}
	for in, want := range ok {
		if got, err := IPRange(in); err != nil || got != want {
			t.Errorf("IPRange(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"203.0.113.5/24": `network form, "203.0.113.0/24"`,
		"2001:db8::/32":  "IPv6",
		"::1":            "IPv6",
		"10.0.0.256":     "not an IPv4",
		"010.0.0.1":      "not an IPv4",
		"salestim.com":   "not an IPv4",
		"10.0.0.0/33":    "not an IPv4 CIDR",
		"10.0.0.1\t":     "white space",
		"":               "empty",
	}
	for in, want := range bad {
		_, err := IPRange(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("IPRange(%q) error %v, want it to say %q", in, err, want)
		}
	}
}

func TestIPRanges(t *testing.T) {
	got, err := IPRanges([]string{"203.0.113.0/24", "198.51.100.7/32"})
	if err != nil || strings.Join(got, ",") != "198.51.100.7,203.0.113.0/24" {
		t.Fatalf("IPRanges = %v, %v", got, err)
	}
	if _, err := IPRanges([]string{"198.51.100.7", "198.51.100.7/32"}); err == nil ||
		!strings.Contains(err.Error(), `"198.51.100.7" and "198.51.100.7/32"`) {
		t.Fatalf("duplicate spellings: %v", err)
	}
}

// Whatever Domain accepts, it accepts again unchanged: the canonical form is a fixed point,
// so comparing canonical forms is an equivalence.
func checkIdempotent(t *testing.T, f func(string) (string, error), in string) {
	t.Helper()
	once, err := f(in)
	if err != nil {
		return
	}
	twice, err := f(once)
	if err != nil || twice != once {
		t.Fatalf("not idempotent: %q -> %q -> %q (%v)", in, once, twice, err)
	}
}

func FuzzDomain(f *testing.F) {
	for _, s := range []string{"salestim.com", "Salestim.COM.", "*.salestim.com", "bücher.example", "https://x.y", "a.*.b", "xn--bcher-kva.example", "ß.example", "\u200d.example", "a..b", "*."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkIdempotent(t, Domain, in)
		if c, err := Domain(in); err == nil {
			if c != strings.ToLower(c) || strings.HasSuffix(c, ".") {
				t.Fatalf("Domain(%q) = %q is not canonical", in, c)
			}
		}
	})
}

func FuzzIPRange(f *testing.F) {
	for _, s := range []string{"198.51.100.7", "198.51.100.7/32", "203.0.113.0/24", "203.0.113.5/24", "::1", "1.2.3.4/0", "0.0.0.0/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkIdempotent(t, IPRange, in)
	})
}

func TestSameCanonical(t *testing.T) {
	for _, tc := range []struct {
		a, b []string
		same bool
	}{
		{[]string{"b.example", "A.example."}, []string{"a.example", "b.example"}, true},
		{[]string{"a.example"}, []string{"a.example", "b.example"}, false},
		{[]string{"https://x"}, []string{"https://x"}, true},
		{[]string{"https://x"}, []string{"x.example"}, false},
		{nil, []string{}, true},
	} {
		if got := SameCanonical(Domains, tc.a, tc.b); got != tc.same {
			t.Errorf("SameCanonical(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
	if !SameCanonical(IPRanges, []string{"198.51.100.9"}, []string{"198.51.100.9/32"}) {
		t.Error("an address and its /32 are not the same range")
	}
}

// Boundaries the other tests do not pin (each kills a mutant that lived).
func TestDomainBoundaries(t *testing.T) {
	label := strings.Repeat("a", 63)
	// 63+1+63+1+63+1+61 = 253 characters: the longest domain name.
	longest := label + "." + label + "." + label + "." + strings.Repeat("b", 57) + ".com"
	if len(longest) != 253 {
		t.Fatalf("test domain has %d characters", len(longest))
	}
	if _, err := Domain(longest); err != nil {
		t.Errorf("a 253-character domain was refused: %v", err)
	}
	if _, err := Domain("c" + longest); err == nil {
		t.Error("a 254-character domain was accepted")
	}
	for _, ok := range []string{"zz.example", "aa.example", "x09.example", "a-z.example"} {
		if _, err := Domain(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	if isASCII("a\x80") || !isASCII("az09-.") {
		t.Error("isASCII does not draw the line at 0x80")
	}
}
