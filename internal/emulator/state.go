package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// workspace is one app's state. Guarded by Server.mu.
type workspace struct {
	cfg       WorkspaceConfig
	createdAt int64
	revoked   bool
	// tokenTeammateRemoved: the teammate the token acts as is no longer listed by GET
	// /admins, while GET /me still answers (RemoveTokenTeammate).
	tokenTeammateRemoved bool
	parent               string // id_code of the production workspace, for a test workspace
	callerIP             string // what the allowlist lockout check sees; "" means the request's address

	twoFactorRequired bool
	trustedDomains    []string
	iv                IdentityVerification
	allowlist         IPAllowlist
	secrets           []Secret
	attributes        []DataAttribute // contact and company attributes
	contacts          []Contact
	conversations     []Conversation
	tickets           []Ticket
	subscriptionTypes []SubscriptionType
	contactDeletions  map[string]int // contact id -> DELETE calls that deleted it
	testWorkspaces    []string       // id codes, in creation order
	logs              []ActivityLog

	windowIndex int64 // rate-limit window in use
	windowUsed  int
}

// IdentityVerification is where identity verification is enforced.
type IdentityVerification struct {
	Web     bool `json:"web"`
	IOS     bool `json:"ios"`
	Android bool `json:"android"`
}

// IPAllowlist is a workspace's IP allowlist.
type IPAllowlist struct {
	Enabled bool     `json:"enabled"`
	Ranges  []string `json:"ranges"`
}

// Secret is an identity verification secret, material included (for assertions).
type Secret struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	SupportsWeb     bool   `json:"supports_web"`
	SupportsIOS     bool   `json:"supports_ios"`
	SupportsAndroid bool   `json:"supports_android"`
	CreatedAt       int64  `json:"created_at"`
	Secret          string `json:"secret"`
}

// TestWorkspace is a production workspace's test workspace.
type TestWorkspace struct {
	IDCode    string `json:"id_code"`
	Name      string `json:"name"`
	Region    string `json:"region"`
	CreatedAt int64  `json:"created_at"`
}

// ActivityLog is one audit trail entry, as Intercom serves it.
type ActivityLog struct {
	ID                  string         `json:"id"`
	PerformedBy         PerformedBy    `json:"performed_by"`
	Metadata            map[string]any `json:"metadata"`
	CreatedAt           int64          `json:"created_at"`
	ActivityType        string         `json:"activity_type"`
	ActivityDescription string         `json:"activity_description"`
}

// PerformedBy is who did what an entry records.
type PerformedBy struct {
	Type  string `json:"type"`
	ID    string `json:"id"`
	Email string `json:"email"`
	IP    string `json:"ip"`
}

// WorkspaceState is a snapshot of a workspace, for assertions and the control surface.
type WorkspaceState struct {
	IDCode               string               `json:"id_code"`
	Name                 string               `json:"name"`
	Region               string               `json:"region"`
	Parent               string               `json:"parent,omitempty"`
	TwoFactorRequired    bool                 `json:"two_factor_required"`
	TrustedDomains       []string             `json:"trusted_domains"`
	IdentityVerification IdentityVerification `json:"identity_verification"`
	IPAllowlist          IPAllowlist          `json:"ip_allowlist"`
	Secrets              []Secret             `json:"secrets"`
	DataAttributes       []DataAttribute      `json:"data_attributes"`
	TestWorkspaces       []TestWorkspace      `json:"test_workspaces"`
	ActivityLogs         []ActivityLog        `json:"activity_logs"`
}

// AddWorkspace adds a workspace with Intercom's defaults for every setting.
func (s *Server) AddWorkspace(w WorkspaceConfig) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addWorkspaceLocked(w, "")
}

func (s *Server) addWorkspaceLocked(w WorkspaceConfig, parent string) error {
	if w.IDCode == "" || w.Token == "" {
		return errors.New("a workspace needs an id_code and a token")
	}
	if _, dup := s.workspaces[w.IDCode]; dup {
		return fmt.Errorf("workspace %s exists already", w.IDCode)
	}
	if _, dup := s.byToken[w.Token]; dup {
		return fmt.Errorf("token of workspace %s is used by another workspace", w.IDCode)
	}
	if w.Region == "" {
		w.Region = "US"
	}
	if w.Timezone == "" {
		w.Timezone = "UTC"
	}
	if w.Name == "" {
		w.Name = w.IDCode
	}
	if w.AdminID == "" {
		w.AdminID, w.AdminName, w.AdminEmail = DefaultWorkspace.AdminID, DefaultWorkspace.AdminName, DefaultWorkspace.AdminEmail
	}
	ws := &workspace{cfg: w, createdAt: s.now().Add(-400 * 24 * 3600 * 1e9).Unix(), parent: parent,
		trustedDomains: []string{}, allowlist: IPAllowlist{Ranges: []string{}}}
	ws.attributes = s.seedDataAttributes(ws.createdAt)
	ws.subscriptionTypes = slices.Clone(DefaultSubscriptionTypes)
	s.workspaces[w.IDCode] = ws
	s.byToken[w.Token] = ws
	return nil
}

// Workspace returns a snapshot of a workspace's state.
func (s *Server) Workspace(idCode string) (WorkspaceState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, ok := s.workspaces[idCode]
	if !ok {
		return WorkspaceState{}, false
	}
	st := WorkspaceState{
		IDCode: ws.cfg.IDCode, Name: ws.cfg.Name, Region: ws.cfg.Region, Parent: ws.parent,
		TwoFactorRequired:    ws.twoFactorRequired,
		TrustedDomains:       slices.Clone(ws.trustedDomains),
		IdentityVerification: ws.iv,
		IPAllowlist:          IPAllowlist{Enabled: ws.allowlist.Enabled, Ranges: slices.Clone(ws.allowlist.Ranges)},
		Secrets:              slices.Clone(ws.secrets),
		DataAttributes:       slices.Clone(ws.attributes),
		ActivityLogs:         slices.Clone(ws.logs),
		TestWorkspaces:       []TestWorkspace{},
	}
	for _, id := range ws.testWorkspaces {
		st.TestWorkspaces = append(st.TestWorkspaces, s.testWorkspaceLocked(id))
	}
	return st, true
}

func (s *Server) testWorkspaceLocked(idCode string) TestWorkspace {
	tw := s.workspaces[idCode]
	return TestWorkspace{IDCode: idCode, Name: tw.cfg.Name, Region: tw.cfg.Region, CreatedAt: tw.createdAt}
}

// TestWorkspaceToken returns the access token of a test workspace created through the API.
func (s *Server) TestWorkspaceToken(idCode string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, ok := s.workspaces[idCode]
	if !ok || ws.parent == "" {
		return "", false
	}
	return ws.cfg.Token, true
}

// SetCallerIP sets the address the IP allowlist's lockout check sees for a workspace's callers.
func (s *Server) SetCallerIP(idCode, ip string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ws, ok := s.workspaces[idCode]; ok {
		ws.callerIP = ip
	}
}

// RevokeToken makes the workspace's token answer 401 token_revoked from now on.
func (s *Server) RevokeToken(idCode string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ws, ok := s.workspaces[idCode]; ok {
		ws.revoked = true
	}
}

// SetRateLimit sets the calls allowed per window per workspace.
func (s *Server) SetRateLimit(perWindow int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if perWindow > 0 {
		s.rateLimit = perWindow
	}
}

// logActivity appends an audit entry. Guarded by s.mu.
func (s *Server) logActivity(ws *workspace, by PerformedBy, activityType, description string, metadata map[string]any) {
	if metadata == nil {
		metadata = map[string]any{}
	}
	ws.logs = append(ws.logs, ActivityLog{
		ID: strconv.FormatInt(s.newID(), 10), PerformedBy: by, Metadata: metadata,
		CreatedAt: s.now().Unix(), ActivityType: activityType, ActivityDescription: description,
	})
}

// randomToken returns n random bytes, base64url without padding.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// randomIDCode returns an 8-character id code like Intercom's.
func randomIDCode() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return strings.ToLower(string(b))
}
