package emulator

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Published endpoints with version gates: /ip_allowlist (2.14 and later) and the
// identity verification secrets (Preview only).

// atLeast214 reports whether version has /ip_allowlist: numbered versions from 2.14 on.
// Intercom's Preview description has no such operation.
func atLeast214(version string) bool {
	major, minor, _ := strings.Cut(version, ".")
	m, _ := strconv.Atoi(minor)
	return major == "2" && m >= 14
}

func hasScope(ws *workspace, scope string) bool {
	return ws.cfg.Scopes == nil || slices.Contains(ws.cfg.Scopes, scope)
}

func ipAllowlistGate(c *call) bool {
	if !atLeast214(c.version) {
		writeError(c.w, http.StatusNotFound, "not_found", "Resource Not Found", "")
		return false
	}
	if !hasScope(c.ws, "manage_ip_allowlist") {
		// Intercom answers a missing scope with 401 token_unauthorized (the only error status
		// its description declares for this operation besides 422).
		writeError(c.w, http.StatusUnauthorized, "token_unauthorized", "The access token lacks the manage_ip_allowlist scope", "")
		return false
	}
	return true
}

func handleGetIPAllowlist(s *Server, c *call) {
	if !ipAllowlistGate(c) {
		return
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "ip_allowlist", "enabled": c.ws.allowlist.Enabled, "ip_allowlist": c.ws.allowlist.Ranges})
}

func handlePutIPAllowlist(s *Server, c *call) {
	if !ipAllowlistGate(c) {
		return
	}
	var body struct {
		Type    *string   `json:"type"` // Intercom's ip_allowlist schema carries it; optional
		Enabled *bool     `json:"enabled"`
		Ranges  *[]string `json:"ip_allowlist"`
	}
	if !decodeBody(c, &body) {
		return
	}
	if body.Type != nil && *body.Type != "ip_allowlist" {
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", fmt.Sprintf("type must be \"ip_allowlist\", not %q", *body.Type), "type")
		return
	}
	next := IPAllowlist{Enabled: c.ws.allowlist.Enabled, Ranges: slices.Clone(c.ws.allowlist.Ranges)}
	if body.Enabled != nil {
		next.Enabled = *body.Enabled
	}
	if body.Ranges != nil {
		next.Ranges = slices.Clone(*body.Ranges)
	}
	var prefixes []netip.Prefix
	for _, r := range next.Ranges {
		p, ok := parseAllowlistEntry(r)
		if !ok {
			writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid",
				fmt.Sprintf("%q is not an IPv4 address or CIDR range", r), r)
			return
		}
		prefixes = append(prefixes, p)
	}
	if next.Enabled {
		caller, err := netip.ParseAddr(c.callerIP)
		if err != nil || !slices.ContainsFunc(prefixes, func(p netip.Prefix) bool { return p.Contains(caller.Unmap()) }) {
			writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid",
				fmt.Sprintf("Your IP (%s) is not on the allowlist. Saving would lock you out of this workspace.", c.callerIP), "ip_allowlist")
			return
		}
	}
	before := c.ws.allowlist
	c.ws.allowlist = next
	s.logActivity(c.ws, adminActor(c), "security_settings_change", "Changed the IP allowlist",
		map[string]any{"setting": "ip_allowlist", "previous_state": fmt.Sprintf("%t %v", before.Enabled, before.Ranges),
			"new_state": fmt.Sprintf("%t %v", next.Enabled, next.Ranges)})
	handleGetIPAllowlist(s, c)
}

// parseAllowlistEntry accepts an IPv4 address or an IPv4 CIDR range (host bits allowed, as Intercom's own example shows).
func parseAllowlistEntry(r string) (netip.Prefix, bool) {
	if strings.Contains(r, "/") {
		p, err := netip.ParsePrefix(r)
		return p.Masked(), err == nil && p.Addr().Is4()
	}
	a, err := netip.ParseAddr(r)
	if err != nil || !a.Is4() {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, 32), true
}

func previewGate(c *call) bool {
	if c.version != "Preview" {
		writeError(c.w, http.StatusNotFound, "not_found", "Resource Not Found", "")
		return false
	}
	return true
}

func secretJSON(sec Secret, withMaterial bool) map[string]any {
	m := map[string]any{
		"type": "identity_verification_secret", "id": sec.ID, "name": sec.Name,
		"supports_web": sec.SupportsWeb, "supports_ios": sec.SupportsIOS, "supports_android": sec.SupportsAndroid,
		"created_at": sec.CreatedAt,
	}
	if withMaterial {
		m["secret"] = sec.Secret
	}
	return m
}

func handleListSecrets(s *Server, c *call) {
	if !previewGate(c) {
		return
	}
	data := make([]map[string]any, 0, len(c.ws.secrets))
	for _, sec := range c.ws.secrets {
		data = append(data, secretJSON(sec, false))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "list", "data": data})
}

func handleCreateSecret(s *Server, c *call) {
	if !previewGate(c) {
		return
	}
	var body struct {
		Name            string `json:"name"`
		SupportsWeb     bool   `json:"supports_web"`
		SupportsIOS     bool   `json:"supports_ios"`
		SupportsAndroid bool   `json:"supports_android"`
	}
	if !decodeBody(c, &body) {
		return
	}
	if strings.TrimSpace(body.Name) == "" {
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", "name is required", "name")
		return
	}
	if !body.SupportsWeb && !body.SupportsIOS && !body.SupportsAndroid {
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", "At least one platform must be supported", "supports_web")
		return
	}
	sec := Secret{
		ID: strconv.FormatInt(s.newID(), 10), Name: body.Name, SupportsWeb: body.SupportsWeb, SupportsIOS: body.SupportsIOS,
		SupportsAndroid: body.SupportsAndroid, CreatedAt: s.now().Unix(), Secret: randomToken(32),
	}
	c.ws.secrets = append(c.ws.secrets, sec)
	s.logActivity(c.ws, adminActor(c), "messenger_api_secret_creation", "Created identity verification secret "+sec.Name,
		map[string]any{"secret_id": sec.ID})
	writeJSON(c.w, http.StatusCreated, secretJSON(sec, true))
}

func handleDeleteSecret(s *Server, c *call) {
	if !previewGate(c) {
		return
	}
	id := c.r.PathValue("id")
	i := slices.IndexFunc(c.ws.secrets, func(sec Secret) bool { return sec.ID == id })
	if i < 0 {
		writeError(c.w, http.StatusNotFound, "identity_verification_secret_not_found", "Identity verification secret not found", "id")
		return
	}
	name := c.ws.secrets[i].Name
	c.ws.secrets = slices.Delete(c.ws.secrets, i, i+1)
	s.logActivity(c.ws, adminActor(c), "messenger_api_secret_deletion", "Deleted identity verification secret "+name,
		map[string]any{"secret_id": id})
	c.w.WriteHeader(http.StatusNoContent)
}
