package emulator

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// The scopes a data-subject request needs, as the emulator names them (Intercom's app
// permissions "Read and list users and companies", "Write users and companies" and
// "Read conversations"; Intercom publishes no names for them in its API).
const (
	readUsers         = "read_users"
	writeUsers        = "write_users"
	readConversations = "read_conversations"
)

// scoped answers 401 token_unauthorized, as Intercom answers a missing scope, unless the
// workspace's token holds scope.
func scoped(scope string, h intercomHandler) intercomHandler {
	return func(s *Server, c *call) {
		if !hasScope(c.ws, scope) {
			writeError(c.w, http.StatusUnauthorized, "token_unauthorized", "The access token lacks the "+scope+" scope", "")
			return
		}
		h(s, c)
	}
}

// call is one authenticated Intercom request on its way to a handler.
type call struct {
	w        http.ResponseWriter
	r        *http.Request
	ws       *workspace
	version  string
	callerIP string
}

type intercomHandler func(s *Server, c *call)

// versions Intercom accepts in the Intercom-Version header.
var versions = func() map[string]bool {
	v := map[string]bool{"Preview": true}
	for _, n := range []string{"1.0", "1.1", "1.2", "1.3", "1.4"} {
		v[n] = true
	}
	for i := 0; i <= 16; i++ {
		v[fmt.Sprintf("2.%d", i)] = true
	}
	return v
}()

const defaultVersion = "2.16"

// routes wires Intercom's paths and the control surface. With publishedOnly the modelled
// paths are left out, so they answer like any path Intercom does not serve.
func (s *Server) routes(publishedOnly bool) http.Handler {
	mux := http.NewServeMux()
	for pattern, h := range map[string]intercomHandler{
		"GET /me":                                         handleMe,
		"GET /admins":                                     handleAdmins,
		"GET /admins/activity_logs":                       handleActivityLogs,
		"POST /admins/activity_logs/search":               handleSearchActivityLogs,
		"GET /contacts/{contact_id}":                      scoped(readUsers, handleGetContact),
		"DELETE /contacts/{contact_id}":                   scoped(writeUsers, handleDeleteContact),
		"GET /contacts/find_by_external_id/{external_id}": scoped(readUsers, handleFindContactByExternalID),
		"POST /contacts/search":                           scoped(readUsers, handleSearchContacts),
		"POST /conversations/redact":                      handleRedactConversation,
		"PUT /contacts/{contact_id}":                      scoped(writeUsers, handleUpdateContact),
		"GET /contacts/{contact_id}/{list}":               scoped(readUsers, handleContactList),
		"POST /contacts/{contact_id}/subscriptions":       scoped(writeUsers, handleAttachSubscription),
		"GET /subscription_types":                         scoped(readUsers, handleListSubscriptionTypes),
		"POST /conversations/search":                      scoped(readConversations, handleSearchConversations),
		"GET /conversations/{conversation_id}":            scoped(readConversations, handleGetConversation),
		"POST /tickets/search":                            scoped(readConversations, handleSearchTickets),
		"GET /data_attributes":                            handleListDataAttributes,
		"PUT /data_attributes/{data_attribute_id}":        handleUpdateDataAttribute,
		"GET /ip_allowlist":                               handleGetIPAllowlist,
		"PUT /ip_allowlist":                               handlePutIPAllowlist,
		"GET /secure_mode_secrets":                        handleListSecrets,
		"POST /secure_mode_secrets":                       handleCreateSecret,
		"DELETE /secure_mode_secrets/{id}":                handleDeleteSecret,
		"GET /security/two_factor":                        handleGetTwoFactor,
		"PUT /security/two_factor":                        handlePutTwoFactor,
		"GET /messenger/trusted_domains":                  handleGetTrustedDomains,
		"PUT /messenger/trusted_domains":                  handlePutTrustedDomains,
		"GET /messenger/identity_verification":            handleGetIdentityVerification,
		"PUT /messenger/identity_verification":            handlePutIdentityVerification,
		"GET /test_workspaces":                            handleListTestWorkspaces,
		"POST /test_workspaces":                           handleCreateTestWorkspace,
		"PATCH /test_workspaces/{id_code}":                handleRenameTestWorkspace,
		"DELETE /test_workspaces/{id_code}":               handleDeleteTestWorkspace,
	} {
		if publishedOnly && isModelled(pattern) {
			continue
		}
		mux.Handle(pattern, s.intercom(pattern, h))
	}
	mux.Handle("/", s.intercom(unmatched, func(_ *Server, c *call) {
		writeError(c.w, http.StatusNotFound, "not_found", "Resource Not Found", "")
	}))
	s.controlRoutes(mux)
	return mux
}

// unmatched is the pattern of paths Intercom does not serve.
const unmatched = "unmatched"

// modelledPrefixes are the paths of the endpoints Intercom has not published.
var modelledPrefixes = []string{"/security/", "/messenger/", "/test_workspaces"}

// isModelled reports whether a route pattern ("GET /security/two_factor") is modelled.
func isModelled(pattern string) bool {
	_, path, _ := strings.Cut(pattern, " ")
	for _, p := range modelledPrefixes {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// intercom wraps a handler with what every Intercom path does, in Intercom's order:
// count, faults, authentication, rate limit, version check.
func (s *Server) intercom(pattern string, h intercomHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requestID := newRequestID()
		w.Header().Set("X-Request-Id", requestID)
		w.Header().Set("Content-Type", "application/json")
		r.Header.Set("X-Emulator-Request-Id", requestID)

		ws := s.workspaceForToken(r)
		if pattern == unmatched {
			// Count what was asked for: a published-only emulator's 404s are the probes
			// and calls that reached modelled paths.
			s.count(r.Method+" "+r.URL.Path, ws)
		} else {
			s.count(pattern, ws)
		}
		if s.applyFaults(w, r, pattern, ws, func(w http.ResponseWriter, r *http.Request) { s.serve(w, r, h) }) {
			return
		}
		s.serve(w, r, h)
	})
}

// serve authenticates, rate-limits, checks the version and runs h.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, h intercomHandler) {
	auth := r.Header.Get("Authorization")
	token, bearer := strings.CutPrefix(auth, "Bearer ")
	if auth == "" || !bearer || token == "" {
		writeError(w, http.StatusUnauthorized, "missing_authorization", "Authorization header is missing or is not a Bearer token", "")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, ok := s.byToken[token]
	if !ok {
		writeError(w, http.StatusUnauthorized, "unauthorized", "Access Token Invalid", "")
		return
	}
	if !s.takeRateLimitLocked(w, ws) {
		return
	}
	if ws.revoked {
		writeError(w, http.StatusUnauthorized, "token_revoked", "Access Token has been revoked", "")
		return
	}
	version := r.Header.Get("Intercom-Version")
	if version == "" {
		version = defaultVersion
	}
	if !versions[version] {
		writeError(w, http.StatusBadRequest, "intercom_version_invalid",
			fmt.Sprintf("Requested Intercom-Version %q is not valid", version), "Intercom-Version")
		return
	}
	ip := ws.callerIP
	if ip == "" {
		ip, _, _ = net.SplitHostPort(r.RemoteAddr)
	}
	h(s, &call{w: w, r: r, ws: ws, version: version, callerIP: ip})
}

// takeRateLimitLocked counts the call in the workspace's window, writes the three
// rate-limit headers, and answers 429 when the window is spent.
func (s *Server) takeRateLimitLocked(w http.ResponseWriter, ws *workspace) bool {
	now := s.now()
	index := now.UnixNano() / int64(s.window)
	if index != ws.windowIndex {
		ws.windowIndex, ws.windowUsed = index, 0
	}
	ws.windowUsed++
	reset := int64(math.Ceil(float64((index+1)*int64(s.window)) / 1e9))
	// Date on the emulator's clock, as Intercom's answers carry its own: a client whose
	// clock is skewed reads the reset against it.
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(s.rateLimit))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(s.rateLimit-ws.windowUsed, 0)))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
	if ws.windowUsed > s.rateLimit {
		s.stats.RateLimited++
		writeError(w, http.StatusTooManyRequests, "rate_limit_exceeded",
			fmt.Sprintf("Exceeded rate limit of %d in %s", s.rateLimit, windowName(s.window)), "")
		return false
	}
	return true
}

// windowName spells a window as Intercom's message does: "10_seconds".
func windowName(d interface{ Seconds() float64 }) string {
	return fmt.Sprintf("%d_seconds", int(d.Seconds()))
}

func (s *Server) workspaceForToken(r *http.Request) *workspace {
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byToken[token]
}

// writeJSON answers with status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError answers with Intercom's error envelope; field "" is written as null.
func writeError(w http.ResponseWriter, status int, code, message, field string) {
	var f any
	if field != "" {
		f = field
	}
	writeJSON(w, status, map[string]any{
		"type":       "error.list",
		"request_id": w.Header().Get("X-Request-Id"),
		"errors":     []map[string]any{{"code": code, "message": message, "field": f}},
	})
}

// decodeBody reads a JSON body into v, refusing unknown fields like a strict API.
func decodeBody(c *call, v any) bool {
	dec := json.NewDecoder(c.r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "Request body is not valid JSON for this endpoint: "+err.Error(), "")
		return false
	}
	return true
}

// newRequestID returns a random UUID v4, as Intercom's request ids are.
func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
