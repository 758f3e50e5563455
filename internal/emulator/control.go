package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// HandChange is what a teammate changes in Intercom's UI. Nil fields are left alone.
// It is applied as is, without the API's validation, and logged as the teammate's doing.
type HandChange struct {
	TwoFactorRequired    *bool                       `json:"two_factor_required,omitempty"`
	TrustedDomains       *[]string                   `json:"trusted_domains,omitempty"`
	IdentityVerification *IdentityVerificationChange `json:"identity_verification,omitempty"`
	IPAllowlistEnabled   *bool                       `json:"ip_allowlist_enabled,omitempty"`
	IPAllowlistRanges    *[]string                   `json:"ip_allowlist_ranges,omitempty"`
	DeleteSecretID       string                      `json:"delete_secret_id,omitempty"`
	// MessengerWritable sets whether the Messenger may write custom attributes, by
	// "model/name" (e.g. "contact/plan"). Intercom's activity log lists no event type for
	// data attribute changes, so the emulator logs none.
	MessengerWritable   map[string]bool      `json:"messenger_writable,omitempty"`
	DeleteTestWorkspace string               `json:"delete_test_workspace,omitempty"`
	RenameTestWorkspace *TestWorkspaceRename `json:"rename_test_workspace,omitempty"`
	TeammateEmail       string               `json:"teammate_email,omitempty"` // default: the emulator's UI teammate
	TeammateName        string               `json:"teammate_name,omitempty"`
}

// IdentityVerificationChange changes enforcement per platform.
type IdentityVerificationChange struct {
	Web     *bool `json:"web,omitempty"`
	IOS     *bool `json:"ios,omitempty"`
	Android *bool `json:"android,omitempty"`
}

// TestWorkspaceRename renames a test workspace.
type TestWorkspaceRename struct {
	IDCode string `json:"id_code"`
	Name   string `json:"name"`
}

// ChangeByHand applies a teammate's change made in Intercom's UI, with activity log entries.
func (s *Server) ChangeByHand(idCode string, ch HandChange) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, ok := s.workspaces[idCode]
	if !ok {
		return fmt.Errorf("no workspace %q", idCode)
	}
	by := PerformedBy{Type: "admin", ID: uiTeammateID, Email: uiTeammateEmail, IP: uiTeammateIP}
	if ch.TeammateEmail != "" {
		by.Email, by.ID = ch.TeammateEmail, "99"+fmt.Sprint(len(ch.TeammateEmail)+1000)
	}
	meta := map[string]any{"source": "intercom_ui"}
	if ch.TwoFactorRequired != nil {
		ws.twoFactorRequired = *ch.TwoFactorRequired
		s.logActivity(ws, by, "security_settings_change", "Changed two-factor authentication requirement", meta)
	}
	if ch.TrustedDomains != nil {
		ws.trustedDomains = slices.Clone(*ch.TrustedDomains)
		s.logActivity(ws, by, "trusted_domains_setting_change", "Changed the Messenger's trusted domains", meta)
	}
	if iv := ch.IdentityVerification; iv != nil {
		set := func(dst *bool, v *bool) {
			if v != nil {
				*dst = *v
			}
		}
		set(&ws.iv.Web, iv.Web)
		set(&ws.iv.IOS, iv.IOS)
		set(&ws.iv.Android, iv.Android)
		s.logActivity(ws, by, "app_identity_verification_change", "Changed identity verification enforcement", meta)
	}
	if ch.IPAllowlistEnabled != nil || ch.IPAllowlistRanges != nil {
		if ch.IPAllowlistEnabled != nil {
			ws.allowlist.Enabled = *ch.IPAllowlistEnabled
		}
		if ch.IPAllowlistRanges != nil {
			ws.allowlist.Ranges = slices.Clone(*ch.IPAllowlistRanges)
		}
		s.logActivity(ws, by, "security_settings_change", "Changed the IP allowlist", meta)
	}
	for key, writable := range ch.MessengerWritable {
		model, name, _ := strings.Cut(key, "/")
		i := slices.IndexFunc(ws.attributes, func(a DataAttribute) bool { return a.Model == model && a.Name == name })
		if i < 0 {
			return fmt.Errorf("no data attribute %q in workspace %s", key, idCode)
		}
		ws.attributes[i].MessengerWritable = writable
		ws.attributes[i].UpdatedAt = s.now().Unix()
	}
	if id := ch.DeleteSecretID; id != "" {
		i := slices.IndexFunc(ws.secrets, func(sec Secret) bool { return sec.ID == id })
		if i < 0 {
			return fmt.Errorf("no secret %q in workspace %q", id, idCode)
		}
		ws.secrets = slices.Delete(ws.secrets, i, i+1)
		s.logActivity(ws, by, "messenger_api_secret_deletion", "Deleted identity verification secret", withMeta(meta, "secret_id", id))
	}
	if id := ch.DeleteTestWorkspace; id != "" {
		if !slices.Contains(ws.testWorkspaces, id) {
			return fmt.Errorf("no test workspace %q in workspace %q", id, idCode)
		}
		s.deleteTestWorkspaceLocked(ws, id)
		s.logActivity(ws, by, "app_data_deletion", "Deleted test workspace", withMeta(meta, "id_code", id))
	}
	if rn := ch.RenameTestWorkspace; rn != nil {
		if !slices.Contains(ws.testWorkspaces, rn.IDCode) {
			return fmt.Errorf("no test workspace %q in workspace %q", rn.IDCode, idCode)
		}
		s.workspaces[rn.IDCode].cfg.Name = rn.Name
		s.logActivity(ws, by, "app_name_change", "Renamed test workspace", withMeta(meta, "id_code", rn.IDCode))
	}
	return nil
}

// withMeta is meta with one more key. Which keys Intercom's entries carry is not
// documented: the emulator names the object changed, and the provider's tests cover
// entries that name nothing as well.
func withMeta(meta map[string]any, key string, value any) map[string]any {
	out := make(map[string]any, len(meta)+1)
	for k, v := range meta {
		out[k] = v
	}
	out[key] = value
	return out
}

// controlRoutes serves the control surface under /_emulator/: no auth, no faults, not counted.
func (s *Server) controlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /_emulator/workspaces/{id_code}", func(w http.ResponseWriter, r *http.Request) {
		st, ok := s.Workspace(r.PathValue("id_code"))
		if !ok {
			controlError(w, http.StatusNotFound, "no such workspace")
			return
		}
		writeJSON(w, http.StatusOK, st)
	})
	// A test workspace created through the API gets its own token, as Intercom gives it
	// its own app: read it here to point a second provider alias at the test workspace.
	mux.HandleFunc("GET /_emulator/workspaces/{id_code}/token", func(w http.ResponseWriter, r *http.Request) {
		token, ok := s.TestWorkspaceToken(r.PathValue("id_code"))
		if !ok {
			controlError(w, http.StatusNotFound, "no test workspace "+r.PathValue("id_code")+" (only test workspaces created through the API have a token to read)")
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"id_code": r.PathValue("id_code"), "token": token})
	})
	mux.HandleFunc("POST /_emulator/workspaces", func(w http.ResponseWriter, r *http.Request) {
		var cfg WorkspaceConfig
		if !controlDecode(w, r, &cfg) {
			return
		}
		if err := s.AddWorkspace(cfg); err != nil {
			controlError(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id_code": cfg.IDCode})
	})
	// Contacts and conversations, to rehearse a data-subject request: a contact with
	// merged_into (an existing contact's id) answers 410 with a Link to it, as a merged one does.
	mux.HandleFunc("POST /_emulator/workspaces/{id_code}/contacts", func(w http.ResponseWriter, r *http.Request) {
		var c Contact
		if !controlDecode(w, r, &c) {
			return
		}
		into := c.MergedInto
		c.MergedInto = ""
		id, err := s.AddContact(r.PathValue("id_code"), c)
		if err == nil && into != "" {
			err = s.MergeContacts(r.PathValue("id_code"), id, into)
		}
		if err != nil {
			controlError(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id": id})
	})
	mux.HandleFunc("POST /_emulator/workspaces/{id_code}/conversations", func(w http.ResponseWriter, r *http.Request) {
		var c Conversation
		if !controlDecode(w, r, &c) {
			return
		}
		conv, err := s.AddConversation(r.PathValue("id_code"), c)
		if err != nil {
			controlError(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		writeJSON(w, http.StatusCreated, conv)
	})
	mux.HandleFunc("POST /_emulator/workspaces/{id_code}/hand_change", func(w http.ResponseWriter, r *http.Request) {
		var ch HandChange
		if !controlDecode(w, r, &ch) {
			return
		}
		if err := s.ChangeByHand(r.PathValue("id_code"), ch); err != nil {
			controlError(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		st, _ := s.Workspace(r.PathValue("id_code"))
		writeJSON(w, http.StatusOK, st)
	})
	mux.HandleFunc("PUT /_emulator/workspaces/{id_code}/caller_ip", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			IP string `json:"ip"`
		}
		if !controlDecode(w, r, &body) {
			return
		}
		s.SetCallerIP(r.PathValue("id_code"), body.IP)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_emulator/workspaces/{id_code}/revoke_token", func(w http.ResponseWriter, r *http.Request) {
		s.RevokeToken(r.PathValue("id_code"))
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_emulator/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Fault
		if !controlDecode(w, r, &f) {
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"id": s.InjectFault(f)})
	})
	mux.HandleFunc("DELETE /_emulator/faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("PUT /_emulator/rate_limit", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			PerWindow int `json:"per_window"`
		}
		if !controlDecode(w, r, &body) {
			return
		}
		if body.PerWindow <= 0 {
			controlError(w, http.StatusUnprocessableEntity, "per_window must be positive")
			return
		}
		s.SetRateLimit(body.PerWindow)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /_emulator/stats", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Stats())
	})
	mux.HandleFunc("DELETE /_emulator/stats", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetStats()
		w.WriteHeader(http.StatusNoContent)
	})
}

func controlDecode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		controlError(w, http.StatusBadRequest, "invalid JSON: "+err.Error())
		return false
	}
	return true
}

func controlError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": strings.TrimSpace(msg)})
}
