package emulator

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// Modelled settings endpoints: two-factor authentication, trusted domains and identity
// verification, as the API contract (docs/guides/intercom-api.md) models them.

func handleGetTwoFactor(s *Server, c *call) {
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "two_factor_settings", "required": c.ws.twoFactorRequired})
}

func handlePutTwoFactor(s *Server, c *call) {
	var body struct {
		Required *bool `json:"required"`
	}
	if !decodeBody(c, &body) {
		return
	}
	if body.Required == nil {
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", "required must be true or false", "required")
		return
	}
	before := c.ws.twoFactorRequired
	c.ws.twoFactorRequired = *body.Required
	s.logActivity(c.ws, adminActor(c), "security_settings_change", "Changed two-factor authentication requirement",
		map[string]any{"setting": "two_factor_required", "previous_state": fmt.Sprint(before), "new_state": fmt.Sprint(*body.Required)})
	handleGetTwoFactor(s, c)
}

func handleGetTrustedDomains(s *Server, c *call) {
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "trusted_domain.list", "domains": c.ws.trustedDomains})
}

func handlePutTrustedDomains(s *Server, c *call) {
	var body struct {
		Domains *[]string `json:"domains"`
	}
	if !decodeBody(c, &body) {
		return
	}
	if body.Domains == nil {
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", "domains must be a list", "domains")
		return
	}
	domains := *body.Domains
	seen := map[string]bool{}
	for _, d := range domains {
		if msg := checkTrustedDomain(d); msg != "" {
			writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", fmt.Sprintf("%q %s", d, msg), d)
			return
		}
		if seen[d] {
			writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", fmt.Sprintf("%q is listed twice", d), d)
			return
		}
		seen[d] = true
	}
	before := strings.Join(c.ws.trustedDomains, ",")
	c.ws.trustedDomains = slices.Clone(domains)
	s.logActivity(c.ws, adminActor(c), "trusted_domains_setting_change", "Changed the Messenger's trusted domains",
		map[string]any{"previous_state": before, "new_state": strings.Join(domains, ",")})
	handleGetTrustedDomains(s, c)
}

// checkTrustedDomain applies the rules of Intercom's UI; "" when the entry is fine.
func checkTrustedDomain(d string) string {
	switch {
	case d == "":
		return "is empty"
	case d != strings.ToLower(d):
		return "must be lower case"
	case strings.Contains(d, "://"):
		return "must not have a scheme"
	case strings.ContainsAny(d, "/?#"):
		return "must not have a path"
	case strings.Contains(d, ":"):
		return "must not have a port"
	}
	if _, err := netip.ParseAddr(d); err == nil {
		return "is an IP address, not a domain"
	}
	host := strings.TrimPrefix(d, "*.")
	if strings.Contains(host, "*") {
		return "may only use a wildcard as a leading \"*.\""
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		if host == "localhost" {
			return "is localhost, which is not allowed"
		}
		return "is not a fully qualified domain"
	}
	if labels[len(labels)-1] == "localhost" {
		return "is under localhost, which is not allowed"
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return "has an invalid label"
		}
		for _, r := range l {
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
				return "has a character a domain cannot hold"
			}
		}
	}
	return ""
}

func handleGetIdentityVerification(s *Server, c *call) {
	iv := c.ws.iv
	writeJSON(c.w, http.StatusOK, map[string]any{
		"type": "identity_verification_settings", "enforced_on_web": iv.Web, "enforced_on_ios": iv.IOS, "enforced_on_android": iv.Android,
	})
}

func handlePutIdentityVerification(s *Server, c *call) {
	var body struct {
		Web     *bool `json:"enforced_on_web"`
		IOS     *bool `json:"enforced_on_ios"`
		Android *bool `json:"enforced_on_android"`
	}
	if !decodeBody(c, &body) {
		return
	}
	next := c.ws.iv
	apply := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	apply(&next.Web, body.Web)
	apply(&next.IOS, body.IOS)
	apply(&next.Android, body.Android)
	for _, p := range []struct {
		on, supported bool
		field, name   string
	}{
		{next.Web, supports(c.ws, func(s Secret) bool { return s.SupportsWeb }), "enforced_on_web", "web"},
		{next.IOS, supports(c.ws, func(s Secret) bool { return s.SupportsIOS }), "enforced_on_ios", "iOS"},
		{next.Android, supports(c.ws, func(s Secret) bool { return s.SupportsAndroid }), "enforced_on_android", "Android"},
	} {
		if p.on && !p.supported {
			writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid",
				fmt.Sprintf("Identity verification cannot be enforced on %s: no identity verification secret supports %s", p.name, p.name), p.field)
			return
		}
	}
	before := c.ws.iv
	c.ws.iv = next
	s.logActivity(c.ws, adminActor(c), "app_identity_verification_change", "Changed identity verification enforcement",
		map[string]any{"previous_state": fmt.Sprintf("%+v", before), "new_state": fmt.Sprintf("%+v", next)})
	handleGetIdentityVerification(s, c)
}

func supports(ws *workspace, platform func(Secret) bool) bool {
	return slices.ContainsFunc(ws.secrets, platform)
}
